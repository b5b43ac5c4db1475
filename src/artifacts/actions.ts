import { escapeMrkdwn, oneLine } from '../block-kit/escape-mrkdwn.js';
import { REVIEW_SURFACE_TEXT, truncate } from '../block-kit/limits.js';
import { CoworkerError } from '../errors.js';
import { argumentKeys, argumentText } from './action-arguments.js';
import { actionsEditForm, readActionsEdit } from './actions-edit.js';
import {
  type Action,
  type ActionsContent,
  ActionsOptions,
  actionsContentSchema,
  toolId,
  toolOf,
} from './actions-schema.js';
import type { ArtifactType, EditChange } from './artifact-type.js';
import { MAX_EDIT_FORM_BLOCKS } from './artifact-type.js';
import { fieldAgreement, listComparison, matchLists, sameJson } from './comparison.js';
import { editChange } from './edit-change.js';
import { type ListNouns, renderListPost, renderListReview } from './list-surfaces.js';
import { schemaProblem } from './tool-arguments.js';

export type { ActionsContent };
export { ActionsOptions };

// A value or a reason is shown on one line, cut so that a line stays readable.
const MAX_VALUE = 500;
// Arguments listed per call; the rest are counted (the full version is attached).
const MAX_ARGUMENTS_SHOWN = 20;
const MAX_GUIDANCE_DESCRIPTION = 300;

/** How the list surfaces name this type's items. */
const NOUNS: ListNouns = { item: 'action', items: 'actions', title: 'Actions', counted: ['call', 'calls'] };

/**
 * `actions`: calls of the agent's write tools, proposed by the model and made only once
 * approved. Reviewed as numbered calls (`server.tool`, `key: value` lines, the reason); each
 * argument editable; targets `action N`. The write tools and their input schemas are bound at
 * run time and stored with the artifact (`write_tools`), so everything after checks against them.
 */
