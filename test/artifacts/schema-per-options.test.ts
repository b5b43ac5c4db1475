import { describe, expect, it } from 'vitest';
import { ArtifactOptions, artifactTypeFor, artifactTypes } from '../../src/artifacts/index.js';
import { TableOptions } from '../../src/artifacts/table.js';
import { toolInputSchema } from '../../src/model/tool-input-schema.js';
import { artifactSamples } from '../support/artifact-samples.js';

describe('content schemas built once per options', () => {
  const table = artifactTypeFor('table');

  it('gives the same schema, and the same tool schema, for the same options object', () => {
    const options = TableOptions.parse({ type: 'table', columns: ['name', 'owner'] });
    const first = table.contentSchema(options);
    expect(table.contentSchema(options)).toBe(first);
    expect(toolInputSchema(first)).toBe(toolInputSchema(first));
    expect(toolInputSchema(first, 'output')).not.toBe(toolInputSchema(first, 'input'));
  });

  it('holds for every registered type, whose schema still checks its sample', () => {
    for (const [name, type] of artifactTypes) {
      const sample = artifactSamples[name];
      if (!sample) throw new Error(`no artifact sample for ${name}`);
      const options = ArtifactOptions.parse(sample.options);
      const schema = type.contentSchema(options);
      expect(type.contentSchema(options), name).toBe(schema);
      expect(schema.safeParse(sample.content).success, name).toBe(true);
    }
  });

  it('builds its own schema for other options, which checks their columns', () => {
    const a = TableOptions.parse({ type: 'table', columns: ['name'] });
    const b = TableOptions.parse({ type: 'table', columns: ['city'] });
    const schemaA = table.contentSchema(a);
    const schemaB = table.contentSchema(b);
    expect(schemaB).not.toBe(schemaA);
    expect(schemaA.safeParse({ rows: [{ name: 'x' }] }).success).toBe(true);
    expect(schemaB.safeParse({ rows: [{ name: 'x' }] }).success).toBe(false);
    expect(JSON.stringify(toolInputSchema(schemaB))).toContain('"city"');
    expect(JSON.stringify(toolInputSchema(schemaB))).not.toContain('"name"');
  });
});
