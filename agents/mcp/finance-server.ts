/*
 * An example finance system as an MCP server over stdio, built with the official SDK, its data
 * in a JSON file (finance-data.json beside it, or the file FINANCE_DATA_FILE names): the
 * approved suppliers with their bank details, the purchase orders and the invoices already paid.
 * invoice-check.yaml reads it to check an attached invoice against what the company ordered;
 * every tool here only reads (`readOnlyHint: true`), so an agent may use all of them by default.
 */
import { readFile } from 'node:fs/promises';
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';

interface FinanceData {
  suppliers: Array<{ id: string; name: string } & Record<string, unknown>>;
  purchase_orders: Array<{ number: string; supplier_id: string } & Record<string, unknown>>;
  paid_invoices: Array<{ supplier_id: string; invoice_number: string } & Record<string, unknown>>;
}

const dataFile = process.env.FINANCE_DATA_FILE ?? new URL('./finance-data.json', import.meta.url).pathname;

async function load(): Promise<FinanceData> {
  return JSON.parse(await readFile(dataFile, 'utf8')) as FinanceData;
}

function text(value: unknown) {
  return { content: [{ type: 'text' as const, text: JSON.stringify(value, null, 2) }] };
}

function missing(what: string) {
  return { content: [{ type: 'text' as const, text: what }], isError: true };
}

const readOnly = (title: string) => ({ title, readOnlyHint: true, openWorldHint: false });

function buildServer(): McpServer {
  const server = new McpServer({ name: 'example-finance', version: '1.0.0' });

  server.registerTool(
    'find_supplier',
    {
      description:
        'The approved supplier whose name contains the query (case-insensitive), with VAT ID and bank details on file. No result: not an approved supplier.',
      inputSchema: z.object({ name: z.string().describe('Part of the supplier name, as the invoice writes it') }),
      annotations: readOnly('Find an approved supplier'),
    },
    async ({ name }) => {
      const q = name.toLowerCase();
      return text((await load()).suppliers.filter((s) => s.name.toLowerCase().includes(q)));
    },
  );

  server.registerTool(
    'get_purchase_order',
    {
      description: 'A purchase order with its supplier, status (open or closed), lines and net amount.',
      inputSchema: z.object({ number: z.string().describe('The purchase order number, e.g. PO-2026-0412') }),
      annotations: readOnly('Get a purchase order'),
    },
    async ({ number }) => {
      const order = (await load()).purchase_orders.find((o) => o.number.toLowerCase() === number.toLowerCase());
      return order ? text(order) : missing(`No purchase order ${number}.`);
    },
  );

  server.registerTool(
    'find_paid_invoices',
    {
      description: 'The invoices of a supplier already paid, to spot a duplicate (same supplier and invoice number).',
      inputSchema: z.object({ supplier_id: z.string().describe('The supplier id from find_supplier, e.g. S-01') }),
      annotations: readOnly('Find paid invoices'),
    },
    async ({ supplier_id }) => text((await load()).paid_invoices.filter((i) => i.supplier_id === supplier_id)),
  );

  return server;
}

serveStdio(buildServer);
console.error(`example finance system serving ${dataFile} on stdio`);
