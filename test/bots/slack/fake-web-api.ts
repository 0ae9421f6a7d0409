/**
 * A stand-in for Slack's Web API on a local port: the bot's WebClient
 * (`clientOptions: { slackApiUrl: fake.url }`) lands here, every call is
 * recorded, and each is answered as Slack would, or with whatever failure a
 * test asks for. Events, commands and actions are fed to the bot's receiver
 * directly (see signing.ts); this only replaces the transport out, plus
 * Socket Mode's link when a test runs the bot that way.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { acceptWebSocket, type WebSocketPeer } from "./fake-socket.ts";
import { listenOnLoopback } from "../../../src/reliability/loopback-api.ts";

export const DEFAULT_TOKEN = "xoxb-test-token";
export const DEFAULT_APP_TOKEN = "xapp-test-token";
export const BOT_USER_ID = "UBARAZA";
export const BOT_ID = "BBARAZA";
export const TEAM_ID = "T0001";
export const APP_ID = "A0001";
const BOT_NAME = "baraza";
const TEAM_NAME = "Baraza Test";
const TEAM_URL = "https://baraza-test.slack.com/";

/** The fields Slack reads as JSON when they arrive as form fields (WebClient stringifies any object it sends). */
const JSON_FIELDS = new Set(["blocks", "attachments", "files", "metadata", "view"]);

export interface SlackCall {
  method: string;
  /** The call's arguments, form or JSON decoded, with JSON-valued fields (blocks, files…) parsed. */
  payload: Record<string, unknown>;
  ok: boolean;
  /** What the fake answered; a rate-limited call is `{ ok: false, error: "ratelimited" }`. */
  response: Record<string, unknown>;
}

/** A person in the fake workspace; `locale` is Slack's form, like "en-US" or "my-MM". */
export interface SlackUser {
  id: string;
  name: string;
  locale?: string;
}

/** A message as people in its channel now see it. */
export interface SeenMessage {
  ts: string;
  text: string;
  blocks: unknown[];
  thread_ts?: string;
}

/** An ephemeral message, seen by one person only. */
export interface SeenEphemeral {
  ts: string;
  text: string;
  blocks: unknown[];
}

/** A file shared in a channel. */
export interface SeenFile {
  name: string;
  bytes: Buffer;
  comment?: string;
}

/** What Socket Mode carries to the bot: Slack's envelope types. */
export type EnvelopeType = "events_api" | "slash_commands" | "interactive";

export interface Envelope {
  type: EnvelopeType;
  payload: Record<string, unknown>;
  envelope_id?: string;
  accepts_response_payload?: boolean;
}

/** The bot's acknowledgement of an envelope: its id and whatever the bot answered with. */
export interface Ack {
  envelope_id: string;
  payload: Record<string, unknown>;
}

interface Refusal {
  method: string;
  error: string;
  match?: (payload: Record<string, unknown>) => boolean;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

interface Upload {
  name: string;
  bytes?: Buffer;
}

interface Share {
  channel: string;
  fileIds: string[];
  comment?: string;
}

type Handler = (payload: Record<string, unknown>) => Record<string, unknown>;

export class FakeSlackApi {
  /** Every call in the order it arrived, refused and rate-limited ones included. */
  readonly calls: SlackCall[] = [];
  /** The slackApiUrl to give the WebClient; it ends with `/api/` as WebClient expects. */
  readonly url: string;

  private readonly origin: string;
  private readonly token: string;
  private readonly appToken: string;
  private readonly users = new Map<string, SlackUser>();
  /** Each channel's messages by ts, in the order they were posted. */
  private readonly channels = new Map<string, Map<string, SeenMessage>>();
  private readonly ephemeralMessages: (SeenEphemeral & { channel: string; user: string })[] = [];
  private readonly uploads = new Map<string, Upload>();
  private readonly shares: Share[] = [];
  private readonly refusals: Refusal[] = [];
  private readonly rateLimits = new Map<string, { retryAfterSeconds: number; times: number }>();
  private readonly sockets = new Set<WebSocketPeer>();
  private readonly waitingAcks = new Map<string, (ack: Ack) => void>();
  private lastTs = 0;
  private lastFile = 0;
  private lastEnvelope = 0;

  private constructor(
    private readonly server: Server,
    origin: string,
    options: { token?: string; appToken?: string },
  ) {
    this.origin = origin;
    this.url = `${origin}/api/`;
    this.token = options.token ?? DEFAULT_TOKEN;
    this.appToken = options.appToken ?? DEFAULT_APP_TOKEN;
  }

