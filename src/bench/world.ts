/**
 * A Baraza on a fresh store, as main.ts wires it (the real store, texts and
 * delivery), with a fixed clock so that due dates are where the bench put
 * them, and every error it logs kept: a bench run that logged one fails.
 */
import { createBaraza, type Baraza } from "../flows/baraza.ts";
import type { Store } from "../flows/ports.ts";
import type { Texts } from "../flows/texts.ts";
import { loadTexts, LOCALES_DIR } from "../i18n.ts";
import { openFor } from "../reliability/databases.ts";
import type { Scope } from "../reliability/scope.ts";
import type { Database } from "../store/database.ts";
import { createStore } from "../store/store.ts";
import { benchUrl } from "./stores.ts";

/** The bench's "now": 09:00 in Yangon on a Monday. */
export const NOW = new Date("2026-11-23T02:30:00Z");

export interface World {
  url: string;
  database: Database;
  store: Store;
  texts: Texts;
  baraza: Baraza;
  /** Events Baraza logged as errors (no text is logged). */
  errors: string[];
}

let texts: Texts | undefined;
export const benchTexts = (): Texts => (texts ??= loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en" }));

export async function openWorld(scope: Scope, label: string): Promise<World> {
  const url = await benchUrl(scope, label);
  const database = await openFor(scope, url);
  const store = createStore(database);
  const errors: string[] = [];
  let counter = 0;
  const baraza = createBaraza({
    store,
    clock: { now: () => NOW },
    texts: benchTexts(),
    ids: { code: () => `BENCH${++counter}` },
    settings: { defaultLocale: "en", defaultTimeZone: "Asia/Yangon", retentionDays: 365 },
    log: { error: (event) => void errors.push(event) },
  });
  return { url, database, store, texts: benchTexts(), baraza, errors };
}

/** Throws, naming them, if Baraza logged errors: a figure measured over failures means nothing. */
export function noErrors(world: World, part: string): void {
  if (world.errors.length > 0) throw new Error(`${part}: Baraza logged ${world.errors.length} errors (${[...new Set(world.errors)].join(", ")})`);
}
