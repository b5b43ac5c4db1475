import { REDACTED } from '../steps/apply-step.js';
import { writtenStep } from '../steps/index.js';
import type { AgentSpec } from './agent-spec.js';
import type { ToolServers } from './tool-servers.js';

/** A spec as stored with its version: `on_approve` steps as the spec wrote them, secrets redacted. */
export type StoredSpec = Omit<AgentSpec, 'on_approve'> & { on_approve: Record<string, unknown>[] };

/**
 * The spec as it may be stored or shown: secrets in `on_approve` steps and in tool servers'
 * `env` and `headers` (often interpolated from the environment: tokens) replaced by a marker,
 * each step written as in the spec (`{ post: '#x' }`). Everything else is kept, so a run can
 * still be traced to exactly what its agent was told.
 */
export function redactSpec(spec: AgentSpec): StoredSpec {
  return { ...spec, tools: redactTools(spec.tools), on_approve: spec.on_approve.map(writtenStep) };
}

function redactTools(tools: ToolServers): ToolServers {
  return Object.fromEntries(
    Object.entries(tools).map(([name, server]) => [
      name,
      {
        ...server,
        ...(server.env ? { env: redactValues(server.env) } : {}),
        ...(server.headers ? { headers: redactValues(server.headers) } : {}),
      },
    ]),
  );
}

function redactValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(values).map((key) => [key, REDACTED]));
}
