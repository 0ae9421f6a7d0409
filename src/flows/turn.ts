/**
 * One inbound message being answered: who wrote, where, in which group and
 * language, and the replies gathered so far. Flows read the situation from
 * here and say things through it; they never see a platform.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { relay } from "../domain/text.ts";
import { conversationDataOrNull, waitingQuestion } from "./conversation-state.ts";
import type { Cycle, Group, Membership, Person, Role } from "../domain/types.ts";
import { senderIds, type Choice, type Inbound, type Outbound, type OutboundFile } from "./messages.ts";
import type { Clock, ConversationState, Logger, Store } from "./ports.ts";
import type { Phrase, Texts } from "./texts.ts";

export interface Settings {
  defaultLocale: string;
  defaultTimeZone: string;
  /** Days after which data is deleted or anonymised (see the privacy repository). */
  retentionDays: number;
}

/** Random ids for one-time codes, injected so tests can predict them. */
export interface IdSource {
  code(): string;
}

export interface Deps {
  store: Store;
  clock: Clock;
  texts: Texts;
  ids: IdSource;
  settings: Settings;
  log: Logger;
}

/** What a conversation keeps between messages: where it is, the question to ask again, and its answers so far. */
export interface ConversationData {
  step: string;
  prompt: Phrase;
  /** The group a private conversation is about. */
  groupId?: number;
  /** The numbered options the question offers, if it offers any. */
  choices?: Choice[];
  /** Whether the question is yes (choice 1) or no (choice 2), so that words for yes and no answer it. */
  yesNo?: boolean;
  /** The token of the question as last asked (set when saved), which a press on its buttons must bring back. */
  question?: string;
  [field: string]: unknown;
}

/** What a flow may add to what it says, for the channel to render its way. */
export type SayExtra = Pick<Outbound, "files" | "fallback" | "question" | "links"> & {
  /** When this answers a press: show it in place of the pressed question where the channel can. */
  inPlace?: boolean;
  /** Only the person who wrote (or pressed) needs to see it: shown to them alone where the channel can (see `Outbound.visibility`). */
  onlyToSender?: boolean;
  /** The message asks the person who wrote for a typed answer (see `Outbound.input`). */
  asksTyping?: boolean;
};

/** Files a reply carries once they are made, after the turn's transaction has committed (see `Turn.attachLater`). */
export interface MadeFiles {
  caption: string;
  files: OutboundFile[];
  /** The text a channel without files shows instead. */
  fallback: string;
}

/** Where a reply keeps the making of its files until the turn has committed; kept off `Outbound`, so no adapter and no outbox ever sees it. */
const MAKE = Symbol("make-files");

interface Making {
  make: () => Promise<MadeFiles>;
  /** The apology said in the reply's place when the files cannot be made, in the chat's language. */
  failed: string;
}

/** A reply gathered by a turn: an `Outbound`, perhaps with files still to make (see `withFilesMade`). */
export type TurnReply = Outbound & { readonly [MAKE]?: Making };

/**
 * The turn's replies as adapters take them, once its transaction has
 * committed: each reply's files made now, in its place, so that nothing slow
 * holds the store's writer. A reply whose files cannot be made says the
 * apology instead (keeping where it goes, a privacy notice it carries and the
 * question it answers); `failed` hears of the error. Nothing stored is lost:
 * the turn has committed.
 */
export async function withFilesMade(replies: readonly TurnReply[], failed: (error: unknown) => void): Promise<Outbound[]> {
  const made: Outbound[] = [];
  for (const reply of replies) {
    const { [MAKE]: making, ...message } = reply;
    if (!making) {
      made.push(reply);
      continue;
    }
    try {
      const { caption, files, fallback } = await making.make();
      made.push({ ...message, text: message.text + caption, files, fallback });
    } catch (error) {
      failed(error);
      made.push({ ...message, text: message.text + making.failed });
    }
  }
  return made;
}

export class Turn {
  readonly replies: TurnReply[] = [];
  /**
   * Set when this turn must write nothing more about the person than it did
   * itself: it stored something that must not be joined to them (an
   * anonymous concern), or erased them (`forgetme`). Their own writes (see
   * `flush`) then wait for their next message.
   */
  private unlinkableTurn = false;
  /** The person's conversations this turn ended or saved, by key: the last of the two counts. */
  private readonly conversationEnds = new Map<string, "ended" | "saved">();
  /** The flow a command said it ended (see `endConversation`), by key. */
  private readonly endedFlows = new Map<string, string | undefined>();
  /** What waited under each key when this turn began, as far as it has looked. */
  private readonly held = new Map<string, ConversationState | null>();
  /** The keys whose waiting conversation this message answers. */
  private readonly answered = new Set<string>();
  /**
   * The question whose button this message pressed, once the press has been
   * accepted; the first reply in this chat is marked as answering it, and
   * then this is cleared.
   */
  answering: string | null = null;

