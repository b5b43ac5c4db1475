import type { ChannelInfo } from '../slack-port.js';
import { isChannelId } from '../spec-fields/channel-ref.js';
import { stepKindOf } from '../steps/index.js';
import type { LoadedAgent } from './load-specs.js';
import type { SpecProblem } from './spec-problem.js';

export interface ChannelProblem {
  file: string;
  problem: SpecProblem;
}

/**
 * Every channel a spec names by name (`channels`, schedule `channel`, the channels of `on_approve` steps) that
 * the workspace does not know, as problems of that spec. Channel IDs are taken as given. A
 * failed lookup is not a problem of the spec: it is reported by the caller, not here.
 */
export async function checkChannelRefs(
  agents: readonly LoadedAgent[],
  resolve: (ref: string) => Promise<ChannelInfo | undefined>,
): Promise<ChannelProblem[]> {
  const problems: ChannelProblem[] = [];
  for (const agent of agents) {
    const refs: Array<[string, string]> = [
      ...agent.spec.channels.map((ref, i): [string, string] => [`channels[${i}]`, ref]),
      ...agent.spec.triggers.schedule.flatMap(
        (s, i): Array<[string, string]> => (s.channel ? [[`triggers.schedule[${i}].channel`, s.channel]] : []),
      ),
      ...agent.spec.on_approve.flatMap((step, i) =>
        stepKindOf(step)
          .channels(step)
          .map(({ field, ref }): [string, string] => [`on_approve[${i}].${field}`, ref]),
      ),
    ];
    for (const [path, ref] of refs) {
      if (isChannelId(ref) || (await resolve(ref)) !== undefined) continue;
      problems.push({
        file: agent.file,
        problem: {
          path,
          message: `there is no channel "${ref}" the app can see: check the name, or invite the app to the channel (/invite @Coworker)`,
        },
      });
    }
  }
  return problems;
}
