/*
 * The ToolGateway over MCP, through the official TypeScript SDK v2 (`@modelcontextprotocol/client`).
 * v2 rather than v1 (`@modelcontextprotocol/sdk` 1.x): v2 is the SDK's stable, documented line
 * (v1 only gets fixes), it supports Node >= 20, and one `Client` speaks both protocol eras:
 * the 2025 `initialize` handshake (the default, which every server deployed today answers) and,
 * over HTTP where the probe is cheap, the 2026-07-28 revision (`versionNegotiation: 'auto'`).
 */
import path from 'node:path';
import type { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { Logger } from '@slack/logger';
import { CoworkerError } from '../errors.js';
import type { LoadedAgent } from '../specs/loaded-agent.js';
import type { ToolServer } from '../specs/tool-servers.js';
import { resultText } from './result-text.js';
import type { ToolCallResult, ToolDescription, ToolGateway } from './tool-gateway.js';
import { permissionOf } from './tool-permissions.js';

const CLIENT_INFO = { name: 'coworker', version: '0.1.0' };

/**
 * The SDK, loaded on first use: most agents have no tools, and loading it (its protocol schemas)
 * would add ~0.2 s to every start.
 */
const loadSdk = async () => {
  const [client, stdio] = await Promise.all([
    import('@modelcontextprotocol/client'),
    import('@modelcontextprotocol/client/stdio'),
  ]);
  return { ...client, StdioClientTransport: stdio.StdioClientTransport };
};
type Sdk = Awaited<ReturnType<typeof loadSdk>>;
let sdk: Promise<Sdk> | undefined;
/** Set once the SDK is loaded: only then can anything have thrown one of its errors. */
let loadedSdk: Sdk | undefined;
const isProtocolError = (err: unknown) => loadedSdk !== undefined && err instanceof loadedSdk.ProtocolError;
/** How much of a stdio server's first stderr is kept to explain a failed start. */
const STDERR_KEPT = 4000;
/** How long a failed start waits for the rest of the server's stderr. */
const STDERR_WAIT_MS = 500;

export interface McpToolGatewayOptions {
  /**
   * PATH and HOME for stdio servers. With the spec's `env` (and the few harmless variables the
   * SDK always passes: LOGNAME, SHELL, TERM, USER) that is their whole environment, so no secret
   * of the app's (Slack, Anthropic, database) ever reaches a tool server.
   */
  baseEnv: { PATH?: string | undefined; HOME?: string | undefined };
  logger: Logger;
  /** How long starting a server and its handshake may take (default 15 s). */
  connectTimeoutMs?: number;
}

/** What is learnt about a connection while it lives. */
interface ConnectionState {
  /** Set when the transport closed (a stdio server exited): the next use starts it again. */
  closed: boolean;
  /** The start of a stdio server's stderr, quoted when it fails to start. */
  stderrHead: string;
  /** Resolves once a stdio server's stderr is closed (all it printed was read). */
  stderrClosed?: Promise<void>;
}

/** One connection to one spec server. */
interface Connection {
  /** The server's spec, as JSON: a changed spec gets a new connection. */
  specKey: string;
  client: Promise<Client>;
  state: ConnectionState;
}

/**
 * Servers are connected on first use and kept, one per agent and spec server per process; a
 * stdio server that exits is started again on the next use, and `close()` stops them all
 * (shutdown). stdio servers run in the spec's folder, their stderr goes to the log at debug level.
 */
export class McpToolGateway implements ToolGateway {
  private readonly connections = new Map<string, Connection>();
  private closing = false;

  constructor(private readonly options: McpToolGatewayOptions) {}

  async listTools(agent: LoadedAgent): Promise<ToolDescription[]> {
    const all: ToolDescription[] = [];
    for (const [server, spec] of Object.entries(agent.spec.tools)) {
      const client = await this.connect(agent, server, spec);
      const listed = await this.request(agent, server, () => client.listTools());
      for (const tool of listed.tools) {
        const annotations = tool.annotations as Record<string, unknown> | undefined;
        all.push({
          server,
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          inputSchema: tool.inputSchema as Record<string, unknown>,
          ...(annotations === undefined ? {} : { annotations }),
          permission: permissionOf(spec, { name: tool.name, ...(annotations ? { annotations } : {}) }),
        });
      }
    }
    return all;
  }

  async callTool(
    agent: LoadedAgent,
    call: { server: string; tool: string; arguments: Record<string, unknown> },
    options: { signal?: AbortSignal } = {},
  ): Promise<ToolCallResult> {
    const spec = agent.spec.tools[call.server];
    if (spec === undefined) {
      throw new CoworkerError('internal', `the agent ${agent.spec.name} has no tool server ${call.server}.`);
    }
    const client = await this.connect(agent, call.server, spec);
    try {
      const result = await client.callTool(
        { name: call.tool, arguments: call.arguments },
        options.signal ? { signal: options.signal } : {},
      );
      return { isError: result.isError === true, text: resultText(result) };
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason ?? err;
      // The server answered, with a JSON-RPC error (unknown tool, bad arguments): the model may recover.
      if (isProtocolError(err)) {
        const error = err as Error & { code: number };
        return { isError: true, text: `Error ${error.code}: ${error.message}` };
      }
      throw this.unavailable(agent, call.server, err);
    }
  }

  /**
   * Stops the servers of agents that are no longer loaded, or whose spec no longer names the
   * server (a reload). Servers of the agents given are kept running.
   */
  async retain(agents: readonly LoadedAgent[]): Promise<void> {
    const wanted = new Set(agents.flatMap((a) => Object.keys(a.spec.tools).map((server) => connectionKey(a, server))));
    const stale = [...this.connections].filter(([key]) => !wanted.has(key));
    for (const [key] of stale) this.connections.delete(key);
    await Promise.all(stale.map(([, c]) => closeConnection(c, this.options.logger)));
  }

  async close(): Promise<void> {
    this.closing = true;
    const open = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(open.map((c) => closeConnection(c, this.options.logger)));
  }

  /** The client of a spec server, connecting (starting a stdio server) when there is none alive. */
  private async connect(agent: LoadedAgent, server: string, spec: ToolServer): Promise<Client> {
    if (this.closing) {
      throw new CoworkerError(
        'tool_server_unavailable',
        `the tool server ${server} is not available: Coworker is stopping.`,
      );
    }
    const key = connectionKey(agent, server);
    const specKey = JSON.stringify(spec);
    const existing = this.connections.get(key);
    if (existing && !existing.state.closed && existing.specKey === specKey)
      return this.settle(agent, server, key, existing);
    if (existing) {
      this.connections.delete(key);
      void closeConnection(existing, this.options.logger);
    }
    const state: ConnectionState = { closed: false, stderrHead: '' };
    const connection: Connection = { specKey, state, client: this.open(agent, server, spec, state) };
    this.connections.set(key, connection);
    return this.settle(agent, server, key, connection);
  }

  /** Waits for a connection; a failed one is forgotten, so the next use tries again. */
  private async settle(agent: LoadedAgent, server: string, key: string, connection: Connection): Promise<Client> {
    try {
      return await connection.client;
    } catch (err) {
      if (this.connections.get(key) === connection) this.connections.delete(key);
      throw this.unavailable(agent, server, err, connection);
    }
  }

  private async open(agent: LoadedAgent, server: string, spec: ToolServer, state: ConnectionState): Promise<Client> {
    sdk ??= loadSdk().then((loaded) => (loadedSdk = loaded));
    const { Client } = await sdk;
    const client = new Client(CLIENT_INFO, spec.url ? { versionNegotiation: { mode: 'auto' } } : {});
    client.onclose = () => {
      state.closed = true;
    };
    // A transport error is followed by its close or by the failure of the call that met it.
    client.onerror = (err) => this.options.logger.debug(`tool server ${server} of ${agent.spec.name}: ${err.message}`);
    const transport = spec.url
      ? this.httpTransport(await sdk, spec.url, spec.headers)
      : this.stdioTransport(await sdk, agent, server, spec, state);
    const timeoutMs = this.options.connectTimeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000}s`)), timeoutMs);
    });
    try {
      await Promise.race([client.connect(transport), timedOut]);
    } catch (err) {
      await client.close().catch(() => undefined);
      // What a server that died printed arrives just after its exit: it is what explains the failure.
      if (state.stderrClosed) await Promise.race([state.stderrClosed, delay(STDERR_WAIT_MS)]);
      throw err;
    } finally {
      clearTimeout(timer);
    }
    this.options.logger.debug(`tool server ${server} of ${agent.spec.name} connected`);
    return client;
  }

  private httpTransport(
    { StreamableHTTPClientTransport }: Sdk,
    url: string,
    headers: Record<string, string> | undefined,
  ): StreamableHTTPClientTransport {
    return new StreamableHTTPClientTransport(new URL(url), headers ? { requestInit: { headers } } : {});
  }

  private stdioTransport(
    { StdioClientTransport }: Sdk,
    agent: LoadedAgent,
    server: string,
    spec: ToolServer,
    state: ConnectionState,
  ): StdioClientTransport {
    const [command = '', ...args] = spec.command ?? [];
    const env: Record<string, string> = {};
    for (const name of ['PATH', 'HOME'] as const) {
      const value = this.options.baseEnv[name];
      if (value !== undefined) env[name] = value;
    }
    Object.assign(env, spec.env ?? {});
    const transport = new StdioClientTransport({
      command,
      args,
      env,
      cwd: path.dirname(agent.file),
      stderr: 'pipe',
    });
    const stderr = transport.stderr;
    state.stderrClosed = new Promise((resolve) => {
      stderr?.once('end', resolve);
      stderr?.once('close', resolve);
    });
    stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (state.stderrHead.length < STDERR_KEPT) state.stderrHead = (state.stderrHead + text).slice(0, STDERR_KEPT);
      for (const line of text.split(/\r?\n/)) {
        if (line.trim() !== '') this.options.logger.debug(`tool server ${server} of ${agent.spec.name}: ${line}`);
      }
    });
    return transport;
  }

  /** Runs a request on a connected server; a connection lost meanwhile is a server unavailable. */
  private async request<T>(agent: LoadedAgent, server: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      if (isProtocolError(err)) {
        throw new CoworkerError(
          'tool_server_unavailable',
          `the tool server ${server} refused to list its tools: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      throw this.unavailable(agent, server, err);
    }
  }

  private unavailable(agent: LoadedAgent, server: string, err: unknown, connection?: Connection): CoworkerError {
    if (err instanceof CoworkerError) return err;
    // Forget a broken connection: the next use connects (or starts the server) again.
    const key = connectionKey(agent, server);
    const current = this.connections.get(key);
    if (current !== undefined && (connection === undefined || current === connection)) {
      this.connections.delete(key);
      void closeConnection(current, this.options.logger);
    }
    const reason = err instanceof Error ? err.message : String(err);
    const spec = agent.spec.tools[server];
    const stderr = connection?.state.stderrHead.trim();
    const said = stderr ? ` (it said: ${explainStderr(stderr)})` : '';
    // `connection` is given when connecting failed: a stdio server that never answered did not start.
    const how =
      connection !== undefined && spec?.command
        ? `could not be started (${spec.command.join(' ')})`
        : 'could not be reached';
    return new CoworkerError('tool_server_unavailable', `the tool server ${server} ${how}: ${reason}${said}`, {
      cause: err,
      details: { server, agent: agent.spec.name },
    });
  }
}

function connectionKey(agent: LoadedAgent, server: string): string {
  return `${agent.spec.name}\u0000${server}`;
}

async function closeConnection(connection: Connection, logger: Logger): Promise<void> {
  try {
    const client = await connection.client;
    await client.close();
  } catch (err) {
    // A connection that never opened has nothing to close; one that fails to close is only logged.
    logger.debug(`closing a tool server connection: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** The line of a dead server's output that names the error (Node's `Error: Cannot find module …`), else its last lines. */
function explainStderr(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const error = lines.find((l) => /(^|\s)\w*(Error|Exception)\b|\berror\b/i.test(l) && !l.startsWith('at '));
  return (error ?? lines.slice(-3).join(' / ')).slice(0, 300);
}
