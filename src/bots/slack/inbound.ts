/**
 * Slack's requests in the neutral `Inbound` shape the flows read.
 *
 * What reaches the core, and nothing more (every payload is checked with
 * zod here, at the edge; anything else is left alone):
 * - the slash command, `/baraza vote 1 2`, read as `/vote 1 2`;
 * - a mention in a channel, `@Baraza vote`, read the same way;
 * - whatever a person writes in their direct messages with the bot;
 * - in a channel, a reply in the thread of one of the bot's own messages
 *   (how a question asked in a channel is answered, as Telegram's privacy
 *   mode lets a bot see only replies to it): the rest of a channel's talk is
 *   never handed over, so nothing of it can be stored;
 * - presses of the buttons `blocks.ts` draws;
 * - the bot joining a channel, and a member leaving one.
 *
 * A direct message with the bot is named by the person's user id (U…),
 * not by the DM's own id (D…), as Telegram names a private chat by its
 * person: whatever the core keeps of a private chat (where a question was
 * sent, `Store.sentQuestions`) then names the person by the id `forgetme`
 * erases. outbound.ts finds the DM again for that id.
 *
 * Slack names people by id only; their names and languages are looked up
 * (`directory.ts`) and given to these functions.
 */
import { z } from "zod";
import type { Inbound } from "../../flows/messages.ts";

export const PLATFORM = "slack";

/** The one slash command (see manifest.json). */
export const COMMAND = "/baraza";

/**
 * A button's value: `q:<question token>:<answer>`, where the answer is what
 * the button stands for when typed (`2`, `+2`, `done`, `/vote`) and the
 * token is empty for a command button. Both come from the core, which checks
 * them on every press as it checks anything typed.
 */
const BUTTON_VALUE = /^q:([A-Za-z0-9_-]{0,32}):(.+)$/s;
/** Slack's limit for a button's value, in characters. */
const BUTTON_VALUE_LIMIT = 2000;
/** What of a button's value is left for the core's question token and answer, in bytes (a byte is never less than a character). */
export const BUTTON_PAYLOAD_LIMIT = BUTTON_VALUE_LIMIT - "q::".length;
/** Every button the adapter draws has an action id with this prefix; presses of other apps' buttons are not ours. */
export const ACTION_PREFIX = "baraza:";

/** A button's value, or null if it would not fit. */
export function buttonValue(question: string | undefined, answer: string): string | null {
  const value = `q:${question ?? ""}:${answer}`;
  return Buffer.byteLength(value, "utf8") <= BUTTON_VALUE_LIMIT ? value : null;
}

/** A person as the directory found them: a name to show, and their Slack language (`en-US`), if known. */
export interface SlackPerson {
  id: string;
  name: string;
  locale?: string | undefined;
}

const id = z.string().min(1).max(64);

/** Messages: in a direct message, in a channel (thread replies), with or without a subtype. */
export const messageEventSchema = z.object({
  type: z.literal("message"),
  subtype: z.string().optional(),
  channel: id,
  channel_type: z.string().optional(),
  user: id.optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: id,
  thread_ts: id.optional(),
  parent_user_id: id.optional(),
});

export const mentionEventSchema = z.object({
  type: z.literal("app_mention"),
  channel: id,
  user: id.optional(),
  bot_id: z.string().optional(),
  text: z.string(),
  ts: id,
  thread_ts: id.optional(),
});

export const membershipEventSchema = z.object({
  type: z.enum(["member_joined_channel", "member_left_channel"]),
  channel: id,
  user: id,
  inviter: id.optional(),
});

/** The Events API's envelope: the event and its id, the same on every retry of it. */
export const envelopeSchema = z.object({ event_id: id, event: z.object({ type: z.string() }).loose() });

export const commandSchema = z.object({
  command: z.string(),
  text: z.string(),
  user_id: id,
  user_name: z.string().optional(),
  channel_id: id,
  trigger_id: z.string().max(256),
  response_url: z.string().max(2048).optional(),
});

