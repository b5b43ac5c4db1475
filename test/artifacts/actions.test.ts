import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ActionsContent, ActionsOptions, actionsArtifact } from '../../src/artifacts/actions.js';
import type { WriteTool } from '../../src/artifacts/index.js';
import { blockTextLength } from '../../src/block-kit/limits.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { UPDATE_CONTACT_TOOL } from '../support/artifact-samples.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { textOf } from '../support/text-of.js';

/** A second tool written as draft-07, with a local `$ref` and a format: what SDK v1 servers send. */
const ADD_NOTE_TOOL: WriteTool = {
  server: 'crm',
  name: 'add_note',
  inputSchema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      contact: { $ref: '#/definitions/contactId' },
      note: { type: 'string', minLength: 1 },
      notify: { type: 'string', format: 'email' },
      tags: { type: 'array', items: { type: 'string' } },
    },
    required: ['contact', 'note'],
    definitions: { contactId: { type: 'string', pattern: '^C-[0-9]+$' } },
  },
};

const options = ActionsOptions.parse({ type: 'actions', write_tools: [UPDATE_CONTACT_TOOL, ADD_NOTE_TOOL] });
const schema = actionsArtifact.contentSchema(options);
const update = (args: Record<string, unknown>) => ({ tool: 'crm.update_contact', arguments: args, reason: 'Why.' });
const note = (args: Record<string, unknown>) => ({ tool: 'crm.add_note', arguments: args, reason: 'Why.' });

/** The artifact tool's JSON schema as the model gets it (build-request's call). */
const artifactToolSchema = () => z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;

describe('actions content schema, built from the write tools', () => {
  it("embeds each write tool's input schema under its `tool` const, so the whole tool schema compiles and resolves its refs", () => {
    const json = artifactToolSchema();
    const variants = (json as { properties: { actions: { items: { oneOf: Record<string, unknown>[] } } } }).properties
      .actions.items.oneOf;
    expect(variants).toHaveLength(2);
    expect(variants[0]).toMatchObject({
      properties: {
        tool: { const: 'crm.update_contact' },
        arguments: { properties: UPDATE_CONTACT_TOOL.inputSchema.properties, required: ['id', 'field', 'value'] },
      },
      required: ['tool', 'arguments', 'reason'],
      description: 'Call crm.update_contact: Set one field of a contact.',
    });
    // The embedded copy's local $ref points into itself, and no inner `$schema` is left behind.
    expect(variants[1]).toMatchObject({
      properties: {
        tool: { const: 'crm.add_note' },
        arguments: {
          properties: {
            contact: { $ref: '#/properties/actions/items/oneOf/1/properties/arguments/definitions/contactId' },
          },
        },
      },
    });
    expect(JSON.stringify(variants[1])).not.toContain('$schema');

    // What the model fills is checked by a JSON Schema validator of its own as it stands.
    // (Formats are ajv-formats' business, checked below; this one is about structure and refs.)
    const validate = new Ajv2020({ strict: false, logger: false }).compile(json);
    expect(
      validate({
        actions: [update({ id: 'C-1', field: 'stage', value: 'won' }), note({ contact: 'C-1', note: 'Hi' })],
      }),
    ).toBe(true);
    expect(validate({ actions: [note({ contact: 'nope', note: 'Hi' })] })).toBe(false);
    expect(validate({ actions: [update({ id: 'C-1', field: 'phone', value: 'x' })] })).toBe(false);
  });

  it('accepts proposals that follow the tool schemas, and none for an unknown tool', () => {
    const valid = {
      actions: [
        update({ id: 'C-1042', field: 'stage', value: 'qualified' }),
        note({ contact: 'C-1042', note: 'Booked a demo.', notify: 'dana@example.com', tags: ['demo'] }),
      ],
    };
    expect(schema.parse(valid)).toEqual(valid);
    expect(schema.parse({ actions: [] })).toEqual({ actions: [] });
    const unknown = schema.safeParse({ actions: [{ tool: 'crm.delete_contact', arguments: {}, reason: 'r' }] });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.path).toEqual(['actions', 0, 'tool']);
  });

  it('refuses arguments that break a tool schema, each problem at its argument, in words', () => {
    const result = schema.safeParse({
      actions: [
        update({ id: 'C-1', field: 'phone', value: '', extra: 1 }),
        note({ note: 'Hi', contact: 'X-1', notify: 'not an email' }),
      ],
    });
    expect(result.success).toBe(false);
    const issues = (result.error?.issues ?? []).map((i) => ({ path: i.path, message: i.message }));
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: ['actions', 0, 'arguments', 'extra'], message: '`extra` is not an argument of this tool' },
        {
          path: ['actions', 0, 'arguments', 'field'],
          message: '`field` must be equal to one of the allowed values (email, stage, owner)',
        },
        { path: ['actions', 0, 'arguments', 'value'], message: '`value` must NOT have fewer than 1 characters' },
        { path: ['actions', 1, 'arguments', 'contact'], message: '`contact` must match pattern "^C-[0-9]+$"' },
        { path: ['actions', 1, 'arguments', 'notify'], message: '`notify` must match format "email"' },
      ]),
    );
    const missing = schema.safeParse({ actions: [update({ id: 'C-1', field: 'stage' })] });
    expect(missing.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['actions', 0, 'arguments', 'value'], '`value` is required'],
    ]);
  });

  it('makes no action valid without bound write tools (options as a spec writes them)', () => {
    const unbound = actionsArtifact.contentSchema(ActionsOptions.parse({ type: 'actions' }));
    expect(unbound.safeParse({ actions: [update({ id: 'C-1', field: 'stage', value: 'won' })] }).success).toBe(false);
  });

  it('tells the model which tools it may propose, and that nothing runs before approval', () => {
    const guidance = actionsArtifact.guidance(options);
    expect(guidance).toContain('crm.update_contact: Set one field of a contact.');
    expect(guidance).toContain('crm.add_note');
    expect(guidance).toContain('Nothing is called until people approve.');
  });
});

