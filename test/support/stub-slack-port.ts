import type { SlackPort } from '../../src/slack-port.js';

/**
 * A SlackPort for unit tests of services: every method succeeds doing nothing (posts get a ts,
 * `#outbox` resolves to C0OUTBOX, anything else to C0X) unless `overrides` says otherwise.
 */
export function stubSlackPort(overrides: Partial<SlackPort> = {}): SlackPort {
  let posted = 0;
  return {
    postMessage: async (m) => ({ channel: m.channel, ts: `2.${++posted}` }),
    updateMessage: async () => undefined,
    postEphemeral: async () => undefined,
    uploadFile: async () => undefined,
    openView: async () => ({ viewId: 'V1' }),
    publishHome: async () => undefined,
    resolveChannel: async (ref) => ({ id: ref === '#outbox' ? 'C0OUTBOX' : 'C0X' }),
    channelInfo: async (id) => ({ id }),
    recentMessages: async () => [],
    userGroupMembers: async () => undefined,
    openDirectMessage: async (userId) => `D${userId}`,
    permalink: async (channel, ts) => `https://example.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
    ...overrides,
  };
}
