import { z } from 'zod';
import type { WriteTool } from './artifact-type.js';
import { checkArguments, embeddedSchema } from './tool-arguments.js';

/**
 * The spec's `artifact:` section for proposed tool calls. `write_tools` is never written in a
 * spec: the run sets it (`actionsArtifact.binding`) to the agent's write tools as their servers
 * described them then, and it is stored with the artifact, so the review, an edit and the apply
 * check the calls against the schemas that were reviewed.
 */
export const ActionsOptions = z.object({
  type: z.literal('actions'),
  write_tools: z
    .array(
      z.object({
        server: z.string().min(1),
        name: z.string().min(1),
        description: z.string().optional(),
        inputSchema: z.record(z.string(), z.unknown()),
      }),
    )
    .optional(),
});
export type ActionsOptions = z.infer<typeof ActionsOptions>;

/** One proposed call: `server.tool`, its arguments, and why. */
export interface Action {
  tool: string;
  arguments: Record<string, unknown>;
  reason: string;
}

/** Proposed tool calls, made in order once people approve. */
export interface ActionsContent {
  actions: Action[];
}

/** How people and the content name a tool: `server.tool`. */
export function toolId(tool: Pick<WriteTool, 'server' | 'name'>): string {
  return `${tool.server}.${tool.name}`;
}

/** The bound write tool a call names, or undefined when it names none of them. */
export function toolOf(options: ActionsOptions, id: string): WriteTool | undefined {
  return options.write_tools?.find((tool) => toolId(tool) === id);
}

// Tool descriptions come from servers: long ones are cut where they are repeated.
const MAX_DESCRIPTION = 1000;

/**
 * The content schema of an actions artifact with these write tools: each action is one of the
 * tools (`tool` is the discriminator, as a `const`), its `arguments` carry the tool's own input
 * schema in the JSON schema the model fills (so a proposal is valid by construction) and are
 * checked against it with ajv when parsed. With no bound tools no action is valid.
 */
export function actionsContentSchema(options: ActionsOptions): z.ZodType<ActionsContent> {
  const variants = (options.write_tools ?? []).map((tool, index) => {
    const id = toolId(tool);
    const about = tool.description ? `: ${tool.description.slice(0, MAX_DESCRIPTION)}` : '';
    return z
      .strictObject({
        tool: z.literal(id),
        arguments: argumentsSchema(tool, index),
        reason: z.string().min(1).describe('Why this call, in one sentence a reviewer can check.'),
      })
      .describe(`Call ${id}${about}`);
  });
  const [first, ...rest] = variants;
  const action = first === undefined ? z.never() : z.discriminatedUnion('tool', [first, ...rest]);
  return z
    .object({
      actions: z
        .array(action)
        .describe('The calls to make, in order; reviewers refer to them as "action 1", "action 2", ...'),
    })
    .describe('Tool calls to make once people approve them: each names a write tool, its arguments and a reason.');
}

/**
 * A call's arguments: an object the tool's input schema accepts. Its JSON schema is the tool's
 * own, embedded where the union puts it (`oneOf` position `index`), its local `$ref`s rewritten
 * to resolve there; the check is ajv's, each problem at the argument it is about.
 */
function argumentsSchema(tool: WriteTool, index: number) {
  const id = toolId(tool);
  const pointer = `/properties/actions/items/oneOf/${index}/properties/arguments`;
  return z
    .record(z.string(), z.unknown())
    .superRefine((args, ctx) => {
      const check = checkArguments(tool.inputSchema, args);
      if (check.ok) return;
      if (check.unusableSchema !== undefined) {
        ctx.addIssue({ code: 'custom', message: `the input schema of ${id} cannot be used: ${check.unusableSchema}` });
        return;
      }
      for (const problem of check.problems) {
        ctx.addIssue({
          code: 'custom',
          path: problem.argument === undefined ? [] : [problem.argument],
          message: problem.message,
        });
      }
    })
    .meta(embeddedSchema(tool.inputSchema, pointer));
}
