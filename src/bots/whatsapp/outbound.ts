/**
 * Neutral `Outbound` messages as whatsapp-web.js `sendMessage` calls.
 *
 * - Text goes as it is: the core has already written choices as numbered
 *   lines and commands as `/vote` (WhatsApp has no buttons Baraza uses:
 *   whatsapp-web.js deprecates them and they fail), and split long texts.
 * - Files go as `MessageMedia`: images (charts) as images, anything else
 *   (exports) as documents; a short text rides along as the first file's
 *   caption. A file WhatsApp refuses is replaced by the message's fallback text.
 * - Leaving (`Outbound.leave`): after the message, the bot leaves the group.
 * - Every message goes through the pacer (pace.ts): a gap per chat, a cap
 *   per minute, the pause switch.
 * - Ban safety: the bot writes only in a group it is in and to a person who
 *   wrote to it or shares such a group (`heard`); to anyone else, as to a
 *   group it was removed from or left, a message is `Undeliverable`, and
 *   nothing reaches WhatsApp. After a restart, what this process has not
 *   heard is asked of WhatsApp Web itself: a private chat with history, a
 *   group not read-only.
 *
 * Nothing here logs a chat or person id, a number or a text.
 */
import whatsapp, { type MessageContent, type MessageSendOptions } from "whatsapp-web.js";
import type { SentRef } from "../../flows/channel.ts";
import { Undeliverable } from "../../flows/jobs.ts";
import type { Outbound, OutboundFile } from "../../flows/messages.ts";
import { PLATFORM } from "./client.ts";
import { isGroupId } from "./inbound.ts";
import { SendingStopped, SendTimedOut, type Pacer } from "./pace.ts";

const { MessageMedia } = whatsapp;

/** The longest text sent as one message: WhatsApp takes far more (65,536), but a long message is hard to read on a phone. */
export const TEXT_LIMIT = 4096;
/** The longest text sent as a file's caption; a longer one goes as its own message before the files. */
export const CAPTION_LIMIT = 1024;
/** How many chats' reachability is remembered (newest kept). */
const REMEMBERED = 10_000;

/** What of a chat is read before writing to it (whatsapp-web.js's `Chat`; a group's has `leave`). */
export interface ChatState {
  isGroup: boolean;
  isReadOnly: boolean;
  lastMessage?: unknown;
  /** When the chat last had a message (seconds); 0 or absent for a chat that never had one. */
  timestamp?: number;
  leave?: () => Promise<unknown>;
}

/** The calls of whatsapp-web.js's `Client` that send, as plain types the real client and the tests' fake both have. */
export interface SendingClient {
  sendMessage(chatId: string, content: MessageContent, options?: MessageSendOptions): Promise<{ id: { _serialized: string } }>;
  getChatById(chatId: string): Promise<ChatState>;
}

export interface WhatsAppSenderOptions {
  client: SendingClient;
  pacer: Pacer;
}

/** Sends at the pace, only where the bot may write. */
export class WhatsAppSender {
  private readonly client: WhatsAppSenderOptions["client"];
  private readonly pacer: Pacer;
  /** Chats the bot may write to: groups it is in, people who wrote to it or share such a group. */
  private readonly reachable = new Set<string>();
  /** Groups the bot was removed from or left: never written to again by this process, unless it is added back. */
  private readonly gone = new Set<string>();

  constructor(options: WhatsAppSenderOptions) {
    this.client = options.client;
    this.pacer = options.pacer;
  }

  /** A message came from `ids` (a person, by all their ids) in `chatId`: both may be written to. */
  heard(chatId: string, ids: readonly string[]): void {
    for (const id of [chatId, ...ids]) this.allow(id);
    if (isGroupId(chatId)) this.gone.delete(chatId);
  }

  /** The bot was added to a group (again). */
  added(chatId: string): void {
    this.gone.delete(chatId);
    this.allow(chatId);
  }

  /** The bot was removed from a group, or left it: nothing more is sent there. */
  removed(chatId: string): void {
    this.gone.add(chatId);
    this.reachable.delete(chatId);
  }

  /** Sends one message (and its files); resolves with the last message sent. */
  async send(message: Outbound): Promise<SentRef | undefined> {
    const chatId = message.to.kind === "person" ? message.to.userId : message.to.chatId;
    const files = message.files ?? [];
    // Only leaving, with nothing to say: done also where the bot may no longer write.
    if (message.text === "" && files.length === 0) {
      if (message.leave) await this.leave(chatId);
      return undefined;
    }
    await this.mayWrite(chatId);
    let sent: SentRef | undefined;
    const caption = files.length > 0 && message.text !== "" && message.text.length <= CAPTION_LIMIT ? message.text : undefined;
    try {
      if (message.text !== "" && caption === undefined) sent = await this.post(chatId, message.text);
      for (const [index, file] of files.entries()) sent = await this.postFile(chatId, file, index === 0 ? caption : undefined, message.fallback);
    } catch (error) {
      throw await this.explained(chatId, error);
    }
    if (message.leave) await this.leave(chatId);
    return sent;
  }

