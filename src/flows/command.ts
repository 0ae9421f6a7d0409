/**
 * The command grammar shared by every platform: `/name arguments` (or
 * `!name arguments`, WhatsApp's habit). Adapters bring their platform's form
 * to this one (Telegram's `/vote@BarazaBot`, Slack's `/baraza vote`).
 */
import type { Action } from "../domain/roles.ts";
import type { ConversationData, Turn } from "./turn.ts";

export interface ParsedCommand {
  name: string;
  args: string;
}

const COMMAND = /^[/!]([A-Za-z]+)(?:@\S+)?(?:\s+([\s\S]*))?$/;

/** The command in a message, or null when the message is not one. */
export function parseCommand(text: string): ParsedCommand | null {
  const match = COMMAND.exec(text.trim());
  if (!match?.[1]) return null;
  return { name: match[1].toLowerCase(), args: (match[2] ?? "").trim() };
}

/** The rest of the arguments when they start with `add` (`stakeholders add …`, `lessons add …`); null when they do not. */
export function afterAdd(args: string): string | null {
  const trimmed = args.trim();
  return trimmed.toLowerCase().startsWith("add") ? trimmed.slice(3) : null;
}

export interface Command {
  name: string;
  /**
   * Whether, used in a private chat, the command is about one of the person's
   * groups; "unless-coordinator": not for a coordinator, who sees all their
   * programmes' groups at once.
   */
  needsGroup: boolean | "unless-coordinator";
  /**
   * Whether, in a private chat, the command's arguments can only be a
   * group's name (`summary Ward 4`): words that name none of the person's
   * groups are then answered as such, not ignored.
   */
  namesGroupOnly?: boolean;
  /** Whether this use only looks in on the conversation going on in the chat (help), so no reminder of a waiting question follows it. */
  keepsConversation?(args: string): boolean;
  /** Which action this use of the command is; the domain decides who may take it. */
  action(turn: Turn, args: string): Promise<Action> | Action;
  run(turn: Turn, args: string): Promise<void>;
}

/** A multi-turn conversation: takes the answer to its current question. */
export interface Conversation {
  name: string;
  /**
   * Which action answering the question leads to. Rights are checked again
   * on every answer, with the person's roles, the chat and the group's step
   * as they are now: someone removed from the group, or a facilitator who
   * left, cannot finish what they began before.
   */
  action(turn: Turn, data: ConversationData): Action;
  answer(turn: Turn, data: ConversationData, text: string): Promise<void>;
}
