import { z } from 'zod';
import { HttpUrl, Text } from '../spec-fields/text.js';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** What MCP allows in a tool name (letters, digits, `_`, `-`, `.`, up to 128 characters). */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

const ToolName = z.string().refine((name) => TOOL_NAME.test(name), {
  error: (issue) =>
    `"${String(issue.input)}" is not a tool name: write the name the server gives the tool, without the server prefix (e.g. search_nodes)`,
});

const ToolList = z.array(ToolName).refine((names) => new Set(names).size === names.length, {
  error: 'lists a tool twice',
});

/**
 * One MCP server under `tools:`: stdio (`command`, `env`) or Streamable HTTP (`url`, `headers`),
 * and what the agent may do with its tools. `read` left out means every tool the server marks
 * `readOnlyHint: true`; `write` left out means none. Shape only: whether the named tools exist
 * is known when the app connects (`coworker tools`, the log, App Home).
 */
export const ToolServer = z
  .strictObject({
    /** The program and its arguments, run in the spec's folder (so relative paths are relative to it). */
    command: z.array(Text).min(1, { error: 'name the program to run, e.g. ["node", "./mcp/crm.js"]' }).optional(),
    /** stdio only: the server's whole environment besides PATH and HOME. */
    env: z.record(z.string(), z.string()).optional(),
    url: HttpUrl.optional(),
    /** HTTP only: sent with every request (e.g. Authorization). */
    headers: z.record(z.string(), z.string()).optional(),
    read: ToolList.optional(),
    write: ToolList.default([]),
  })
  .superRefine((server, ctx) => {
    if ((server.command === undefined) === (server.url === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message:
          server.command === undefined
            ? 'give either command (a program the app starts) or url (a Streamable HTTP server)'
            : 'give either command or url, not both',
      });
    }
    if (server.env !== undefined && server.command === undefined) {
      ctx.addIssue({ code: 'custom', path: ['env'], message: 'env is for servers started with command' });
    }
    if (server.headers !== undefined && server.url === undefined) {
      ctx.addIssue({ code: 'custom', path: ['headers'], message: 'headers are for servers reached by url' });
    }
    const write = new Set(server.write);
    (server.read ?? []).forEach((name, index) => {
      if (write.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['read', index],
          message: `"${name}" is in both read and write: a tool is either read during runs or written through review`,
        });
      }
    });
  });
export type ToolServer = z.output<typeof ToolServer>;

/** `tools:`: the agent's MCP servers by name (kebab-case; people read tools as `server.tool`). */
export const ToolServers = z.record(z.string(), ToolServer).superRefine((servers, ctx) => {
  for (const name of Object.keys(servers)) {
    if (!KEBAB.test(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `"${name}" is not a valid server name: use lower-case letters, digits and single hyphens (e.g. crm, help-desk)`,
      });
    }
  }
});
export type ToolServers = z.output<typeof ToolServers>;
