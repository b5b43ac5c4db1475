import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import { z } from 'zod';
import type { CorrectionKind } from '../db/schema.js';
import { quoteAttribute, quoteData } from '../model/quote-data.js';
import { toolInputSchema } from '../model/tool-input-schema.js';

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
  /** Only when the agent uses facts: the id of the fact the correction contradicts, or null. */
  contradicts?: string | null;
  /** Only when the agent uses facts: the contradiction in a sentence (null when there is none). */
  conflict?: string | null;
}

/** A team fact the agent relies on, as the extraction call is shown it. */
export interface ExtractionFact {
  id: string;
  title: string;
  body: string;
}

/** How much of one fact the extraction call is shown (the artifact gets 6,000 characters). */
const MAX_FACT_CHARS = 4000;

/**
 * The schema the small model fills: `target` is one of the artifact's own targets, or none.
 * Given the ids of the facts the agent uses, it also asks which one the correction contradicts
 * (`contradicts`, one of those ids or null) and how (`conflict`); without facts it is exactly
 * the schema without them.
 */
export function extractionSchema(
  targets: readonly string[],
  factIds: readonly string[] = [],
): z.ZodType<ExtractedCorrection> {
  const [first, ...rest] = targets;
  const target = first === undefined ? z.null() : z.enum([first, ...rest]).nullable();
  const base = z.object({
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
  const [firstFact, ...otherFacts] = factIds;
  if (firstFact === undefined) return base;
  return base.extend({
    contradicts: z
      .enum([firstFact, ...otherFacts])
      .nullable()
      .describe(
        'The id of the team fact that following the correction would contradict, or null when it contradicts none',
      ),
    conflict: z
      .string()
      .trim()
      .max(300)
      .nullable()
      .describe('When it contradicts a fact: one short sentence saying how; otherwise null'),
  });
}

/** What an extraction answer says of the facts: the fact it contradicts and how, or undefined. Pure. */
export function disputeOf(
  extracted: ExtractedCorrection,
  facts: readonly ExtractionFact[],
): { fact: ExtractionFact; reason: string } | undefined {
  const fact = facts.find((f) => f.id === extracted.contradicts);
  if (!fact) return undefined;
  const reason = extracted.conflict?.trim() || `It contradicts ${fact.title}.`;
  return { fact, reason };
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
  /** The team facts the agent uses (`context.knowledge`); absent or empty: no fact check. */
  facts?: readonly ExtractionFact[];
}): MessageCreateParamsNonStreaming {
  const facts = input.facts ?? [];
  const schema = toolInputSchema(
    extractionSchema(
      input.targets,
      facts.map((f) => f.id),
    ),
    'output',
  );
  const factCheck =
    facts.length === 0
      ? ''
      : 'The agent also relies on team facts, kept true by their owners and quoted in <facts>. Say whether following the correction would contradict one of them: ' +
        'set contradicts to its id and say in conflict, in one sentence, how they disagree; a correction that only adds what the fact does not cover contradicts nothing (contradicts and conflict null). ';
  const factsText =
    facts.length === 0
      ? ''
      : `\n<facts>\n${facts
          .map(
            (f) =>
              `<fact id="${quoteAttribute(f.id)}" title="${quoteAttribute(f.title)}">\n${quoteData(f.body.slice(0, MAX_FACT_CHARS))}\n</fact>`,
          )
          .join('\n')}\n</facts>`;
  return {
    model: input.model,
    max_tokens: 512,
    system:
      'A person reviewed work produced by an AI agent and replied to it. Turn the reply into a correction the agent can apply to ALL its future work: ' +
      'which part it is about, what kind of problem it is, and one short imperative instruction. Generalise from the specific case only as far as the reply does. ' +
      factCheck +
      `Call ${EXTRACTION_TOOL} once.`,
    tools: [
      {
        name: EXTRACTION_TOOL,
        description: 'Record the structured correction.',
        input_schema: schema,
      },
    ],
    tool_choice: { type: 'tool', name: EXTRACTION_TOOL },
    messages: [
      {
        role: 'user',
        content: `<agent>${quoteData(input.agent)}</agent>\n<artifact>\n${quoteData(input.artifactText.slice(0, 6000))}\n</artifact>\n<reply>\n${quoteData(input.reply)}\n</reply>${factsText}`,
      },
    ],
  };
}