  /** Listens on a free loopback port. `token` is the bot token the fake accepts; `appToken` the xapp- token for Socket Mode. */
  static async start(options: { token?: string; appToken?: string } = {}): Promise<FakeSlackApi> {
    const server = createServer();
    const origin = await listenOnLoopback(server);
    const fake = new FakeSlackApi(server, origin, options);
    server.on("request", (request: IncomingMessage, response: ServerResponse) => void fake.serve(request, response));
    server.on("upgrade", (request: IncomingMessage, socket: Duplex) => fake.link(request, socket));
    return fake;
  }

  /** Adds a person that users.info can describe. */
  addUser(user: SlackUser): void {
    this.users.set(user.id, user);
  }

  /** The id of a person's direct-message channel with the bot. */
  dmOf(userId: string): string {
    return `D${userId}`;
  }

  /**
   * Answers every call of `method` (only those `match` picks, if given) with
   * `{ ok: false, error }`. The POST of a file's bytes is the method "upload".
   */
  refuse(method: string, error: string, match?: (payload: Record<string, unknown>) => boolean): void {
    this.refusals.push({ method, error, ...(match ? { match } : {}) });
  }

  /** Answers the next `times` calls of `method` with HTTP 429 and Retry-After, as Slack does when a bot goes too fast. */
  rateLimit(method: string, retryAfterSeconds: number, times = 1): void {
    this.rateLimits.set(method, { retryAfterSeconds, times });
  }

  /** Stops refusing and rate limiting: every call succeeds again. */
  forgive(): void {
    this.refusals.length = 0;
    this.rateLimits.clear();
  }

  /** The messages in a channel (a person's id means their DM), as they stand after updates and deletions, oldest first. */
  messages(channel: string): SeenMessage[] {
    return [...(this.channels.get(this.resolve(channel))?.values() ?? [])].map((message) => ({ ...message }));
  }

  /** The ephemeral messages one person was shown in a channel, oldest first. */
  ephemerals(channel: string, user: string): SeenEphemeral[] {
    const id = this.resolve(channel);
    return this.ephemeralMessages.filter((e) => e.channel === id && e.user === user).map(({ ts, text, blocks }) => ({ ts, text, blocks }));
  }

  /**
   * The files shared in a channel, with the comment posted alongside them,
   * oldest first. Slack would also show the share as a message; `messages()`
   * leaves it out, so a channel's texts stay what the bot posted.
   */
  files(channel: string): SeenFile[] {
    const id = this.resolve(channel);
    return this.shares
      .filter((share) => share.channel === id)
      .flatMap((share) =>
        share.fileIds.map((fileId) => {
          const upload = this.uploads.get(fileId);
          return { name: upload?.name ?? "", bytes: upload?.bytes ?? Buffer.alloc(0), ...(share.comment === undefined ? {} : { comment: share.comment }) };
        }),
      );
  }

  /**
   * Sends an envelope over every open Socket Mode link, as Slack delivers an
   * event, command or action, and resolves with the bot's ack for it.
   */
  socketSend(envelope: Envelope): Promise<Ack> {
    if (this.sockets.size === 0) return Promise.reject(new Error("No Socket Mode client is connected: start the app before sending it envelopes."));
    const envelope_id = envelope.envelope_id ?? `envelope-${++this.lastEnvelope}`;
    const acked = new Promise<Ack>((resolve) => this.waitingAcks.set(envelope_id, resolve));
    const message = JSON.stringify({ envelope_id, type: envelope.type, payload: envelope.payload, accepts_response_payload: envelope.accepts_response_payload ?? envelope.type !== "events_api", retry_attempt: 0, retry_reason: "" });
    for (const socket of this.sockets) socket.send(message);
    return acked;
  }

  /** Closes Socket Mode links and stops listening. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.close();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    const path = new URL(request.url ?? "/", this.origin).pathname;
    const contentType = request.headers["content-type"] ?? "";
    if (path.startsWith("/upload/")) {
      const answer = this.answer("upload", await uploadPayload(path.slice("/upload/".length), contentType, body), true);
      response.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers }).end(answer.body["ok"] ? `OK - ${body.length}` : String(answer.body["error"]));
      return;
    }
    if (!path.startsWith("/api/")) {
      response.writeHead(404).end();
      return;
    }
    const payload = decode(contentType, body);
    if (!payload) {
      response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error: "invalid_form_data" }));
      return;
    }
    const method = path.slice("/api/".length);
    const answer = this.answer(method, payload, this.authorised(method, request.headers.authorization, payload));
    response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers }).end(JSON.stringify(answer.body));
  }

  /** A bot token for the Web API, the app-level token for opening a Socket Mode link; as a header or a form field. */
  private authorised(method: string, header: string | undefined, payload: Record<string, unknown>): boolean {
    const given = header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : payload["token"];
    return given === (method === "apps.connections.open" ? this.appToken : this.token);
  }

