import type { App } from '@slack/bolt';
import type { AppServices } from '../../../app-services.js';
import { listActiveCorrections } from '../../../db/corrections-repository.js';
import { CoworkerError, toCoworkerError } from '../../../errors.js';
import { continueRun } from '../../../orchestration/start-run.js';
import { recordRunsOnce } from '../../../runs/record-runs-once.js';
import type { ChannelInfo } from '../../../slack-port.js';
import { describeChannelAgents, resolveAgent } from '../../../specs/resolve-agent.js';
import { collectFactOverview } from '../../../supervision/fact-overview.js';
import { renderCorrectionsList } from '../../../surfaces/correction-ack.js';
import { renderKnowledgeList } from '../../../surfaces/knowledge-list.js';
import { parseCommand } from '../../../triggers/parse-command.js';
import { logListenerFailure } from '../../log-listener-failure.js';
import { SlashCommandPayload } from '../../payloads.js';
import { helpText, listText } from './describe-agents.js';
import { describeStatus } from './describe-status.js';

/**
 * `/coworker …`. Answers are ephemeral (only the person who typed sees them). A run is
 * recorded before the ack and executed after it, so Slack gets its answer well within 3 s; a
 * command that starts a run does so once per `trigger_id` (answers that change nothing repeat).
 */
export function registerCoworkerCommand(app: App, services: AppServices): void {
  app.command('/coworker', async ({ command, ack, respond }) => {
    const payload = SlashCommandPayload.parse(command);
    const channel: ChannelInfo = payload.channel_name
      ? { id: payload.channel_id, name: payload.channel_name }
      : await services.slack.channelInfo(payload.channel_id);
    const registry = services.agents();
    const parsed = parseCommand(payload.text);
    try {
      switch (parsed.kind) {
        case 'help':
          return await ack({ response_type: 'ephemeral', text: helpText(registry, channel) });
        case 'list':
          return await ack({
            response_type: 'ephemeral',
            text: listText(registry, channel, services.nextScheduledRun),
          });
        case 'status':
          return await ack({ response_type: 'ephemeral', text: await describeStatus(services.db, registry, channel) });
        case 'corrections': {
          const name = requireAgentName(parsed.agent, registry, channel, 'corrections');
          const list = renderCorrectionsList(name, await listActiveCorrections(services.db, name));
          return await ack({ response_type: 'ephemeral', text: list.text, blocks: list.blocks });
        }
        case 'knowledge': {
          const list = renderKnowledgeList(await collectFactOverview(services, { usage: true }), new Date());
          return await ack({ response_type: 'ephemeral', text: list.text, blocks: list.blocks });
        }
        case 'run':
        case 'trigger': {
          const agent =
            parsed.kind === 'run'
              ? resolveAgent(registry, requireAgentName(parsed.agent, registry, channel), channel)
              : (registry.byCommand(parsed.command, channel) ?? unknownCommand(parsed.command, registry, channel));
          // Once per trigger_id, committed with the run: the same signed command delivered again
          // is acknowledged with nothing run (Slack would not show a second answer anyway).
          const [run] = await recordRunsOnce(services.db, { kind: 'command', triggerId: payload.trigger_id }, [
            {
              instanceId: services.instanceId,
              agent,
              trigger: {
                kind: 'command',
                userId: payload.user_id,
                detail: parsed.kind === 'run' ? `/coworker run ${agent.spec.name}` : `/coworker ${parsed.command}`,
              },
              input: parsed.input,
              channelId: payload.channel_id,
            },
          ]);
          await ack();
          if (!run) return;
          continueRun(services, run, async (text) => {
            await respond({ response_type: 'ephemeral', text });
          });
          return;
        }
        default: {
          const unknown: never = parsed;
          throw new Error(`unhandled command ${JSON.stringify(unknown)}`);
        }
      }
    } catch (err) {
      const error = toCoworkerError(err);
      logListenerFailure(services.logger, `/coworker ${payload.text}`, error, err);
      await ack({ response_type: 'ephemeral', text: error.message });
    }
  });
}

function requireAgentName(
  name: string | undefined,
  registry: ReturnType<AppServices['agents']>,
  channel: ChannelInfo,
  subcommand: 'run' | 'corrections' = 'run',
): string {
  if (name) return name;
  const usage = subcommand === 'run' ? '/coworker run <agent> [input]' : '/coworker corrections <agent>';
  throw new CoworkerError('usage', `Which agent? Use \`${usage}\`. ${describeChannelAgents(registry, channel)}`);
}

function unknownCommand(command: string, registry: ReturnType<AppServices['agents']>, channel: ChannelInfo): never {
  const agent = registry.get(command);
  const hint = agent ? ` To run the agent \`${command}\`, use \`/coworker run ${command} [input]\`.` : '';
  const commands = registry
    .inChannel(channel)
    .flatMap((a) => (a.spec.triggers.command ? [`\`/coworker ${a.spec.triggers.command}\``] : []));
  const offer = commands.length > 0 ? ` Commands here: ${commands.join(', ')}.` : '';
  throw new CoworkerError(
    'agent_unknown',
    `\`/coworker ${command}\` is not a command in this channel.${hint}${offer} ${describeChannelAgents(registry, channel)} See \`/coworker help\`.`,
  );
}
