import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { blocksText, findButton } from '../support/find-button.js';
import { appHomeOpenedEvent, sendBlockAction, sendEvent } from '../support/slack-requests.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

const spec = (channel: string) => `
channels: ["${channel}"]
instructions: Draft.
artifact: { type: message }
`;

let t: TestApp;

beforeAll(async () => {
  const agents: Record<string, string> = {};
  for (let i = 0; i < 30; i += 1)
    agents[`agent-${String(i).padStart(2, '0')}.yaml`] = spec(i < 25 ? '#support' : '#ops');
  t = await startTestApp({ agents });
});
afterAll(async () => t?.close());

/** The next App Home view published for `user` after `act`. */
async function publishedAfter(user: string, act: () => Promise<unknown>) {
  const since = t.slack.calls.length;
  await act();
  const call = await t.slack.waitForCall(
    'views.publish',
    (p, c) => p.user_id === user && t.slack.calls.indexOf(c) >= since,
  );
  return (call.params.view as { blocks: unknown[] }).blocks;
}

/** Slack's block_actions from the Home tab (its "channel" is the app's DM with the user). */
function press(user: string, action: Parameters<typeof sendBlockAction>[2]['action']) {
  return sendBlockAction(t.url, SIGNING_SECRET, { user, channel: 'D0ALICE', message_ts: '1.1', action });
}

describe('App Home at scale', () => {
  it('pages through the agents with Next / Previous and filters them by channel', async () => {
    const first = await publishedAfter('U0ALICE', () =>
      sendEvent(t.url, SIGNING_SECRET, appHomeOpenedEvent('U0ALICE')),
    );
    assertWithinBlockKitLimits(first, { maxBlocks: 100, maxTotalText: 60_000 });
    expect(blocksText(first)).toContain('Agents 1–20 of 30 · page 1 of 2');

    const second = await publishedAfter('U0ALICE', () => press('U0ALICE', findButton(first, 'Next')));
    expect(blocksText(second)).toContain('Agents 21–30 of 30 · page 2 of 2');
    expect(blocksText(second)).toContain('*agent-29*');
    const back = await publishedAfter('U0ALICE', () => press('U0ALICE', findButton(second, 'Previous')));
    expect(blocksText(back)).toContain('page 1 of 2');

    // The channel menu, as Slack sends a static_select choice.
    const menu = JSON.stringify(first).match(/"value":"(\{\\"page\\":0,\\"channel\\":\\"ops\\"\})"/);
    expect(menu).not.toBeNull();
    const ops = await publishedAfter('U0ALICE', () =>
      press('U0ALICE', {
        action_id: 'home_channel',
        type: 'static_select',
        selected_option: { value: JSON.parse(`"${menu?.[1]}"`) as string },
      }),
    );
    expect(blocksText(ops)).not.toContain('*agent-00*');
    expect(blocksText(ops)).toContain('*agent-25*');
    expect(blocksText(ops)).not.toContain('page 1 of');
  });
});
