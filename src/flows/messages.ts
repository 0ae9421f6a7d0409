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
  /**
   * The sender's name as the platform gives it, on one line and cleaned; "—" when nothing of it can be seen.
   * `aliases`: other ids the platform knows the same person by (WhatsApp: an `@lid` id in groups, a phone
   * id in private chats); a message from any of them is the person's (see `PeopleRepository.addAliases`).
   */
  sender: z.object({
    id: z.string().min(1).max(128),
    name: z.string().max(256).transform(senderName),
    aliases: z.array(z.string().min(1).max(128)).max(4).optional(),
    /** The language the platform says the sender uses (Slack's `en-US`): theirs on first contact where Baraza ships it. */
    locale: z.string().max(35).optional(),
  }),
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
  /** The thread the message was written in, where the platform keeps replies in threads (Slack's thread_ts). */
  thread: z.string().min(1).max(128).optional(),
  /** The platform's id of this message, so that a reply can be attached to it (Telegram's message_id). */
  messageId: z.string().min(1).max(128).optional(),
  /**
   * The text came from an interaction rather than from typing:
   * - `press`: a button; `question` is the token of the question the button
   *   belonged to (see `Outbound.question`), or empty for a button that
   *   stands for a command. A press on a question no longer waiting for this
   *   person's answer is refused rather than taken as an answer to whatever
   *   is asked now. `id` names the press so it can be answered (Telegram's
   *   callback query id); `messageId` is the message whose button it was.
   * - `poll-vote`: a vote in a platform's own poll (WhatsApp) standing for a
   *   question's choices; it counts as a press does.
   * - `command`: a platform's own command form (Slack's slash command), with
   *   the handles the platform gives to answer it within its window.
   */
  interaction: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("press"), question: z.string().max(32), id: z.string().max(256).optional(), messageId: z.string().max(128).optional() }),
      z.object({ kind: z.literal("poll-vote"), question: z.string().max(32), id: z.string().max(256).optional() }),
      z.object({ kind: z.literal("command"), trigger: z.string().max(256).optional(), responseUrl: z.string().max(2048).optional() }),
    ])
    .optional(),
  /**
   * The platform's own payload, for its adapter alone: the core hands it
   * back with the turn's replies (see `Channel.send`) and never stores or
   * logs it.
   */
  raw: z.unknown().optional(),
});

function senderName(raw: string): string {
  const name = cleanName(raw);
  return hasVisible(name) ? name : "—";
}

export type Inbound = z.input<typeof inboundSchema> & { chat: { kind: ChatKind } };

/** Every id the platform gave for the sender: their id in this chat first, then the others it knows them by. */
export function senderIds(inbound: Pick<Inbound, "sender">): string[] {
  return [inbound.sender.id, ...(inbound.sender.aliases ?? [])];
}

/** An interaction that answers a question by choosing (a button press or a poll vote), if the message is one. */
export function choosing(inbound: Pick<Inbound, "interaction">): { question: string } | undefined {
  const interaction = inbound.interaction;
  return interaction && (interaction.kind === "press" || interaction.kind === "poll-vote") ? interaction : undefined;
}

/**
 * A numbered choice the person can answer with its number; adapters may show
 * buttons instead. `answer`: what pressing the choice's button sends, when
 * it is not the number (a point added to a ballot, `done`, a command such as
 * `/vote`). The question itself says how to type it, so text-only chats need
 * not show these. Short: platforms carry it in the button.
 */
export const choiceSchema = z.object({
  number: z.number().int(),
  label: z.string(),
  answer: z.string().optional(),
  /**
   * The choice may be given together with others of the same question (how
   * a person describes themselves: `1 4`); the question says how, so a
   * text-only chat lists it without the hint to answer with one number.
   */
  several: z.boolean().optional(),
});

export type Choice = z.infer<typeof choiceSchema>;

const destinationSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("chat"), platform: z.string(), chatId: z.string() }),
  z.object({ kind: z.literal("person"), platform: z.string(), userId: z.string() }),
]);

export type Destination = z.infer<typeof destinationSchema>;

