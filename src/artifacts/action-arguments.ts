import type { WriteTool } from './artifact-type.js';

/**
 * How a call's arguments are listed, in review and edit alike: the tool's own property order
 * first, then any other argument the call has. Stable for the same call and tool, so an edit
 * form's block ids find the same argument when it is read back.
 */
export function argumentKeys(tool: WriteTool | undefined, args: Record<string, unknown>): string[] {
  const declared = Object.keys(propertiesOf(tool));
  const present = Object.keys(args);
  return [...declared.filter((key) => Object.hasOwn(args, key)), ...present.filter((key) => !declared.includes(key))];
}

/** The schema of one top-level argument (`{}` when the tool does not declare it). */
export function argumentSchema(tool: WriteTool | undefined, key: string): Record<string, unknown> {
  const properties = propertiesOf(tool);
  const schema = Object.hasOwn(properties, key) ? properties[key] : undefined;
  return isRecord(schema) ? schema : {};
}

/** Whether the tool requires this argument. */
export function isRequired(tool: WriteTool | undefined, key: string): boolean {
  const required = tool?.inputSchema.required;
  return Array.isArray(required) && required.includes(key);
}

/**
 * Whether an argument is edited as plain text (a string argument) rather than as JSON: the
 * schema says it is a string, or says nothing and the proposed value is one.
 */
export function takesText(schema: Record<string, unknown>, proposed: unknown): boolean {
  const { type } = schema;
  if (type === 'string') return true;
  if (Array.isArray(type)) return type.includes('string');
  return type === undefined && typeof proposed === 'string';
}

/** An argument's value as people read it: a string as it is, anything else as JSON (`pretty`: indented). */
export function argumentText(value: unknown, pretty = false): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, pretty ? 2 : undefined) ?? String(value);
}

function propertiesOf(tool: WriteTool | undefined): Record<string, unknown> {
  const properties = tool?.inputSchema.properties;
  return isRecord(properties) ? properties : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
