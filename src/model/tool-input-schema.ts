import type { Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import { z } from 'zod';

type InputSchema = Tool['input_schema'];

// Converted once per schema and direction: a run asks for its artifact's tool schema on every
// run, and the conversion walks the whole zod schema (~0.1 ms for a message's).
const converted = { input: new WeakMap<z.ZodType, InputSchema>(), output: new WeakMap<z.ZodType, InputSchema>() };

/**
 * A zod schema as a tool's `input_schema` for the Messages API: its JSON Schema without the
 * `$schema` key, always an object. `io: 'input'` describes what the model may send (defaults
 * optional); `'output'` what parsing yields. The result is shared by every caller with the same
 * schema: read it, never change it.
 */
export function toolInputSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): InputSchema {
  const known = converted[io].get(schema);
  if (known !== undefined) return known;
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io }) as Record<string, unknown>;
  const result: InputSchema = { ...json, type: 'object' };
  converted[io].set(schema, result);
  return result;
}
