import type { Logger } from '@slack/logger';
import { ATTACHMENT_LIMITS, type AttachmentLimits, requestBytes } from '../attachments/attachment-limits.js';
import { type AttachmentRef, parseAttachmentRefs } from '../attachments/attachment-ref.js';
import type { AttachmentReport } from '../attachments/attachment-report.js';
import type { AttachmentSource } from '../attachments/attachment-source.js';
import { checkContent } from '../attachments/check-content.js';
import { planAttachments, remainingBytes, type SkippedAttachment } from '../attachments/plan-attachments.js';
import type { RunAttachment } from '../attachments/run-attachment.js';
import type { Run } from '../db/schema.js';
import type { AgentSpec } from '../specs/agent-spec.js';

export interface ReadAttachments {
  attachments: RunAttachment[];
  report: AttachmentReport;
}

/**
 * The files attached to the message that started `run`, read for its model request unless the
 * spec says `context.attachments: false`; undefined when there are none to read (no report).
 * A download that fails is logged too: the review names it, but a missing `files:read` is the
 * admins' to fix.
 */
export async function attachmentsOfRun(
  deps: { attachments?: AttachmentSource | undefined; logger?: Logger | undefined },
  run: Pick<Run, 'id' | 'attachments'>,
  spec: Pick<AgentSpec, 'name' | 'context'>,
  signal: AbortSignal,
): Promise<ReadAttachments | undefined> {
  const refs = spec.context.attachments ? parseAttachmentRefs(run.attachments) : [];
  if (refs.length === 0) return undefined;
  const read = await readAttachments(deps.attachments, refs, ATTACHMENT_LIMITS, signal);
  for (const skipped of read.report.skipped)
    if (skipped.reason === 'download_failed')
      deps.logger?.warn(
        `run ${run.id} of ${spec.name}: the attached file ${skipped.name} was skipped: ${skipped.detail}`,
      );
  return read;
}

/**
 * Downloads a run's attached files within the caps and turns them into model input. Never fails
 * the run over a file: one that is of another type, too large, undownloadable or not what it
 * claims, or would take the model request over its size, is skipped and named in the report.
 * One at a time, so the caps hold on the bytes actually read. Without a source (the CLI without `--file`) every file is skipped.
 * @throws only the abort reason of `signal` (the run's timeout)
 */
export async function readAttachments(
  source: AttachmentSource | undefined,
  refs: readonly AttachmentRef[],
  limits: AttachmentLimits,
  signal: AbortSignal,
): Promise<ReadAttachments> {
  const completed = await completeRefs(source, refs, signal);
  const plan = planAttachments(completed.refs, limits);
  const attachments: RunAttachment[] = [];
  const report: AttachmentReport = { read: [], skipped: [...completed.skipped, ...plan.skipped] };
  let downloaded = 0;
  let inRequest = 0;
  for (const { ref, kind } of plan.toRead) {
    if (!source) {
      report.skipped.push({ name: ref.name, reason: 'download_failed', detail: 'no Slack connection here' });
      continue;
    }
    const maxBytes = remainingBytes(downloaded, limits);
    const download = await source.download(ref, { maxBytes, signal });
    signal.throwIfAborted();
    if (!download.ok) {
      const reason =
        'problem' in download ? 'download_failed' : maxBytes < limits.maxFileBytes ? 'total_too_large' : 'too_large';
      report.skipped.push({ name: ref.name, reason, ...('problem' in download ? { detail: download.problem } : {}) });
      continue;
    }
    downloaded += download.bytes.length;
    const checked = checkContent(ref.name, kind, download.bytes, limits);
    if (!checked.ok) {
      report.skipped.push(checked.skipped);
      continue;
    }
    const a = checked.attachment;
    const adds = a.kind === 'text' ? requestBytes('text', Buffer.byteLength(a.text)) : a.base64.length;
    if (inRequest + adds > limits.maxRequestBytes) {
      report.skipped.push({ name: ref.name, reason: 'request_too_large' });
      continue;
    }
    inRequest += adds;
    attachments.push(a);
    report.read.push(
      a.kind === 'text' && a.cut
        ? { name: ref.name, note: `first ${limits.maxTextChars.toLocaleString('en-US')} characters` }
        : { name: ref.name },
    );
  }
  // The skipped ones in the message's order, as people attached them.
  const order = new Map(completed.order.map((name, i) => [name, i]));
  report.skipped.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  return { attachments, report };
}

/**
 * Asks for the details Slack left out of the event (`incomplete` references); one it will not
 * give is skipped. @returns the references to plan with, the skipped, and every name in message order
 */
async function completeRefs(
  source: AttachmentSource | undefined,
  refs: readonly AttachmentRef[],
  signal: AbortSignal,
): Promise<{ refs: AttachmentRef[]; skipped: SkippedAttachment[]; order: string[] }> {
  const result = { refs: [] as AttachmentRef[], skipped: [] as SkippedAttachment[], order: [] as string[] };
  for (const ref of refs) {
    if (!ref.incomplete) {
      result.refs.push(ref);
      result.order.push(ref.name);
      continue;
    }
    const completed = source?.complete ? await source.complete(ref, signal) : undefined;
    signal.throwIfAborted();
    if (completed?.ok) {
      result.refs.push(completed.ref);
      result.order.push(completed.ref.name);
    } else {
      result.skipped.push({
        name: ref.name,
        reason: completed ? 'download_failed' : 'not_downloadable',
        ...(completed ? { detail: completed.problem } : {}),
      });
      result.order.push(ref.name);
    }
  }
  return result;
}
