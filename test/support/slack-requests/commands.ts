import type { SendOptions, SlackHttpResponse } from './signed-request.js';
import { formBody, SLACK_DEFAULTS, sendSignedRequest, triggerId } from './signed-request.js';

/** Fields of a slash command. */
export interface CommandInput {
  /** Text after the command, e.g. `run triage hello`. */
  text: string;
  /** Invoking user. */
  user_id: string;
  /** Channel the command was typed in. */
  channel_id: string;
  /** Channel name; default `channel`. */
  channel_name?: string;
  /** Where `respond()` posts; default a URL that goes nowhere useful (use `fake.responseUrl()`). */
  response_url?: string;
  /** Default a fresh trigger id. */
  trigger_id?: string;
  /** Default `/coworker`. */
  command?: string;
  /** Default `u1` style from the id. */
  user_name?: string;
  /** Default `T1`. */
  team_id?: string;
}

/** A slash command's fields, all strings, as Slack sends them (form-encoded over HTTP, JSON in Socket Mode). */
export function slashCommandPayload(input: CommandInput): Record<string, string> {
  return {
    token: SLACK_DEFAULTS.token,
    team_id: input.team_id ?? SLACK_DEFAULTS.teamId,
    team_domain: SLACK_DEFAULTS.teamDomain,
    channel_id: input.channel_id,
    channel_name: input.channel_name ?? 'channel',
    user_id: input.user_id,
    user_name: input.user_name ?? input.user_id.toLowerCase(),
    command: input.command ?? '/coworker',
    text: input.text,
    api_app_id: SLACK_DEFAULTS.apiAppId,
    is_enterprise_install: 'false',
    response_url: input.response_url ?? `http://127.0.0.1:9/commands/${SLACK_DEFAULTS.teamId}/unused`,
    trigger_id: input.trigger_id ?? triggerId(),
  };
}

/** Sends a slash command (form-encoded) as Slack does. */
export function sendCommand(
  appUrl: string,
  secret: string,
  input: CommandInput,
  options?: SendOptions,
): Promise<SlackHttpResponse> {
  return sendSignedRequest(
    appUrl,
    secret,
    formBody(slashCommandPayload(input)),
    'application/x-www-form-urlencoded',
    options,
  );
}