export const actionSchema = z.object({
  type: z.literal("block_actions"),
  trigger_id: z.string().max(256),
  user: z.object({ id, name: z.string().optional(), username: z.string().optional() }),
  container: z.object({ channel_id: id.optional(), message_ts: id.optional(), is_ephemeral: z.boolean().optional() }).loose(),
  channel: z.object({ id }).optional(),
  message: z.object({ ts: id, thread_ts: id.optional() }).loose().optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() }).loose()).min(1),
});

export type MessageEvent = z.infer<typeof messageEventSchema>;
export type MentionEvent = z.infer<typeof mentionEventSchema>;
export type MembershipEvent = z.infer<typeof membershipEventSchema>;
export type SlashCommand = z.infer<typeof commandSchema>;
export type BlockActions = z.infer<typeof actionSchema>;

/**
 * Who wrote an event that may be for the core, before the directory is
 * asked who they are: null for what is not for the core (the bot's own
 * messages, other bots, edits and joins, a channel's talk).
 */
export function messageAuthor(event: MessageEvent, botUserId: string): string | null {
  if (event.subtype !== undefined || event.bot_id !== undefined || event.user === undefined || event.user === botUserId) return null;
  if (event.text === undefined) return null;
  if (isDirect(event.channel, event.channel_type)) return event.user;
  // In a channel: only an answer in the thread of one of the bot's messages, not a mention (that comes as app_mention too).
  if (event.thread_ts === undefined || event.thread_ts === event.ts || event.parent_user_id !== botUserId) return null;
  return event.text.includes(`<@${botUserId}>`) ? null : event.user;
}

/** A message event `messageAuthor` accepted, from `sender`. */
export function fromMessage(eventId: string, event: MessageEvent, sender: SlackPerson, botUserId: string): Inbound {
  const direct = isDirect(event.channel, event.channel_type);
  const text = readText(event.text ?? "");
  return {
    platform: PLATFORM,
    updateId: eventId,
    chat: direct ? { id: sender.id, kind: "private" } : { id: event.channel, kind: "group" },
    messageId: event.ts,
    ...(event.thread_ts ? { thread: event.thread_ts } : {}),
    sender: senderOf(sender),
    text: mentionsBot(event.text ?? "", botUserId) ? commandOf(afterMention(event.text ?? "", botUserId)) : text,
  };
}

/** `@Baraza vote 1` in a channel: the command after the mention. */
export function fromMention(eventId: string, event: MentionEvent, sender: SlackPerson, botUserId: string): Inbound {
  return {
    platform: PLATFORM,
    updateId: eventId,
    chat: isDirect(event.channel) ? { id: sender.id, kind: "private" } : { id: event.channel, kind: "group" },
    messageId: event.ts,
    ...(event.thread_ts ? { thread: event.thread_ts } : {}),
    sender: senderOf(sender),
    text: commandOf(afterMention(event.text, botUserId)),
  };
}

/**
 * The bot joining a channel (added by `inviter`) is the core's `bot-added`;
 * a person leaving is `member-left`. Anything else, such as a person
 * joining, is not the core's business: null.
 */
export function fromMembership(eventId: string, event: MembershipEvent, sender: SlackPerson, botUserId: string): Inbound | null {
  const chat = { id: event.channel, kind: "group" as const };
  if (event.type === "member_joined_channel") {
    if (event.user !== botUserId) return null;
    return { platform: PLATFORM, updateId: eventId, chat, sender: senderOf(sender), text: "", event: { kind: "bot-added" } };
  }
  if (event.user === botUserId) return null;
  return { platform: PLATFORM, updateId: eventId, chat, sender: senderOf(sender), text: "", event: { kind: "member-left" } };
}

/** Who a membership event is about, as the core sees it: whoever added the bot, or the person who left. */
export function membershipPerson(event: MembershipEvent): string {
  return event.type === "member_joined_channel" ? (event.inviter ?? event.user) : event.user;
}

