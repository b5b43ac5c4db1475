import path from 'node:path';
import { CoworkerError } from '../errors.js';
import type { ChannelInfo } from '../slack-port.js';
import { isChannelId } from '../spec-fields/channel-ref.js';
import type { AgentRegistry } from './agent-registry.js';
import type { LoadedAgent } from './load-specs.js';

/**
 * The agent `name` if it may run in `channel`.
 * @throws CoworkerError `agent_unknown` (listing this channel's agents) or `agent_wrong_channel`
 *   (naming where it runs); neither starts anything
 */
export function resolveAgent(registry: AgentRegistry, name: string, channel: ChannelInfo): LoadedAgent {
  const agent = registry.get(name);
  if (agent === undefined) {
    const invalid = registry.invalid().some((i) => path.basename(i.file).replace(/\.ya?ml$/, '') === name);
    throw new CoworkerError(
      'agent_unknown',
      `${invalid ? `The agent \`${name}\` has an invalid spec and is switched off until it is fixed (\`coworker validate\` shows why).` : `There is no agent called \`${name}\`.`} ${describeChannelAgents(registry, channel)}`,
      { details: { agent: name } },
    );
  }
  if (!registry.isBound(agent, channel)) {
    throw new CoworkerError(
      'agent_wrong_channel',
      `\`${name}\` does not work in ${formatChannel(channel)}. It runs in ${agent.spec.channels.map(formatChannelRef).join(', ')}.`,
      { details: { agent: name, channel: channel.id } },
    );
  }
  return agent;
}

/** "Agents in this channel: `a`, `b`." or a hint when there are none. */
export function describeChannelAgents(registry: AgentRegistry, channel: ChannelInfo): string {
  const names = registry.inChannel(channel).map((a) => `\`${a.spec.name}\``);
  return names.length > 0
    ? `Agents in this channel: ${names.join(', ')}.`
    : "No agents work in this channel yet: add this channel to an agent's `channels` to use it here.";
}

/** A spec's channel reference as Slack mrkdwn: IDs become links, names get their `#`. */
export function formatChannelRef(ref: string): string {
  return isChannelId(ref) ? `<#${ref}>` : `#${ref.replace(/^#/, '')}`;
}

export function formatChannel(channel: ChannelInfo): string {
  return channel.name ? `#${channel.name}` : `<#${channel.id}>`;
}
