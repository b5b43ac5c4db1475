import type { Metrics } from '../metrics/metrics.js';
import type { ToolGateway } from './tool-gateway.js';

/**
 * The same gateway, with every tool call recorded in `metrics` by agent, server, tool and
 * outcome: the read calls of runs and the approved calls of `actions` artifacts alike, since
 * both go through it. Calls a run refused (never made) do not reach a gateway; they are in the
 * run's audit trail (`coworker runs`).
 */
export function meteredToolGateway(gateway: ToolGateway, metrics: Metrics): ToolGateway {
  return {
    listTools: (agent) => gateway.listTools(agent),
    async callTool(agent, call, options) {
      const labels = { agent: agent.spec.name, server: call.server, tool: call.tool };
      try {
        const result = await gateway.callTool(agent, call, options);
        metrics.toolCalled({ ...labels, outcome: result.isError ? 'error' : 'ok' });
        return result;
      } catch (err) {
        metrics.toolCalled({ ...labels, outcome: 'failed' });
        throw err;
      }
    },
    ...(gateway.retain ? { retain: (agents) => gateway.retain?.(agents) ?? Promise.resolve() } : {}),
    close: () => gateway.close(),
  };
}
