/**
 * One inbound message being answered: who wrote, where, in which group and
 * language, and the replies gathered so far. Flows read the situation from
 * here and say things through it; they never see a platform.
 */
import { createHash } from "node:crypto";
import type { Cycle, Group, Membership, Person, Role } from "../domain/types.ts";
import type { Choice, Inbound, Outbound, OutboundFile } from "./messages.ts";
import type { Clock, Logger, Store } from "./ports.ts";
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

/** Hints for the platform that a flow may add to what it says. */
export type SayExtra = Pick<Outbound, "expectsReply" | "privateChatButton" | "files" | "fallback" | "question" | "ephemeral" | "setupLink"> & {
  /** When this answers a press: show it in place of the pressed question where the platform can. */
  inPlace?: boolean;
};

export class Turn {
  readonly replies: Outbound[] = [];
  /**
   * Set when this turn must write nothing more about the person than it did
   * itself: it stored something that must not be joined to them (an
   * anonymous concern), or erased them (`forgetme`). Their own writes (see
   * `flush`) then wait for their next message.
   */
  private unlinkableTurn = false;
  /** The person's conversations this turn ended or saved, by key: the last of the two counts. */
  private readonly conversationEnds = new Map<string, "ended" | "saved">();
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

  /** The language of replies in this chat: the group's in a group, the person's in private. */
  get locale(): string {
    if (this.inGroup) return this.group?.locale ?? this.deps.settings.defaultLocale;
    return this.privateLocale;
  }

  /** The language of this person's private chat, wherever this message came from. */
  get privateLocale(): string {
    return localeOf(this.person, this.group, this.deps.settings);
  }

  /** The text for `key` in this chat's language. */
  t(key: string, vars?: Record<string, unknown>): string {
    return this.deps.texts.t(this.locale, key, vars);
  }

  /** Answers in the chat the message came from; `extra` carries hints for the platform. */
  say(text: string, choices?: Choice[], extra: SayExtra = {}): void {
    const { inPlace = false, ...hints } = extra;
    const answers = this.answering === null ? {} : { answers: { question: this.answering, inPlace } };
    this.answering = null;
    if (this.inGroup) {
      this.replies.push(withChoices({ to: { kind: "chat", platform: this.inbound.platform, chatId: this.inbound.chat.id }, text, ...hints, ...answers }, choices));
    } else {
      this.replies.push(withChoices({ to: personDestination(this.person), text: this.privacyPreamble(this.person, this.locale) + text, ...hints, ...answers }, choices));
    }
  }

  /** Asks the conversation's question (as saved by `remember`), after `before` if given: a reason it comes again. */
  sayQuestion(data: ConversationData, before?: string, extra: SayExtra = {}): void {
    const text = before === undefined ? this.render(data.prompt) : `${before}\n\n${this.render(data.prompt)}`;
    this.say(text, data.choices, { expectsReply: !data.choices, ...(data.question ? { question: data.question } : {}), ...extra });
  }

  /** Sends `text` (in the private chat's language) to the person alone, in their private chat, wherever this message came from; `commands` are buttons that stand for commands. */
  tellPrivately(text: string, commands?: Choice[]): void {
    this.replies.push(withChoices({ to: personDestination(this.person), text: this.privacyPreamble(this.person, this.privateLocale) + text }, commands));
  }

  /** Answers in the group that the rest happens in private, with a way into the private chat where the platform has one. */
  pointToPrivate(key: string, vars?: Record<string, unknown>): void {
    this.say(this.t(key, vars), undefined, { privateChatButton: this.t("conversation.open-private") });
  }

  /** Sends files in the chat the message came from, with a caption, and the text a channel without files shows instead. */
  attach(caption: string, files: OutboundFile[], fallback: string): void {
    this.say(caption, undefined, { files, fallback });
  }

  reply(key: string, vars?: Record<string, unknown>): void {
    this.say(this.t(key, vars));
  }

  /** Posts to a group's chat in the group's language, with buttons if given. */
  post(group: Group, text: (locale: string) => string, choices?: (locale: string) => Choice[]): void {
    this.replies.push(withChoices({ to: groupDestination(group), text: text(group.locale) }, choices?.(group.locale)));
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
    const text = this.privacyPreamble(this.person, locale) + this.deps.texts.t(locale, data.prompt.key, data.prompt.vars);
    this.replies.push(withChoices({ to: personDestination(this.person), text, ...(data.question ? { question: data.question } : {}) }, data.choices));
  }

  /** Keeps the conversation under `key`, with the token of its question as it now stands (also given to `data`). */
  private async save(key: string, flow: string, data: ConversationData): Promise<void> {
    data.question = questionToken(key, flow, data);
    await this.store.conversations.save(key, { flow, state: { ...data } }, this.now);
    this.conversationEnds.set(key, "saved");
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

  /** Ends the person's conversation in this chat, once the turn is over (see `flush`); a question asked after this in the same turn keeps it going. Async like the store's writes it stands for. */
  async endConversation(): Promise<void> {
    this.conversationEnds.set(this.conversationKey(), "ended");
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

  private privacyPreamble(person: Person, locale: string): string {
    if (person.privacyNoticeAt !== null || this.noticesGiven.has(person.id)) return "";
    this.noticesGiven.add(person.id);
    return `${this.deps.texts.t(locale, "privacy.notice")}\n\n`;
  }

  /** People given the privacy notice in this turn, to be recorded by `flush`. */
  private readonly noticesGiven = new Set<number>();

  /**
   * The person's own writes, kept to the end of the turn, in its
   * transaction: conversations it ended, their name as the platform now
   * gives it, and the privacy notices that went out. None for an unlinkable
   * turn (see {@link unlinkableTurn}).
   */
  async flush(): Promise<void> {
    if (this.unlinkableTurn) return;
    for (const [key, end] of this.conversationEnds) if (end === "ended") await this.store.conversations.clear(key);
    if (this.inbound.sender.name !== this.person.displayName && this.inbound.sender.id === this.person.platformUserId) await this.store.people.rename(this.person.id, this.inbound.sender.name);
    for (const personId of this.noticesGiven) await this.store.people.markPrivacyNotice(personId, this.now);
  }
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