  private answer(method: string, payload: Record<string, unknown>, authorised: boolean): Answer {
    const limit = this.rateLimits.get(method);
    const refusal = this.refusals.find((r) => r.method === method && (!r.match || r.match(payload)));
    const handler = this.handlers[method];
    let answer: Answer;
    if (!authorised) answer = failure("invalid_auth");
    else if (limit && limit.times > 0) {
      limit.times -= 1;
      answer = { status: 429, headers: { "retry-after": String(limit.retryAfterSeconds) }, body: { ok: false, error: "ratelimited" } };
    } else if (refusal) answer = failure(refusal.error);
    else if (!handler) answer = failure("unknown_method");
    else {
      const body = handler(payload);
      answer = { status: 200, headers: {}, body: "error" in body ? { ok: false, ...body } : { ok: true, ...body } };
    }
    this.calls.push({ method, payload, ok: answer.body["ok"] === true, response: answer.body });
    return answer;
  }

  /** What Slack answers each method with, as far as the bot reads it; `{ error }` for a failure. */
  private readonly handlers: Record<string, Handler> = {
    "auth.test": () => ({ url: TEAM_URL, team: TEAM_NAME, user: BOT_NAME, team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID, is_enterprise_install: false }),
    "bots.info": () => ({ bot: { id: BOT_ID, app_id: APP_ID, user_id: BOT_USER_ID, name: BOT_NAME, deleted: false } }),
    "users.info": (p) => {
      const user = this.users.get(text(p["user"]));
      if (!user) return { error: "user_not_found" };
      const withLocale = p["include_locale"] === true || p["include_locale"] === "true";
      return {
        user: {
          id: user.id,
          team_id: TEAM_ID,
          name: user.name,
          real_name: user.name,
          is_bot: false,
          profile: { display_name: user.name, real_name: user.name },
          ...(withLocale && user.locale !== undefined ? { locale: user.locale } : {}),
        },
      };
    },
    "conversations.open": (p) => {
      const users = text(p["users"]).split(",").filter(Boolean);
      if (users.includes(BOT_USER_ID)) return { error: "cannot_dm_bot" };
      if (users.length !== 1) return users.length === 0 ? { error: "users_list_not_supplied" } : { channel: { id: `G${users.sort().join("")}` } };
      return { channel: { id: this.dmOf(users[0] ?? "") } };
    },
    "chat.postMessage": (p) => {
      const channel = this.resolve(text(p["channel"]));
      if (!isChannel(channel)) return { error: "channel_not_found" };
      if (p["text"] === undefined && p["blocks"] === undefined) return { error: "no_text" };
      const message: SeenMessage = { ts: this.nextTs(), text: text(p["text"]), blocks: list(p["blocks"]), ...(p["thread_ts"] === undefined ? {} : { thread_ts: text(p["thread_ts"]) }) };
      this.channel(channel).set(message.ts, message);
      return { channel, ts: message.ts, message: { type: "message", user: BOT_USER_ID, bot_id: BOT_ID, ...message } };
    },
    "chat.postEphemeral": (p) => {
      const channel = this.resolve(text(p["channel"]));
      if (!isChannel(channel)) return { error: "channel_not_found" };
      const ts = this.nextTs();
      this.ephemeralMessages.push({ channel, user: text(p["user"]), ts, text: text(p["text"]), blocks: list(p["blocks"]) });
      return { message_ts: ts };
    },
    "chat.update": (p) => {
      const channel = this.resolve(text(p["channel"]));
      const message = this.channels.get(channel)?.get(text(p["ts"]));
      if (!message) return { error: "message_not_found" };
      if (p["text"] !== undefined) message.text = text(p["text"]);
      if (p["blocks"] !== undefined) message.blocks = list(p["blocks"]);
      return { channel, ts: message.ts, text: message.text, message: { text: message.text, blocks: message.blocks } };
    },
    "chat.delete": (p) => {
      const channel = this.resolve(text(p["channel"]));
      return this.channels.get(channel)?.delete(text(p["ts"])) ? { channel, ts: text(p["ts"]) } : { error: "message_not_found" };
    },
    "conversations.leave": (p) => (isChannel(text(p["channel"])) ? {} : { error: "channel_not_found" }),
    "conversations.history": (p) => {
      const latest = p["latest"] === undefined ? Infinity : Number(p["latest"]);
      const inclusive = p["inclusive"] === true || p["inclusive"] === "true";
      const limit = p["limit"] === undefined ? 100 : Number(p["limit"]);
      const found = this.messages(text(p["channel"]))
        .filter((m) => Number(m.ts) < latest || (inclusive && Number(m.ts) === latest))
        .reverse()
        .slice(0, limit);
      return { messages: found.map((m) => ({ type: "message", user: BOT_USER_ID, bot_id: BOT_ID, ...m })), has_more: false };
    },
    "files.getUploadURLExternal": (p) => {
      if (p["filename"] === undefined || p["length"] === undefined) return { error: "invalid_arguments" };
      const file_id = `F${String(++this.lastFile).padStart(4, "0")}`;
      this.uploads.set(file_id, { name: text(p["filename"]) });
      return { upload_url: `${this.origin}/upload/${file_id}`, file_id };
    },
    upload: (p) => {
      const upload = this.uploads.get(text(p["file_id"]));
      if (!upload) return { error: "file_not_found" };
      upload.bytes = Buffer.isBuffer(p["bytes"]) ? p["bytes"] : Buffer.alloc(0);
      return {};
    },
    "files.completeUploadExternal": (p) => {
      const files = list(p["files"]).map((f) => (isRecord(f) ? { id: text(f["id"]), title: f["title"] } : { id: "", title: undefined }));
      if (files.length === 0 || files.some((f) => this.uploads.get(f.id)?.bytes === undefined)) return { error: "file_not_found" };
      if (p["channel_id"] !== undefined) {
        const channel = this.resolve(text(p["channel_id"]));
        if (!isChannel(channel)) return { error: "channel_not_found" };
        this.shares.push({ channel, fileIds: files.map((f) => f.id), ...(p["initial_comment"] === undefined ? {} : { comment: text(p["initial_comment"]) }) });
      }
      return { files: files.map((f) => ({ id: f.id, name: this.uploads.get(f.id)?.name, title: f.title ?? this.uploads.get(f.id)?.name })) };
    },
    "apps.connections.open": () => ({ url: `${this.origin.replace(/^http/, "ws")}/link` }),
  };

