import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  buildExtractionRequest,
  disputeOf,
  EXTRACTION_TOOL,
  type ExtractionFact,
  extractionSchema,
} from '../../src/corrections/extract-correction.js';

const FACTS: ExtractionFact[] = [
  { id: 'refund-policy', title: 'Refund policy', body: 'Refunds are possible within 30 days of purchase.' },
  { id: 'price-list', title: 'Price <list>', body: 'Basic costs €10 & Pro €20.' },
];
const input = {
  model: 'claude-haiku-4-5',
  agent: 'support-reply',
  artifactText: 'You can get a refund within 30 days.',
  targets: [],
  reply: 'No, refunds are possible within 60 days now.',
};

function toolSchema(request: ReturnType<typeof buildExtractionRequest>) {
  return request.tools?.[0] as { input_schema: { properties: Record<string, unknown>; required: string[] } };
}

describe('extraction with the facts the agent uses', () => {
  it('without facts the request is exactly the one without the option', () => {
    expect(buildExtractionRequest({ ...input, facts: [] })).toEqual(buildExtractionRequest(input));
    expect(Object.keys(toolSchema(buildExtractionRequest(input)).input_schema.properties).sort()).toEqual([
      'instruction',
      'kind',
      'target',
    ]);
    expect(JSON.stringify(buildExtractionRequest(input))).not.toContain('contradicts');
  });

  it('quotes the facts with their ids and titles, and asks in the system prompt only how to judge them', () => {
    const request = buildExtractionRequest({ ...input, facts: FACTS });
    const user = request.messages[0]?.content as string;
    expect(user).toContain(
      '<facts>\n<fact id="refund-policy" title="Refund policy">\nRefunds are possible within 30 days of purchase.\n</fact>',
    );
    // Quoted data: a title cannot open a tag, a body cannot close one.
    expect(user).toContain(
      '<fact id="price-list" title="Price &#60;list&#62;">\nBasic costs €10 &amp; Pro €20.\n</fact>\n</facts>',
    );
    expect(user.indexOf('<reply>')).toBeLessThan(user.indexOf('<facts>'));
    const system = String(request.system);
    expect(system).toContain('contradicts');
    expect(system).not.toContain('30 days');
    expect(request.tool_choice).toEqual({ type: 'tool', name: EXTRACTION_TOOL });
  });

  it('keeps a long fact from crowding out the reply', () => {
    const long = buildExtractionRequest({ ...input, facts: [{ id: 'sop', title: 'SOP', body: 'x'.repeat(60_000) }] });
    expect(String(long.messages[0]?.content).length).toBeLessThan(12_000);
  });

  it('the forced tool gains contradicts (one of the fact ids, or null) and conflict', () => {
    const schema = toolSchema(buildExtractionRequest({ ...input, facts: FACTS })).input_schema;
    expect([...schema.required].sort()).toEqual(['conflict', 'contradicts', 'instruction', 'kind', 'target']);
    const text = JSON.stringify(schema.properties.contradicts);
    expect(text).toContain('"refund-policy"');
    expect(text).toContain('"price-list"');
    expect(text).toContain('null');
    const json = z.toJSONSchema(extractionSchema([], ['refund-policy'])) as { properties: Record<string, unknown> };
    expect(json.properties.conflict).toBeDefined();
  });
});

describe('parsing a tool answer against the facts', () => {
  const schema = extractionSchema([], ['refund-policy', 'price-list']);

  it('finds the contradicted fact and the reason', () => {
    const answer = schema.parse({
      target: null,
      kind: 'fact',
      instruction: 'Say refunds are possible within 60 days.',
      contradicts: 'refund-policy',
      conflict: ' The policy says 30 days, the reply says 60. ',
    });
    expect(disputeOf(answer, FACTS)).toEqual({ fact: FACTS[0], reason: 'The policy says 30 days, the reply says 60.' });
  });

  it('gives a reason of its own when the model names the fact but not how', () => {
    const answer = schema.parse({
      target: null,
      kind: 'fact',
      instruction: 'x',
      contradicts: 'price-list',
      conflict: null,
    });
    expect(disputeOf(answer, FACTS)).toEqual({ fact: FACTS[1], reason: 'It contradicts Price <list>.' });
  });

  it('finds no dispute when the answer contradicts nothing', () => {
    const answer = schema.parse({
      target: null,
      kind: 'tone',
      instruction: 'Be warmer.',
      contradicts: null,
      conflict: null,
    });
    expect(disputeOf(answer, FACTS)).toBeUndefined();
    expect(disputeOf({ target: null, kind: 'tone', instruction: 'Be warmer.' }, FACTS)).toBeUndefined();
  });

  it('rejects an answer naming a fact the agent does not use, or leaving the fields out', () => {
    expect(
      schema.safeParse({ target: null, kind: 'fact', instruction: 'x', contradicts: 'other', conflict: null }).success,
    ).toBe(false);
    expect(schema.safeParse({ target: null, kind: 'fact', instruction: 'x' }).success).toBe(false);
    expect(
      schema.safeParse({ target: null, kind: 'fact', instruction: 'x', contradicts: null, conflict: 'y'.repeat(301) })
        .success,
    ).toBe(false);
  });

  it('without facts the schema ignores the fields', () => {
    expect(extractionSchema([]).parse({ target: null, kind: 'tone', instruction: 'x', contradicts: 'a' })).toEqual({
      target: null,
      kind: 'tone',
      instruction: 'x',
    });
  });
});
