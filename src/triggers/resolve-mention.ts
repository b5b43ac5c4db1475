import { CoworkerError } from '../errors.js';
import type { ChannelInfo } from '../slack-port.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import type { LoadedAgent } from '../specs/load-specs.js';
import { describeChannelAgents, resolveAgent } from '../specs/resolve-agent.js';
import { splitFirstWord } from './parse-command.js';

/**
 * `@Coworker <agent> <text>` runs that agent (when it listens for mentions); `@Coworker <text>`
 * runs the channel's only mention agent. Pure.
 * @throws CoworkerError (`agent_ambiguous`, `agent_unknown`, `agent_wrong_channel`) whose message lists the choices
 */
export function resolveMention(
  registry: AgentRegistry,
  channel: ChannelInfo,
  text: string,
): { agent: LoadedAgent; input: string } {
  const [first, rest] = splitFirstWord(text);
  const named = registry.get(first.toLowerCase());
  if (named) {
    const agent = resolveAgent(registry, named.spec.name, channel);
    if (!agent.spec.triggers.mention) {
      throw new CoworkerError(
        'agent_unknown',
        `\`${agent.spec.name}\` does not answer mentions. Use \`/coworker run ${agent.spec.name} [input]\`.`,
      );
    }
    return { agent, input: rest };
  }
  const listening = registry.mentionAgents(channel);
  const [only] = listening;
  if (listening.length === 1 && only) return { agent: only, input: text.trim() };
  if (listening.length > 1) {
    throw new CoworkerError(
      'agent_ambiguous',
      `Several agents here answer mentions: ${listening.map((a) => `\`${a.spec.name}\``).join(', ')}. Name one: \`@Coworker <agent> <text>\`.`,
    );
  }
  throw new CoworkerError(
    'agent_unknown',
    `No agent in this channel answers mentions. ${describeChannelAgents(registry, channel)} Use \`/coworker run <agent> [input]\`.`,
  );
}

/** Removes the leading `<@U…>` mention(s) of the app from an app_mention's text. */
export function stripMentions(text: string): string {
  return text.replace(/^(\s*<@[A-Z0-9]+(\|[^>]*)?>\s*)+/, '').trim();
}
