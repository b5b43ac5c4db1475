import type { Message } from '@anthropic-ai/sdk/resources/messages/messages';
import type { z } from 'zod';

export type ParsedResponse<C> =
  | { ok: true; content: C; toolUseId: string }
  | { ok: false; problem: string; toolUseId: string | undefined };

/**
 * Reads the input of the forced tool `toolName` out of the model's reply and validates it. Pure.
 * `problem` is written for the model (it is sent back on the retry) and for the channel.
 */
export function parseResponse<C>(message: Message, schema: z.ZodType<C>, toolName: string): ParsedResponse<C> {
  const toolUse = message.content.find((block) => block.type === 'tool_use' && block.name === toolName);
  if (toolUse === undefined || toolUse.type !== 'tool_use') {
    const why =
      message.stop_reason === 'max_tokens'
        ? 'the answer was cut off at limits.max_tokens'
        : `it answered without calling ${toolName}`;
    return { ok: false, problem: why, toolUseId: undefined };
  }
  const parsed = schema.safeParse(toolUse.input);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`);
    const cut = message.stop_reason === 'max_tokens' ? ' (the answer was cut off at limits.max_tokens)' : '';
    return { ok: false, problem: `${issues.join('; ')}${cut}`, toolUseId: toolUse.id };
  }
  return { ok: true, content: parsed.data, toolUseId: toolUse.id };
}
