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
 * The top-level `text` is what notifications show: the start of the text,
 * with `&`, `<` and `>` escaped as Slack asks, for the same reason.
 */
import type { types } from "@slack/bolt";
import { cutToLength } from "../../domain/text.ts";
import type { Choice, Outbound } from "../../flows/messages.ts";
import { splitText } from "../../flows/split.ts";
import { ACTION_PREFIX, buttonValue } from "./inbound.ts";

/** Slack's longest text in one section block. */
export const SECTION_LIMIT = 3000;
/** Slack's most blocks in one message. */
export const BLOCK_LIMIT = 50;
/** Slack's most elements in one actions block. */
const BUTTONS_PER_BLOCK = 25;
/** Slack's longest button text. */
const BUTTON_TEXT_LIMIT = 75;
/** How much of the text a notification shows. */
const NOTIFICATION_LIMIT = 150;
/**
 * The longest text the core sends in one message: four full sections,
 * under the about 13,000 characters of blocks at which Slack has refused
 * messages within its documented limits (bolt-js#2509), leaving room for
 * buttons.
 */
export const TEXT_LIMIT = 4 * SECTION_LIMIT;

export type Block = types.KnownBlock;

/** What the blocks need to know beyond the message. */
export interface BlockContext {
  /** The link to the app's messages (its private chat), when known (see start.ts). */
  appLink?: string | undefined;
  /** The line under a channel question asking for a typed answer, in the message's language: "reply in this thread". */
  replyInThread(locale: string | undefined): string;
}

/** The message as Slack's `text` and `blocks`. */
export function render(message: Outbound, context: BlockContext): { text: string; blocks: Block[] } {
  const blocks: Block[] = splitText(message.text, SECTION_LIMIT).filter((piece) => piece !== "").map(
    (piece): Block => ({ type: "section", text: { type: "plain_text", text: piece, emoji: false } }),
  );
  if (message.choices?.length) blocks.push(...buttonBlocks(message.choices, message.question));
  const links = linkButtons(message, context);
  if (links.length > 0) blocks.push({ type: "actions", elements: links });
  if (message.input && message.to.kind === "chat" && !message.choices?.length) {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `<@${message.input.person.id}> ${escapeText(context.replyInThread(message.locale))}` }] });
  }
  if (blocks.length > BLOCK_LIMIT) throw new Error(`Core bug: a message of ${blocks.length} blocks, over Slack's ${BLOCK_LIMIT}`);
  return { text: notification(message.text), blocks };
}

/** The same message without its buttons, for a question answered: its text, and any links. */
export function withoutChoices(blocks: readonly Block[]): Block[] {
  return blocks.filter((block) => block.type !== "actions" || !block.elements.some((element) => element.type === "button" && element.action_id?.startsWith(ACTION_PREFIX)));
}

/** One button per choice, 25 to a block, each carrying the question it answers. */
function buttonBlocks(choices: readonly Choice[], question: string | undefined): Block[] {
  const blocks: Block[] = [];
  for (let start = 0; start < choices.length; start += BUTTONS_PER_BLOCK) {
    const elements = choices.slice(start, start + BUTTONS_PER_BLOCK).map((choice, offset): types.Button => {
      const value = buttonValue(question, choice.answer ?? String(choice.number));
      if (value === null) throw new Error("Core bug: a button's answer too long for Slack's button value");
      return { type: "button", action_id: `${ACTION_PREFIX}${start + offset}`, text: { type: "plain_text", text: buttonText(choice), emoji: false }, value };
    });
    blocks.push({ type: "actions", elements });
  }
  return blocks;
}

function linkButtons(message: Outbound, context: BlockContext): types.Button[] {
  const buttons: types.Button[] = [];
  for (const [index, link] of (message.links ?? []).entries()) {
    // A link into the private chat is for a channel's members; add-to-group has no Slack counterpart.
    if (link.kind !== "open-private" || message.to.kind !== "chat" || context.appLink === undefined) continue;
    buttons.push({ type: "button", action_id: `link:${index}`, text: { type: "plain_text", text: cutToLength(link.label, BUTTON_TEXT_LIMIT), emoji: false }, url: context.appLink });
  }
  return buttons;
}

/** `2. Label`, or the label alone for a button not answered by its number; cut to Slack's 75 characters. */
function buttonText(choice: Choice): string {
  const text = choice.answer === undefined ? `${choice.number}. ${choice.label}` : choice.label;
  return text.length <= BUTTON_TEXT_LIMIT ? text : `${cutToLength(text, BUTTON_TEXT_LIMIT - 1)}…`;
}

/** The start of the text for notifications, escaped. */
function notification(text: string): string {
  const line = text.length <= NOTIFICATION_LIMIT ? text : `${cutToLength(text, NOTIFICATION_LIMIT - 1)}…`;
  return escapeText(line);
}

/** Slack's escaping of text it reads as markup: `&`, `<`, `>`. */
export function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
