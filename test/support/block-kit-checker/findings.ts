/**
 * Who holds a finding against: `slack` when Slack refuses the payload for it (what the fake Slack
 * server enforces), `strict` for the unit tests' stricter rules on top (our own budgets, an
 * estimate of how Slack expands markdown, block and element types the checker does not know).
 */
export type ViolationKind = 'slack' | 'strict';

/** One broken limit, e.g. `blocks[3].text.text` / `3001 characters > 3000`. */
export interface BlockKitViolation {
  /** Where, e.g. `blocks[3].text.text` or `view.title.text`. */
  path: string;
  /** What, e.g. `3001 characters > 3000`. */
  problem: string;
  kind: ViolationKind;
  /** The error Slack answers when it is not the surface's usual one (`invalid_blocks`, `invalid_arguments`). */
  slackError?: string;
}

/** `blocks[3].text.text: 3001 characters > 3000`. */
export function formatViolation(violation: BlockKitViolation): string {
  return `${violation.path}: ${violation.problem}`;
}

type Node = Record<string, unknown>;

/** True for plain (non-array, non-null) objects. */
export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Collects violations while a payload is walked, with the checks of one field each: a text
 * object, a string's length, a list's size, an integer or a number written as a string.
 */
export class Findings {
  readonly all: BlockKitViolation[] = [];

  /** A limit Slack enforces. */
  slack(path: string, problem: string, slackError?: string): void {
    this.all.push({ path, problem, kind: 'slack', ...(slackError === undefined ? {} : { slackError }) });
  }

  /** A rule stricter than Slack's. */
  strict(path: string, problem: string): void {
    this.all.push({ path, problem, kind: 'strict' });
  }

  add(kind: ViolationKind, path: string, problem: string): void {
    if (kind === 'slack') this.slack(path, problem);
    else this.strict(path, problem);
  }

  /** A text object: plain_text or mrkdwn (`type` demands one), with 1..max characters. */
  textObject(path: string, value: unknown, max: number, type?: 'plain_text'): void {
    if (!isNode(value)) {
      this.slack(path, 'not a text object');
      return;
    }
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') this.slack(`${path}.type`, `"${String(value.type)}"`);
    if (type !== undefined && value.type !== type)
      this.slack(`${path}.type`, `"${String(value.type)}", must be ${type}`);
    this.length(`${path}.text`, value.text, 1, max);
  }

  /** A string of min..max characters; one of only whitespace breaks the stricter rules when min > 0. */
  length(path: string, value: unknown, min: number, max: number, kind: ViolationKind = 'slack'): void {
    if (typeof value !== 'string') {
      this.add(kind, path, 'not a string');
      return;
    }
    if (value.length < min) this.add(kind, path, `${value.length} characters < ${min}`);
    if (value.length > max) this.add(kind, path, `${value.length} characters > ${max}`);
    if (min > 0 && value.length > 0 && value.trim() === '') this.strict(path, 'only whitespace');
  }

  /** A field Slack lets out but the stricter rules require (an element's `action_id`). */
  required(path: string, value: unknown, min: number, max: number): void {
    if (value === undefined) this.strict(path, 'not a string');
    else this.length(path, value, min, max);
  }

  /** A list of min..max items; its items, or none when it is not a list. */
  list(path: string, value: unknown, min: number, max: number): unknown[] {
    if (!Array.isArray(value)) {
      this.slack(path, 'not an array');
      return [];
    }
    if (value.length < min) this.slack(path, `${value.length} items < ${min}`);
    if (value.length > max) this.slack(path, `${value.length} items > ${max}`);
    return value;
  }

  /** An optional integer field within min..max; its value when it is one. */
  integer(path: string, value: unknown, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.strict(path, 'not an integer');
      // Slack reads a number sent as a string, so a string above the limit is refused all the same.
      const parsed = typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
      if (parsed > max) this.slack(path, `${parsed} not in ${min}..${max}`);
      return undefined;
    }
    if (value < min || value > max) this.slack(path, `${value} not in ${min}..${max}`);
    return value;
  }

  /** An optional number written as a string (number_input's fields); its value when it is one. */
  numeric(path: string, value: unknown): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) {
      this.slack(path, `"${String(value)}" is not a plain number`);
      return undefined;
    }
    return Number(value);
  }
}