  constructor(
    readonly deps: Deps,
    readonly store: Store,
    readonly inbound: Inbound,
    readonly person: Person,
    /** The group the message is about: the chat's own, or the one a private chat concerns. */
    readonly group: Group | null,
    readonly membership: Membership | null,
    readonly roles: readonly Role[],
    readonly cycle: Cycle | null,
  ) {}

  get now(): Date {
    return this.deps.clock.now();
  }

  get inGroup(): boolean {
    return this.inbound.chat.kind === "group";
  }

  /** Languages chosen during this turn (`/lang`, setup's language question), which what the turn says after the choice is written in. */
  private readonly chosenLocales: { group?: string; person?: string } = {};

  /** The group's language (`of: "group"`) or the person's own was set to `locale` in this turn. */
  languageChosen(of: "group" | "person", locale: string): void {
    this.chosenLocales[of] = locale;
  }

  /** The language of replies in this chat: the group's in a group, the person's in private. */
  get locale(): string {
    if (this.inGroup) return this.groupLocale ?? this.deps.settings.defaultLocale;
    return this.privateLocale;
  }

  private get groupLocale(): string | undefined {
    return this.chosenLocales.group ?? this.group?.locale;
  }

  /** The language of this person's private chat, wherever this message came from: their own, else their group's (not that of a group they only follow as its coordinator). */
  get privateLocale(): string {
    const group = this.looksInFromOutside || !this.group ? null : { ...this.group, locale: this.chosenLocales.group ?? this.group.locale };
    return this.chosenLocales.person ?? localeOf(this.person, group, this.deps.settings);
  }

  /**
   * Whether the person is a coordinator of the group's programme with no
   * place in the group (not even one they are joining): what they do about it
   * from their private chat is not the group's activity, and nothing of the
   * group's (its language) becomes theirs.
   */
  get looksInFromOutside(): boolean {
    const joined = this.membership !== null && this.membership.leftAt === null;
    return this.group !== null && this.roles.includes("coordinator") && !this.roles.includes("member") && !joined;
  }

  /** The text for `key` in this chat's language. */
  t(key: string, vars?: Record<string, unknown>): string {
    return this.deps.texts.t(this.locale, key, vars);
  }

  /**
   * At the end of the turn: a question answered, cancelled or left behind
   * (`answering`) that no reply has yet marked is marked by the first reply
   * to its chat, or else by an empty message there, so that a platform
   * takes its buttons away even when every reply went elsewhere (the last
   * setup answer is followed by a post to the group only).
   */
  settleAnswered(): void {
    const question = this.answering;
    if (question === null) return;
    this.answering = null;
    const answers = { question, inPlace: false };
    // In private, where `say` answers: the person's own id, whichever of their ids they wrote from.
    const here: Outbound["to"] = this.inGroup ? { kind: "chat", platform: this.inbound.platform, chatId: this.inbound.chat.id } : personDestination(this.person);
    const index = this.replies.findIndex((reply) => !reply.answers && !reply.leave && sameDestination(reply.to, here));
    const first = this.replies[index];
    if (first) this.replies[index] = { ...first, answers };
    else this.replies.push({ to: here, text: "", answers });
  }

  /** Answers in the chat the message came from; `extra` carries hints for the platform. */
  say(text: string, choices?: Choice[], extra: SayExtra = {}): void {
    this.replies.push(this.here(text, choices, extra));
  }

  /** A reply in the chat the message came from, marked as answering the pressed question if none has been yet. */
  private here(text: string, choices?: Choice[], extra: SayExtra = {}): Outbound {
    const { inPlace = false, onlyToSender = false, asksTyping = false, ...hints } = extra;
    const answers = this.answering === null ? {} : { answers: { question: this.answering, inPlace } };
    this.answering = null;
    const sender = this.inbound.sender;
    const intents = {
      locale: this.locale,
      ...(this.inbound.thread ? { thread: this.inbound.thread } : {}),
      ...hints,
      ...answers,
      ...(onlyToSender ? { visibility: { person: sender.id } } : {}),
      ...(asksTyping ? { input: { person: { id: sender.id, name: sender.name }, ...(this.inbound.messageId ? { replyTo: this.inbound.messageId } : {}) } } : {}),
    };
    if (this.inGroup) return withChoices({ to: { kind: "chat", platform: this.inbound.platform, chatId: this.inbound.chat.id }, text, ...intents }, choices);
    return withChoices({ to: personDestination(this.person), ...this.withPreamble(this.locale, text), ...intents }, choices);
  }

