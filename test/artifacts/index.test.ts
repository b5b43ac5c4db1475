import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ArtifactOptions, artifactTypeFor, artifactTypes } from '../../src/artifacts/index.js';

const samples: Record<string, { options: unknown; content: unknown }> = {
  message: { options: { type: 'message' }, content: { text: 'Hi' } },
  document: { options: { type: 'document' }, content: { title: 'T', sections: [{ heading: 'H', body: 'B' }] } },
  table: { options: { type: 'table', columns: ['a'] }, content: { rows: [{ a: '1' }] } },
  checklist: { options: { type: 'checklist' }, content: { items: [{ text: 'x' }] } },
  decision: {
    options: { type: 'decision', labels: ['y', 'n'] },
    content: { label: 'y', confidence: 1, reasons: ['r'] },
  },
  changes: {
    options: { type: 'changes' },
    content: { changes: [{ record: 'r', field: 'f', before: '', after: 'a', reason: 'w' }] },
  },
};

describe('artifact registry', () => {
  it('registers the six types under their names', () => {
    expect([...artifactTypes.keys()].sort()).toEqual([
      'changes',
      'checklist',
      'decision',
      'document',
      'message',
      'table',
    ]);
    for (const [name, type] of artifactTypes) expect(type.type).toBe(name);
  });

  it('finds a type by name, and nothing for unknown names', () => {
    expect(artifactTypeFor('table').type).toBe('table');
    expect(artifactTypeFor('spreadsheet')).toBeUndefined();
    expect(artifactTypeFor('constructor')).toBeUndefined();
  });

  it('parses the options union by type', () => {
    expect(ArtifactOptions.parse({ type: 'table', columns: ['a'] })).toEqual({ type: 'table', columns: ['a'] });
    expect(ArtifactOptions.safeParse({ type: 'table' }).success).toBe(false);
    expect(ArtifactOptions.safeParse({ type: 'poem' }).success).toBe(false);
  });

  it.each(Object.keys(samples))(
    '%s: options parse, content parses, the content schema is a JSON object schema',
    (name) => {
      const sample = samples[name];
      const type = artifactTypeFor(name);
      if (sample === undefined || type === undefined) throw new Error(`no sample or type for ${name}`);
      const options = ArtifactOptions.parse(sample.options);
      const schema = type.contentSchema(options);
      expect(schema.parse(sample.content)).toEqual(sample.content);
      const json = z.toJSONSchema(schema);
      expect(json.type).toBe('object');
      expect(json.description?.length).toBeGreaterThan(0);
      expect(type.guidance(options).length).toBeGreaterThan(0);
      expect(type.toText(sample.content, options).length).toBeGreaterThan(0);
    },
  );
});
