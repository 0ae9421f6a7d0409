/**
 * Neutral `Outbound` messages as Slack Web API calls.
 *
 * - A "person" destination is their direct message with the bot, opened
 *   with `conversations.open` (kept for the process's life: a DM's id never
 *   changes). Where it went is given back as the person's user id, not the
 *   DM's (as inbound.ts names a DM by its person): what the store keeps of
 *   a private chat then names the person by the id `forgetme` looks for.
 *   The DM's id is found again to update a message there.
 * - A message meant for one person (`visibility`) is an ephemeral message,
 *   seen by them alone, in a channel as in their direct message (a press
 *   that changed nothing is answered there without adding to the history).
 * - Files follow the message's text, each uploaded with `files.uploadV2`.
 * - Each conversation gets at most one new message (or file) a second
 *   (Slack's limit for posting), queued in order; updates of a message
 *   already there (a ballot being filled in) are another tier of Slack's
 *   limits and are not held to that pace. A 429 from Slack is waited out
 *   for its Retry-After by the Web API client itself, which retries the call.
 * - A message too big for one Slack message goes as several (blocks.ts).
 * - A conversation Slack will never deliver to (the bot removed from the
 *   channel, a deactivated person) throws `Undeliverable`.
 */
import type { webApi } from "@slack/bolt";
import { setTimeout as delay } from "node:timers/promises";
import type { SentRef } from "../../flows/channel.ts";
import { Undeliverable } from "../../flows/jobs.ts";
import type { Outbound, OutboundFile } from "../../flows/messages.ts";
import { render, withoutChoices, type Block, type BlockContext } from "./blocks.ts";
import { isPersonId, PLATFORM } from "./inbound.ts";

/** One message a second per conversation: Slack's documented pace for chat.postMessage. */
export const PACE_MS = 1000;
/** How many messages with buttons are remembered to take their buttons away once answered (newest kept). */
const REMEMBERED = 2000;

/**
 * Slack's answers meaning the message will never get there: the bot is not
 * (or no longer) in the channel, the channel or person is gone, or the
 * person cannot be written to.
 */
const NEVER_DELIVERED = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
  "user_not_found",
  "user_disabled",
  "account_inactive",
  "cannot_dm_bot",
  "messages_tab_disabled",
  "user_not_in_channel",
]);

/** Slack's answers to an update of a message that cannot be updated (gone, too old, ephemeral). */
const CANNOT_UPDATE = new Set(["message_not_found", "cant_update_message", "edit_window_closed", "msg_too_long"]);

export interface SlackSenderOptions {
  client: webApi.WebClient;
  blocks: BlockContext;
  /** The least time between two messages to one conversation; {@link PACE_MS} unless given (tests that are not about pace give 0). */
  paceMs?: number;
}

/** Sends, edits and takes buttons away, keeping Slack's pace per conversation. */
export class SlackSender {
  private readonly client: webApi.WebClient;
  private readonly context: BlockContext;
  /** Each person's direct message with the bot, by user id. */
  private readonly directMessages = new Map<string, string>();
  /** The blocks of messages sent with buttons, by `channel ts`, to rewrite them without. */
  private readonly withButtons = new Map<string, Block[]>();
  /**
   * Each conversation's posts in the order they were asked for: the last
   * one queued (`tail`), how many are waiting or under way, and when the
   * next may start. Kept while something is queued or the pace still holds.
   */
  private readonly lanes = new Map<string, { tail: Promise<void>; pending: number; freeAt: number }>();

  private readonly paceMs: number;

  constructor(options: SlackSenderOptions) {
    this.client = options.client;
    this.context = options.blocks;
    this.paceMs = options.paceMs ?? PACE_MS;
  }

  /** Sends one message (and its files); resolves with the message carrying its buttons, or else the last one sent. */
  async send(message: Outbound): Promise<SentRef | undefined> {
    try {
      return await this.post(message);
    } catch (error) {
      const code = platformError(error);
      if (code !== undefined && NEVER_DELIVERED.has(code)) throw new Undeliverable(`Slack: ${code}`, { cause: error });
      throw error;
    }
  }

  private async post(message: Outbound): Promise<SentRef | undefined> {
    const chatId = message.to.kind === "person" ? message.to.userId : message.to.chatId;
    const channel = await this.conversation(chatId);
    let sent: SentRef | undefined;
    if (message.text !== "") {
      const thread = message.thread ? { thread_ts: message.thread } : {};
      const only = message.visibility?.person;
      for (const { text, blocks } of render(message, this.context)) {
        if (only !== undefined) {
          const answer = await this.paced(channel, () => this.client.chat.postEphemeral({ channel, user: only, text, blocks, ...thread }));
          // An ephemeral message cannot be updated or have its buttons taken away; its ref says so (see `isEphemeral`).
          sent = { platform: PLATFORM, chatId, messageId: `${EPHEMERAL}${answer.message_ts ?? ""}` };
        } else {
          const answer = await this.paced(channel, () => this.client.chat.postMessage({ channel, text, blocks, unfurl_links: false, unfurl_media: false, ...thread }));
          sent = { platform: PLATFORM, chatId, messageId: answer.ts ?? "" };
          if (withoutChoices(blocks).length < blocks.length) this.remember(sent, blocks);
        }
      }
    }
    for (const file of message.files ?? []) await this.paced(channel, () => this.upload(channel, file, message.thread));
    if (message.leave) await this.leave(channel);
    return sent;
  }

