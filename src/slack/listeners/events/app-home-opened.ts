import type { App } from '@slack/bolt';
import type { AppServices } from '../../../app-services.js';
import { formatProblem } from '../../../specs/load-specs.js';
import { computeScorecard } from '../../../supervision/scorecard.js';
import { renderAppHome } from '../../../surfaces/app-home.js';

/** App Home: every member who opens it sees the scorecard of all agents and the specs with problems. */
export function registerAppHomeOpened(app: App, services: AppServices): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    const registry = services.agents();
    const scores = await computeScorecard(
      services.db,
      registry.all().map((a) => a.spec.name),
    );
    // The working side of a conflict first (few, and easily cut off by a long list), then invalid files, then unknown channels and tools.
    const described = [...registry.warnings(), ...registry.invalid()].flatMap((i) =>
      i.problems.map((p) => formatProblem(i.file, p, process.cwd())),
    );
    const problems = [...described, ...services.channelProblems(), ...services.toolProblems()];
    const view = renderAppHome({ scores, problems });
    await services.slack.publishHome(event.user, view);
  });
}