  private async post(chatId: string, text: string): Promise<SentRef> {
    const sent = await this.pacer.run(chatId, () => this.client.sendMessage(chatId, text, { linkPreview: false }));
    return { platform: PLATFORM, chatId, messageId: sent.id._serialized };
  }

  /** A file as an image (a chart) or a document (an export); its caption lost or the file refused, the fallback text goes instead. */
  private async postFile(chatId: string, file: OutboundFile, caption: string | undefined, fallback: string | undefined): Promise<SentRef> {
    const media = new MessageMedia(file.mime, Buffer.from(file.data).toString("base64"), file.name, file.data.byteLength);
    const image = file.mime.startsWith("image/");
    try {
      const sent = await this.pacer.run(chatId, () =>
        this.client.sendMessage(chatId, media, { ...(image ? {} : { sendMediaAsDocument: true }), ...(caption === undefined ? {} : { caption }) }),
      );
      return { platform: PLATFORM, chatId, messageId: sent.id._serialized };
    } catch (error) {
      const text = fallback ?? caption;
      // Not sent (stopping), or unanswered (it may have gone): no fallback after it.
      if (!refused(error) || text === undefined || (await this.goneNow(chatId))) throw error;
      return this.post(chatId, text);
    }
  }

  /** Leaves a group never set up; one already left stays so. */
  private async leave(chatId: string): Promise<void> {
    if (!isGroupId(chatId)) return;
    this.removed(chatId);
    const chat = await this.chat(chatId);
    // A read-only group is one the bot is no longer in.
    if (chat?.isGroup && !chat.isReadOnly && chat.leave) await chat.leave();
  }

  /** Throws `Undeliverable` unless the bot may write to `chatId` (see the module's comment). */
  private async mayWrite(chatId: string): Promise<void> {
    if (this.gone.has(chatId)) throw new Undeliverable("WhatsApp: the bot is not in this group");
    if (this.reachable.has(chatId)) return;
    const chat = await this.chat(chatId);
    const ok = chat !== undefined && (isGroupId(chatId) ? chat.isGroup && !chat.isReadOnly : hasHistory(chat));
    if (!ok) throw new Undeliverable(isGroupId(chatId) ? "WhatsApp: the bot is not in this group" : "WhatsApp: this person never wrote to the bot nor shares a group with it");
    this.allow(chatId);
  }

  /** A failed send: `Undeliverable` when the bot turns out to be out of the group, else the error as it was. */
  private async explained(chatId: string, error: unknown): Promise<unknown> {
    if (error instanceof Undeliverable || !refused(error)) return error;
    if (await this.goneNow(chatId)) {
      this.removed(chatId);
      return new Undeliverable("WhatsApp: the bot is not in this group", { cause: error });
    }
    return error;
  }

  /** Whether a group's chat has become read-only for the bot (it was removed). */
  private async goneNow(chatId: string): Promise<boolean> {
    if (!isGroupId(chatId)) return false;
    const chat = await this.chat(chatId);
    return chat === undefined || chat.isReadOnly;
  }

  /**
   * The chat as WhatsApp Web has it; undefined when it has none. Unanswered
   * in time, {@link SendTimedOut}: a failed delivery, tried again, never
   * taken for a chat the bot may not write to.
   */
  private chat(chatId: string): Promise<ChatState | undefined> {
    return this.pacer.timed(() => this.client.getChatById(chatId)).catch((error: unknown) => {
      if (error instanceof SendTimedOut) throw error;
      return undefined;
    });
  }

  private allow(id: string): void {
    this.reachable.delete(id);
    this.reachable.add(id);
    for (const oldest of this.reachable) {
      if (this.reachable.size <= REMEMBERED) break;
      this.reachable.delete(oldest);
    }
  }
}

/** Whether WhatsApp answered the send with a refusal, rather than the send never starting (stopping) or never being answered. */
function refused(error: unknown): boolean {
  return !(error instanceof SendingStopped || error instanceof SendTimedOut);
}

/** Whether a private chat ever had a message: its last one is loaded, or at least its time. */
function hasHistory(chat: ChatState): boolean {
  return (chat.lastMessage !== undefined && chat.lastMessage !== null) || (chat.timestamp ?? 0) > 0;
}
