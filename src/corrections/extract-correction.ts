import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import { z } from 'zod';
import type { CorrectionKind } from '../db/schema.js';
import { quoteData } from '../model/quote-data.js';

/** Kinds a reply can be sorted into (`edit` is reserved for Edit-modal corrections). */
export const REPLY_KINDS = [
  'fact',
  'tone',
  'format',
  'missing',
  'extra',
  'other',
] as const satisfies readonly CorrectionKind[];

export const EXTRACTION_TOOL = 'record_correction';

export interface ExtractedCorrection {
  target: string | null;
  kind: (typeof REPLY_KINDS)[number];
  instruction: string;
}

/** The schema the small model fills: `target` is one of the artifact's own targets, or none. */
export function extractionSchema(targets: readonly string[]): z.ZodType<ExtractedCorrection> {
  const [first, ...rest] = targets;
  const target = first === undefined ? z.null() : z.enum([first, ...rest]).nullable();
  return z.object({
    target: target.describe('The part of the artifact the reply is about, or null for the whole artifact'),
    kind: z
      .enum(REPLY_KINDS)
      .describe(
        'fact: wrong or invented facts; tone: voice or register; format: layout or length; missing: something left out; extra: something that should not be there; other',
      ),
    instruction: z
      .string()
      .trim()
      .min(1)
      .max(400)
      .describe('One imperative sentence the agent can follow next time, e.g. "Quote prices in EUR, not USD."'),
  });
}

/**
 * The extraction request: a reviewer's reply to an artifact -> {target, kind, instruction}. Pure.
 * The reply and the artifact are quoted data; only the system prompt instructs.
 */
export function buildExtractionRequest(input: {
  model: string;
  agent: string;
  artifactText: string;
  targets: readonly string[];
  reply: string;
}): MessageCreateParamsNonStreaming {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(extractionSchema(input.targets)) as Record<string, unknown>;
  return {
    model: input.model,
    max_tokens: 512,
    system:
      'A person reviewed work produced by an AI agent and replied to it. Turn the reply into a correction the agent can apply to ALL its future work: ' +
      'which part it is about, what kind of problem it is, and one short imperative instruction. Generalise from the specific case only as far as the reply does. ' +
      `Call ${EXTRACTION_TOOL} once.`,
    tools: [
      {
        name: EXTRACTION_TOOL,
        description: 'Record the structured correction.',
        input_schema: { ...schema, type: 'object' },
      },
    ],
    tool_choice: { type: 'tool', name: EXTRACTION_TOOL },
    messages: [
      {
        role: 'user',
        content: `<agent>${quoteData(input.agent)}</agent>\n<artifact>\n${quoteData(input.artifactText.slice(0, 6000))}\n</artifact>\n<reply>\n${quoteData(input.reply)}\n</reply>`,
      },
    ],
  };
}
