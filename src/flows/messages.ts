/**
 * The neutral shapes every platform adapter speaks: one inbound message and
 * one outbound message. Adapters parse their platform's payload into
 * `Inbound` and render `Outbound` in their platform's way.
 */
import { z } from "zod";
import { cleanInput, cleanName, hasVisible } from "../domain/text.ts";
import type { ChatKind } from "../domain/types.ts";
import { toUnicode } from "./zawgyi.ts";

/** Longest inbound text looked at; longer texts are cut before anything else (each answer has its own, smaller limit). */
export const INBOUND_LIMIT = 8000;

export const inboundSchema = z.object({
  platform: z.string().min(1).max(32),
  /** The platform's id for this update, for de-duplication of redeliveries; absent where the platform never redelivers. */
  updateId: z.string().min(1).max(128).optional(),
  /**
   * Where the platform numbers its updates in the order they happened
   * (Telegram's update_id): each chat's and person's updates are handled in
   * this order, whichever process received them.
   */
  order: z.number().int().nonnegative().optional(),
  chat: z.object({ id: z.string().min(1).max(128), kind: z.enum(["group", "private"]) }),
  /** The sender's name as the platform gives it, on one line and cleaned; "—" when nothing of it can be seen. */
  sender: z.object({ id: z.string().min(1).max(128), name: z.string().max(256).transform(senderName) }),
  /** What was written, cleaned of control and invisible format characters (see `cleanInput`) before anything reads it. */
  text: z.string().transform((text) => toUnicode(cleanInput(text.slice(0, INBOUND_LIMIT)))),
  /**
   * Something that happened in the chat rather than something written to
   * the bot: the sender left the group; the group's chat moved to a new id
   * (Telegram upgrading a group to a supergroup); the sender added the bot
   * to the group. `text` is then empty.
   */
  event: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("member-left") }),
      z.object({ kind: z.literal("chat-moved"), toChatId: z.string().min(1).max(128) }),
      z.object({ kind: z.literal("bot-added") }),
    ])
    .optional(),
  /**
   * The text came from pressing a button rather than typing: `question` is
   * the token of the question the button belonged to (see
   * `Outbound.question`), or empty for a button that stands for a command.
   * A press on a question no longer waiting for this person's answer is
   * refused rather than taken as an answer to whatever is asked now.
   */
  press: z.object({ question: z.string().max(32) }).optional(),
});

function senderName(raw: string): string {
  const name = cleanName(raw);
  return hasVisible(name) ? name : "—";
}

export type Inbound = z.input<typeof inboundSchema> & { chat: { kind: ChatKind } };

/**
 * A numbered choice the person can answer with its number; adapters may show
 * buttons instead. `answer`: what pressing the choice's button sends, when
 * it is not the number (a point added to a ballot, `done`, a command such as
 * `/vote`). The question itself says how to type it, so text-only chats need
 * not show these. Short: platforms carry it in the button.
 */
export const choiceSchema = z.object({ number: z.number().int(), label: z.string(), answer: z.string().optional() });

export type Choice = z.infer<typeof choiceSchema>;

export type Destination =
  | { kind: "chat"; platform: string; chatId: string }
  | { kind: "person"; platform: string; userId: string };

/** A file to send with a message: an export or a chart. */
export interface OutboundFile {
  name: string;
  mime: string;
  data: Uint8Array;
}

export interface Outbound {
  to: Destination;
  text: string;
  /** Present when the message asks the person to pick from numbered options. */
  choices?: Choice[];
  /** Files to attach; `text` is then their caption. */
  files?: OutboundFile[];
  /** What a channel that cannot send files shows instead of them and their caption. */
  fallback?: string;
  /**
   * The message asks a question answered by typing. Platforms that hide
   * ordinary group messages from bots (Telegram's privacy mode) ask for a
   * reply to this message instead.
   */
  expectsReply?: boolean;
  /** The message sends the person to their private chat with the bot; platforms may add a button, with this label, that opens it. */
  privateChatButton?: string;
  /**
   * An opaque token for the question `choices` answer, which a press of one
   * of its buttons brings back (`Inbound.press`). Absent for choices that
   * stand for commands and so are never out of date.
   */
  question?: string;
  /** Only the person addressed needs to see this (a press that changed nothing); platforms may show it to them alone. */
  ephemeral?: boolean;
  /**
   * This message follows an answer (typed, or an accepted press) to the
   * question `question`, which offered choices: platforms take its buttons
   * away; with `inPlace`, the message is that question's new state (a
   * ballot being filled in), and after a press platforms that can edit a
   * message show it there instead.
   */
  answers?: { question: string; inPlace: boolean };
  /**
   * The text begins with the privacy notice, given once, on a person's first
   * private message, and recorded as given; a platform that could not
   * deliver this message says so (`Baraza.undelivered`), so that the notice
   * comes again with the next one.
   */
  privacyNotice?: boolean;
  /** After this message (its text may be empty) the bot leaves the chat: a group that was never set up with an invitation. */
  leave?: boolean;
  /**
   * The message hands over an invitation code for setting a group up;
   * platforms that can add the bot to a group with the code already given
   * (Telegram's add-to-group link) may offer a button with this label.
   */
  setupLink?: { code: string; label: string };
}