  /** Asks the conversation's question (as saved by `remember`), after `before` if given: a reason it comes again. */
  sayQuestion(data: ConversationData, before?: string, extra: SayExtra = {}): void {
    const text = before === undefined ? this.render(data.prompt) : `${before}\n\n${this.render(data.prompt)}`;
    this.say(text, data.choices, { asksTyping: !data.choices, ...(data.question ? { question: data.question } : {}), ...extra });
  }

  /** Sends `text` (in the private chat's language) to the person alone, in their private chat, wherever this message came from; `commands` are buttons that stand for commands. */
  tellPrivately(text: string, commands?: Choice[]): void {
    this.replies.push(withChoices({ to: personDestination(this.person), ...this.withPreamble(this.privateLocale, text), locale: this.privateLocale }, commands));
  }

  /** Answers in the group that the rest happens in private, with a way into the private chat where the platform has one. */
  pointToPrivate(key: string, vars?: Record<string, unknown>): void {
    this.say(this.t(key, vars), undefined, { links: [{ kind: "open-private", label: this.t("conversation.open-private") }] });
  }

  /**
   * Sends files in the chat the message came from, made by `make` only after
   * the turn's transaction has committed (drawing and typesetting are slow,
   * and would hold the store's one writer): `make` reads nothing from the
   * store, only what the turn read for it. Its caption follows a privacy
   * notice the reply carries; if it fails, the person is told sorry there.
   */
  attachLater(make: () => Promise<MadeFiles>): void {
    this.replies.push({ ...this.here(""), [MAKE]: { make, failed: this.t("errors.sorry") } });
  }

  reply(key: string, vars?: Record<string, unknown>): void {
    this.say(this.t(key, vars));
  }

  /** Posts to a group's chat in the group's language, with buttons if given. */
  post(group: Group, text: (locale: string) => string, choices?: (locale: string) => Choice[]): void {
    this.replies.push(withChoices({ to: groupDestination(group), text: text(group.locale), locale: group.locale }, choices?.(group.locale)));
  }

  /** The key under which this person's conversation in this chat (or their private chat) is kept. */
  conversationKey(chat: "here" | "private" = "here"): string {
    return conversationKey(this.person, chat === "here" && this.inGroup ? this.inbound.chat.id : null);
  }

  /** Saves where the conversation stands and asks its question in this chat. */
  async ask(flow: string, data: ConversationData, extra: SayExtra = {}): Promise<void> {
    await this.remember(flow, data);
    this.sayQuestion(data, undefined, extra);
  }

  /**
   * Saves where the conversation stands without saying anything (the caller
   * says why the question comes again), and gives `data` the token of its
   * question as it now stands.
   */
  async remember(flow: string, data: ConversationData): Promise<void> {
    await this.save(this.conversationKey(), flow, data);
  }

  /** Starts or continues a conversation in the person's private chat, whatever chat this message came from. */
  async askPrivately(flow: string, data: ConversationData): Promise<void> {
    await this.save(this.conversationKey("private"), flow, data);
    // In the person's language; the first private message also says what a bot chat does not protect.
    const locale = this.privateLocale;
    const text = this.deps.texts.t(locale, data.prompt.key, data.prompt.vars);
    this.replies.push(withChoices({ to: personDestination(this.person), ...this.withPreamble(locale, text), locale, ...(data.question ? { question: data.question } : {}) }, data.choices));
  }

  /**
   * Keeps the conversation under `key`, with the token of its question as it
   * now stands (also given to `data`). A question of another flow that was
   * waiting there is not dropped: it is set aside under this one (the person
   * is told), and comes back when this one ends (see `settle`).
   */
  private async save(key: string, flow: string, data: ConversationData): Promise<void> {
    const before = await this.waitingAt(key);
    let aside: ConversationState | null = null;
    if (before) {
      const continued = this.answered.has(key) || before.flow === flow;
      aside = continued ? asideOf(before.state) : before;
      if (!continued && flow !== PICK_GROUP && this.conversationEnds.get(key) !== "saved") {
        // The question set aside loses its buttons: it is asked anew, with its own, when it comes back.
        if (key === this.conversationKey()) this.answering ??= waitingQuestion(before.state);
        this.tellAbout(key, "conversation.set-aside", before.flow);
      }
    }
    await this.write(key, flow, data, aside);
    this.conversationEnds.set(key, "saved");
  }