/** `/baraza vote 1 2` → `/vote 1 2`; `/baraza` alone → `/help`. */
export function fromCommand(command: SlashCommand, sender: SlackPerson): Inbound {
  return {
    platform: PLATFORM,
    // A slash command is never redelivered; its trigger id is unique, and records it as handled all the same.
    updateId: `command:${command.trigger_id}`,
    chat: isDirect(command.channel_id) ? { id: sender.id, kind: "private" } : { id: command.channel_id, kind: "group" },
    sender: senderOf(sender),
    text: commandOf(command.text),
    interaction: { kind: "command", trigger: command.trigger_id, ...(command.response_url ? { responseUrl: command.response_url } : {}) },
  };
}

/**
 * A press of one of the bot's buttons: what it stands for, as if typed
 * where the button was, with the question it belonged to. A value this
 * version did not draw is a press on no question, which the core answers
 * as out of date. Null for a press that is not ours, or with nowhere to answer.
 */
export function fromAction(action: BlockActions, sender: SlackPerson): Inbound | null {
  const pressed = action.actions[0];
  const channel = action.container.channel_id ?? action.channel?.id;
  if (!pressed || !pressed.action_id.startsWith(ACTION_PREFIX) || channel === undefined) return null;
  const match = BUTTON_VALUE.exec(pressed.value ?? "");
  const [question, text] = match?.[2] ? [match[1] ?? "", match[2]] : ["", ""];
  const messageTs = action.container.message_ts ?? action.message?.ts;
  const thread = action.message?.thread_ts;
  return {
    platform: PLATFORM,
    updateId: `action:${action.trigger_id}`,
    chat: isDirect(channel) ? { id: sender.id, kind: "private" } : { id: channel, kind: "group" },
    ...(thread ? { thread } : {}),
    sender: senderOf(sender),
    text,
    interaction: { kind: "press", question, id: action.trigger_id, ...(messageTs ? { messageId: messageTs } : {}) },
  };
}

/**
 * Whether a conversation is a direct message with the bot: Slack's ids for
 * those start with D (channels with C, private channels and group DMs with G).
 */
export function isDirect(channel: string, channelType?: string): boolean {
  return channelType === undefined ? channel.startsWith("D") : channelType === "im";
}

/** Whether a chat id is a person's (U…, or W… in an Enterprise Grid), which stands for their direct message with the bot. */
export function isPersonId(chatId: string): boolean {
  return /^[UW][A-Z0-9]+$/.test(chatId);
}

function mentionsBot(text: string, botUserId: string): boolean {
  return new RegExp(`<@${botUserId}(\\|[^>]*)?>`).test(text);
}

/** The text after the bot's mention (`<@U123> vote` → `vote`), or all of it if it does not mention the bot. */
function afterMention(text: string, botUserId: string): string {
  const match = new RegExp(`<@${botUserId}(\\|[^>]*)?>`).exec(text);
  return match ? text.slice(match.index + match[0].length) : text;
}

/** What follows `/baraza` or a mention, as the core's command: `vote 1 2` → `/vote 1 2`; nothing → `/help`. */
export function commandOf(raw: string): string {
  const text = readText(raw).trim().replace(/^[/!]+/, "");
  return text === "" ? "/help" : `/${text}`;
}

/**
 * What a person wrote, as they see it: Slack sends `&`, `<` and `>` escaped,
 * and mentions, channels and links in angle brackets (`<@U123>`,
 * `<#C123|general>`, `<https://…|label>`).
 */
export function readText(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => {
      const [target = "", label] = inner.split("|", 2);
      if (target.startsWith("@") || target.startsWith("#")) return label ? `${target[0]}${label}` : target;
      if (target.startsWith("!")) return `@${label ?? target.slice(1).split("^")[0]}`;
      return label && label !== target ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function senderOf(person: SlackPerson): Inbound["sender"] {
  return { id: person.id, name: person.name, ...(person.locale ? { locale: person.locale } : {}) };
}
