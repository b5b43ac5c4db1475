import type { FakeSlackMessage } from './types.js';

/** The messages of every channel, oldest first, keeping the thread fields of parents up to date. */
export class MessageStore {
  private readonly byChannel = new Map<string, FakeSlackMessage[]>();

  /** The messages of one channel (thread replies included), oldest first. */
  in(channel: string): FakeSlackMessage[] {
    return this.byChannel.get(channel) ?? [];
  }

  /** Every message of every channel, oldest first. */
  all(): FakeSlackMessage[] {
    return [...this.byChannel.values()].flat().sort((a, b) => Number(a.ts) - Number(b.ts));
  }

  find(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.byChannel.get(channel)?.find((m) => m.ts === ts);
  }

  /** Stores a message in ts order; a reply counts on its parent (reply_count, reply_users, latest_reply). */
  insert(message: FakeSlackMessage): void {
    const list = this.listOf(message.channel);
    list.push(message);
    list.sort((a, b) => Number(a.ts) - Number(b.ts));
    const parentTs = message.thread_ts;
    if (parentTs === undefined || parentTs === message.ts) return;
    const parent = list.find((m) => m.ts === parentTs);
    if (parent) countReply(parent, message);
  }

  /** Removes a message; false when there is none at `ts`. */
  remove(channel: string, ts: string): boolean {
    const list = this.byChannel.get(channel);
    const index = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (!list || index < 0) return false;
    list.splice(index, 1);
    return true;
  }

  clear(): void {
    this.byChannel.clear();
  }

  private listOf(channel: string): FakeSlackMessage[] {
    let list = this.byChannel.get(channel);
    if (!list) {
      list = [];
      this.byChannel.set(channel, list);
    }
    return list;
  }
}

function countReply(parent: FakeSlackMessage, reply: FakeSlackMessage): void {
  parent.thread_ts = parent.ts;
  parent.reply_count = (parent.reply_count ?? 0) + 1;
  const replyUsers = new Set(Array.isArray(parent.reply_users) ? (parent.reply_users as string[]) : []);
  if (reply.user !== undefined) replyUsers.add(reply.user);
  parent.reply_users = [...replyUsers];
  parent.reply_users_count = replyUsers.size;
  parent.latest_reply = reply.ts;
}

/** A stored message as the Web API returns it: without the fake's own `channel` field. */
export function publicMessage(message: FakeSlackMessage): Record<string, unknown> {
  const { channel: _channel, ...rest } = message;
  return rest;
}
