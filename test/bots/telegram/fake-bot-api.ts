/**
 * A stand-in for Telegram's Bot API on a local port: the bot's HTTP calls
 * (apiRoot) land here, are recorded, and are answered as Telegram would, or
 * with whatever failure a test asks for. Updates are fed to the bot directly
 * with `bot.handleUpdate()`; this only replaces the transport out.
 */
import { createServer, type Server } from "node:http";
import type { Update, UserFromGetMe } from "grammy/types";
import { FAKE_BOT_INFO, listenOnLoopback } from "../../../src/reliability/loopback-api.ts";

export const TOKEN = "123456:TEST-TOKEN";
export const BOT_INFO: UserFromGetMe = FAKE_BOT_INFO;

export interface ApiCall {
  method: string;
  /** The call's parameters; for an upload, file parts are `Upload`s. */
  payload: Record<string, unknown>;
  /** The id of the message a successful send created. */
  messageId?: number;
  /** When the call arrived (`performance.now()`, in milliseconds). */
  at: number;
}

/** An inline button as the bot drew it. */
export interface Button {
  text: string;
  callback_data?: string;
  url?: string;
}

/** The buttons under the last message in a chat that has any (sent, or edited in), and that message's id. */
export interface Keyboard {
  messageId: number;
  buttons: Button[];
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export interface FakeBotApi {
  apiRoot: string;
  calls: ApiCall[];
  /** Answers the next call of `method` with this failure instead of success. */
  failNext(method: string, status: number, body: Record<string, unknown>): void;
  /** Answers every call of `method` (to `chatId` only, if given) with this failure. */
  refuse(method: string, status: number, body: Record<string, unknown>, chatId?: string | number): void;
  /** Stops refusing: every call succeeds again. */
  forgive(): void;
  /** The texts sent to one chat (a person's id is their private chat), in order. */
  textsTo(chatId: string | number): string[];
  /** The inline buttons now under the newest message in a chat that has any, or null. */
  keyboardIn(chatId: string | number): Keyboard | null;
  close(): Promise<void>;
}

export async function startFakeBotApi(): Promise<FakeBotApi> {
  const calls: ApiCall[] = [];
  const once = new Map<string, Answer[]>();
  const always = new Map<string, Answer & { chatId?: string }>();
  const refused = (method: string, payload: Record<string, unknown>): Answer | undefined => {
    const answer = always.get(method);
    return answer && (answer.chatId === undefined || answer.chatId === String(payload["chat_id"])) ? answer : undefined;
  };
  let messageId = 0;

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        const method = (request.url ?? "").split("/").pop() ?? "";
        const payload = await parse(request.headers["content-type"] ?? "", Buffer.concat(chunks)).catch(() => null);
        if (!payload) {
          response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error_code: 400, description: "Bad Request: unreadable body" }));
          return;
        }
        const call: ApiCall = { method, payload, at: performance.now() };
        calls.push(call);
        // Long polling: no updates, after a pause, as Telegram does when nothing happens.
        if (method === "getUpdates") await new Promise((resolve) => setTimeout(resolve, 100));
        const answer = once.get(method)?.shift() ?? refused(method, payload) ?? { status: 200, body: { ok: true, result: success(method, payload, ++messageId) } };
        if (answer.status === 200 && method.startsWith("send")) call.messageId = messageId;
        response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
      })();
    });
  });
  const apiRoot = await listenOnLoopback(server);

  return {
    apiRoot,
    calls,
    failNext(method, status, body) {
      once.set(method, [...(once.get(method) ?? []), { status, body }]);
    },
    refuse(method, status, body, chatId) {
      always.set(method, { status, body, ...(chatId === undefined ? {} : { chatId: String(chatId) }) });
    },
    forgive() {
      always.clear();
    },
    textsTo(chatId) {
      return calls.filter((c) => c.method === "sendMessage" && String(c.payload["chat_id"]) === String(chatId)).map((c) => String(c.payload["text"]));
    },
    keyboardIn(chatId) {
      // Each message's markup as it stands after every send and edit, newest message last.
      const markups = new Map<number, unknown>();
      for (const c of calls) {
        if (String(c.payload["chat_id"]) !== String(chatId)) continue;
        if (c.method === "sendMessage" && c.messageId !== undefined) markups.set(c.messageId, c.payload["reply_markup"]);
        if (c.method === "editMessageText" || c.method === "editMessageReplyMarkup") markups.set(Number(c.payload["message_id"]), c.payload["reply_markup"]);
      }
      const withButtons = [...markups.entries()].filter(([, markup]) => inlineButtons(markup).length > 0).sort((a, b) => a[0] - b[0]);
      const [id, markup] = withButtons.at(-1) ?? [];
      return id === undefined ? null : { messageId: id, buttons: inlineButtons(markup) };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function inlineButtons(markup: unknown): Button[] {
  const parsed: unknown = typeof markup === "string" ? JSON.parse(markup) : markup;
  if (typeof parsed !== "object" || parsed === null || !("inline_keyboard" in parsed) || !Array.isArray(parsed.inline_keyboard)) return [];
  return (parsed.inline_keyboard as Button[][]).flat();
}

async function parse(contentType: string, body: Buffer): Promise<Record<string, unknown>> {
  if (body.length === 0) return {};
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (boundary) return parseMultipart(body, boundary);
  const parsed: unknown = JSON.parse(body.toString("utf8"));
  return typeof parsed === "object" && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {};
}

/** An uploaded file, as the fake received it. */
export interface Upload {
  filename: string;
  data: Buffer;
}

/**
 * grammY's uploads: one part per field, files in parts of their own that the
 * fields name as `attach://<id>` (filenames unquoted, which undici refuses).
 */
function parseMultipart(body: Buffer, boundary: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const files = new Map<string, Upload>();
  const text = body.toString("latin1");
  for (const part of text.split(`--${boundary}`).slice(1, -1)) {
    const [head = "", ...rest] = part.replace(/^\r\n/, "").split("\r\n\r\n");
    const value = rest.join("\r\n\r\n").replace(/\r\n$/, "");
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? "";
    const filename = /filename="?([^"\r\n;]*)"?/.exec(head)?.[1];
    if (filename !== undefined) files.set(name, { filename, data: Buffer.from(value, "latin1") });
    else fields[name] = Buffer.from(value, "latin1").toString("utf8");
  }
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string" && value.startsWith("attach://")) fields[key] = files.get(value.slice("attach://".length));
  }
  return fields;
}

