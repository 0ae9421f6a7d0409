/**
 * A neutral `Outbound` message as Slack Block Kit: what `outbound.ts` posts.
 *
 * - The text goes in `plain_text` section blocks of at most 3,000
 *   characters each (Slack's limit per section), so nothing a person wrote
 *   and the bot relays is read as Slack's markup: a `<!channel>` or a
 *   `*bold*` inside a concern stays the characters it was, and can neither
 *   notify a channel nor look like the bot's own words.
 * - Choices become buttons, at most 25 to an actions block (Slack's limit);
 *   each button's value carries the question and the answer (inbound.ts).
 * - A link into the private chat becomes a link button to the app's
 *   messages; there is no Slack link that adds the bot to a channel, so that
 *   link is left out (the text says how: invite the bot, then the command).
 * - A question asked in a channel for a typed answer gets a line naming the
 *   person it is for and asking them to reply in the message's thread, the
 *   one place in a channel where the bot reads what is not addressed to it.
 *
 * - Whatever the message, it fits: a long text is cut between lines, words
 *   or Burmese syllables (never inside one, never after a stacking virama);
 *   a message over Slack's 50 blocks or about 13,000 characters goes as
 *   several messages, the buttons under the last; choices too many for the
 *   blocks left, or an answer too long for a button's value, are written
 *   as numbered lines the core takes as typed answers (as on a channel
 *   without buttons). Rendering never throws.
 *
 * The top-level `text` is what notifications show: the start of the text,
 * with `&`, `<` and `>` escaped as Slack asks, for the same reason. The one
 * `mrkdwn` element, the line asking a person to reply in a thread, mentions
 * them by a Slack user id only, never by anything a person wrote.
 */
import type { types } from "@slack/bolt";
import type { Choice, Outbound } from "../../flows/messages.ts";
import { splitText, units } from "../../flows/split.ts";
import { ACTION_PREFIX, buttonValue } from "./inbound.ts";

/** Slack's longest text in one section block. */
export const SECTION_LIMIT = 3000;
/** Slack's most blocks in one message. */
export const BLOCK_LIMIT = 50;
/** Slack's most elements in one actions block. */
export const BUTTONS_PER_BLOCK = 25;
/** Slack's longest button text. */
export const BUTTON_TEXT_LIMIT = 75;
/** How much of the text a notification shows. */
const NOTIFICATION_LIMIT = 150;
/**
 * The longest text the core sends in one message: four full sections,
 * under the about 13,000 characters of blocks at which Slack has refused
 * messages within its documented limits (bolt-js#2509), leaving room for
 * buttons. A longer text given to `render` goes in several messages.
 */
export const TEXT_LIMIT = 4 * SECTION_LIMIT;

export type Block = types.KnownBlock;

/** One Slack message: its notification text and its blocks. */
export interface Rendered {
  text: string;
  blocks: Block[];
}

/** What the blocks need to know beyond the message. */
export interface BlockContext {
  /** The link to the app's messages (its private chat), when known (see start.ts). */
  appLink?: string | undefined;
  /** The line under a channel question asking for a typed answer, in the message's language: "reply in this thread". */
  replyInThread(locale: string | undefined): string;
  /**
   * The message with its choices written into its text, as the core shows
   * them on a channel without buttons (src/flows/present.ts), for choices
   * that cannot be buttons; numbered lines alone where not given.
   */
  writeChoices?(message: Outbound): Outbound;
}

/** A Slack user id, the only thing put inside a mention. */
const USER_ID = /^[UW][A-Z0-9]{1,20}$/;

/**
 * The message as one or more Slack messages, to be posted in order; the
 * last carries the buttons, links and the reply-in-thread line. Never throws.
 */
