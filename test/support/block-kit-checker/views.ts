import type { BlockListCheck } from './blocks.js';
import { checkBlockList } from './blocks.js';
import { Findings, isNode } from './findings.js';
import { SLACK } from './limits.js';

/** What a view is checked against. */
export interface ViewCheck {
  /** The view type the caller means to send; default either `modal` or `home`. */
  type?: 'modal' | 'home';
  /** A total text budget for the view's blocks; Slack documents none for views. */
  maxTotalText?: number;
}

/**
 * Checks a modal or App Home view: its own fields (a modal's title, submit and close at most 24
 * characters, a submit button when it has inputs; `private_metadata`, `callback_id`) and its
 * blocks (at most 100), whose paths start with `view.`.
 */
export function checkViewInto(findings: Findings, view: unknown, check: ViewCheck): void {
  if (!isNode(view)) {
    findings.slack('view', 'not an object');
    return;
  }
  const allowed = check.type === undefined ? ['modal', 'home'] : [check.type];
  if (!allowed.includes(String(view.type)))
    findings.slack('view.type', `"${String(view.type)}", must be ${allowed.join(' or ')}`);
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  if (view.type !== 'home') modalFields(findings, view, blocks);
  if (view.private_metadata !== undefined)
    findings.length('view.private_metadata', view.private_metadata, 0, SLACK.privateMetadata);
  if (view.callback_id !== undefined) findings.length('view.callback_id', view.callback_id, 1, SLACK.callbackId);
  if (!Array.isArray(view.blocks)) findings.slack('view.blocks', 'not an array');
  const inner = new Findings();
  const list: BlockListCheck = {
    maxBlocks: SLACK.blocksPerView,
    maxTotalText: check.maxTotalText ?? Number.POSITIVE_INFINITY,
  };
  checkBlockList(inner, blocks, list);
  for (const violation of inner.all) findings.all.push({ ...violation, path: `view.${violation.path}` });
}

function modalFields(findings: Findings, view: Record<string, unknown>, blocks: readonly unknown[]): void {
  findings.textObject('view.title', view.title, SLACK.viewTitle, 'plain_text');
  if (view.submit !== undefined) findings.textObject('view.submit', view.submit, SLACK.viewTitle, 'plain_text');
  if (view.close !== undefined) findings.textObject('view.close', view.close, SLACK.viewTitle, 'plain_text');
  if (view.submit === undefined && blocks.some((b) => isNode(b) && b.type === 'input'))
    findings.slack('view.submit', 'required when the view has input blocks');
}
