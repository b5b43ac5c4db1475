import type { KnownBlock } from '@slack/types';
import type { SlackMessage } from '../artifacts/artifact-type.js';
import { escapeMrkdwn, oneLine } from '../block-kit/escape-mrkdwn.js';
import { MAX_TOP_LEVEL_TEXT, truncate } from '../block-kit/limits.js';
import { actionIds, encodeRunRef } from './action-ids.js';
import type { TriggerInfo } from './describe-trigger.js';
import { describeTrigger } from './describe-trigger.js';

const MAX_AGENT_NAME = 80;
// The reason is a sentence or two; a stack trace belongs in the log, not in the channel.
const MAX_REASON = 1000;

/** The placeholder posted when a run starts ("⏳ *agent* is working on it…" and who asked), later updated in place. */
export function renderWorking(input: { agent: string; trigger: TriggerInfo }): SlackMessage {
  return progress('⏳', input.agent, 'is working on it…', input.trigger);
}

/** The placeholder while a read tool runs: "⏳ *agent* is looking up crm.search_nodes…". */
export function renderLookingUp(input: { agent: string; trigger: TriggerInfo; tool: string }): SlackMessage {
  return progress('⏳', input.agent, `is looking up ${escapeMrkdwn(oneLine(input.tool))}…`, input.trigger);
}

/** The placeholder after a Retry click, before the new attempt reports. */
export function renderRunRetrying(input: { agent: string; trigger: TriggerInfo }): SlackMessage {
  return progress('🔁', input.agent, 'is trying again…', input.trigger);
}

/**
 * A failed run: `text` is exactly `Run failed: <reason>` (escaped, cut to fit), and the
 * message offers one Retry button (`run_retry`, value `encodeRunRef(runId)`).
 */
export function renderRunFailed(input: { agent: string; runId: string; reason: string }): SlackMessage {
  const reason = truncate(escapeMrkdwn(oneLine(input.reason)), MAX_REASON);
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `❌ *${agentName(input.agent)}* — Run failed: ${reason}` } },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Retry' },
          action_id: actionIds.runRetry,
          value: encodeRunRef(input.runId),
        },
      ],
    },
  ];
  return { text: truncate(`Run failed: ${reason}`, MAX_TOP_LEVEL_TEXT), blocks };
}

function progress(icon: string, agent: string, doing: string, trigger: TriggerInfo): SlackMessage {
  const name = agentName(agent);
  return {
    text: `${icon} ${name} ${doing}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${icon} *${name}* ${doing}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: describeTrigger(trigger) }] },
    ],
  };
}

function agentName(agent: string): string {
  return truncate(escapeMrkdwn(oneLine(agent)), MAX_AGENT_NAME);
}
