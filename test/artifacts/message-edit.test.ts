import { describe, expect, it } from 'vitest';
import { messageArtifact } from '../../src/artifacts/message.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { initialValues, inputIds, submitForm } from '../support/submit-form.js';
import { textOf } from '../support/text-of.js';

const options = { type: 'message' } as const;
const content = { text: 'Hi Ann,\n\nthe refund is on its way.\n\n— Support' };
const form = (c = content) => messageArtifact.editForm(c, options);
const read = (values: Parameters<typeof messageArtifact.readEditForm>[0], original = content) =>
  messageArtifact.readEditForm(values, original, options);
const withinLimits = (blocks: unknown[]) =>
  assertWithinBlockKitLimits(blocks, { maxBlocks: 99, maxTotalText: Number.POSITIVE_INFINITY });

describe('message edit form', () => {
  it('is one multiline text input prefilled with the message', () => {
    const blocks = form();
    expect(inputIds(blocks)).toEqual(['message_text']);
    expect(initialValues(blocks)).toEqual({ message_text: content.text });
    expect(blocks[0]).toMatchObject({
      type: 'input',
      element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000 },
    });
    withinLimits(blocks);
  });

  it('gives back the original when submitted unchanged, or changed only by surrounding whitespace', () => {
    expect(read(submitForm(form()))).toEqual({ ok: true, content });
    expect(read(submitForm(form(), { message_text: `  ${content.text}\n` }))).toEqual({ ok: true, content });
    expect(messageArtifact.describeEdit(content, content, options)).toEqual([]);
  });

  it('reads an edited message and describes the change as a whole', () => {
    const result = read(submitForm(form(), { message_text: 'Hi Ann,\r\nrefund sent.' }));
    expect(result).toEqual({ ok: true, content: { text: 'Hi Ann,\nrefund sent.' } });
    if (!result.ok) return;
    expect(messageArtifact.describeEdit(content, result.content, options)).toEqual([
      { target: null, before: content.text, after: 'Hi Ann,\nrefund sent.' },
    ]);
  });

  it('refuses an empty message, on its input', () => {
    expect(read(submitForm(form(), { message_text: null }))).toEqual({
      ok: false,
      errors: { message_text: 'The message cannot be empty.' },
    });
    expect(read(submitForm(form(), { message_text: '   \n ' }))).toMatchObject({
      ok: false,
      errors: { message_text: expect.any(String) },
    });
  });

  it('shows a 10,000-character message as a note, and keeps it whole on submit', () => {
    const long = { text: 'x'.repeat(10_000) };
    const blocks = form(long);
    expect(inputIds(blocks)).toEqual([]);
    expect(textOf(blocks)).toContain('10,000 characters');
    expect(textOf(blocks)).toContain('stays as it is');
    withinLimits(blocks);
    expect(read(submitForm(blocks), long)).toEqual({ ok: true, content: long });
  });

  it('caps the texts of a described change', () => {
    const [change] = messageArtifact.describeEdit({ text: 'a'.repeat(5000) }, { text: 'b' }, options);
    expect(change?.before).toHaveLength(1500);
    expect(change?.before.endsWith('…')).toBe(true);
    expect(change?.after).toBe('b');
  });
});
