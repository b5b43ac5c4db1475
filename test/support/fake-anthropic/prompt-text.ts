import { isRecord } from '../http-util.js';
import type { RecordedModelRequest } from './types.js';

/** The system prompt of a request as one string. */
export function systemText(request: RecordedModelRequest): string {
  const system = request.body.system;
  if (system === undefined) return '';
  if (typeof system === 'string') return system;
  return system.map((b) => b.text ?? '').join('\n');
}

/** All text of a request's messages (every turn, text blocks and tool results), joined by newlines. */
export function messagesText(request: RecordedModelRequest): string {
  const parts: string[] = [];
  for (const message of request.body.messages ?? []) {
    if (typeof message.content === 'string') {
      parts.push(message.content);
      continue;
    }
    for (const block of message.content) {
      if (typeof block.text === 'string') parts.push(block.text);
      else if (block.type === 'tool_result')
        parts.push(typeof block.content === 'string' ? block.content : JSON.stringify(block.content));
      else if (block.type === 'document' && isRecord(block.source) && typeof block.source.data === 'string')
        parts.push(block.source.data);
    }
  }
  return parts.join('\n');
}

/** System prompt + messages text: everything the model was shown. */
export function promptText(request: RecordedModelRequest): string {
  return `${systemText(request)}\n${messagesText(request)}`;
}

/** The forced tool's name, if the request forces one. */
export function forcedToolName(request: RecordedModelRequest): string | undefined {
  const choice = request.body.tool_choice;
  if (choice?.type === 'tool' && typeof choice.name === 'string') return choice.name;
  const tools = request.body.tools ?? [];
  if (choice?.type === 'any' && tools.length === 1) return tools[0]?.name;
  return undefined;
}
