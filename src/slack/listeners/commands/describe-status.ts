import type { Kysely } from 'kysely';
import { channelStatus } from '../../../db/channel-status-repository.js';
import type { Database } from '../../../db/schema.js';
import type { ChannelInfo } from '../../../slack-port.js';
import type { AgentRegistry } from '../../../specs/agent-registry.js';
import { formatChannel } from '../../../specs/resolve-agent.js';

/** `/coworker status`: what is running and waiting for review in this channel. */
export async function describeStatus(
  db: Kysely<Database>,
  registry: AgentRegistry,
  channel: ChannelInfo,
): Promise<string> {
  const { running, pending, undelivered } = await channelStatus(db, channel.id);
  const lines = [`*Status of ${formatChannel(channel)}* (${registry.inChannel(channel).length} agents)`];
  lines.push(
    running.length > 0 ? `Running: ${running.map((r) => `\`${r.agent}\` ×${r.n}`).join(', ')}` : 'Running: nothing',
  );
  lines.push(
    pending.length > 0
      ? `Waiting for review: ${pending.map((r) => `\`${r.agent}\` ×${r.n}`).join(', ')}`
      : 'Waiting for review: nothing',
  );
  for (const run of undelivered)
    lines.push(`:warning: A review of \`${run.agent}\` could not be shown in Slack: ${run.delivery_error ?? ''}`);
  const invalid = registry.invalid().length;
  if (invalid > 0)
    lines.push(`:warning: ${invalid} spec file(s) are invalid and switched off; \`coworker validate\` shows why.`);
  return lines.join('\n');
}
