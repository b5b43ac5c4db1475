import { createHash } from 'node:crypto';

/** A tool as people read it (`crm.search_nodes`): the spec's server name and the server's tool name. */
export interface QualifiedTool {
  server: string;
  tool: string;
}

/** What Anthropic accepts as a tool name. */
const ANTHROPIC_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_NAME = 64;

/** `crm.search_nodes`: how tools are written everywhere people read them. */
export function qualifiedName(tool: QualifiedTool): string {
  return `${tool.server}.${tool.tool}`;
}

/**
 * The names the model sees for a set of tools, both ways. A tool is `server__tool`
 * (`crm__search_nodes`; server names are kebab-case, so `__` cannot occur in them). An MCP name
 * Anthropic would refuse (a `.`, more than 64 characters in all) is made acceptable and given a
 * short hash of the real name, so two such names never meet. Deterministic: the same tools
 * always get the same names, which keeps the prompt prefix cacheable. Pure.
 */
export class ToolNameMap {
  private readonly byModelName = new Map<string, QualifiedTool>();
  private readonly byQualified = new Map<string, string>();

  constructor(tools: readonly QualifiedTool[]) {
    for (const tool of tools) {
      const name = anthropicName(tool);
      this.byModelName.set(name, tool);
      this.byQualified.set(qualifiedName(tool), name);
    }
  }

  /** The model's name of a tool of this map. @throws when the tool is not in the map (a bug). */
  toModel(tool: QualifiedTool): string {
    const name = this.byQualified.get(qualifiedName(tool));
    if (name === undefined) throw new Error(`${qualifiedName(tool)} is not one of the tools offered`);
    return name;
  }

  /** The tool a model's name stands for, or undefined when no tool of this map has that name. */
  fromModel(name: string): QualifiedTool | undefined {
    return this.byModelName.get(name);
  }
}

function anthropicName(tool: QualifiedTool): string {
  const plain = `${tool.server}__${tool.tool}`;
  if (ANTHROPIC_NAME.test(plain)) return plain;
  const hash = createHash('sha256').update(qualifiedName(tool)).digest('hex').slice(0, 8);
  const cleaned = plain.replace(/[^a-zA-Z0-9_-]/g, '_');
  return `${cleaned.slice(0, MAX_NAME - hash.length - 1)}_${hash}`;
}
