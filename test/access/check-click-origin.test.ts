import { describe, expect, it } from 'vitest';
import { type ButtonHome, type ClickOrigin, checkClickOrigin } from '../../src/access/check-click-origin.js';
import { BlockActionPayload, clickOrigin } from '../../src/slack/payloads.js';
import { blockActionPayload } from '../support/slack-requests.js';

const posted: ButtonHome = { channelId: 'C1', messageTs: '100.1', threadTs: '100.1' };
const inThread: ButtonHome = { channelId: 'C1', messageTs: '100.5', threadTs: '100.1' };
const origin = (o: Partial<ClickOrigin>): ClickOrigin => ({
  channelId: 'C1',
  messageTs: '100.1',
  ephemeral: false,
  ...o,
});

describe('checkClickOrigin', () => {
  it('accepts a click on the message the button was put on', () => {
    expect(() => checkClickOrigin(origin({}), posted)).not.toThrow();
    expect(() => checkClickOrigin(origin({ messageTs: '100.5', threadTs: '100.1' }), inThread)).not.toThrow();
  });

  it('refuses a click that names another channel, another message, or nothing at all', () => {
    for (const o of [
      origin({ channelId: 'C2' }),
      origin({ messageTs: '100.2' }),
      origin({ messageTs: '100.1', threadTs: '100.1' }),
      undefined,
    ]) {
      expect(() => checkClickOrigin(o, inThread)).toThrow(
        /does not belong to the message it was pressed on, so nothing was changed/,
      );
    }
    expect(() => checkClickOrigin(origin({}), { channelId: null, messageTs: null, threadTs: null })).toThrow(
      /does not belong/,
    );
  });

  it('while the message is being posted, accepts its thread only', () => {
    const posting: ButtonHome = { channelId: 'C1', messageTs: null, threadTs: '100.1' };
    expect(() => checkClickOrigin(origin({ messageTs: '100.9', threadTs: '100.1' }), posting)).not.toThrow();
    expect(() => checkClickOrigin(origin({ messageTs: '100.9', threadTs: '100.7' }), posting)).toThrow(
      /still being posted/,
    );
    expect(() => checkClickOrigin(origin({ messageTs: '100.9' }), { ...posting, threadTs: null })).toThrow(
      /still being posted/,
    );
    expect(() => checkClickOrigin(origin({ channelId: 'C2', messageTs: '100.9', threadTs: '100.1' }), posting)).toThrow(
      /does not belong/,
    );
  });
});

describe('clickOrigin', () => {
  const parse = (p: Record<string, unknown>) => clickOrigin(BlockActionPayload.parse(p));
  const base = blockActionPayload({
    user: 'U1',
    channel: 'C1',
    message_ts: '100.5',
    thread_ts: '100.1',
    action: { action_id: 'review_approve' },
  });

  it('reads the channel, message and thread of the click', () => {
    expect(parse(base)).toEqual({ channelId: 'C1', messageTs: '100.5', threadTs: '100.1', ephemeral: false });
  });

  it('trusts no payload whose channel or message fields disagree', () => {
    expect(parse({ ...base, channel: { id: 'C2' } })).toBeUndefined();
    expect(parse({ ...base, message: { ts: '100.6' } })).toBeUndefined();
    expect(parse({ ...base, channel: null, container: null })).toBeUndefined();
  });
});
