import { z } from 'zod';
import type { ChannelInfo } from '../slack-port.js';

const CHANNEL_ID = /^[CGD][A-Z0-9]{8,}$/;

/** True when `ref` is a Slack conversation ID (`C…`, `G…`, `D…`) rather than a channel name. */
export function isChannelId(ref: string): boolean {
  return CHANNEL_ID.test(ref);
}

/**
 * The comparable form of a channel reference: IDs unchanged, names trimmed, without a leading
 * `#` and lower-cased (`#Sales` -> `sales`), because Slack channel names are case-insensitive.
 */
export function normalizeChannelRef(ref: string): string {
  const trimmed = ref.trim();
  if (isChannelId(trimmed)) return trimmed;
  return trimmed.replace(/^#/, '').toLowerCase();
}

/** True when the spec's channel reference `ref` designates `channel` (by ID, or by name when known). */
export function channelMatches(ref: string, channel: ChannelInfo): boolean {
  const normalized = normalizeChannelRef(ref);
  if (isChannelId(normalized)) return normalized === channel.id;
  return channel.name !== undefined && normalizeChannelRef(channel.name) === normalized;
}

/** A channel reference in a spec: an ID (`C0123456789`) or a name with or without `#`. */
export const ChannelRef = z.string().refine((ref) => isChannelId(ref) || /^#?[^\s#,<>]+$/.test(ref), {
  error: (issue) =>
    `"${String(issue.input)}" is not a channel: write a name such as "#sales" or an ID such as "C0123456789"`,
});
