/**
 * A real MCP server for the tests of `actions` agents, built with the official SDK: a CRM with
 * one read tool and one write tool, `update_contact` {id, field (email | stage | owner), value},
 * whose answer the test decides (`answer`: e.g. a promise that never settles, a server cut off
 * mid-call). Every call that reaches a handler is reported through `onCall` before it is
 * answered: the server's own record of what was asked of the system behind it.
 */
import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ServedCall } from './test-tool-server.js';

/** What `update_contact` answers: its text, or an error result. */
export interface CrmAnswer {
  text: string;
  isError?: boolean;
}

export type CrmUpdate = { id: string; field: 'email' | 'stage' | 'owner'; value: string };

export function buildTestCrmServer(
  onCall: (call: ServedCall) => void,
  answer: (update: CrmUpdate) => Promise<CrmAnswer>,
): McpServer {
  const server = new McpServer({ name: 'test-crm', version: '1.0.0' });
  server.registerTool(
    'search_contacts',
    {
      description: 'Contacts whose name contains the query',
      inputSchema: z.object({ query: z.string() }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      onCall({ tool: 'search_contacts', arguments: args });
      return { content: [{ type: 'text', text: '[]' }] };
    },
  );
  server.registerTool(
    'update_contact',
    {
      description: 'Set one field of a contact.',
      inputSchema: z.strictObject({
        id: z.string().describe('The contact id, e.g. C-1042.'),
        field: z.enum(['email', 'stage', 'owner']),
        value: z.string().min(1),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false },
    },
    async (args) => {
      onCall({ tool: 'update_contact', arguments: args });
      const { text, isError } = await answer(args);
      return { content: [{ type: 'text', text }], ...(isError ? { isError } : {}) };
    },
  );
  return server;
}
