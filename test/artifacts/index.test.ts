import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyArtifactType } from '../../src/artifacts/index.js';
import { ArtifactOptions, artifactTypeFor, artifactTypes } from '../../src/artifacts/index.js';
import { artifactSamples } from '../support/artifact-samples.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { submitForm } from '../support/submit-form.js';

/** The blocks a review message leaves an artifact, and those an edit form may use (a modal's 100 less its header line). */
const REVIEW_BLOCKS = 46;
const EDIT_FORM_BLOCKS = 99;

const registered = [...artifactTypes.keys()];

/** The registered type `name` with its sample from the test support, parsed; fails when the sample is missing. */
function sampleOf(name: string): { type: AnyArtifactType; options: ArtifactOptions; content: unknown } {
  const sample = artifactSamples[name];
  expect(sample, `no sample for ${name}`).toBeDefined();
  const type = artifactTypeFor(name);
  if (sample === undefined || type === undefined) throw new Error(`no sample for ${name}`);
  const options = ArtifactOptions.parse(sample.options);
  return { type, options, content: type.contentSchema(options).parse(sample.content) };
}

describe('artifact registry', () => {
  it('registers each type under its own name, and has no sample for a type it does not register', () => {
    expect(registered.length).toBeGreaterThan(0);
    for (const [name, type] of artifactTypes) expect(type.type).toBe(name);
    for (const name of Object.keys(artifactSamples))
      expect(registered, `sample for unregistered ${name}`).toContain(name);
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
});

describe.each(registered)('the %s artifact type on its sample', (name) => {
  it('parses the options by type and the content unchanged; the content schema is a described JSON object schema', () => {
    const { type, options, content } = sampleOf(name);
    expect(options.type).toBe(name);
    expect(type.options.parse(artifactSamples[name]?.options)).toEqual(options);
    expect(content).toEqual(artifactSamples[name]?.content);
    const json = z.toJSONSchema(type.contentSchema(options));
    expect(json.type).toBe('object');
    expect(json.description?.length).toBeGreaterThan(0);
    expect(type.guidance(options).length).toBeGreaterThan(0);
    expect(type.toText(content, options).length).toBeGreaterThan(0);
    for (const target of type.targets(content, options)) expect(target.length).toBeGreaterThan(0);
  });

  it('renders its review part and its post within Block Kit limits, uncut, and files with content', () => {
    const { type, options, content } = sampleOf(name);
    const review = type.renderReview(content, options, REVIEW_BLOCKS);
    expect(review.truncated).toBe(false);
    expect(review.blocks.length).toBeGreaterThan(0);
    assertWithinBlockKitLimits(review.blocks, { maxBlocks: REVIEW_BLOCKS });
    const post = type.renderPost(content, options);
    expect(post.blocks.length).toBeGreaterThan(0);
    assertWithinBlockKitLimits(post.blocks, { text: post.text });
    for (const file of type.approvedFiles(content, options)) {
      expect(file.filename.length).toBeGreaterThan(0);
      expect(file.title.length).toBeGreaterThan(0);
      expect(file.content.length).toBeGreaterThan(0);
    }
  });

  it('gives back the sample from its edit form submitted unchanged, or changed only in surrounding whitespace', () => {
    const { type, options, content } = sampleOf(name);
    const form = type.editForm(content, options);
    expect(form.some((block) => block.type === 'input')).toBe(true);
    assertWithinBlockKitLimits(form, { maxBlocks: EDIT_FORM_BLOCKS, maxTotalText: Number.POSITIVE_INFINITY });
    expect(type.readEditForm(submitForm(form), content, options)).toEqual({ ok: true, content });
    expect(type.readEditForm(submitForm(form, paddedTextInputs(form)), content, options)).toEqual({
      ok: true,
      content,
    });
    expect(type.describeEdit(content, content, options)).toEqual([]);
  });

  it('agrees fully with itself (without a judge), and a judge that agrees fully scores 1', async () => {
    const { type, options, content } = sampleOf(name);
    const alone = await type.compare(content, content, options, {});
    expect(alone).toMatchObject({ scored: true, score: 1 });
    const judged = await type.compare(content, content, options, {
      judge: async () => ({ ok: true, score: 1, reason: 'the same', broken: [], approvedAs: 'A' }),
    });
    expect(judged).toMatchObject({ scored: true, score: 1 });
  });
});

/** block_id -> the input's initial text with spaces and a newline around it, for every prefilled text input. */
function paddedTextInputs(form: readonly unknown[]): Record<string, string> {
  const edits: Record<string, string> = {};
  for (const block of form) {
    if (!isNode(block) || block.type !== 'input' || !isNode(block.element)) continue;
    const { element } = block;
    if (element.type === 'plain_text_input' && typeof element.initial_value === 'string')
      edits[String(block.block_id)] = `  ${element.initial_value} \n`;
  }
  return edits;
}

function isNode(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
