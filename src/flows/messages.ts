/**
 * The neutral shapes every platform adapter speaks: one inbound message and
 * one outbound message. Adapters parse their platform's payload into
 * `Inbound` and render `Outbound` in their platform's way.
 */
import { z } from "zod";
import type { ChatKind } from "../domain/types.ts";
import { toUnicode } from "./zawgyi.ts";

/** Longest inbound text looked at; longer texts are cut before anything else (each answer has its own, smaller limit). */
export const INBOUND_LIMIT = 8000;

export const inboundSchema = z.object({
  platform: z.string().min(1).max(32),
  /** The platform's id for this update, for de-duplication of redeliveries; absent where the platform never redelivers. */
  updateId: z.string().min(1).max(128).optional(),
  chat: z.object({ id: z.string().min(1).max(128), kind: z.enum(["group", "private"]) }),
  sender: z.object({ id: z.string().min(1).max(128), name: z.string().max(256) }),
  text: z.string().transform((text) => toUnicode(text.slice(0, INBOUND_LIMIT))),
  /**
   * Something that happened in the chat rather than something written to
   * the bot: the sender left the group, or the group's chat moved to a new
   * id (Telegram upgrading a group to a supergroup). `text` is then empty.
   */
  event: z
    .discriminatedUnion("kind", [z.object({ kind: z.literal("member-left") }), z.object({ kind: z.literal("chat-moved"), toChatId: z.string().min(1).max(128) })])
    .optional(),
});

export type Inbound = z.input<typeof inboundSchema> & { chat: { kind: ChatKind } };

/** A numbered choice the person can answer with its number; adapters may show buttons instead. */
export interface Choice {
  number: number;
  label: string;
}

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
}
