import type { App } from '@slack/bolt';
import type { AppServices } from '../../../app-services.js';
import { publishAppHome } from '../../publish-app-home.js';

/** App Home: every member who opens it sees the first page of the scorecard and the specs with problems. */
export function registerAppHomeOpened(app: App, services: AppServices): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await publishAppHome(services, event.user, { page: 0 });
  });
}