describe('actions binding at run time', () => {
  const facts = (tools: WriteTool[]) => ({ writeTools: async () => tools });

  it('stores the write tools with their input schemas in the options', async () => {
    const bound = await actionsArtifact.binding?.bind({ type: 'actions' }, facts([UPDATE_CONTACT_TOOL]));
    expect(bound).toEqual({ type: 'actions', write_tools: [UPDATE_CONTACT_TOOL] });
    expect(ActionsOptions.parse(JSON.parse(JSON.stringify(bound)))).toEqual(bound);
  });

  it('fails with a clear message when the agent has no write tool, or one whose schema cannot be used', async () => {
    await expect(actionsArtifact.binding?.bind({ type: 'actions' }, facts([]))).rejects.toMatchObject({
      code: 'spec_invalid',
      message: expect.stringContaining(
        'none of its tools is a write tool: list the tools it may propose under `tools.<server>.write`',
      ),
    });
    const broken = {
      server: 'crm',
      name: 'bad',
      inputSchema: { type: 'object', properties: { a: { type: 'strin' } } },
    };
    await expect(actionsArtifact.binding?.bind({ type: 'actions' }, facts([broken]))).rejects.toMatchObject({
      code: 'tool_schema_invalid',
      message: expect.stringContaining(
        'the write tool crm.bad describes its arguments with a schema that cannot be used',
      ),
    });
  });

  it("is never the spec's to say: a spec that writes write_tools is refused at that key", () => {
    const spec = AgentSpec.safeParse({
      name: 'ops',
      channels: ['#ops'],
      instructions: 'i',
      artifact: { type: 'actions', write_tools: [UPDATE_CONTACT_TOOL] },
    });
    expect(spec.success).toBe(false);
    expect(spec.error?.issues).toEqual([
      expect.objectContaining({
        path: ['artifact', 'write_tools'],
        message: 'is set by Coworker when the agent runs, never in a spec: remove it',
      }),
    ]);
    const crm = { url: 'https://crm.example/mcp', write: ['update_contact'] };
    expect(
      AgentSpec.safeParse({
        name: 'ops',
        channels: ['#ops'],
        instructions: 'i',
        artifact: { type: 'actions' },
        tools: { crm },
      }).success,
    ).toBe(true);
  });

  it('needs a write tool in the spec: without one under tools: it is refused at artifact.type', () => {
    for (const tools of [undefined, { crm: { url: 'https://crm.example/mcp', read: ['search_contacts'] } }]) {
      const spec = AgentSpec.safeParse({
        name: 'ops',
        channels: ['#ops'],
        instructions: 'i',
        artifact: { type: 'actions' },
        ...(tools ? { tools } : {}),
      });
      expect(spec.error?.issues).toEqual([
        expect.objectContaining({
          path: ['artifact', 'type'],
          message: expect.stringContaining(
            'no server under tools: lists one; name the tools it may propose under tools.<server>.write',
          ),
        }),
      ]);
    }
  });
});

