import type { AppServices } from '../app-services.js';
import { formatProblem } from '../specs/load-specs.js';
import { collectFactOverview } from '../supervision/fact-overview.js';
import { buildHomeBoard, type HomeState } from '../supervision/home-board.js';
import { renderAppHome } from '../surfaces/app-home.js';

/** Builds App Home for `state` (page, channel filter) from the database and publishes it for `userId`. */
export async function publishAppHome(services: AppServices, userId: string, state: HomeState): Promise<void> {
  const registry = services.agents();
  const [board, knowledge] = await Promise.all([
    buildHomeBoard(services.db, registry, state),
    collectFactOverview(services, { usage: false }),
  ]);
  // The working side of a conflict first (few, and easily cut off by a long list), then invalid files, then unknown channels and tools.
  const described = [...registry.warnings(), ...registry.invalid()].flatMap((i) =>
    i.problems.map((p) => formatProblem(i.file, p, process.cwd())),
  );
  const problems = [...described, ...knowledge.problems, ...services.channelProblems(), ...services.toolProblems()];
  await services.slack.publishHome(userId, renderAppHome({ board, problems, knowledge }));
}
