/**
 * A Baraza on a fresh store (SQLite unless asked for PostgreSQL), driven
 * like the terminal: people speak in the group or in private, and tests read
 * what each person was sent and what the store holds. The clock only moves
 * when a test moves it.
 */
import { Duration } from "luxon";
import { MovableClock } from "../../src/clock.ts";
import { createBaraza, type Baraza } from "../../src/flows/baraza.ts";
import type { Outbound } from "../../src/flows/messages.ts";
import { commandForm, renderCommands } from "../../src/flows/commands.ts";
import { present } from "../../src/flows/present.ts";
import type { Store } from "../../src/flows/ports.ts";
import type { Texts } from "../../src/flows/texts.ts";
import { loadTexts, LOCALES_DIR } from "../../src/i18n.ts";
import type { Db } from "../../src/store/database.ts";
import { createStore } from "../../src/store/store.ts";
import { migratedUrl } from "../store/databases.ts";
import { openDatabase, type Provider } from "../../src/store/database.ts";

export const PLATFORM = "test";
export const GROUP = "group-1";
/** 09:00 in Yangon. */
export const START = new Date("2026-11-23T02:30:00Z");

export interface Harness {
  baraza: Baraza;
  store: Store;
  db: Db;
  provider: Provider;
  /** The store's DATABASE_URL. */
  url: string;
  clock: MovableClock;
  /** The texts as a text-only channel shows them (commands written `/vote`), to compare with what people read. */
  texts: Texts;
  /** Everything sent so far, oldest first. */
  sent: Outbound[];
  /** What the bot logged. */
  logged: Record<string, unknown>[];
  /** A person speaks in a group chat (GROUP unless given); returns what the bot sent. */
  group(person: string, text: string, chatId?: string): Promise<Outbound[]>;
  /** A person writes to the bot privately. */
  dm(person: string, text: string): Promise<Outbound[]>;
  /**
   * A person the platform knows by several ids (WhatsApp: an `@lid` id in
   * groups, a phone id in private), writing from `id`, named `name`, with
   * `aliases` as the other ids the platform gives with the message
   * (`Inbound.sender.aliases`). Their private chat's id is `dm-<id>`.
   */
  from(sender: { id: string; name: string; aliases?: string[] }): { group(text: string, chatId?: string): Promise<Outbound[]>; dm(text: string): Promise<Outbound[]> };
  /**
   * A person presses the button of `message` whose label contains `label`
   * (or whose number it is), in the chat the message was sent to, as a
   * platform adapter reports a press.
   */
  press(person: string, message: Outbound, label: string | number): Promise<Outbound[]>;
  wait(duration: string): Promise<Outbound[]>;
  /** Stops this Baraza and starts a new one on the same database, as a process restart would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The texts, loaded once per test file (twelve languages take a moment to load) and shared by its harnesses and `shown`, as one process shares them. */
let loadedTexts: Texts | undefined;
const sharedTexts = (): Texts => (loadedTexts ??= loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en", strict: true }));

export async function startHarness(provider: Provider = "sqlite"): Promise<Harness> {
  const fresh = await migratedUrl(provider);
  const logged: Record<string, unknown>[] = [];
  const clock = new MovableClock(() => START);
  const texts = sharedTexts();
  let counter = 0;
  const open = async () => {
    const database = await openDatabase(fresh.url);
    const store = createStore(database);
    const baraza = createBaraza({
      store,
      clock,
      texts,
      ids: { code: () => `CODE${++counter}` },
      settings: { defaultLocale: "en", defaultTimeZone: "Asia/Yangon", retentionDays: 365 },
      log: { error: (event, details) => logged.push({ event, ...details }) },
    });
    return { database, store, baraza };
  };
  let current = await open();
  const sent: Outbound[] = [];
  const speak = async (
    person: string | { id: string; name: string; aliases?: string[] },
    text: string,
    chat: { id: string; kind: "group" | "private" },
    press?: { question: string },
  ) => {
    const sender = typeof person === "string" ? { id: person, name: capitalise(person) } : person;
    const replies = await current.baraza.handle({ platform: PLATFORM, chat, sender, text, ...(press ? { interaction: { kind: "press" as const, ...press } } : {}) });
    sent.push(...replies);
    return replies;
  };
  const harness: Harness = {
    baraza: current.baraza,
    store: current.store,
    db: current.database.client,
    provider,
    url: fresh.url,
    clock,
    texts: { t: (locale, key, vars) => renderCommands(texts.t(locale, key, vars), commandForm(TEXT_ONLY.commandPrefix)) },
    sent,
    logged,
    group: (person, text, chatId = GROUP) => speak(person, text, { id: chatId, kind: "group" }),
    dm: (person, text) => speak(person, text, { id: `dm-${person}`, kind: "private" }),
    from: (sender) => ({
      group: (text, chatId = GROUP) => speak(sender, text, { id: chatId, kind: "group" }),
      dm: (text) => speak(sender, text, { id: `dm-${sender.id}`, kind: "private" }),
    }),
    press(person, message, label) {
      const choice = message.choices?.find((c) => (typeof label === "number" ? c.number === label : c.label.includes(label)));
      if (!choice) throw new Error(`No button ${label} in: ${message.choices?.map((c) => c.label).join(" | ") ?? "(none)"}`);
      const chat = message.to.kind === "chat" ? { id: message.to.chatId, kind: "group" as const } : { id: `dm-${person}`, kind: "private" as const };
      return speak(person, choice.answer ?? String(choice.number), chat, { question: message.question ?? "" });
    },
    async wait(duration) {
      clock.advance(Duration.fromISO(duration));
      const replies: Outbound[] = [];
      await current.baraza.deliverDue(async (message) => {
        replies.push(message);
      });
      sent.push(...replies);
      return replies;
    },
    async restart() {
      await current.database.close();
      current = await open();
      harness.baraza = current.baraza;
      harness.store = current.store;
      harness.db = current.database.client;
    },
    async close() {
      await current.database.close();
      await fresh.remove();
    },
  };
  return harness;
}

export function capitalise(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

/**
 * How the helpers below show messages: as a text-only channel does (the
 * terminal's capabilities), so choices read "1. Yes" and commands "/vote",
 * as a person reads them there.
 */
export const TEXT_ONLY = { buttons: "none", commandPrefix: "/" } as const;


/** A message's text as a text-only channel shows it (see `present`): commands written `/vote`, choices listed after the text. */
export function shown(reply: Outbound): string {
  return present(TEXT_ONLY, reply, sharedTexts()).text;
}

/**
 * A text as a reader sees it: without the invisible marks that keep what
 * people wrote apart from the bot's frame (isolates, word joiners). Tests of
 * those marks use the `raw` helpers.
 */
export function visible(text: string): string {
  return text.replace(/[\u2060\u2068\u2069]/g, "");
}

/** The texts a person received privately, as they read them. */
export function toPerson(replies: Outbound[], person: string): string[] {
  return rawToPerson(replies, person).map(visible);
}

/** The texts posted in a group chat, as its members read them. */
export function toGroup(replies: Outbound[], chatId: string = GROUP): string[] {
  return rawToGroup(replies, chatId).map(visible);
}

/** The texts a person received privately, exactly as a text-only channel sends them. */
export function rawToPerson(replies: Outbound[], person: string): string[] {
  return replies.filter((r) => r.to.kind === "person" && r.to.userId === person && readable(r)).map(shown);
}

/** The texts posted in a group chat, exactly as a text-only channel sends them. */
export function rawToGroup(replies: Outbound[], chatId: string = GROUP): string[] {
  return replies.filter((r) => r.to.kind === "chat" && r.to.chatId === chatId && readable(r)).map(shown);
}

/** Whether a reply has anything to read: an empty one only carries hints for platforms (a question's buttons to take away). */
function readable(reply: Outbound): boolean {
  return reply.text !== "" || (reply.files?.length ?? 0) > 0;
}

/** All texts, joined, as read, for "somewhere in the reply" assertions. */
export function allText(replies: Outbound[]): string {
  return visible(replies.map(shown).join("\n---\n"));
}