/** A file's contents. */
const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: "Expected the file's bytes" });

/**
 * The fields of an outbound message, with `data` the schema of a file's
 * bytes: the bytes themselves in memory, base64 text where the message is
 * kept as JSON (see {@link storedOutboundSchema}). One shape, so that a
 * field added here is kept by the outbox too.
 */
function outboundShape<Data extends z.ZodType<Uint8Array>>(data: Data) {
  return z.object({
    to: destinationSchema,
    text: z.string(),
    /** Present when the message asks the person to pick from numbered options. */
    choices: z.array(choiceSchema).optional(),
    /** Files to attach, an export or a chart; `text` is then their caption. */
    files: z.array(z.object({ name: z.string(), mime: z.string(), data })).optional(),
    /** What a channel that cannot send files shows instead of them and their caption. */
    fallback: z.string().optional(),
    /** The thread to keep the message in (`Inbound.thread` of the message it answers), on channels with threads. */
    thread: z.string().optional(),
    /** The language `text` is written in, for words a channel adds to it (how to answer numbered choices). */
    locale: z.string().optional(),
    /**
     * The message asks this person for a typed answer; `replyTo` is the
     * platform's id of their message it answers (`Inbound.messageId`).
     * Platforms that hide ordinary group messages from bots (Telegram's
     * privacy mode) ask them alone for a reply to it.
     */
    input: z.object({ person: z.object({ id: z.string(), name: z.string() }), replyTo: z.string().optional() }).optional(),
    /**
     * Links of a kind that each channel renders its own way, or leaves out
     * (the text always says what to do without them): `open-private` opens
     * the person's private chat with the bot; `add-to-group` adds the bot to
     * a group with the invitation `code` already given.
     */
    links: z
      .array(
        z.discriminatedUnion("kind", [
          z.object({ kind: z.literal("open-private"), label: z.string() }),
          z.object({ kind: z.literal("add-to-group"), code: z.string(), label: z.string() }),
        ]),
      )
      .optional(),
    /**
     * An opaque token for the question `choices` answer, which a press of one
     * of its buttons brings back (`Inbound.interaction`). Absent for choices that
     * stand for commands and so are never out of date.
     */
    question: z.string().optional(),
    /**
     * Only this person (a platform user id) needs to see it (a press that
     * changed nothing): shown to them alone where the channel can, and
     * otherwise posted as any other message.
     */
    visibility: z.object({ person: z.string() }).optional(),
    /**
     * This message follows an answer (typed, or an accepted press) to the
     * question `question`, which offered choices: the core takes its buttons
     * away; with `inPlace`, the message is that question's new state (a
     * ballot being filled in), and after a press on a channel that can edit
     * messages the core shows it there instead (see src/flows/delivery.ts).
     */
    answers: z.object({ question: z.string(), inPlace: z.boolean() }).optional(),
    /**
     * The text begins with the privacy notice, given once, on a person's first
     * private message, and recorded as given; a platform that could not
     * deliver this message says so (`Baraza.undelivered`), so that the notice
     * comes again with the next one.
     */
    privacyNotice: z.boolean().optional(),
    /** After this message (its text may be empty) the bot leaves the chat: a group that was never set up with an invitation. */
    leave: z.boolean().optional(),
  });
}

/** A message to send, as the flows make it and adapters render it. */
export const outboundSchema = outboundShape(bytes);

export type Outbound = z.infer<typeof outboundSchema>;

/** A file to send with a message: an export or a chart. */
export type OutboundFile = NonNullable<Outbound["files"]>[number];

/**
 * An outbound message as it is kept in JSON (a scheduled job's outbox, see
 * src/flows/jobs.ts): parsing gives back the `Outbound` that was encoded
 * (`z.encode`), field for field, with a file's bytes carried as base64 text.
 * Jobs send no files today; an export run as a job would, so they are kept
 * rather than refused.
 */
export const storedOutboundSchema = outboundShape(
  z.codec(z.base64(), bytes, {
    decode: (text) => z.util.base64ToUint8Array(text),
    encode: (bytes) => z.util.uint8ArrayToBase64(bytes),
  }),
);
