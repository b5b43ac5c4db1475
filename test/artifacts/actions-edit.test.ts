import { describe, expect, it } from 'vitest';
import { type ActionsContent, ActionsOptions, actionsArtifact } from '../../src/artifacts/actions.js';
import type { EditFormValues } from '../../src/block-kit/edit-form-values.js';
import { UPDATE_CONTACT_TOOL } from '../support/artifact-samples.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { initialValues, inputIds, submitForm } from '../support/submit-form.js';
import { textOf } from '../support/text-of.js';

const SET_TAGS_TOOL = {
  server: 'crm',
  name: 'set_tags',
  inputSchema: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
      score: { type: 'integer', minimum: 0, description: 'Lead score, 0 or more.' },
      address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
    required: ['id', 'tags'],
    additionalProperties: false,
  },
};

const options = ActionsOptions.parse({ type: 'actions', write_tools: [UPDATE_CONTACT_TOOL, SET_TAGS_TOOL] });
const content: ActionsContent = {
  actions: [
    {
      tool: 'crm.update_contact',
      arguments: { value: 'qualified', id: 'C-1042', field: 'stage' },
      reason: 'They booked a demo.',
    },
    {
      tool: 'crm.set_tags',
      arguments: { id: 'C-7', tags: ['vip'], score: 80, address: { city: 'Berlin' } },
      reason: 'Big account.',
    },
  ],
};
const form = (c = content) => actionsArtifact.editForm(c, options);
const read = (values: EditFormValues, original = content) => actionsArtifact.readEditForm(values, original, options);
const withinLimits = (blocks: unknown[]) =>
  assertWithinBlockKitLimits(blocks, { maxBlocks: 99, maxTotalText: Number.POSITIVE_INFINITY });

