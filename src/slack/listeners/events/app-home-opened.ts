import type { App } from '@slack/bolt';
import type { AppServices } from '../../../app-services.js';
import { formatProblem } from '../../../specs/load-specs.js';
import { collectFactOverview } from '../../../supervision/fact-overview.js';
import { computeScorecard } from '../../../supervision/scorecard.js';
import { renderAppHome } from '../../../surfaces/app-home.js';

/** App Home: every member who opens it sees the scorecard of all agents, the team knowledge and the specs and fact files with problems. */
export function registerAppHomeOpened(app: App, services: AppServices): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    const registry = services.agents();
    const [scores, knowledge] = await Promise.all([
      computeScorecard(
        services.db,
        registry.all().map((a) => a.spec.name),
      ),
      collectFactOverview(services, { usage: false }),
    ]);
    // The working side of a conflict first (few, and easily cut off by a long list), then invalid files, then unknown channels and tools.
    const described = [...registry.warnings(), ...registry.invalid()].flatMap((i) =>
      i.problems.map((p) => formatProblem(i.file, p, process.cwd())),
    );
    const problems = [...described, ...knowledge.problems, ...services.channelProblems(), ...services.toolProblems()];
    const view = renderAppHome({ scores, problems, knowledge });
    await services.slack.publishHome(event.user, view);
  });
}