export const actionsArtifact: ArtifactType<ActionsOptions, ActionsContent> = {
  type: 'actions',
  options: ActionsOptions,

  binding: {
    keys: ['write_tools'],
    needsWriteTools: true,
    async bind(options, facts) {
      const tools = await facts.writeTools();
      if (tools.length === 0) {
        throw new CoworkerError(
          'spec_invalid',
          'this agent proposes actions (artifact type actions), but none of its tools is a write tool: list the tools it may propose under `tools.<server>.write` in its spec.',
        );
      }
      for (const tool of tools) {
        const problem = schemaProblem(tool.inputSchema);
        if (problem !== undefined) {
          throw new CoworkerError(
            'tool_schema_invalid',
            `the write tool ${toolId(tool)} describes its arguments with a schema that cannot be used (${problem}). Fix the server, or take the tool out of \`tools.${tool.server}.write\`.`,
          );
        }
      }
      return {
        ...options,
        write_tools: tools.map(({ server, name, description, inputSchema }) =>
          description === undefined ? { server, name, inputSchema } : { server, name, description, inputSchema },
        ),
      };
    },
  },

  contentSchema(options) {
    return actionsContentSchema(options);
  },

  guidance(options) {
    const tools = (options.write_tools ?? []).map((tool) => {
      const about = tool.description ? `: ${oneLine(truncate(tool.description, MAX_GUIDANCE_DESCRIPTION))}` : '';
      return `${toolId(tool)}${about}`;
    });
    return (
      'Propose the calls of write tools that would do the job, in the order they should be made, each with its arguments and a one-sentence reason. ' +
      `Nothing is called until people approve. Only these tools can be proposed: ${tools.join('; ')}.`
    );
  },

  renderReview(content, options, maxBlocks, maxChars = REVIEW_SURFACE_TEXT) {
    return renderListReview(
      content.actions.map((action) => mrkdwnAction(action, options)),
      NOUNS,
      maxBlocks,
      maxChars,
    );
  },

  toText(content, options) {
    if (content.actions.length === 0) return '(no actions)\n';
    return content.actions
      .map((action, i) => {
        const args = argumentKeys(toolOf(options, action.tool), action.arguments).map(
          (key) => `   ${oneLine(key)}: ${oneLine(argumentText(action.arguments[key]))}\n`,
        );
        return `${i + 1}. ${action.tool}\n${args.join('')}   Reason: ${oneLine(action.reason)}\n`;
      })
      .join('');
  },

  renderPost(content, options) {
    return renderListPost(
      content.actions.map((action) => mrkdwnAction(action, options).text),
      NOUNS,
    );
  },

  approvedFiles() {
    return [];
  },

  approvedCalls(content, options) {
    return content.actions.map((action) => {
      const tool = toolOf(options, action.tool);
      // Parsed content only names bound tools; anything else is a caller's bug, not a call to make.
      if (tool === undefined) throw new Error(`${action.tool} is not one of this artifact's write tools`);
      return { server: tool.server, tool: tool.name, arguments: action.arguments };
    });
  },

  targets(content) {
    return content.actions.map((_, i) => `action ${i + 1}`);
  },

  editForm(content, options, maxBlocks = MAX_EDIT_FORM_BLOCKS) {
    return actionsEditForm(content, options, maxBlocks);
  },

  readEditForm(values, original, options) {
    return readActionsEdit(values, original, options);
  },

  describeEdit(before, after, options) {
    const edits: EditChange[] = [];
    before.actions.forEach((action, i) => {
      const edited = after.actions[i];
      if (edited === undefined || JSON.stringify(edited.arguments) === JSON.stringify(action.arguments)) return;
      edits.push(editChange(`action ${i + 1}`, describeCall(action, options), describeCall(edited, options)));
    });
    return edits;
  },
  async compare(expected, actual) {
    // A call is the same one only for the same server.tool; then argument by argument, each
    // value exactly (a tool receives what it is given). The reason is not scored.
    const match = matchLists(expected.actions, actual.actions, (e, a) => {
      if (e.tool !== a.tool) return 0;
      const keys = [...new Set([...Object.keys(e.arguments), ...Object.keys(a.arguments)])];
      return fieldAgreement(keys.map((key) => (sameJson(e.arguments[key], a.arguments[key]) ? 1 : 0)));
    });
    return listComparison(match, { expected: expected.actions.length, nouns: ['call', 'calls'] });
  },
};

/** A call for a change description: the tool and its arguments, one per line. */
function describeCall(action: Action, options: ActionsOptions): string {
  const args = argumentKeys(toolOf(options, action.tool), action.arguments).map(
    (key) => `${key}: ${argumentText(action.arguments[key])}`,
  );
  return [action.tool, ...args].join('\n');
}

/** `` `server.tool` ``, its arguments as `key: value` lines and the reason, escaped; `cut` when a part was shortened. */
function mrkdwnAction(action: Action, options: ActionsOptions): { text: string; cut: boolean } {
  let cut = false;
  const part = (raw: string) => {
    // Cut before escaping too, so that a megabyte value costs no more than a short one.
    const clipped = truncate(raw, MAX_VALUE);
    const escaped = escapeMrkdwn(oneLine(clipped));
    const text = truncate(escaped, MAX_VALUE);
    cut ||= clipped !== raw || text !== escaped;
    return text;
  };
  const keys = argumentKeys(toolOf(options, action.tool), action.arguments);
  const lines = keys.slice(0, MAX_ARGUMENTS_SHOWN).map((key) => {
    const value = argumentText(action.arguments[key]);
    return `      ${part(key)}: ${value === '' ? '(empty)' : part(value)}`;
  });
  if (keys.length > MAX_ARGUMENTS_SHOWN) {
    cut = true;
    lines.push(`      _…${keys.length - MAX_ARGUMENTS_SHOWN} more arguments_`);
  }
  if (keys.length === 0) lines.push('      _(no arguments)_');
  const text = [`\`${part(action.tool)}\``, ...lines, `      ↳ ${part(action.reason)}`].join('\n');
  return { text, cut };
}
