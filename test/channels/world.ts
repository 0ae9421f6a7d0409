/**
 * What the channel contract suite (contract.ts) sees of a platform: a
 * driver wraps the real adapter around a fake transport and speaks for
 * people in neutral terms (who wrote what where, who pressed which button),
 * and reports what each person was shown, in the same neutral terms for
 * every platform. A new adapter joins the suite with one driver.
 */
import type { Capabilities } from "../../src/flows/channel.ts";
import type { Store } from "../../src/flows/ports.ts";

/** Where a person writes: the working group's chat, or their private chat with the bot. */
export type ChatKind = "group" | "private";

/** One thing a person was shown, as it stands now (a message rewritten in place shows its last state). */
export interface Shown {
  /** The platform's id of the message (or of the notice), for pressing its buttons. */
  ref: string;
  /** The text, as sent (with any invisible isolating marks). */
  text: string;
  /**
   * The choices offered with it: the buttons under it where the channel has
   * inline buttons; on a text-only channel, its numbered lines.
   */
  choices: string[];
  /** Shown to this person alone: a notice answering their press, in the chat where they pressed. */
  onlyTo?: string;
  /** The names of the files it carried. */
  files: string[];
}

/** A platform with its real adapter, a fresh store, and a fake transport; people are named by lower-case names ("amina"). */
export interface ChannelWorld {
  /** The adapter's own declaration (not a copy), which the scenarios adapt to. */
  readonly capabilities: Capabilities;
  /** The store behind the bot, for arranging what a command line does (a programme and its coordinator's code). */
  readonly store: Store;
  /** A text in the bot's default language (English), by its locale key, so scenarios do not depend on wording. */
  t(key: string, vars?: Record<string, unknown>): string;
  /** `person` writes `text` in the group's chat or in their private chat with the bot. */
  write(person: string, chat: ChatKind, text: string): Promise<void>;
  /**
   * `person` presses the button whose label contains `label` under the
   * message `ref` in that chat, as the platform reports a press, also when
   * the button has since been taken away (an app showing an old keyboard).
   * Only where the channel has inline buttons.
   */
  press?(person: string, chat: ChatKind, ref: string, label: string): Promise<void>;
  /** The platform delivers the last update again. Only where the platform redelivers. */
  redeliver?(): Promise<void>;
  /** The platform refuses private messages to `person` (they never opened a chat with the bot); `reachable` undoes it. Only where that can happen. */
  unreachable?(person: string): void;
  reachable?(person: string): void;
  /** Time passes; what falls due (digests, reminders) is delivered through the channel, as the sweep does. */
  wait(hours: number): Promise<void>;
  /** What `person` was shown in their private chat with the bot, oldest first. */
  seen(person: string): Shown[];
  /** What was shown in the group: to everyone, and, when `person` is given, to them alone as well. */
  seenIn(chat: "group", person?: string): Shown[];
  close(): Promise<void>;
}

export interface ChannelDriver {
  /** The platform's name, as the suite's title. */
  name: string;
  /** A fresh world: an empty store, nobody known yet. */
  open(): Promise<ChannelWorld>;
}

/** A text as people read it: without the invisible marks that keep what people wrote apart from the bot's words. */
export function visible(text: string): string {
  return text.replace(/[\u2060\u2063\u2066-\u2069]/g, "");
}

/** "amina" → "Amina": how people's names are shown. */
export function displayName(person: string): string {
  return person.charAt(0).toUpperCase() + person.slice(1);
}