describe('actions review surface', () => {
  const content: ActionsContent = {
    actions: [
      update({ id: 'C-1042', field: 'stage', value: 'qualified' }),
      note({ contact: 'C-1042', note: 'Call <!channel> back', tags: ['demo', 'q4'] }),
    ],
  };

  it('numbers the calls: `server.tool`, arguments as key: value lines (nested as JSON), the reason; escaped', () => {
    const { blocks, truncated } = actionsArtifact.renderReview(content, options, 46);
    expect(truncated).toBe(false);
    const text = textOf(blocks);
    expect(text).toContain(
      '*1.* `crm.update_contact`\n      id: C-1042\n      field: stage\n      value: qualified\n      ↳ Why.',
    );
    expect(text).toContain(
      '*2.* `crm.add_note`\n      contact: C-1042\n      note: Call &lt;!channel&gt; back\n      tags: ["demo","q4"]',
    );
    expect(text).not.toContain('<!channel>');
    expect(actionsArtifact.targets(content, options)).toEqual(['action 1', 'action 2']);
    expect(actionsArtifact.toText(content, options)).toBe(
      '1. crm.update_contact\n   id: C-1042\n   field: stage\n   value: qualified\n   Reason: Why.\n' +
        '2. crm.add_note\n   contact: C-1042\n   note: Call <!channel> back\n   tags: ["demo","q4"]\n   Reason: Why.\n',
    );
  });

  it('stays within Block Kit limits for any content: many calls, huge values, many arguments', () => {
    const manyArgs = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`arg${i}`, 'x'.repeat(2000)]));
    const wide = ActionsOptions.parse({
      type: 'actions',
      write_tools: [{ server: 'crm', name: 'bulk', inputSchema: { type: 'object' } }],
    });
    const huge: ActionsContent = {
      actions: Array.from({ length: 300 }, () => ({ tool: 'crm.bulk', arguments: manyArgs, reason: 'r'.repeat(5000) })),
    };
    for (const maxBlocks of [46, 10, 1]) {
      const review = actionsArtifact.renderReview(huge, wide, maxBlocks, 8000);
      expect(review.truncated).toBe(true);
      assertWithinBlockKitLimits(review.blocks, { maxBlocks });
      expect(blockTextLength(review.blocks)).toBeLessThanOrEqual(8000);
    }
    const post = actionsArtifact.renderPost(huge, wide);
    assertWithinBlockKitLimits(post.blocks, { text: post.text });
    const long = {
      actions: [
        {
          tool: 'crm.bulk',
          arguments: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`a${i}`, i])),
          reason: 'r',
        },
      ],
    };
    const listed = actionsArtifact.renderReview(long, wide, 46);
    expect(listed.truncated).toBe(true);
    expect(textOf(listed.blocks)).toContain('      a19: 19\n      _…20 more arguments_\n      ↳ r');
  });

  it('says when nothing is proposed', () => {
    const empty = actionsArtifact.renderReview({ actions: [] }, options, 46);
    expect(textOf(empty.blocks)).toBe('_No actions proposed._');
    expect(actionsArtifact.targets({ actions: [] }, options)).toEqual([]);
  });

  it('gives the apply each call as server, tool and arguments, in order', () => {
    expect(actionsArtifact.approvedCalls?.(content, options)).toEqual([
      { server: 'crm', tool: 'update_contact', arguments: { id: 'C-1042', field: 'stage', value: 'qualified' } },
      {
        server: 'crm',
        tool: 'add_note',
        arguments: { contact: 'C-1042', note: 'Call <!channel> back', tags: ['demo', 'q4'] },
      },
    ]);
  });
});
