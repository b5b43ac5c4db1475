import type { ContextBlock, InputBlock } from '@slack/types';
import type { EditFormValues } from '../block-kit/edit-form-values.js';
import { escapeMrkdwn, oneLine } from '../block-kit/escape-mrkdwn.js';
import { fitEditParts } from '../block-kit/fit-edit-parts.js';
import { MAX_TEXT_OBJECT, truncate } from '../block-kit/limits.js';
import { readInput } from '../block-kit/read-input.js';
import { textField } from '../block-kit/text-field.js';
import { argumentKeys, argumentSchema, argumentText, isRequired, takesText } from './action-arguments.js';
import { type ActionsContent, type ActionsOptions, actionsContentSchema, toolOf } from './actions-schema.js';
import type { EditFormBlock, EditResult } from './artifact-type.js';
import { checkEdited, failed } from './check-edited.js';
import { checkArguments } from './tool-arguments.js';

// What a hint quotes of a tool's own description of an argument.
const MAX_HINT_DESCRIPTION = 300;
const MAX_REASON_NOTE = 500;

/** The block id of action `n`'s (1-based) argument number `k` (1-based, in `argumentKeys` order), e.g. `action_2_arg_1`. */
export function argumentBlock(n: number, k: number): string {
  return `action_${n}_arg_${k}`;
}

/**
 * The Edit modal of an actions artifact: per call a note (which tool, why) and one input per
 * top-level argument, strings as text and anything else as JSON; whole calls while they fit.
 */
export function actionsEditForm(content: ActionsContent, options: ActionsOptions, maxBlocks: number): EditFormBlock[] {
  return fitEditParts({
    count: content.actions.length,
    part: (i) => {
      const action = content.actions[i];
      if (action === undefined) return [];
      const n = i + 1;
      const tool = toolOf(options, action.tool);
      const note: ContextBlock = {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: truncate(
              `*${n}.* \`${escapeMrkdwn(oneLine(action.tool))}\` — ${escapeMrkdwn(oneLine(truncate(action.reason, MAX_REASON_NOTE)))}`,
              MAX_TEXT_OBJECT,
            ),
          },
        ],
      };
      const inputs: (InputBlock | ContextBlock)[] = argumentKeys(tool, action.arguments).map((key, k) => {
        const schema = argumentSchema(tool, key);
        const value = action.arguments[key];
        const asText = takesText(schema, value);
        const about =
          typeof schema.description === 'string' ? `${truncate(schema.description, MAX_HINT_DESCRIPTION)} ` : '';
        const how = asText ? '' : 'Written as JSON. ';
        const empty = isRequired(tool, key) ? 'Required.' : 'Empty leaves it out.';
        return textField({
          blockId: argumentBlock(n, k + 1),
          label: `${n}. ${action.tool} · ${key}`,
          name: `Action ${n}'s ${key}`,
          value: argumentText(value, true),
          optional: true,
          multiline: !asText || (typeof value === 'string' && value.length > 80),
          hint: `${about}${how}${empty}`,
        });
      });
      return [note, ...inputs];
    },
    noun: ['action', 'actions'],
    maxBlocks,
    empty: 'No actions are proposed: there is nothing to edit.',
  });
}

/**
 * Reads a submitted actions edit form: each argument input back into its value (text, or JSON
 * for non-string arguments; emptied: left out), then each call's arguments against its tool's
 * input schema as bound at run time, every problem at the input of the argument it is about (a
 * problem with an argument the form does not hold goes to the call's first input).
 */
export function readActionsEdit(
  values: EditFormValues,
  original: ActionsContent,
  options: ActionsOptions,
): EditResult<ActionsContent> {
  const errors: Record<string, string> = {};
  const first = Object.keys(values)[0] ?? 'form';
  const actions = original.actions.map((action, i) => {
    const n = i + 1;
    const tool = toolOf(options, action.tool);
    const keys = argumentKeys(tool, action.arguments);
    const args: Record<string, unknown> = { ...action.arguments };
    let unreadable = false;
    keys.forEach((key, k) => {
      const block = argumentBlock(n, k + 1);
      const raw = readInput(values, block);
      const proposed = action.arguments[key];
      if (raw === undefined) return;
      const text = raw.replace(/\r\n?/g, '\n');
      if (text.trim() === argumentText(proposed, true).trim()) return;
      if (text.trim() === '') {
        delete args[key];
      } else if (takesText(argumentSchema(tool, key), proposed)) {
        args[key] = text;
      } else {
        try {
          args[key] = JSON.parse(text);
        } catch (err) {
          unreadable = true;
          const why = err instanceof Error ? err.message : String(err);
          errors[block] =
            `Action ${n}'s ${key} is not valid JSON (${why}). Write it as JSON, e.g. 42, true, "text", [1, 2] or {"key": "value"}.`;
        }
      }
    });
    if (tool !== undefined && !unreadable) {
      const check = checkArguments(tool.inputSchema, args);
      if (!check.ok) {
        const inForm = keys.map((_, k) => argumentBlock(n, k + 1)).filter((block) => Object.hasOwn(values, block));
        const problems = check.unusableSchema !== undefined ? [] : check.problems;
        for (const problem of problems) {
          const index = problem.argument === undefined ? -1 : keys.indexOf(problem.argument);
          const own = index >= 0 ? argumentBlock(n, index + 1) : undefined;
          const block = own !== undefined && Object.hasOwn(values, own) ? own : (inForm[0] ?? first);
          errors[block] ??= `Action ${n}: ${problem.message}.`;
        }
      }
    }
    return { ...action, arguments: args };
  });
  const blockFor = ([key, index, part, argument]: readonly PropertyKey[]) => {
    if (key !== 'actions' || typeof index !== 'number') return undefined;
    const action = original.actions[index];
    if (action === undefined || part !== 'arguments' || typeof argument !== 'string') return undefined;
    const k = argumentKeys(toolOf(options, action.tool), action.arguments).indexOf(argument);
    return k >= 0 ? argumentBlock(index + 1, k + 1) : undefined;
  };
  return failed(errors) ?? checkEdited(actionsContentSchema(options), { actions }, values, blockFor);
}
