import type { AppServices } from '../../../app-services.js';
import { actionIds } from '../../../surfaces/action-ids.js';
import { decodeNavigation } from '../../../surfaces/app-home.js';
import type { ActionRoutes } from '../../action-routes.js';
import { BlockActionPayload } from '../../payloads.js';
import { publishAppHome } from '../../publish-app-home.js';

/**
 * App Home's Previous / Next buttons and channel filter: the view is published again for the
 * person who clicked, at the page and filter the control names (it changes nothing else).
 */
export function registerHomeNavigation(routes: ActionRoutes, services: AppServices): void {
  for (const id of [actionIds.homePrevious, actionIds.homeNext, actionIds.homeChannel]) {
    routes.on(id, async ({ body, ack }) => {
      await ack();
      const payload = BlockActionPayload.parse(body);
      const action = payload.actions[0];
      const navigation = decodeNavigation(action?.selected_option?.value ?? action?.value ?? undefined) ?? { page: 0 };
      await publishAppHome(services, payload.user.id, navigation);
    });
  }
}