  private async write(key: string, flow: string, data: ConversationData, aside: ConversationState | null): Promise<void> {
    delete data[ASIDE];
    if (aside) data[ASIDE] = aside;
    data.question = questionToken(key, flow, data);
    await this.store.conversations.save(key, { flow, state: { ...data } }, this.now);
  }

  /** What waited under `key` when this turn began. */
  async waitingAt(key: string): Promise<ConversationState | null> {
    if (!this.held.has(key)) this.held.set(key, await this.store.conversations.get(key));
    return this.held.get(key) ?? null;
  }

  /** The conversation this message answers: ending it brings back the one set aside under it. */
  answers(key: string, conversation: ConversationState): void {
    this.held.set(key, conversation);
    this.answered.add(key);
  }

  /**
   * Brings back the conversation set aside under `key` (`aside`): kept
   * again, and its question asked, after a word that it is the earlier one.
   * A stored state this version cannot read is dropped, and the person told.
   */
  async restore(key: string, aside: ConversationState): Promise<void> {
    const data = conversationDataOrNull(aside.state);
    if (!data) {
      await this.store.conversations.clear(key);
      this.reply("conversation.expired");
      return;
    }
    await this.write(key, aside.flow, data, asideOf(aside.state));
    this.sayQuestion(data, this.t("conversation.back-to", { topic: this.t(`conversation.topics.${aside.flow}`) }));
  }

  /**
   * After a command: if a question of the person's was waiting in this chat
   * and the command left it there, says so, and how to answer or stop it.
   */
  async remindWaiting(): Promise<void> {
    const key = this.conversationKey();
    const before = await this.waitingAt(key);
    if (!before || this.answered.has(key)) return;
    const end = this.conversationEnds.get(key);
    if (end === "saved" || (end === "ended" && this.endsWaiting(key, before))) return;
    const topic = this.t(`conversation.topics.${before.flow}`);
    this.say(this.inGroup ? this.t("conversation.still-waiting-group", { name: relay(this.person.displayName), topic }) : this.t("conversation.still-waiting", { topic }));
  }

  /** Whether the end this turn asked for under `key` is the end of what waited there: its answer, or a command of the same flow. */
  private endsWaiting(key: string, before: ConversationState): boolean {
    return this.answered.has(key) || this.endedFlows.get(key) === before.flow;
  }

  /** Says `textKey` about the conversation of `flow` in the chat `key` belongs to, in that chat's language. */
  private tellAbout(key: string, textKey: string, flow: string): void {
    if (key === this.conversationKey()) {
      this.say(this.t(textKey, { topic: this.t(`conversation.topics.${flow}`) }));
      return;
    }
    const t = (k: string, vars?: Record<string, unknown>) => this.deps.texts.t(this.privateLocale, k, vars);
    this.tellPrivately(t(textKey, { topic: t(`conversation.topics.${flow}`) }));
  }

  /** A wrong answer: says what was wrong, then asks the same question again. */
  retry(data: ConversationData, error: Phrase): void {
    this.sayQuestion(data, this.render(error));
  }

  /** Saves the conversation as it stands, says what was wrong, and asks its question again. */
  async askAgain(flow: string, data: ConversationData, error: Phrase): Promise<void> {
    await this.remember(flow, data);
    this.retry(data, error);
  }

  /**
   * Ends the person's conversation in this chat, once the turn is over (see
   * `flush`); a question asked after this in the same turn keeps it going.
   * A command names its `flow`: it ends a question of that flow waiting
   * here, and leaves any other waiting. Async like the store's writes it
   * stands for.
   */
  async endConversation(flow?: string): Promise<void> {
    const key = this.conversationKey();
    this.conversationEnds.set(key, "ended");
    this.endedFlows.set(key, flow);
  }

  /** See {@link unlinkableTurn}. */
  markUnlinkable(): void {
    this.unlinkableTurn = true;
  }

  get unlinkable(): boolean {
    return this.unlinkableTurn;
  }

  render(phrase: Phrase): string {
    return this.t(phrase.key, phrase.vars);
  }

  /** A private message's text, after the privacy notice if this is the first the person is sent, marked so. */
  private withPreamble(locale: string, text: string): Pick<Outbound, "text" | "privacyNotice"> {
    const preamble = this.privacyPreamble(this.person, locale);
    return preamble === "" ? { text } : { text: preamble + text, privacyNotice: true };
  }

  private privacyPreamble(person: Person, locale: string): string {
    if (person.privacyNoticeAt !== null || this.noticesGiven.has(person.id)) return "";
    this.noticesGiven.add(person.id);
    return `${this.deps.texts.t(locale, "privacy.notice")}\n\n`;
  }

