import type { AgentSpec } from './agent-spec.js';

/**
 * The spec as it may be stored or shown: webhook secrets (often interpolated from the
 * environment) replaced by a marker. Everything else is kept, so a run can still be traced to
 * exactly what its agent was told.
 */
export function redactSpec(spec: AgentSpec): AgentSpec {
  return {
    ...spec,
    on_approve: spec.on_approve.map((step) =>
      'webhook' in step && step.webhook.secret !== undefined
        ? { webhook: { ...step.webhook, secret: '[redacted]' } }
        : step,
    ),
  };
}
