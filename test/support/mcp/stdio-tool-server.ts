/**
 * The test help desk over stdio, as the app starts it from a spec's `command`. Each process
 * appends to the file CALL_LOG names one JSON line when it starts (`{"pid":…}`) and one per call
 * served (`{"pid":…,"tool":…,"arguments":…}`), so a test reads what the server did. The tool
 * `crash` ends the process, as a server that dies would.
 */
import { appendFileSync } from 'node:fs';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';
import { buildTestToolServer } from './test-tool-server.js';

const log = process.env.CALL_LOG;
const record = (entry: Record<string, unknown>) => {
  if (log) appendFileSync(log, `${JSON.stringify({ pid: process.pid, ...entry })}\n`);
};

record({ started: true, env: Object.keys(process.env).sort() });
serveStdio(() => {
  const server = buildTestToolServer((call) => record({ ...call }));
  server.registerTool(
    'crash',
    { description: 'Ends the server process', inputSchema: z.object({}), annotations: { readOnlyHint: true } },
    async () => {
      record({ tool: 'crash', arguments: {} });
      process.exit(3);
    },
  );
  return server;
});
console.error(`test help desk on stdio (pid ${process.pid})`);
