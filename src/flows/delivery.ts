/**
 * Delivery: how the core says a turn's replies, and the sweep's scheduled
 * messages, on a channel. Every platform gets the same rules, shaped by what
 * its channel declares it can do (see channel.ts); an adapter only renders
 * and transports one message at a time.
 *
 * Each message is first presented as the channel shows it (present.ts):
 * commands in the channel's form, choices as numbered lines where it has no
 * buttons. The rules, in the order they apply to a turn's replies:
 * - From a group, what goes to the sender in private goes first: whether the
 *   platform lets the bot write to them decides what the group is told.
 * - A button press is answered as soon as the replies meant for the presser
 *   in private have gone, never after anything posted to a group (which may
 *   wait on the platform's rate limits): with the private chat opened for a
 *   presser the bot could not write to, or with a short notice for the
 *   presser alone (`visibility`) where the channel shows one, or with a bare
 *   acknowledgement. The answer is not waited for before the replies go.
 * - A reply that says "I have written to you in private" is, when that was
 *   not possible, replaced by saying so where the person is, once.
 * - A reply that follows an answered question takes that question's buttons
 *   away, alongside the reply rather than before it (the reply does not wait
 *   for it; the turn does); after a press, a reply that is the question's
 *   new state (a ballot being filled in) is written over it where the
 *   channel edits messages, and sent anew where it cannot or the edit fails. Where each question
 *   was sent is kept in the store (`Store.sentQuestions`), so a restart or another
 *   process can still take its buttons away.
 * - A text longer than the channel's limit goes in several messages, the
 *   last one carrying the choices, links and files; files go as their text
 *   fallback where the channel takes none.
 * - A person who will never be reached (`Undeliverable`) is told once where
 *   they are; a privacy notice that did not arrive is not counted as given.
 * - Replies go one after the other, in the order the turn made them.
 */
import type { Outlet, PersonRef, PressRef, SentRef } from "./channel.ts";
import { relay } from "../domain/text.ts";
import { describeError } from "./errors.ts";
import { Undeliverable } from "./jobs.ts";
import type { Inbound, Outbound } from "./messages.ts";
import type { Clock, Logger, SentQuestionRepository } from "./ports.ts";
import { present, withCommands } from "./present.ts";
import { splitText } from "./split.ts";
import type { Texts } from "./texts.ts";

/** Where each question with buttons was sent, so that answering it can take them away (the store's, see `Store.sentQuestions`). */
export type SentQuestions = Pick<SentQuestionRepository, "remember" | "take" | "find">;

/**
 * How a turn's replies are delivered. `storeNothing`: the turn stored
 * something that must not be joined to its author (an anonymous concern),
 * so where its questions went is only read, never written or deleted: a
 * write just after would sit next to the concern's in the database's order.
 */
export interface ReplyOptions {
  storeNothing?: boolean;
}

export interface DeliveryDeps {
  texts: Texts;
  log: Logger;
  clock: Clock;
  questions: SentQuestions;
  /** A message that never reached its person (see `Baraza.undelivered`). */
  undelivered(message: Outbound): Promise<void>;
  /** The language of a chat, for what the core says there itself. */
  chatLocale(platform: string, chatId: string): Promise<string>;
}

type Outcome = "sent" | "unreachable" | "failed";

export class Delivery {
  constructor(private readonly deps: DeliveryDeps) {}

  /**
   * Sends one message on `channel`, shaped to fit it; resolves with where it
   * went (the piece carrying its buttons, or the last one); a reply comes
   * with the message it answers (see `Channel.send`). Throws what the
   * channel throws, `Undeliverable` included: the sweep decides what a
   * scheduled message that cannot be sent becomes.
   */
  async send(channel: Outlet, message: Outbound, replyingTo?: Inbound): Promise<SentRef | undefined> {
    let sent: SentRef | undefined;
    for (const piece of shape(channel, message, this.deps.texts)) sent = (await channel.send(piece, replyingTo)) ?? sent;
    if (sent && message.question && message.choices?.length && channel.capabilities.buttons === "inline") {
      await this.deps.questions.remember(message.question, sent, this.deps.clock.now());
    }
    return sent;
  }

