import { describe, expect, it } from 'vitest';
import { permissionOf, unknownToolNames } from '../../src/tools/tool-permissions.js';

const readOnly = { name: 'search_nodes', annotations: { readOnlyHint: true } };
const writes = { name: 'add_observations', annotations: { readOnlyHint: false } };
const unannotated = { name: 'mystery' };

describe('permissionOf', () => {
  it('reads by default exactly the tools the server marks readOnlyHint: true; writes none by default', () => {
    const server = { write: [] };
    expect(permissionOf(server, readOnly)).toBe('read');
    expect(permissionOf(server, writes)).toBe('not allowed');
    expect(permissionOf(server, unannotated)).toBe('not allowed');
  });

  it('follows an explicit read list over the annotations', () => {
    const server = { read: ['mystery'], write: [] };
    expect(permissionOf(server, unannotated)).toBe('read');
    expect(permissionOf(server, readOnly)).toBe('not allowed');
  });

  it('never reads a write tool, whatever its annotations say', () => {
    const server = { write: ['search_nodes', 'add_observations'] };
    expect(permissionOf(server, readOnly)).toBe('write');
    expect(permissionOf(server, writes)).toBe('write');
  });
});

describe('unknownToolNames', () => {
  it('names each entry of read and write the server does not offer, with its place', () => {
    const server = { read: ['search_nodes', 'serch_nodes'], write: ['add_observation'] };
    expect(unknownToolNames(server, [readOnly, writes])).toEqual([
      { list: 'read', index: 1, name: 'serch_nodes' },
      { list: 'write', index: 0, name: 'add_observation' },
    ]);
    expect(unknownToolNames({ write: [] }, [])).toEqual([]);
  });
});
