import { describe, expect, it } from 'vitest';
import { qualifiedName, ToolNameMap } from '../../src/model/tool-names.js';

describe('ToolNameMap', () => {
  it('names a tool server__tool for the model and maps the name back', () => {
    const names = new ToolNameMap([
      { server: 'crm', tool: 'search_nodes' },
      { server: 'help-docs', tool: 'fetch' },
    ]);
    expect(names.toModel({ server: 'crm', tool: 'search_nodes' })).toBe('crm__search_nodes');
    expect(names.toModel({ server: 'help-docs', tool: 'fetch' })).toBe('help-docs__fetch');
    expect(names.fromModel('crm__search_nodes')).toEqual({ server: 'crm', tool: 'search_nodes' });
    expect(names.fromModel('help-docs__fetch')).toEqual({ server: 'help-docs', tool: 'fetch' });
  });

  it('knows no name it was not given: a write tool or an invented one maps to nothing', () => {
    const names = new ToolNameMap([{ server: 'crm', tool: 'search_nodes' }]);
    expect(names.fromModel('crm__update_contact')).toBeUndefined();
    expect(names.fromModel('submit_artifact')).toBeUndefined();
    expect(() => names.toModel({ server: 'crm', tool: 'update_contact' })).toThrow(/not one of the tools offered/);
  });

  it('makes names Anthropic refuses acceptable, distinct and stable, and still maps them back', () => {
    const tools = [
      { server: 'docs', tool: 'pages.read' },
      { server: 'docs', tool: 'pages_read' },
      { server: 'docs', tool: 'x'.repeat(100) },
      { server: 'docs', tool: `${'x'.repeat(100)}y` },
    ];
    const names = new ToolNameMap(tools);
    const modelNames = tools.map((t) => names.toModel(t));
    for (const name of modelNames) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(new Set(modelNames).size).toBe(4);
    expect(modelNames[1]).toBe('docs__pages_read');
    expect(modelNames.map((name) => names.fromModel(name))).toEqual(tools);
    // The same tools always get the same names (the prompt prefix stays cacheable).
    expect(tools.map((t) => new ToolNameMap(tools).toModel(t))).toEqual(modelNames);
  });

  it('writes tools as people read them', () => {
    expect(qualifiedName({ server: 'crm', tool: 'search_nodes' })).toBe('crm.search_nodes');
  });
});
