/** A tool result as the SDK returns it, as far as its text needs. */
export interface ToolResultContent {
  content?: ReadonlyArray<Record<string, unknown>>;
  structuredContent?: unknown;
}

/**
 * A tool result as one text for the model: text blocks as they are, embedded text resources by
 * their text, other blocks (images, audio, links, binary resources) named in brackets. A result
 * with only `structuredContent` is given as its JSON. Pure.
 */
export function resultText(result: ToolResultContent): string {
  const parts = (result.content ?? []).map(blockText);
  if (parts.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return parts.join('\n');
}

function blockText(block: Record<string, unknown>): string {
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? block.text : '';
    case 'resource': {
      const resource = (block.resource ?? {}) as Record<string, unknown>;
      if (typeof resource.text === 'string') return resource.text;
      return `[binary resource ${String(resource.uri ?? '')}]`;
    }
    case 'resource_link':
      return `[link ${String(block.name ?? '')}: ${String(block.uri ?? '')}]`;
    case 'image':
    case 'audio':
      return `[${block.type} (${String(block.mimeType ?? 'unknown type')}) not shown]`;
    default:
      return `[${String(block.type)} content not shown]`;
  }
}
