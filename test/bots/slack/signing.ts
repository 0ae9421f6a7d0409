/**
 * Requests as Slack sends them to a bot's HTTP endpoint: signed with the
 * app's signing secret, with bodies shaped like Slack's events, slash
 * commands and button presses. Bolt's receiver refuses anything unsigned or
 * older than five minutes, so tests that drive the real receiver go through here.
 */
import { createHmac } from "node:crypto";
import { APP_ID, BOT_USER_ID, TEAM_ID } from "./fake-web-api.ts";

/** What a signed request carries: the two headers Slack adds, and the body they sign. */
export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

export interface SigningOptions {
  /** Seconds since the epoch; now unless a test wants a stale request. */
  timestamp?: number;
  /** Sent instead of the right signature, to show a forged request is refused. */
  signature?: string;
}

/** Signs `body` as Slack does: "v0=" and the hex HMAC-SHA256 of `v0:<timestamp>:<body>` under the signing secret. */
export function signedRequest(secret: string, body: string, options: SigningOptions = {}): SignedRequest {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = options.signature ?? `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { headers: { "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature }, body };
}

/** What came back from the bot's endpoint. */
export interface EndpointAnswer {
  status: number;
  text: string;
  headers: Record<string, string>;
}

/** Posts a signed body to the bot's endpoint, as Slack's servers would. */
export async function postSigned(url: string, secret: string, body: string, contentType: string, options: SigningOptions = {}): Promise<EndpointAnswer> {
  const signed = signedRequest(secret, body, options);
  const response = await fetch(url, { method: "POST", headers: { "content-type": contentType, ...signed.headers }, body: signed.body });
  return { status: response.status, text: await response.text(), headers: Object.fromEntries(response.headers) };
}

export const JSON_TYPE = "application/json";
export const FORM_TYPE = "application/x-www-form-urlencoded";

let lastEventId = 0;

/**
 * An Events API delivery (content type JSON) of one event, as Slack wraps it:
 * the team, the app, and the bot the event was authorised for.
 */
export function eventBody(event: Record<string, unknown>, options: { eventId?: string; teamId?: string } = {}): string {
  const teamId = options.teamId ?? TEAM_ID;
  return JSON.stringify({
    token: "verification-token",
    team_id: teamId,
    api_app_id: APP_ID,
    event,
    type: "event_callback",
    event_id: options.eventId ?? `Ev${String(++lastEventId).padStart(8, "0")}`,
    event_time: 1_700_000_000,
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

/** The handshake Slack sends once when an events URL is saved; the bot must echo the challenge. */
export function urlVerificationBody(challenge: string): string {
  return JSON.stringify({ token: "verification-token", challenge, type: "url_verification" });
}

/** The fields of a slash command; the ones a test leaves out get plausible values. */
export interface CommandFields {
  user_id: string;
  channel_id: string;
  text?: string;
  command?: string;
  user_name?: string;
  channel_name?: string;
  team_id?: string;
  trigger_id?: string;
  response_url?: string;
}

/** A slash command (content type form) as Slack posts it, `/baraza` unless `command` says otherwise. */
export function commandBody(fields: CommandFields): string {
  return new URLSearchParams({
    token: "verification-token",
    command: "/baraza",
    text: "",
    user_name: fields.user_id.toLowerCase(),
    channel_name: fields.channel_id.startsWith("D") ? "directmessage" : "general",
    team_id: TEAM_ID,
    team_domain: "baraza-test",
    api_app_id: APP_ID,
    trigger_id: "1000.2000.trigger",
    response_url: "https://hooks.slack.com/commands/T0001/1/response",
    ...fields,
  }).toString();
}

/**
 * A press on an interactive element (content type form): Slack posts the
 * block_actions payload as JSON in one `payload` field. `payload` supplies
 * the rest (user, channel, message, actions), and may override the type.
 */
export function actionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify({ type: "block_actions", api_app_id: APP_ID, team: { id: TEAM_ID, domain: "baraza-test" }, ...payload }) }).toString();
}