  /**
   * The conversations this turn ended: each is cleared, unless what waited
   * there was not what ended (a command ending its own flow leaves another
   * flow's question waiting); one set aside under it comes back.
   */
  private async settle(): Promise<void> {
    for (const [key, end] of this.conversationEnds) {
      if (end !== "ended") continue;
      const before = await this.waitingAt(key);
      if (!before) {
        await this.store.conversations.clear(key);
        continue;
      }
      if (!this.endsWaiting(key, before)) continue;
      const aside = asideOf(before.state);
      if (aside) await this.restore(key, aside);
      else await this.store.conversations.clear(key);
    }
  }

  /**
   * The ids the platform gave for the sender that the store does not yet
   * know as theirs (the id they wrote from, when they were recognised by
   * another): from now on a message from any of them is theirs. An id that
   * is already someone else's stays theirs (see `PeopleRepository.addAliases`):
   * two records of one human are not merged on the platform's word, since
   * that would hand one of them the other's ballots and roles. It is logged,
   * with no id, for whoever runs the bot.
   */
  private async recordOtherIds(): Promise<void> {
    const ids = senderIds(this.inbound).filter((id) => id !== this.person.platformUserId);
    if (ids.length === 0) return;
    const { taken } = await this.store.people.addAliases(this.person.id, ids);
    if (taken.length > 0) this.deps.log.error("sender-id-taken", { platform: this.inbound.platform, ids: taken.length });
  }

  /** People given the privacy notice in this turn, to be recorded by `flush`. */
  private readonly noticesGiven = new Set<number>();

  /**
   * The person's own writes, kept to the end of the turn, in its
   * transaction: conversations it ended, their name as the platform now
   * gives it, the other ids it gave for them, and the privacy notices that
   * went out. None for an unlinkable
   * turn (see {@link unlinkableTurn}).
   */
  async flush(): Promise<void> {
    if (this.unlinkableTurn) return;
    await this.settle();
    if (this.inbound.sender.name !== this.person.displayName && this.inbound.sender.id === this.person.platformUserId) await this.store.people.rename(this.person.id, this.inbound.sender.name);
    await this.recordOtherIds();
    for (const personId of this.noticesGiven) await this.store.people.markPrivacyNotice(personId, this.now);
  }
}

/** The name of the question that asks which group a private command is for. */
export const PICK_GROUP = "pick-group";

/** Where a conversation keeps the one set aside under it. */
const ASIDE = "aside";

const asideSchema = z.object({ flow: z.string(), state: z.record(z.string(), z.unknown()) });

/** The conversation set aside under this one's state, if any. */
export function asideOf(state: Record<string, unknown>): ConversationState | null {
  const parsed = asideSchema.safeParse(state[ASIDE]);
  return parsed.success ? parsed.data : null;
}

/**
 * The token of a question: a digest of whose conversation it is, in which
 * chat, and everything the conversation holds at that point. Asking the
 * same question in the same state gives the same token; any answer that
 * moves the conversation on (a point added to a ballot included) changes
 * it, so a second press of the same button is seen as late.
 */
export function questionToken(key: string, flow: string, data: ConversationData): string {
  const { question: _previous, ...state } = data;
  return createHash("sha256").update(JSON.stringify([key, flow, state])).digest("base64url").slice(0, 12);
}

/** The key under which a person's conversation is kept: in a group's chat (`chatId`), or in private (null), one per person. */
export function conversationKey(person: Person, chatId: string | null): string {
  return `${person.platform}:${chatId ?? "dm"}:${person.id}`;
}

export function localeOf(person: Person, group: Group | null, settings: Settings): string {
  return person.locale ?? group?.locale ?? settings.defaultLocale;
}

function sameDestination(a: Outbound["to"], b: Outbound["to"]): boolean {
  if (a.kind === "chat" && b.kind === "chat") return a.platform === b.platform && a.chatId === b.chatId;
  if (a.kind === "person" && b.kind === "person") return a.platform === b.platform && a.userId === b.userId;
  return false;
}

/** A person's private chat. */
export function personDestination(person: Person): Outbound["to"] {
  return { kind: "person", platform: person.platform, userId: person.platformUserId };
}

/** A group's chat. */
export function groupDestination(group: Group): Outbound["to"] {
  return { kind: "chat", platform: group.platform, chatId: group.chatId };
}

/** Adds the choices to a message; a message without any has no question for buttons to bring back. */
function withChoices(message: Outbound, choices: Choice[] | undefined): Outbound {
  if (choices && choices.length > 0) return { ...message, choices };
  const { question: _none, ...rest } = message;
  return rest;
}
