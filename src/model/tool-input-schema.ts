import type { Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import { z } from 'zod';

/**
 * A zod schema as a tool's `input_schema` for the Messages API: its JSON Schema without the
 * `$schema` key, always an object. `io: 'input'` describes what the model may send (defaults
 * optional); `'output'` what parsing yields. Pure.
 */
export function toolInputSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Tool['input_schema'] {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io }) as Record<string, unknown>;
  return { ...json, type: 'object' };
}
