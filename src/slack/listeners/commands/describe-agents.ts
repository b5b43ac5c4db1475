import { slackDate } from '../../../block-kit/slack-date.js';
import type { ChannelInfo } from '../../../slack-port.js';
import type { AgentRegistry } from '../../../specs/agent-registry.js';
import type { LoadedAgent } from '../../../specs/load-specs.js';
import { formatChannel } from '../../../specs/resolve-agent.js';

/** `/coworker help`: usage, and what this channel offers. */
export function helpText(registry: AgentRegistry, channel: ChannelInfo): string {
  const agents = registry.inChannel(channel);
  const lines = [
    '*Coworker* runs small AI co-workers; people review everything they produce before it is used.',
    '• `/coworker run <agent> [input]`: run an agent of this channel',
    '• `/coworker <command> [input]`: run the agent that has that command',
    "• `/coworker list`: this channel's agents and how they start",
    '• `/coworker status`: runs in progress and reviews waiting here',
    '• `/coworker corrections <agent>`: what reviewers taught an agent',
    '• `/coworker knowledge`: the team facts agents rely on, who owns them, which are due or disputed',
    '• `@Coworker <agent> <text>`: mention the app to run an agent that listens for mentions',
    '',
    agents.length > 0
      ? `Agents in ${formatChannel(channel)}: ${agents.map((a) => `\`${a.spec.name}\`${a.spec.triggers.command ? ` (\`/coworker ${a.spec.triggers.command}\`)` : ''}`).join(', ')}.`
      : `No agents work in ${formatChannel(channel)} yet: add it to an agent's \`channels\`.`,
  ];
  return lines.join('\n');
}

/** When a schedule fires next (null when it is not scheduled in this process). */
export type NextRun = (agent: string, index: number) => Date | null;

/** `/coworker list`: each agent of the channel with its triggers (schedules with their next time) and output. */
export function listText(registry: AgentRegistry, channel: ChannelInfo, nextRun: NextRun): string {
  const agents = registry.inChannel(channel);
  if (agents.length === 0)
    return `No agents work in ${formatChannel(channel)} yet: add it to an agent's \`channels\` to use it here.`;
  return [`*Agents in ${formatChannel(channel)}*`, ...agents.map((a) => describeAgent(a, nextRun))].join('\n');
}

function describeAgent(agent: LoadedAgent, nextRun: NextRun): string {
  const { spec } = agent;
  const triggers = [`\`/coworker run ${spec.name}\``];
  if (spec.triggers.command) triggers.push(`\`/coworker ${spec.triggers.command}\``);
  if (spec.triggers.mention) triggers.push(`\`@Coworker ${spec.name}\``);
  if (spec.triggers.message)
    triggers.push(`messages matching \`/${spec.triggers.message.match}/${spec.triggers.message.flags ?? ''}\``);
  spec.triggers.schedule.forEach((s, index) => {
    const next = nextRun(spec.name, index);
    triggers.push(
      `schedule \`${s.cron}\`${s.timezone ? ` (${s.timezone})` : ''}${next ? `, next ${slackDate(next)}` : ''}`,
    );
  });
  const description = spec.description ? ` — ${spec.description}` : '';
  return `• *${spec.name}*${description}\n   starts by ${triggers.join(', ')}; produces a ${spec.artifact.type}`;
}
