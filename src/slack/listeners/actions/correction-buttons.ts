import type { AppServices } from '../../../app-services.js';
import { announceRetirement, type Retired, retire } from '../../../corrections/retire-correction.js';
import { getCorrection } from '../../../db/corrections-repository.js';
import { CoworkerError } from '../../../errors.js';
import { startRevision } from '../../../orchestration/start-revision.js';
import { continueRun } from '../../../orchestration/start-run.js';
import { actionIds } from '../../../surfaces/action-ids.js';
import { decodeCorrectionRef, renderCorrectionAck } from '../../../surfaces/correction-ack.js';
import type { ActionRoutes } from '../../action-routes.js';
import { BlockActionPayload, clickOrigin } from '../../payloads.js';
import { refuseClick, replyToClicker } from '../../reply-ephemeral.js';

/** Revise and Not a correction / Retire: the buttons on corrections. */
export function registerCorrectionButtons(routes: ActionRoutes, services: AppServices): void {
  routes.on(actionIds.correctionRevise, async ({ body, ack }) => {
    const payload = BlockActionPayload.parse(body);
    try {
      const correctionId = requireCorrectionId(payload.actions[0]?.value);
      const run = await startRevision(services, {
        correctionId,
        userId: payload.user.id,
        origin: clickOrigin(payload),
      });
      await ack();
      continueRun(services, run);
      const correction = await getCorrection(services.db, correctionId);
      if (correction?.channel_id && correction.ack_ts) {
        const view = renderCorrectionAck({ correction, state: { status: 'revising', by: payload.user.id } });
        await services.slack.updateMessage({
          channel: correction.channel_id,
          ts: correction.ack_ts,
          text: view.text,
          blocks: view.blocks,
        });
      }
    } catch (err) {
      await refuseClick(services, payload, err, ack);
    }
  });

  routes.on(actionIds.correctionRetire, async ({ body, ack }) => {
    const payload = BlockActionPayload.parse(body);
    let retired: Retired;
    try {
      const correctionId = requireCorrectionId(payload.actions[0]?.value);
      retired = await retire(services, { correctionId, userId: payload.user.id, origin: clickOrigin(payload) });
    } catch (err) {
      return refuseClick(services, payload, err, ack);
    }
    await ack();
    const { correction } = retired;
    await replyToClicker(
      services.slack,
      services.logger,
      payload,
      `Retired: \`${correction.agent}\` will not be given "${correction.instruction}" any more.`,
    );
    await services.work.startOrRun(() => announceRetirement(services, retired));
  });
}

function requireCorrectionId(value: string | null | undefined): string {
  const id = decodeCorrectionRef(value ?? '');
  if (!id) throw new CoworkerError('review_not_found', 'This button does not point at a correction any more.');
  return id;
}