  /** Rewrites a message (its text and buttons); Slack takes a rewrite into what it already is. */
  async edit(ref: SentRef, message: Outbound): Promise<void> {
    if (isEphemeral(ref)) throw new Error("An ephemeral message cannot be rewritten");
    const [only, ...more] = render(message, this.context);
    // The core then takes the old message's buttons away and sends this one anew.
    if (only === undefined || more.length > 0) throw new Error("A message too big for one Slack message cannot be rewritten into one");
    const { text, blocks } = only;
    const channel = await this.conversation(ref.chatId);
    await this.client.chat.update({ channel, ts: ref.messageId, text, blocks });
    if (withoutChoices(blocks).length < blocks.length) this.remember(ref, blocks);
    else this.withButtons.delete(key(ref));
  }

  /**
   * Takes the buttons away from a message sent with them: rewritten as it
   * was, without them. A message this process did not send or see pressed
   * (sent before a restart), an ephemeral one, or one Slack no longer lets
   * be updated keeps its buttons, and a press on them is refused by the core.
   */
  async clearChoices(ref: SentRef): Promise<void> {
    const blocks = this.withButtons.get(key(ref));
    if (blocks === undefined || isEphemeral(ref)) return;
    try {
      const channel = await this.conversation(ref.chatId);
      await this.client.chat.update({ channel, ts: ref.messageId, blocks: withoutChoices(blocks) });
      this.withButtons.delete(key(ref));
    } catch (error) {
      const code = platformError(error);
      if (code === undefined || !CANNOT_UPDATE.has(code)) throw error;
    }
  }

  /** What a press brought of the message pressed (its blocks), so its buttons can go even when another process sent it. */
  pressed(ref: SentRef, blocks: Block[]): void {
    this.remember(ref, blocks);
  }

  /** The conversation a chat id names: a channel's id as it is, a person's id (U…) their direct message with the bot. */
  private async conversation(chatId: string): Promise<string> {
    if (!isPersonId(chatId)) return chatId;
    const known = this.directMessages.get(chatId);
    if (known !== undefined) return known;
    const opened = await this.client.conversations.open({ users: chatId });
    const id = opened.channel?.id;
    if (id === undefined) throw new Error("Slack opened a direct message without an id");
    this.directMessages.set(chatId, id);
    return id;
  }

  private async upload(channel: string, file: OutboundFile, thread: string | undefined): Promise<void> {
    const contents = { file: Buffer.from(file.data), filename: file.name, title: file.name };
    await this.client.filesUploadV2(thread === undefined ? { channel_id: channel, ...contents } : { channel_id: channel, thread_ts: thread, ...contents });
  }

  /** Leaves a channel never set up; a bot already gone, or without the right to leave, stays where it is and says nothing more there. */
  private async leave(channel: string): Promise<void> {
    try {
      await this.client.conversations.leave({ channel });
    } catch (error) {
      const code = platformError(error);
      if (code === undefined) throw error;
    }
  }

  private remember(ref: SentRef, blocks: Block[]): void {
    this.withButtons.delete(key(ref));
    this.withButtons.set(key(ref), blocks);
    for (const oldest of this.withButtons.keys()) {
      if (this.withButtons.size <= REMEMBERED) break;
      this.withButtons.delete(oldest);
    }
  }

  /**
   * Runs a post (a message or a file) in the conversation's turn, once the
   * one before it has been answered and the pace has passed since: Slack
   * then never sees two posts to one conversation within the pace, however
   * long the one before took to reach it.
   */
  private paced<T>(channel: string, call: () => Promise<T>): Promise<T> {
    const now = Date.now();
    for (const [id, idle] of this.lanes) if (idle.pending === 0 && idle.freeAt <= now) this.lanes.delete(id);
    const lane = this.lanes.get(channel) ?? { tail: Promise.resolve(), pending: 0, freeAt: 0 };
    this.lanes.set(channel, lane);
    lane.pending += 1;
    const result = lane.tail.then(async () => {
      const wait = lane.freeAt - Date.now();
      if (wait > 0) await delay(wait);
      try {
        return await call();
      } finally {
        lane.freeAt = Date.now() + this.paceMs;
        lane.pending -= 1;
      }
    });
    lane.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** Ephemeral messages' refs start with this: Slack cannot update them. */
const EPHEMERAL = "ephemeral:";

function isEphemeral(ref: SentRef): boolean {
  return ref.messageId.startsWith(EPHEMERAL);
}

function key(ref: SentRef): string {
  return `${ref.chatId} ${ref.messageId}`;
}

/** Slack's error code for a call it answered with `ok: false` (`not_in_channel`), if that is what failed. */
export function platformError(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("data" in error)) return undefined;
  const data: unknown = error.data;
  return typeof data === "object" && data !== null && "error" in data && typeof data.error === "string" ? data.error : undefined;
}
