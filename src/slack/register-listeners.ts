import type { App } from '@slack/bolt';
import type { AppServices } from '../app-services.js';
import { registerActionRoutes } from './action-routes.js';
import { registerCorrectionButtons } from './listeners/actions/correction-buttons.js';
import { registerDisputeButtons } from './listeners/actions/dispute-buttons.js';
import { registerFactNeedsChange } from './listeners/actions/fact-needs-change.js';
import { registerFactVerify } from './listeners/actions/fact-verify.js';
import { registerHomeNavigation } from './listeners/actions/home-navigation.js';
import { registerReviewDecision } from './listeners/actions/review-decision.js';
import { registerReviewEdit } from './listeners/actions/review-edit.js';
import { registerReviewRerun } from './listeners/actions/review-rerun.js';
import { registerRunRetry } from './listeners/actions/run-retry.js';
import { registerCoworkerCommand } from './listeners/commands/coworker-command.js';
import { registerAppHomeOpened } from './listeners/events/app-home-opened.js';
import { registerAppMention } from './listeners/events/app-mention.js';
import { registerMessage } from './listeners/events/message.js';
import { registerEditSubmission } from './listeners/views/edit-submission.js';
import { registerFactChangeSubmission } from './listeners/views/fact-change-submission.js';

/** Every Slack surface the app answers, one registration per listener (the buttons' through one Bolt listener). */
export function registerListeners(app: App, services: AppServices): void {
  registerCoworkerCommand(app, services);
  registerAppMention(app, services);
  registerMessage(app, services);
  registerAppHomeOpened(app, services);
  registerEditSubmission(app, services);
  registerFactChangeSubmission(app, services);
  registerActionRoutes(app, (routes) => {
    registerHomeNavigation(routes, services);
    registerReviewDecision(routes, services);
    registerRunRetry(routes, services);
    registerReviewRerun(routes, services);
    registerReviewEdit(routes, services);
    registerCorrectionButtons(routes, services);
    registerFactVerify(routes, services);
    registerFactNeedsChange(routes, services);
    registerDisputeButtons(routes, services);
  });
  app.error(async (error) => {
    services.logger.error('unhandled error in a Slack listener', error);
  });
}