describe('actions edit form', () => {
  it("holds one input per top-level argument, in the tool's order: strings as text, the rest as JSON", () => {
    const blocks = form();
    expect(inputIds(blocks)).toEqual([
      'action_1_arg_1',
      'action_1_arg_2',
      'action_1_arg_3',
      'action_2_arg_1',
      'action_2_arg_2',
      'action_2_arg_3',
      'action_2_arg_4',
    ]);
    expect(initialValues(blocks)).toEqual({
      action_1_arg_1: 'C-1042',
      action_1_arg_2: 'stage',
      action_1_arg_3: 'qualified',
      action_2_arg_1: 'C-7',
      action_2_arg_2: '[\n  "vip"\n]',
      action_2_arg_3: '80',
      action_2_arg_4: '{\n  "city": "Berlin"\n}',
    });
    expect(blocks[0]).toMatchObject({ type: 'context' });
    expect(textOf(blocks[0])).toBe('*1.* `crm.update_contact` — They booked a demo.');
    expect(blocks[1]).toMatchObject({
      label: { text: '1. crm.update_contact · id' },
      hint: { text: 'The contact id, e.g. C-1042. Required.' },
    });
    const score = blocks.find((b) => 'block_id' in b && b.block_id === 'action_2_arg_3');
    expect(score).toMatchObject({ hint: { text: 'Lead score, 0 or more. Written as JSON. Empty leaves it out.' } });
    withinLimits(blocks);
  });

  it('gives back the original when submitted unchanged, and describes no edit', () => {
    expect(read(submitForm(form()))).toEqual({ ok: true, content });
    expect(actionsArtifact.describeEdit(content, content, options)).toEqual([]);
  });

  it('reads an edited text argument and edited JSON, and describes the edit as that action', () => {
    const result = read(
      submitForm(form(), { action_1_arg_3: 'won', action_2_arg_2: '["vip", "renewal"]', action_2_arg_3: '' }),
    );
    const edited: ActionsContent = {
      actions: [
        {
          ...content.actions[0],
          arguments: { value: 'won', id: 'C-1042', field: 'stage' },
        } as ActionsContent['actions'][number],
        {
          ...content.actions[1],
          arguments: { id: 'C-7', tags: ['vip', 'renewal'], address: { city: 'Berlin' } },
        } as ActionsContent['actions'][number],
      ],
    };
    expect(result).toEqual({ ok: true, content: edited });
    expect(actionsArtifact.describeEdit(content, edited, options)).toEqual([
      {
        target: 'action 1',
        before: 'crm.update_contact\nid: C-1042\nfield: stage\nvalue: qualified',
        after: 'crm.update_contact\nid: C-1042\nfield: stage\nvalue: won',
      },
      {
        target: 'action 2',
        before: 'crm.set_tags\nid: C-7\ntags: ["vip"]\nscore: 80\naddress: {"city":"Berlin"}',
        after: 'crm.set_tags\nid: C-7\ntags: ["vip","renewal"]\naddress: {"city":"Berlin"}',
      },
    ]);
  });

  it("checks each call against its tool's schema, with the error at the argument's input", () => {
    const result = read(
      submitForm(form(), {
        action_1_arg_2: 'phone',
        action_2_arg_2: '["a", "b", "c", "d"]',
        action_2_arg_3: '-1',
        action_2_arg_4: '{"town": "Berlin"}',
      }),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        action_1_arg_2: 'Action 1: `field` must be equal to one of the allowed values (email, stage, owner).',
        action_2_arg_2: 'Action 2: `tags` must NOT have more than 3 items.',
        action_2_arg_3: 'Action 2: `score` must be >= 0.',
        action_2_arg_4: "Action 2: `address` must have required property 'city'.",
      },
    });
  });

  it('says at the input when JSON cannot be read, and when a required argument was emptied', () => {
    expect(read(submitForm(form(), { action_2_arg_3: 'eighty', action_1_arg_1: '' }))).toEqual({
      ok: false,
      errors: {
        action_1_arg_1: 'Action 1: `id` is required.',
        action_2_arg_3: expect.stringMatching(
          /^Action 2's score is not valid JSON \(.+\)\. Write it as JSON, e\.g\. 42, true, "text", \[1, 2\] or \{"key": "value"\}\.$/,
        ),
      },
    });
  });

  it("keeps what the form leaves out, and puts a problem with an argument it does not hold on the call's first input", () => {
    // A value too long for a text input is shown as a note and stays as it is.
    const long: ActionsContent = {
      actions: [
        { tool: 'crm.update_contact', arguments: { id: 'C-1', field: 'email', value: 'x'.repeat(4000) }, reason: 'r' },
      ],
    };
    const blocks = form(long);
    expect(inputIds(blocks)).toEqual(['action_1_arg_1', 'action_1_arg_2']);
    expect(textOf(blocks)).toContain("Action 1's value has 4,000 characters");
    expect(read(submitForm(blocks, { action_1_arg_1: 'C-2' }), long)).toEqual({
      ok: true,
      content: { actions: [{ ...long.actions[0], arguments: { id: 'C-2', field: 'email', value: 'x'.repeat(4000) } }] },
    });
    // A required argument the model left out (content stored before a schema check, say) has no input of its own.
    const missing: ActionsContent = {
      actions: [{ tool: 'crm.update_contact', arguments: { id: 'C-1', field: 'email' }, reason: 'r' }],
    };
    expect(read(submitForm(form(missing), { action_1_arg_1: 'C-2' }), missing)).toEqual({
      ok: false,
      errors: { action_1_arg_1: 'Action 1: `value` is required.' },
    });
  });

  it('stays within Block Kit limits for any content, saying which actions do not fit', () => {
    const many: ActionsContent = {
      actions: Array.from({ length: 60 }, (_, i) => ({
        tool: 'crm.update_contact',
        arguments: { id: `C-${i}`, field: 'stage', value: 'v'.repeat(2900) },
        reason: 'r'.repeat(3000),
      })),
    };
    const blocks = form(many);
    withinLimits(blocks);
    expect(textOf(blocks.at(-1))).toContain(
      'Only actions 1–24 of 60 fit in this form. Actions 25–60 are not shown here',
    );
    expect(read(submitForm(blocks), many)).toEqual({ ok: true, content: many });
    expect(textOf(form({ actions: [] }))).toBe('_No actions are proposed: there is nothing to edit._');
  });
});
