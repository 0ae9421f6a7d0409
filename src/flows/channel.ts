/**
 * A channel is one platform as the core sees it: the terminal, Telegram, and
 * later Slack and WhatsApp. Each adapter in src/bots implements this one
 * interface; the flows and the sweep import it and nothing of any platform.
 *
 * How the core uses a channel (src/flows/delivery.ts holds the rules):
 * - it reads {@link Channel.capabilities} to decide how to say something on
 *   that platform (where to split a long text, whether choices go out as
 *   buttons or as numbered lines, whether an answered question is edited in
 *   place or followed by a new message, how a message meant for one person
 *   in a group reaches them);
 * - it calls {@link Channel.send} for every message, replies and scheduled
 *   messages alike, and keeps the {@link SentRef} it returns where it needs
 *   to come back to that message (a question whose buttons must go once it
 *   is answered);
 * - it calls the optional members only when the channel has them; each one's
 *   comment says what the core does instead on a channel without it.
 *
 * An adapter turns the platform's input into `Inbound` and hands it to
 * `Baraza.respond` with itself, which answers and delivers the replies
 * through it; it keeps its transport (polling, webhooks, a terminal's lines)
 * to itself behind `start` and `stop`.
 *
 * Like Vercel's Chat SDK adapters, a channel says what it can do up front,
 * so a mismatch is found when the core decides, not when the platform
 * refuses a call.
 */
import type { Destination, Inbound, Outbound } from "./messages.ts";

/** What a platform can show; the core shapes each message to fit. */
export interface Capabilities {
  /**
   * The longest text one message can hold, in the unit the platform counts
   * (Telegram: UTF-16 code units). Longer texts are split, never inside a
   * character.
   */
  readonly textLimit: number;
  /**
   * `inline`: choices can be buttons under the message, pressed to answer.
   * `none`: the platform shows text only, so choices are numbered lines
   * answered by typing the number.
   */
  readonly buttons: "inline" | "none";
  /**
   * With inline buttons, how many bytes of the core's a button can carry
   * back when pressed: the question's token and the choice's answer together,
   * in UTF-8, after the adapter's own framing (Telegram: its 64 bytes of
   * callback data less the 3 of `q:…:`). A message with a choice that would
   * not fit is refused by the core before anything of it is sent, never cut.
   */
  readonly buttonPayloadLimit?: number;
  /** Whether a message already sent can be rewritten (a ballot shown in its new state where it was). */
  readonly edits: boolean;
  /**
   * How a message meant for one person in a group can be shown to them
   * alone: `native` (Slack's ephemeral messages), `press-notice` (only as
   * the answer to their own button press, as Telegram's callback notice),
   * or `none` (it is posted to the whole group, or sent to them in private).
   */
  readonly toOnePerson: "native" | "press-notice" | "none";
  /**
   * With `press-notice`, the longest notice the platform shows (Telegram:
   * 200 characters); a longer one is posted where the press was instead.
   * Absent: no limit of the platform's own.
   */
  readonly noticeLimit?: number;
  /** Whether files (exports, charts) can be sent; without, the message's `fallback` text is sent instead. */
  readonly files: boolean;
  /** Whether replies can be kept in a thread under the message they answer (Slack). */
  readonly threads: boolean;
  /** Whether several answers can be asked at once in one form (Slack's modals); without, they are asked one at a time. */
  readonly forms: boolean;
  /**
   * What a command's name is typed after, and so how texts show commands
   * (see src/flows/commands.ts): "/" for the terminal and Telegram (`/vote`),
   * "/baraza " for Slack's one slash command (`/baraza vote`), "/" for
   * WhatsApp (which also takes `!vote`).
   */
  readonly commandPrefix: string;
}

/**
 * Where a message went, so the core can come back to it: the platform, the
 * chat, and the platform's id of the message carrying the buttons, or else
 * of the last piece sent. Ids are kept as text, whatever the platform
 * numbers them with (Telegram: an integer; Slack: a timestamp).
 */
export interface SentRef {
  platform: string;
  chatId: string;
  messageId: string;
}

/** A button press, as the platform names it so it can be answered (Telegram's callback query id). */
export interface PressRef {
  platform: string;
  id: string;
}

/** A person somewhere, as their platform names them. */
export interface PersonRef {
  id: string;
  name: string;
}

export interface Channel {
  /** The platform's name as it appears in `Inbound.platform` and every `Destination`. */
  readonly platform: string;
  /** What this platform can show; see {@link Capabilities}. */
  readonly capabilities: Capabilities;
  /**
   * Starts taking input (polling, a webhook, a terminal's lines) and hands
   * each message to the core. Resolves once the channel is running; once
   * `signal` is aborted it stops waiting (for a platform that does not
   * answer) and rejects, leaving nothing running.
   */
  start(signal?: AbortSignal): Promise<void>;
  /** Stops taking input and resolves once the work under way has finished. */
  stop(): Promise<void>;
  /**
   * Sends one message, with its choices, links and files as this platform
   * shows them. The core has shaped it to fit: its text within `textLimit`
   * (an adapter that adds words of its own, a mention, splits again), files
   * only where `files` is true, `thread` only where `threads` is. Resolves
   * once the platform has accepted every part, with where it went; undefined
   * when nothing was sent (an empty goodbye before leaving a chat). Throws
   * `Undeliverable` (see jobs.ts) when the platform will never take it (the
   * bot was removed, the person blocked it). A reply comes with the message
   * it answers (`replyingTo`, its `raw` payload included, such as Slack's
   * response_url), for a platform that answers through it; a scheduled
   * message comes without.
   */
  send(message: Outbound, replyingTo?: Inbound): Promise<SentRef | undefined>;
  /**
   * Rewrites a message already sent as `message` (text and choices; no
   * files). A rewrite into what it already is counts as done. Without it
   * (or when it throws), the core takes the old message's choices away
   * (`clearChoices`) and sends `message` anew.
   */
  edit?(ref: SentRef, message: Outbound): Promise<void>;
  /**
   * Takes the buttons away from a message sent, so an answered question
   * cannot be pressed again. One already without buttons, or too old to
   * change, is left as it is. Without it, the buttons stay, and a press on
   * an answered question is refused by the core when it arrives.
   */
  clearChoices?(ref: SentRef): Promise<void>;
  /**
   * Shows a short text to the person who pressed a button, and to them
   * alone (up to `noticeLimit`). Without it, the core sends the text where
   * the press was, as any other message.
   */
  notifyPresser?(press: PressRef, text: string): Promise<void>;
  /**
   * Tells the platform a press was taken, with nothing to show (Telegram's
   * app shows a spinner on the button until then). Called at most once per
   * press, when neither `notifyPresser` nor `openPrivate` answered it, and
   * started before anything is posted to a group (not waited for). Without
   * it, nothing is called.
   */
  acknowledge?(press: PressRef): Promise<void>;
  /**
   * Tells a person whom the bot could not write to in private how to open
   * their private chat with it: as the answer to their press, or with a
   * message naming them in the chat where they are (`in`). Resolves with
   * that message, if one was sent. Without it, the core says in that chat,
   * in its own words, that it could not write to them.
   */
  openPrivate?(person: PersonRef, where: { press: PressRef } | { in: Extract<Destination, { kind: "chat" }>; locale: string }): Promise<SentRef | undefined>;
}

/** A channel as the core delivers through it: everything but its transport's start and stop. */
export type Outlet = Omit<Channel, "start" | "stop">;