/** What Telegram answers a successful call with, as far as the bot reads it. */
function success(method: string, payload: Record<string, unknown>, messageId: number): unknown {
  if (method === "getMe") return BOT_INFO;
  if (method === "getUpdates") return [];
  if (!method.startsWith("send")) return true;
  const chatId = Number(payload["chat_id"]);
  return { message_id: messageId, date: 0, chat: { id: chatId, type: chatId < 0 ? "group" : "private" }, ...(typeof payload["text"] === "string" ? { text: payload["text"] } : {}) };
}

let nextUpdateId = 1000;

/** A person, as Telegram describes them. */
export interface Person {
  id: number;
  first_name: string;
}

/** A text message from `from` in `chat` (a group's negative id, or the person's own id for private). */
export function message(from: Person, chat: number, text: string, updateId = ++nextUpdateId): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 0,
      from: { ...from, is_bot: false },
      chat: chat < 0 ? { id: chat, type: "supergroup", title: "Ward 5 working group" } : { id: chat, type: "private", first_name: from.first_name },
      text,
      ...(text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 0 }] } : {}),
    },
  };
}

/** A press of an inline button carrying `data`, under the message `messageId` the bot sent in `chat`. */
export function press(from: Person, chat: number, data: string, updateId = ++nextUpdateId, messageId = 1): Update {
  return {
    update_id: updateId,
    callback_query: {
      id: `press-${updateId}`,
      from: { ...from, is_bot: false },
      chat_instance: "instance",
      data,
      message: {
        message_id: messageId,
        date: 0,
        from: { ...BOT_INFO },
        chat: chat < 0 ? { id: chat, type: "supergroup", title: "Ward 5 working group" } : { id: chat, type: "private", first_name: from.first_name },
        text: "Which language?",
      },
    },
  };
}

/** The bot's own membership of a group changing from `from` status to `to`, by `by` (Telegram's my_chat_member). */
export function botMembership(by: Person, chat: number, change: { from: "left" | "member"; to: "member" | "administrator" | "left" }, updateId = ++nextUpdateId): Update {
  const member = (status: "left" | "member" | "administrator") =>
    status === "administrator"
      ? ({ status, user: { ...BOT_INFO }, can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: false, can_manage_video_chats: false, can_restrict_members: false, can_promote_members: false, can_change_info: false, can_invite_users: true, can_post_stories: false, can_edit_stories: false, can_delete_stories: false, can_send_welcome_messages: false } as const)
      : ({ status, user: { ...BOT_INFO } } as const);
  return {
    update_id: updateId,
    my_chat_member: {
      chat: { id: chat, type: "supergroup", title: "Ward 5 working group" },
      from: { ...by, is_bot: false },
      date: 0,
      old_chat_member: member(change.from),
      new_chat_member: member(change.to),
    },
  };
}
