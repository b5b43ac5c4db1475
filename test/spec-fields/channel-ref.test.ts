import { describe, expect, it } from 'vitest';
import { channelMatches, isChannelId, normalizeChannelRef } from '../../src/spec-fields/channel-ref.js';

describe('channel references', () => {
  it('tells IDs from names', () => {
    expect(isChannelId('C0123456789')).toBe(true);
    expect(isChannelId('G01234567')).toBe(true);
    expect(isChannelId('D0123456789')).toBe(true);
    expect(isChannelId('C0123')).toBe(false);
    expect(isChannelId('c0123456789')).toBe(false);
    expect(isChannelId('#sales')).toBe(false);
    expect(isChannelId('U0123456789')).toBe(false);
  });

  it('normalises names case-insensitively without #, and leaves IDs alone', () => {
    expect(normalizeChannelRef('#Sales')).toBe('sales');
    expect(normalizeChannelRef('sales')).toBe('sales');
    expect(normalizeChannelRef(' #sales-EU ')).toBe('sales-eu');
    expect(normalizeChannelRef('C0123456789')).toBe('C0123456789');
  });

  it('matches a channel by ID or by name', () => {
    const sales = { id: 'C0123456789', name: 'sales' };
    expect(channelMatches('C0123456789', sales)).toBe(true);
    expect(channelMatches('#SALES', sales)).toBe(true);
    expect(channelMatches('sales', { id: 'C0123456789', name: '#Sales' })).toBe(true);
    expect(channelMatches('C9999999999', sales)).toBe(false);
    expect(channelMatches('#ops', sales)).toBe(false);
  });

  it('does not match a name when the channel name is unknown', () => {
    expect(channelMatches('#sales', { id: 'C0123456789' })).toBe(false);
  });
});