  /** Socket Mode: takes the link WebClient was given, greets it with hello, and hands each ack to the test waiting for it. */
  private link(request: IncomingMessage, socket: Duplex): void {
    const peer = acceptWebSocket(request, socket, (message) => {
      const ack = parseJson(message);
      if (!isRecord(ack) || typeof ack["envelope_id"] !== "string") return;
      const envelope_id = ack["envelope_id"];
      this.waitingAcks.get(envelope_id)?.({ envelope_id, payload: isRecord(ack["payload"]) ? ack["payload"] : {} });
      this.waitingAcks.delete(envelope_id);
    });
    if (!peer) return;
    this.sockets.add(peer);
    peer.onClose(() => this.sockets.delete(peer));
    peer.send(JSON.stringify({ type: "hello", num_connections: this.sockets.size, connection_info: { app_id: APP_ID } }));
  }

  /** A person's id stands for their DM with the bot, as chat.postMessage allows. */
  private resolve(channel: string): string {
    return channel.startsWith("U") || channel.startsWith("W") ? this.dmOf(channel) : channel;
  }

  private channel(id: string): Map<string, SeenMessage> {
    const found = this.channels.get(id) ?? new Map<string, SeenMessage>();
    this.channels.set(id, found);
    return found;
  }

  /**
   * Message timestamps as Slack writes them ("1700000000.000100"): the time
   * of posting in microseconds, as Slack's are (so a test can tell the pace
   * of posts), kept strictly increasing so order and identity both hold.
   */
  private nextTs(): string {
    this.lastTs = Math.max(Date.now() * 1000, this.lastTs + 1);
    return `${Math.floor(this.lastTs / 1_000_000)}.${String(this.lastTs % 1_000_000).padStart(6, "0")}`;
  }
}

function failure(error: string): Answer {
  return { status: 200, headers: {}, body: { ok: false, error } };
}

function isChannel(id: string): boolean {
  return /^[CGD][A-Z0-9]+$/.test(id);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The arguments of a Web API call: WebClient sends a form, other clients JSON; either way JSON-valued fields come back parsed. */
function decode(contentType: string, body: Buffer): Record<string, unknown> | null {
  const raw = body.toString("utf8");
  if (contentType.includes("application/json")) {
    const parsed: unknown = raw === "" ? {} : parseJson(raw);
    return isRecord(parsed) ? withJsonFields(parsed) : null;
  }
  return withJsonFields(Object.fromEntries(new URLSearchParams(raw)));
}

function withJsonFields(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, JSON_FIELDS.has(key) && typeof value === "string" ? (parseJson(value) ?? value) : value]));
}

function parseJson(raw: string): unknown {
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed;
  } catch {
    return null;
  }
}

/** The bytes posted to an upload URL: WebClient sends them as the one file of a multipart form; a raw body is taken as is. */
async function uploadPayload(fileId: string, contentType: string, body: Buffer): Promise<Record<string, unknown>> {
  if (!contentType.startsWith("multipart/form-data")) return { file_id: fileId, bytes: body };
  const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
  for (const [field, value] of form) {
    if (typeof value !== "string") return { file_id: fileId, field, filename: value.name, bytes: Buffer.from(await value.arrayBuffer()) };
  }
  return { file_id: fileId, bytes: Buffer.alloc(0) };
}
