import type { ChannelInfo } from '../slack-port.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import type { LoadedAgent } from '../specs/load-specs.js';

/**
 * The agents of `channel` whose `triggers.message` pattern matches `text`. Pure. A fresh
 * RegExp per test: a spec's `g` or `y` flag would otherwise carry `lastIndex` between messages.
 */
export function matchMessageTriggers(registry: AgentRegistry, channel: ChannelInfo, text: string): LoadedAgent[] {
  return registry.messageAgents(channel).filter((agent) => {
    const trigger = agent.spec.triggers.message;
    return trigger !== undefined && new RegExp(trigger.match, trigger.flags).test(text);
  });
}
