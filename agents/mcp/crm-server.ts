/*
 * An example CRM as an MCP server over stdio, built with the official SDK, its data in a JSON
 * file (crm-data.json beside it, or the file CRM_DATA_FILE names). Agents list it under `tools:`
 * (see support-reply.yaml); `npx coworker tools support-reply` shows what they may do with it.
 *
 * Read tools carry `readOnlyHint: true`, so an agent reads them by default; `update_contact`
 * and `add_note` change the file and are used only through a reviewed `actions` artifact;
 * `delete_contact` is destructive, and no example agent is allowed it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';

interface Contact {
  id: string;
  name: string;
  email: string;
  company: string;
  plan: string;
  orders: Array<Record<string, string>>;
  notes: string[];
}

const dataFile = process.env.CRM_DATA_FILE ?? new URL('./crm-data.json', import.meta.url).pathname;

async function load(): Promise<Contact[]> {
  return (JSON.parse(await readFile(dataFile, 'utf8')) as { contacts: Contact[] }).contacts;
}

async function save(contacts: Contact[]): Promise<void> {
  await writeFile(dataFile, `${JSON.stringify({ contacts }, null, 2)}\n`);
}

function text(value: unknown) {
  return { content: [{ type: 'text' as const, text: JSON.stringify(value, null, 2) }] };
}

function notFound(id: string) {
  return { content: [{ type: 'text' as const, text: `No contact with id ${id}.` }], isError: true };
}

function buildServer(): McpServer {
  const server = new McpServer({ name: 'example-crm', version: '1.0.0' });

  server.registerTool(
    'search_contacts',
    {
      description: 'Find contacts whose name, email or company contains the query (case-insensitive).',
      inputSchema: z.object({ query: z.string().describe('Part of a name, an email address or a company') }),
      annotations: { title: 'Search contacts', readOnlyHint: true, openWorldHint: false },
    },
    async ({ query }) => {
      const q = query.toLowerCase();
      const hits = (await load()).filter((c) =>
        [c.name, c.email, c.company].some((field) => field.toLowerCase().includes(q)),
      );
      return text(hits.map(({ id, name, email, company }) => ({ id, name, email, company })));
    },
  );

  server.registerTool(
    'get_contact',
    {
      description: 'One contact with their plan, orders and notes.',
      inputSchema: z.object({ id: z.string().describe('The contact id, e.g. C-1001') }),
      annotations: { title: 'Get a contact', readOnlyHint: true, openWorldHint: false },
    },
    async ({ id }) => {
      const contact = (await load()).find((c) => c.id === id);
      return contact ? text(contact) : notFound(id);
    },
  );

  server.registerTool(
    'update_contact',
    {
      description: "Change a contact's email, company or plan.",
      inputSchema: z.object({
        id: z.string().describe('The contact id, e.g. C-1001'),
        email: z.string().optional(),
        company: z.string().optional(),
        plan: z.enum(['Free', 'Team', 'Enterprise']).optional(),
      }),
      annotations: { title: 'Update a contact', readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    async ({ id, ...changes }) => {
      const contacts = await load();
      const contact = contacts.find((c) => c.id === id);
      if (!contact) return notFound(id);
      Object.assign(contact, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
      await save(contacts);
      return text(contact);
    },
  );

  server.registerTool(
    'add_note',
    {
      description: 'Add a note to a contact.',
      inputSchema: z.object({ id: z.string(), note: z.string().min(1) }),
      annotations: { title: 'Add a note', readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    },
    async ({ id, note }) => {
      const contacts = await load();
      const contact = contacts.find((c) => c.id === id);
      if (!contact) return notFound(id);
      contact.notes.push(note);
      await save(contacts);
      return text(contact);
    },
  );

  server.registerTool(
    'delete_contact',
    {
      description: 'Delete a contact for good.',
      inputSchema: z.object({ id: z.string() }),
      annotations: { title: 'Delete a contact', readOnlyHint: false, destructiveHint: true },
    },
    async ({ id }) => {
      const contacts = await load();
      const kept = contacts.filter((c) => c.id !== id);
      if (kept.length === contacts.length) return notFound(id);
      await save(kept);
      return text({ deleted: id });
    },
  );

  return server;
}

serveStdio(buildServer);
console.error(`example CRM serving ${dataFile} on stdio`);
