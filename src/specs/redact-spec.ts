import { writtenStep } from '../steps/index.js';
import type { AgentSpec } from './agent-spec.js';

/** A spec as stored with its version: `on_approve` steps as the spec wrote them, secrets redacted. */
export type StoredSpec = Omit<AgentSpec, 'on_approve'> & { on_approve: Record<string, unknown>[] };

/**
 * The spec as it may be stored or shown: secrets in `on_approve` steps (often interpolated from
 * the environment) replaced by a marker, each step written as in the spec (`{ post: '#x' }`).
 * Everything else is kept, so a run can still be traced to exactly what its agent was told.
 */
export function redactSpec(spec: AgentSpec): StoredSpec {
  return { ...spec, on_approve: spec.on_approve.map(writtenStep) };
}