  /** Delivers a turn's replies to `inbound` on the channel it came from, by the rules above. */
  async reply(channel: Outlet, inbound: Inbound, replies: readonly Outbound[], options: ReplyOptions = {}): Promise<void> {
    if (options.storeNothing) return new Delivery({ ...this.deps, questions: readOnly(this.deps.questions) }).reply(channel, inbound, replies);
    const capabilities = channel.capabilities;
    const interaction = inbound.interaction;
    const press = interaction?.kind === "press" && interaction.id !== undefined ? { platform: inbound.platform, id: interaction.id } : undefined;
    const fromGroup = inbound.chat.kind === "group";
    const person: PersonRef = { id: inbound.sender.id, name: inbound.sender.name };
    let notice: Outbound | undefined;
    const first: Outbound[] = [];
    const then: Outbound[] = [];
    for (const reply of replies) {
      if (press && notice === undefined && channel.notifyPresser && capabilities.toOnePerson === "press-notice" && fitsNotice(reply, inbound, capabilities.noticeLimit)) notice = reply;
      else if (fromGroup && reply.to.kind === "person" && reply.to.userId === inbound.sender.id) first.push(reply);
      else then.push(reply);
    }
    // Calls no reply waits for (answering the press, taking answered buttons away), awaited before the turn ends; none throws.
    const alongside: Promise<void>[] = [];
    let unreachable = false;
    for (const reply of first) if ((await this.deliverOne(channel, inbound, reply, alongside)) === "unreachable") unreachable = true;
    if (press) alongside.push(this.answerPress(channel, press, person, unreachable, notice));
    if (notice?.answers) await this.settle(channel, inbound, notice, alongside);
    let told = false;
    for (const reply of then) {
      // "I have written to you in private" is said only once it is true; otherwise the person hears, once, that it could not be.
      if (unreachable && reply.to.kind === "chat" && reply.links?.some((link) => link.kind === "open-private")) {
        if (!told) await this.tellUnreachable(channel, inbound, person);
        told = true;
        if (reply.answers) await this.settle(channel, inbound, reply, alongside);
        continue;
      }
      await this.deliverOne(channel, inbound, reply, alongside);
    }
    if (unreachable && !told && !press && fromGroup) await this.tellUnreachable(channel, inbound, person);
    await Promise.all(alongside);
  }

  /** Sends one reply, or writes it over the question it answers; never throws. */
  private async deliverOne(channel: Outlet, inbound: Inbound, reply: Outbound, alongside: Promise<void>[]): Promise<Outcome> {
    try {
      if (reply.answers && (await this.settle(channel, inbound, reply, alongside)) === "edited") return "sent";
      await this.send(channel, reply, inbound);
      return "sent";
    } catch (error) {
      // One undeliverable reply must not stop the rest; the log names the platform and kind, never the text.
      this.deps.log.error("delivery-failed", { platform: channel.platform, to: reply.to.kind, ...describeError(error) });
      if (!(error instanceof Undeliverable) || reply.to.kind !== "person") return "failed";
      // A privacy notice that never arrived is not counted as given.
      await this.deps.undelivered(reply).catch((failure: unknown) => this.deps.log.error("undelivered-failed", describeError(failure)));
      return "unreachable";
    }
  }

  /**
   * A reply follows an answer to its question (`answers`): after a press, a
   * reply that is the question's new state is written over the pressed
   * message where the channel can ("edited"); otherwise the question's
   * buttons are taken away, added to `alongside` for the reply not to wait
   * on, and the reply still has to be sent ("cleared").
   */
  private async settle(channel: Outlet, inbound: Inbound, reply: Outbound, alongside: Promise<void>[]): Promise<"edited" | "cleared"> {
    const answers = reply.answers;
    if (!answers || channel.capabilities.buttons !== "inline") return "cleared";
    const stored = await this.deps.questions.take(answers.question);
    const interaction = inbound.interaction;
    const pressed =
      interaction?.kind === "press" && interaction.question === answers.question && interaction.messageId !== undefined
        ? { platform: inbound.platform, chatId: inbound.chat.id, messageId: interaction.messageId }
        : undefined;
    const ref = pressed ?? stored;
    if (!ref) return "cleared";
    if (pressed && answers.inPlace && channel.edit && channel.capabilities.edits && canEdit(channel, reply) && isHere(reply, inbound)) {
      try {
        const [edited] = shape(channel, reply, this.deps.texts);
        if (edited) await channel.edit(ref, edited);
        if (reply.question && reply.choices?.length) await this.deps.questions.remember(reply.question, ref, this.deps.clock.now());
        return "edited";
      } catch (error) {
        this.deps.log.error("delivery-edit-failed", { platform: channel.platform, ...describeError(error) });
      }
    }
    // Left as they are where the channel cannot take them away: a press on them is refused by the core when it comes.
    const clearing = channel.clearChoices?.(ref).catch((error: unknown) => this.deps.log.error("delivery-clear-failed", { platform: channel.platform, ...describeError(error) }));
    if (clearing) alongside.push(clearing);
    return "cleared";
  }

