import type { Findings } from './findings.js';
import { isNode } from './findings.js';
import { SLACK } from './limits.js';

type Node = Record<string, unknown>;

/** Where an element sits: in an `actions` block or a section's accessory, or in an `input` block. */
export type ElementPlace = 'action' | 'input';

/** The element types the stricter rules accept in each place: teach the checker a type before rendering it. */
const KNOWN: Record<ElementPlace, ReadonlySet<string>> = {
  action: new Set(['button', 'static_select']),
  input: new Set(['plain_text_input', 'number_input', 'static_select']),
};

/** Checks one interactive element against the limits of its type. */
export function checkElement(findings: Findings, path: string, el: unknown, place: ElementPlace): void {
  if (!isNode(el) || typeof el.type !== 'string') {
    findings.slack(path, 'not an element');
    return;
  }
  if (!KNOWN[place].has(el.type)) findings.strict(path, `element type "${el.type}" is not known to the checker`);
  if (el.type === 'button') button(findings, path, el);
  else findings.required(`${path}.action_id`, el.action_id, 1, SLACK.actionId);
  if (el.placeholder !== undefined)
    findings.textObject(`${path}.placeholder`, el.placeholder, SLACK.placeholder, 'plain_text');
  switch (el.type) {
    case 'plain_text_input':
      textInput(findings, path, el);
      break;
    case 'number_input':
      numberInput(findings, path, el);
      break;
    case 'static_select':
      staticSelect(findings, path, el);
      break;
    case 'checkboxes':
    case 'radio_buttons':
      if (Array.isArray(el.options)) findings.list(`${path}.options`, el.options, 0, SLACK.choiceOptions);
      break;
    default:
      break;
  }
}

function button(findings: Findings, path: string, el: Node): void {
  findings.textObject(`${path}.text`, el.text, SLACK.buttonText, 'plain_text');
  findings.required(`${path}.action_id`, el.action_id, 1, SLACK.actionId);
  if (el.value !== undefined) findings.length(`${path}.value`, el.value, 0, SLACK.buttonValue);
  if (el.url !== undefined) findings.length(`${path}.url`, el.url, 1, SLACK.url);
  if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger')
    findings.slack(`${path}.style`, `"${String(el.style)}"`);
}

function textInput(findings: Findings, path: string, el: Node): void {
  const max = findings.integer(`${path}.max_length`, el.max_length, 1, SLACK.inputValue) ?? SLACK.inputValue;
  findings.integer(`${path}.min_length`, el.min_length, 0, SLACK.inputValue);
  if (el.initial_value !== undefined) findings.length(`${path}.initial_value`, el.initial_value, 0, max);
  if (el.multiline !== undefined && typeof el.multiline !== 'boolean')
    findings.slack(`${path}.multiline`, 'not a boolean');
}

function numberInput(findings: Findings, path: string, el: Node): void {
  if (typeof el.is_decimal_allowed !== 'boolean') findings.slack(`${path}.is_decimal_allowed`, 'required, a boolean');
  const min = findings.numeric(`${path}.min_value`, el.min_value);
  const max = findings.numeric(`${path}.max_value`, el.max_value);
  const initial = findings.numeric(`${path}.initial_value`, el.initial_value);
  if (min !== undefined && max !== undefined && min > max) findings.slack(path, `min_value ${min} > max_value ${max}`);
  if (initial === undefined) return;
  if ((min !== undefined && initial < min) || (max !== undefined && initial > max))
    findings.slack(`${path}.initial_value`, `${initial} out of range`);
  if (el.is_decimal_allowed !== true && !Number.isInteger(initial))
    findings.slack(`${path}.initial_value`, `${initial} is not an integer`);
}

function staticSelect(findings: Findings, path: string, el: Node): void {
  const options = findings.list(`${path}.options`, el.options, 1, SLACK.selectOptions);
  const values = new Set<unknown>();
  options.forEach((option, j) => {
    const at = `${path}.options[${j}]`;
    if (!isNode(option)) {
      findings.slack(at, 'not an option');
      return;
    }
    findings.textObject(`${at}.text`, option.text, SLACK.optionText, 'plain_text');
    findings.length(`${at}.value`, option.value, 1, SLACK.optionValue);
    if (values.has(option.value)) findings.slack(`${at}.value`, `"${String(option.value)}" is used twice`);
    values.add(option.value);
  });
  const initial = el.initial_option;
  if (initial !== undefined && !options.some((option) => JSON.stringify(option) === JSON.stringify(initial)))
    findings.slack(`${path}.initial_option`, 'not one of the options');
}
