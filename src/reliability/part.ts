/**
 * One part of the suite (replays, two processes, kills, webhook, fuzz,
 * anonymity) on one database, and what it is given: the settings, a scope
 * that undoes what it makes, its own random source, fresh databases, and
 * two ways to speak: `tried` (what was done, printed at once) and `figure`
 * (a count that must be 0, printed at the end and in the JSON line).
 */
import type { Provider } from "../store/database.ts";
import type { Random } from "./random.ts";
import type { Scope } from "./scope.ts";
import type { Settings } from "./settings.ts";

export interface Part {
  readonly provider: Provider;
  readonly settings: Settings;
  readonly scope: Scope;
  readonly random: Random;
  /** A database URL of its own, removed when the part ends. */
  freshUrl(label: string): Promise<string>;
  /** Says what the part did (how many updates, kills, inputs): one line, printed at once. */
  tried(text: string): void;
  /** Records a figure, which is 0 when Baraza is right. */
  figure(name: string, value: number): void;
}

export interface Section {
  /** The figures' middle name: `sqlite.<name>.duplicateRows`. */
  name: string;
  run(part: Part): Promise<void>;
}
