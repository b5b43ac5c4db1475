import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoworkerError } from '../../src/errors.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import type { LoadedAgent } from '../../src/specs/loaded-agent.js';
import { McpToolGateway } from '../../src/tools/mcp-tool-gateway.js';
import { type HttpToolServer, startHttpToolServer } from '../support/mcp/http-tool-server.js';
import { CUSTOMER_MARKER } from '../support/mcp/test-tool-server.js';
import { isAlive, waitForExit } from '../support/process-alive.js';
import { recordingLogger } from '../support/recording-logger.js';

const STDIO_SERVER = fileURLToPath(new URL('../support/mcp/stdio-tool-server.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

let dir: string;
let callLog: string;
let http: HttpToolServer;

beforeAll(async () => {
  // A secret of the app's process: it must never reach a tool server.
  process.env.COWORKER_TEST_SECRET = 'xoxb-never-share';
  dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-gateway-'));
  callLog = path.join(dir, 'calls.jsonl');
  http = await startHttpToolServer();
});
afterAll(async () => {
  delete process.env.COWORKER_TEST_SECRET;
  await http?.stop();
  await rm(dir, { recursive: true, force: true });
});

function agent(tools: Record<string, unknown>, name = 'desk-agent'): LoadedAgent {
  const spec = AgentSpec.parse({
    name,
    channels: ['#support'],
    instructions: 'x',
    artifact: { type: 'message' },
    tools,
  });
  return { spec, file: path.join(dir, `${name}.yaml`), hash: name };
}

const stdio = (extra: Record<string, unknown> = {}) => ({
  desk: {
    command: ['node', '--import', TSX, STDIO_SERVER],
    env: { CALL_LOG: callLog, SPEC_GIVEN: 'yes' },
    write: ['update_record'],
    ...extra,
  },
});

async function served(): Promise<Array<{ pid: number; tool?: string; started?: boolean; env?: string[] }>> {
  const text = await readFile(callLog, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

function gateway() {
  const { logger, lines } = recordingLogger();
  return {
    gateway: new McpToolGateway({ baseEnv: { PATH: process.env.PATH, HOME: process.env.HOME }, logger }),
    debugLog: () => lines.filter(([level]) => level === 'debug').map(([, text]) => text),
  };
}

describe('McpToolGateway over stdio', () => {
  it('lists tools with permissions from the spec and the annotations, calls one, and keeps one server process', async () => {
    const { gateway: g, debugLog } = gateway();
    try {
      const a = agent(stdio());
      const tools = await g.listTools(a);
      const permissions = Object.fromEntries(tools.map((t) => [t.name, t.permission]));
      expect(permissions).toMatchObject({
        lookup_customer: 'read',
        read_ticket: 'read',
        update_record: 'write',
      });
      expect(tools.find((t) => t.name === 'lookup_customer')?.annotations).toMatchObject({ readOnlyHint: true });
      const result = await g.callTool(a, {
        server: 'desk',
        tool: 'lookup_customer',
        arguments: { email: 'ada@x.example' },
      });
      expect(result).toEqual({ isError: false, text: `ada@x.example: ${CUSTOMER_MARKER}` });
      const error = await g.callTool(a, { server: 'desk', tool: 'failing_lookup', arguments: {} });
      expect(error).toEqual({ isError: true, text: 'the backend said no' });
      const unknown = await g.callTool(a, { server: 'desk', tool: 'no_such_tool', arguments: {} });
      expect(unknown.isError).toBe(true);
      const log = await served();
      expect(new Set(log.map((l) => l.pid)).size).toBe(1);
      // Its environment: PATH, HOME, the spec's env and the SDK's harmless defaults; no secret of this process.
      const env = log.find((l) => l.started)?.env ?? [];
      expect(env).toEqual(expect.arrayContaining(['CALL_LOG', 'HOME', 'PATH', 'SPEC_GIVEN']));
      const allowed = ['CALL_LOG', 'HOME', 'PATH', 'SPEC_GIVEN', 'LOGNAME', 'SHELL', 'TERM', 'USER'];
      expect(env.filter((k) => !allowed.includes(k))).toEqual([]);
      expect(env).not.toContain('COWORKER_TEST_SECRET');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(debugLog().join('\n')).toMatch(/tool server desk of desk-agent: test help desk on stdio/);
    } finally {
      await g.close();
    }
  });

  it('starts a server again after it exits, and stops it on close', async () => {
    const { gateway: g } = gateway();
    const a = agent(stdio(), 'crashy');
    await g.callTool(a, { server: 'desk', tool: 'lookup_customer', arguments: { email: 'a' } });
    const crashed = await g.callTool(a, { server: 'desk', tool: 'crash', arguments: {} }).catch((e: unknown) => e);
    expect(crashed).toBeInstanceOf(CoworkerError);
    expect((crashed as CoworkerError).code).toBe('tool_server_unavailable');
    const again = await g.callTool(a, { server: 'desk', tool: 'lookup_customer', arguments: { email: 'b' } });
    expect(again.isError).toBe(false);
    const pids = [...new Set((await served()).filter((l) => l.tool === 'lookup_customer').map((l) => l.pid))];
    expect(pids.length).toBeGreaterThanOrEqual(2);
    const last = pids[pids.length - 1] ?? 0;
    expect(isAlive(last)).toBe(true);
    await g.close();
    await waitForExit(last);
  });

  it('stops the servers of agents no longer loaded (a reload), and keeps the others', async () => {
    const { gateway: g } = gateway();
    try {
      const kept = agent(stdio(), 'kept');
      const removed = agent(stdio(), 'removed');
      await g.callTool(kept, { server: 'desk', tool: 'lookup_customer', arguments: { email: 'kept@x' } });
      await g.callTool(removed, { server: 'desk', tool: 'lookup_customer', arguments: { email: 'removed@x' } });
      const pidOf = async (email: string) => (await served()).find((l) => JSON.stringify(l).includes(email))?.pid ?? 0;
      const [keptPid, removedPid] = [await pidOf('kept@x'), await pidOf('removed@x')];
      expect(keptPid).not.toBe(removedPid);
      await g.retain([kept]);
      await waitForExit(removedPid);
      expect(isAlive(keptPid)).toBe(true);
    } finally {
      await g.close();
    }
  });

  it('says clearly when a server will not start, and quotes what it printed', async () => {
    const { gateway: g } = gateway();
    try {
      const missing = agent({ nope: { command: ['node', '/nonexistent/server.js'] } }, 'missing');
      const error = (await g.listTools(missing).catch((e: unknown) => e)) as CoworkerError;
      expect(error.code).toBe('tool_server_unavailable');
      expect(error.message).toMatch(/^the tool server nope could not be started \(node \/nonexistent\/server\.js\): /);
      expect(error.message, error.message).toMatch(/Cannot find module/);
      const noProgram = agent({ nope: { command: ['no-such-program-xyz'] } }, 'no-program');
      const spawnError = (await g.listTools(noProgram).catch((e: unknown) => e)) as CoworkerError;
      expect(spawnError.message).toMatch(
        /^the tool server nope could not be started \(no-such-program-xyz\): .*ENOENT/,
      );
    } finally {
      await g.close();
    }
  });
});

describe('McpToolGateway over Streamable HTTP', () => {
  it("calls the server with the spec's headers, and reports it unreachable when it is down", async () => {
    const { gateway: g } = gateway();
    try {
      const a = agent({ docs: { url: http.url, headers: { Authorization: 'Bearer docs-token' } } }, 'docs-agent');
      const tools = await g.listTools(a);
      expect(tools.find((t) => t.name === 'update_record')?.permission).toBe('not allowed');
      const result = await g.callTool(a, { server: 'docs', tool: 'lookup_customer', arguments: { email: 'h@x' } });
      expect(result.text).toContain(CUSTOMER_MARKER);
      expect(http.calls).toEqual([{ tool: 'lookup_customer', arguments: { email: 'h@x' } }]);
      expect(http.authorizations.length).toBeGreaterThan(0);
      expect(new Set(http.authorizations)).toEqual(new Set(['Bearer docs-token']));

      await http.stop();
      const error = (await g
        .callTool(a, { server: 'docs', tool: 'lookup_customer', arguments: { email: 'h@x' } })
        .catch((e: unknown) => e)) as CoworkerError;
      expect(error.code).toBe('tool_server_unavailable');
      expect(error.message).toMatch(/^the tool server docs could not be reached: /);
      await http.start();
      const back = await g.callTool(a, { server: 'docs', tool: 'lookup_customer', arguments: { email: 'h@x' } });
      expect(back.isError).toBe(false);
    } finally {
      await g.close();
    }
  });
});
