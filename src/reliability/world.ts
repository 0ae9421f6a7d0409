/**
 * A Baraza on one of the suite's databases, spoken to as Telegram would
 * speak to it (numeric ids, a person's private chat being their own id), so
 * that the same group can be reached through `handle` and through the real
 * webhook. Its clock moves only when a part moves it; what it logs is kept,
 * since a logged "message-failed" is a failure the part counts.
 */
import { Duration } from "luxon";
import { MovableClock } from "../clock.ts";
import { createBaraza, type Baraza } from "../flows/baraza.ts";
import type { Inbound, Outbound } from "../flows/messages.ts";
import type { Store } from "../flows/ports.ts";
import type { Deps } from "../flows/turn.ts";
import type { Texts } from "../flows/texts.ts";
import { loadTexts, LOCALES_DIR } from "../i18n.ts";
import type { Database } from "../store/database.ts";
import { createStore } from "../store/store.ts";

export const PLATFORM = "telegram";
/** The group's chat, a Telegram supergroup's id. */
export const GROUP_CHAT = "-1001200300400";
/** 09:07:41.250 in Yangon: a time that is no round hour, minute or second, so a stored time copied from a message shows. */
export const START = new Date("2026-11-23T02:37:41.250Z");

/** Someone who writes to the bot: their Telegram user id (also their private chat's id) and name. */
export interface Speaker {
  id: string;
  name: string;
}

/** A logged event, with its details. */
export type LogEntry = { event: string } & Record<string, unknown>;

let texts: Texts | undefined;
/** Every locale file, read once for the whole run. */
export function sharedTexts(): Texts {
  texts ??= loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en" });
  return texts;
}

export class World {
  readonly baraza: Baraza;
  readonly store: Store;
  readonly clock = new MovableClock(() => START);
  readonly logged: LogEntry[] = [];
  readonly deps: Deps;
  private codes = 0;

  constructor(readonly database: Database) {
    this.store = createStore(database);
    this.deps = {
      store: this.store,
      clock: this.clock,
      texts: sharedTexts(),
      ids: { code: () => `RELIABILITY${++this.codes}` },
      settings: { defaultLocale: "en", defaultTimeZone: "Asia/Yangon", retentionDays: 365 },
      log: { error: (event, details) => this.logged.push({ event, ...details }) },
    };
    this.baraza = createBaraza(this.deps);
  }

  /** `person` writes `text` in the group. */
  group(person: Speaker, text: string, extra: Partial<Inbound> = {}): Promise<Outbound[]> {
    return this.baraza.handle(inGroup(person, text, extra));
  }

  /** `person` writes `text` to the bot in private. */
  dm(person: Speaker, text: string, extra: Partial<Inbound> = {}): Promise<Outbound[]> {
    return this.baraza.handle(inPrivate(person, text, extra));
  }

  /** Moves the clock on and sends whatever fell due; returns what was sent. */
  async wait(iso: string): Promise<Outbound[]> {
    this.clock.advance(Duration.fromISO(iso));
    const sent: Outbound[] = [];
    await this.baraza.deliverDue(async (message) => {
      sent.push(message);
    });
    return sent;
  }
}

export function inGroup(person: Speaker, text: string, extra: Partial<Inbound> = {}): Inbound {
  return { platform: PLATFORM, chat: { id: GROUP_CHAT, kind: "group" }, sender: { id: person.id, name: person.name }, text, ...extra };
}

export function inPrivate(person: Speaker, text: string, extra: Partial<Inbound> = {}): Inbound {
  return { platform: PLATFORM, chat: { id: person.id, kind: "private" }, sender: { id: person.id, name: person.name }, text, ...extra };
}