export function render(message: Outbound, context: BlockContext): Rendered[] {
  const links = linkButtons(message, context);
  const after: Block[] = [];
  if (links.length > 0) after.push({ type: "actions", elements: links });
  const person = message.input?.person.id;
  if (person !== undefined && USER_ID.test(person) && message.to.kind === "chat" && !message.choices?.length) {
    after.push({ type: "context", elements: [{ type: "mrkdwn", text: `<@${person}> ${escapeText(context.replyInThread(message.locale))}` }] });
  }
  let text = message.text;
  let buttons = message.choices?.length ? buttonBlocks(message.choices, message.question) : [];
  // Every button, the links and at least one section in one message; otherwise the choices are written out.
  if (buttons === null || buttons.length + after.length + 1 > BLOCK_LIMIT) {
    text = writtenChoices(message, context);
    buttons = [];
  }
  const tail = [...buttons, ...after];
  const messages: Block[][] = [];
  let current: Block[] = [];
  let length = 0;
  for (const piece of sectionTexts(text)) {
    if (current.length > 0 && (current.length + 1 > BLOCK_LIMIT || length + piece.length > TEXT_LIMIT)) {
      messages.push(current);
      current = [];
      length = 0;
    }
    current.push({ type: "section", text: { type: "plain_text", text: piece, emoji: false } });
    length += piece.length;
  }
  if (tail.length > 0 && current.length + tail.length > BLOCK_LIMIT) {
    messages.push(current);
    current = [];
  }
  current.push(...tail);
  if (current.length > 0 || messages.length === 0) messages.push(current);
  return messages.map((blocks) => ({ text: notification(textOf(blocks) || text), blocks }));
}

/** The same message without its buttons, for a question answered: its text, and any links. */
export function withoutChoices(blocks: readonly Block[]): Block[] {
  return blocks.filter((block) => block.type !== "actions" || !block.elements.some((element) => element.type === "button" && element.action_id?.startsWith(ACTION_PREFIX)));
}

/** One button per choice, 25 to a block, each carrying the question it answers; null if an answer does not fit a button's value. */
function buttonBlocks(choices: readonly Choice[], question: string | undefined): Block[] | null {
  const blocks: Block[] = [];
  for (let start = 0; start < choices.length; start += BUTTONS_PER_BLOCK) {
    const elements: types.Button[] = [];
    for (const [offset, choice] of choices.slice(start, start + BUTTONS_PER_BLOCK).entries()) {
      const value = buttonValue(question, choice.answer ?? String(choice.number));
      if (value === null) return null;
      elements.push({ type: "button", action_id: `${ACTION_PREFIX}${start + offset}`, text: { type: "plain_text", text: buttonText(choice), emoji: false }, value });
    }
    blocks.push({ type: "actions", elements });
  }
  return blocks;
}

/** The text with the choices written after it, to be answered by typing. */
function writtenChoices(message: Outbound, context: BlockContext): string {
  if (context.writeChoices) return context.writeChoices(message).text;
  const lines = (message.choices ?? []).map((choice) => (choice.answer === undefined ? `${choice.number}. ${choice.label}` : `${choice.label}: ${choice.answer}`));
  return [message.text, ...lines].filter((line) => line !== "").join("\n");
}

function linkButtons(message: Outbound, context: BlockContext): types.Button[] {
  const buttons: types.Button[] = [];
  for (const [index, link] of (message.links ?? []).entries()) {
    // A link into the private chat is for a channel's members; add-to-group has no Slack counterpart.
    if (link.kind !== "open-private" || message.to.kind !== "chat" || context.appLink === undefined) continue;
    buttons.push({ type: "button", action_id: `link:${index}`, text: { type: "plain_text", text: shorten(link.label, BUTTON_TEXT_LIMIT), emoji: false }, url: context.appLink });
  }
  return buttons;
}

/** `2. Label`, or the label alone for a button not answered by its number; cut to Slack's 75 characters. */
function buttonText(choice: Choice): string {
  return shorten(choice.answer === undefined ? `${choice.number}. ${choice.label}` : choice.label, BUTTON_TEXT_LIMIT);
}

/** The sections' texts of some blocks, one after the other. */
function textOf(blocks: readonly Block[]): string {
  return blocks.map((block) => (block.type === "section" && block.text ? block.text.text : "")).filter((text) => text !== "").join("\n");
}

/** The start of the text for notifications, escaped. */
function notification(text: string): string {
  return escapeText(shorten(text, NOTIFICATION_LIMIT));
}

/** Slack's escaping of text it reads as markup: `&`, `<`, `>`. */
export function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** `text`, or its start with `…` when over `limit` code units, cut between syllables. */
export function shorten(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let kept = "";
  for (const unit of units(text)) {
    if (kept.length + unit.length > limit - 1) break;
    kept += unit;
  }
  return `${kept.trimEnd()}…`;
}

/**
 * The text as sections' texts of at most `limit` UTF-16 code units each
 * (what Slack counts, or more), split as every channel's long texts are
 * (src/flows/split.ts); a piece with nothing to see is left out.
 */
export function sectionTexts(text: string, limit: number = SECTION_LIMIT): string[] {
  return splitText(text, limit).filter((piece) => piece.trim() !== "");
}