  /** Answers a press first, so the platform stops waiting on it: the private chat to open, a notice, or nothing to show. */
  private async answerPress(channel: Outlet, press: PressRef, person: PersonRef, unreachable: boolean, notice: Outbound | undefined): Promise<void> {
    try {
      if (unreachable && channel.openPrivate) await channel.openPrivate(person, { press });
      else if (notice && channel.notifyPresser) await channel.notifyPresser(press, withCommands(notice, channel.capabilities.commandPrefix).text);
      else await channel.acknowledge?.(press);
    } catch (error) {
      this.deps.log.error("delivery-press-failed", { platform: channel.platform, ...describeError(error) });
    }
  }

  /** Tells a person the bot could not write to in private, where they are: the channel's way into the private chat, or the core's words. */
  private async tellUnreachable(channel: Outlet, inbound: Inbound, person: PersonRef): Promise<void> {
    if (inbound.chat.kind !== "group") return;
    const where = { kind: "chat" as const, platform: inbound.platform, chatId: inbound.chat.id };
    try {
      const locale = await this.deps.chatLocale(inbound.platform, inbound.chat.id);
      if (channel.openPrivate) await channel.openPrivate(person, { in: where, locale });
      // For them alone where the channel can (a Slack ephemeral): the rest of the group need not learn who has no private chat with the bot.
      else await this.send(channel, { to: where, locale, visibility: { person: person.id }, text: this.deps.texts.t(locale, "conversation.unreachable", { name: relay(person.name) }) });
    } catch (error) {
      this.deps.log.error("delivery-failed", { platform: channel.platform, to: "chat", ...describeError(error) });
    }
  }
}

/**
 * The message as the pieces the channel is sent: presented as the channel
 * shows it (commands in its form, choices as numbered lines where it has no
 * buttons: see present.ts); files as their text where the channel takes
 * none; a text over the channel's limit in several messages, the last
 * carrying everything else. Nothing to send (a reply that only marked a
 * question answered): no pieces.
 */
export function shape(channel: Pick<Outlet, "platform" | "capabilities">, message: Outbound, texts: Texts): Outbound[] {
  const capabilities = channel.capabilities;
  const { answers: _answers, ...rest } = message;
  let whole: Outbound = present(capabilities, rest, texts);
  if (whole.files?.length && !capabilities.files) {
    const { files: _files, fallback, ...textOnly } = whole;
    whole = { ...textOnly, text: fallback ?? textOnly.text };
  }
  if (whole.text === "" && !whole.files?.length && !whole.leave) return [];
  const limit = capabilities.buttons === "inline" ? capabilities.buttonPayloadLimit : undefined;
  const tooLong = limit === undefined ? undefined : whole.choices?.find((choice) => utf8Length(whole.question ?? "") + utf8Length(choice.answer ?? String(choice.number)) > limit);
  if (tooLong) throw new Error(`Core bug: choice ${tooLong.number}'s answer does not fit in a button of the ${channel.platform} channel`);
  if (!capabilities.threads && whole.thread !== undefined) {
    const { thread: _thread, ...unthreaded } = whole;
    whole = unthreaded;
  }
  const pieces = whole.text === "" ? [""] : splitText(whole.text, capabilities.textLimit);
  const last = pieces.length - 1;
  return pieces.map((text, index) => (index === last ? { ...whole, text } : { to: whole.to, text, ...(whole.locale ? { locale: whole.locale } : {}) }));
}

/** Questions' places read but never written: a question answered keeps its row until the retention sweep, a new one is not kept. */
function readOnly(questions: SentQuestions): SentQuestions {
  return { find: (question) => questions.find(question), take: (question) => questions.find(question), remember: () => Promise.resolve() };
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Whether a reply can be shown as a notice to the presser alone: meant for them, in the pressed chat, short, and nothing but text. */
function fitsNotice(reply: Outbound, inbound: Inbound, limit: number | undefined): boolean {
  if (reply.visibility?.person !== inbound.sender.id || !isHere(reply, inbound)) return false;
  return !reply.choices?.length && !reply.files?.length && reply.text !== "" && reply.text.length <= (limit ?? Infinity);
}

/** Whether a reply can be written over a message: text only, in one piece. */
function canEdit(channel: Outlet, reply: Outbound): boolean {
  return !reply.files?.length && reply.text !== "" && !reply.leave && reply.text.length <= channel.capabilities.textLimit;
}

/** Whether `reply` goes to the chat `inbound` came from. */
function isHere(reply: Outbound, inbound: Inbound): boolean {
  if (reply.to.kind === "chat") return reply.to.chatId === inbound.chat.id;
  return inbound.chat.kind === "private" && reply.to.userId === inbound.sender.id;
}
