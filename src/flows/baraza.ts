/**
 * The front door for every platform: one inbound message in, the replies out.
 *
 * Each message is handled in one store transaction, together with the record
 * that it was handled, so a redelivered update changes nothing and a crash
 * half-way leaves nothing half-written. Inside it a turn only reads and
 * decides; files (charts, a PDF) are made after it commits, before the
 * replies are returned (see `Turn.attachLater`).
 */
import { authorize, type Authorization, type Situation } from "../domain/roles.ts";
import type { Group, Person, Role } from "../domain/types.ts";
import { parseCommand, type Command, type ParsedCommand } from "./command.ts";
import { choosing, inboundSchema, senderIds, type Inbound, type Outbound } from "./messages.ts";
import type { Store } from "./ports.ts";
import { choicesOf, lines } from "./render.ts";
import { privateGroup } from "./private-group.ts";
import { asideOf, conversationKey, PICK_GROUP, Turn, withFilesMade, type ConversationData, type Deps } from "./turn.ts";
import { COMMANDS, CONVERSATIONS } from "./registry.ts";
import { deliverJobs, type Send } from "./jobs.ts";
import { isCancelWord, parseChoice, understand } from "./answers.ts";
import { conversationData, waitingQuestion } from "./conversation-state.ts";
import { describeError } from "./errors.ts";
import { botAdded, unclaimedChatMoved } from "./arrival.ts";
import { hasVisible, relay } from "../domain/text.ts";
import { shippedLocale } from "../domain/locales.ts";
import { stopStaleReminders } from "./reminders.ts";
import type { Outlet, SentRef } from "./channel.ts";
import { Delivery } from "./delivery.ts";

export interface Baraza {
  /** Answers one inbound message; returns what to send, and to whom. */
  handle(inbound: Inbound): Promise<Outbound[]>;
  /**
   * Sends, through `send`, whatever scheduled messages have fallen due by the
   * clock's time; returns how many. `worker` names the claimant and must
   * differ between running processes; by default each Baraza makes up its own.
   */
  deliverDue(send: Send, worker?: string): Promise<number>;
  /**
   * Answers one inbound message and delivers the replies through `channel`,
   * the one it came from, by the core's rules (src/flows/delivery.ts).
   * Resolves once every reply was sent or given up on.
   */
  respond(channel: Outlet, inbound: Inbound): Promise<void>;
  /** Sends one message through `channel`, shaped to fit it (the sweep's `Send`); throws what the channel throws. */
  send(channel: Outlet, message: Outbound): Promise<SentRef | undefined>;
}

export function createBaraza(deps: Deps): Baraza {
  let ownWorker: string | undefined;
  const delivery = new Delivery({
    texts: deps.texts,
    log: deps.log,
    clock: deps.clock,
    questions: deps.store.sentQuestions,
    undelivered: (message) => undelivered(deps, message),
    chatLocale: (platform, chatId) => chatLocale(deps, platform, chatId),
  });
  const baraza: Baraza = {
    async respond(channel, inbound) {
      const answered = await answerSafely(deps, inbound);
      // After a turn that must not be joined to its author, delivery writes nothing to the store either (see `afterUnlinkable`).
      await delivery.reply(channel, inbound, answered.replies, { storeNothing: answered.unlinkable });
    },
    send: (channel, message) => delivery.send(channel, message),
    async handle(raw) {
      return (await answerSafely(deps, raw)).replies;
    },
    async deliverDue(send, worker) {
      ownWorker ??= `worker-${deps.ids.code()}`;
      return deliverJobs(deps, send, worker ?? ownWorker);
    },
  };
  return baraza;
}

/** What a message was answered with, and whether its turn stored something that must not be joined to the person (see `afterUnlinkable`). */
interface Answered {
  replies: Outbound[];
  unlinkable: boolean;
}

async function answerSafely(deps: Deps, raw: Inbound): Promise<Answered> {
  const parsed = inboundSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Adapter bug: malformed inbound message (${parsed.error.issues.map((i) => i.path.join(".")).join(", ")})`);
  const inbound = parsed.data;
  try {
    return await answer(deps, inbound);
  } catch (error) {
    // Nothing of the message was stored (its transaction rolled back); say so, and log no text.
    deps.log.error("message-failed", { platform: inbound.platform, chat: inbound.chat.kind, ...describeError(error) });
    return { replies: [await apology(deps, inbound)], unlinkable: false };
  }
}

async function answer(deps: Deps, inbound: Inbound): Promise<Answered> {
  const lanes = lanesOf(inbound);
  const leave = await deps.store.lanes.queue(lanes, inbound.order ?? null);
  let handled: Turn | Outbound[];
  try {
    handled = await handleInTransaction(deps, inbound, lanes);
  } finally {
    // The message is handled (or undone) whatever happens here: a failure is logged, not answered with an apology.
    await leave().catch((error: unknown) => deps.log.error("lanes-leave-failed", { platform: inbound.platform, ...describeError(error) }));
  }
  if (Array.isArray(handled)) return { replies: handled, unlinkable: false };
  if (handled.unlinkable) await afterUnlinkable(deps, handled);
  // Files are made once the transaction has committed, so no other message waits for a chart or a PDF.
  const replies = await withFilesMade(handled.replies, (error) => {
    deps.log.error("files-failed", { platform: inbound.platform, chat: inbound.chat.kind, ...describeError(error) });
  });
  return { replies, unlinkable: handled.unlinkable };
}

/** The message's one transaction: what it changed, and the turn that answers it (or replies made without one). */
function handleInTransaction(deps: Deps, inbound: Inbound, lanes: readonly string[]): Promise<Turn | Outbound[]> {
  return deps.store.transaction(async (store): Promise<Turn | Outbound[]> => {
    await store.lanes.enter(lanes);
    if (inbound.updateId && !(await store.updates.markProcessed(inbound.platform, inbound.updateId, deps.clock.now()))) return [];
    if (inbound.event) return chatEvent(deps, store, inbound, inbound.event);
    // By any id the platform gives for the sender, their own first (WhatsApp: one id in groups, another in private).
    const known = await store.people.recognise(inbound.platform, senderIds(inbound));
    // People talking among themselves, whom the bot has never met: nothing to answer, and nothing about them to keep.
    if (!known && inbound.chat.kind === "group" && !inbound.interaction && !parseCommand(inbound.text)) return [];
    const person = known ?? (await store.people.identify(inbound.platform, inbound.sender.id, inbound.sender.name, shippedLocale(inbound.sender.locale)));
    const turn = await route(deps, store, inbound, person);
    if (!turn) return [];
    turn.settleAnswered();
    await turn.flush();
    // A coordinator looking in from their private chat is not the group's activity.
    if (turn.group && !(turn.looksInFromOutside && !turn.inGroup)) await store.groups.touch(turn.group, deps.clock.now());
    return turn;
  });
}

/**
 * The chat and the person a message belongs to: each handles its messages
 * one at a time, in order. A person is one lane by each of their ids, so
 * that two messages naming the same id are never deciding at once who owns it.
 */
function lanesOf(inbound: Inbound): string[] {
  return [`${inbound.platform}:chat:${inbound.chat.id}`, ...senderIds(inbound).map((id) => `${inbound.platform}:person:${id}`)];
}

/**
 * After a turn that stored something that must not be joined to the person
 * (an anonymous concern) has committed: none of the person's own writes
 * (a conversation ended, a new name, a privacy notice recorded) happen, not
 * even in a transaction of their own, since PostgreSQL numbers transactions
 * in order and the next one would point at them; the next message of theirs
 * does them. Then the store makes sure no earlier page image stays readable
 * where it can. The concern is stored and the person told so even if this
 * fails; it is logged (without text).
 */
async function afterUnlinkable(deps: Deps, turn: Turn): Promise<void> {
  try {
    await deps.store.forgetTraces();
  } catch (error) {
    deps.log.error("unlinkable-followup-failed", { platform: turn.inbound.platform, ...describeError(error) });
  }
}

/** What happened in a chat, kept in step with the store; only the bot's arrival is answered. */
async function chatEvent(deps: Deps, store: Store, inbound: Inbound, event: NonNullable<Inbound["event"]>): Promise<Outbound[]> {
  switch (event.kind) {
    case "bot-added":
      return botAdded(deps, store, inbound);
    case "chat-moved":
      await store.groups.moveChat(inbound.platform, inbound.chat.id, event.toChatId);
      await unclaimedChatMoved(deps, store, inbound.platform, event.toChatId);
      return [];
    case "member-left": {
      const group = await store.groups.find(inbound.platform, inbound.chat.id);
      const person = await store.people.recognise(inbound.platform, senderIds(inbound));
      if (group && person) {
        await store.memberships.leave(group.id, person.id, deps.clock.now());
        await endConversationsAbout(store, person, group);
        // Reminders of their tasks in this group stop with their place in it.
        await stopStaleReminders(store, group);
      }
      return [];
    }
  }
}

/**
 * Whatever a person had begun about a group they are no longer in ends with
 * their place in it: a consent given later in private must not make someone
 * removed from the chat a member, nor a draft finished later count.
 */
async function endConversationsAbout(store: Store, person: Person, group: Group): Promise<void> {
  await store.conversations.clear(conversationKey(person, group.chatId));
  const own = await store.conversations.get(conversationKey(person, null));
  if (own && own.state["groupId"] === group.id) await store.conversations.clear(conversationKey(person, null));
}

/**
 * A reply the platform could not deliver, for good (the person never opened
 * a chat with the bot, or blocked it): a privacy notice it carried is not
 * recorded as given, so it comes with the person's next private message.
 */
async function undelivered(deps: Deps, message: Outbound): Promise<void> {
  const to = message.to;
  if (!message.privacyNotice || to.kind !== "person") return;
  await deps.store.transaction(async (store) => {
    const person = await store.people.find(to.platform, to.userId);
    if (person) await store.people.markPrivacyNotice(person.id, null);
  });
}

async function chatLocale(deps: Deps, platform: string, chatId: string): Promise<string> {
  return (await deps.store.groups.find(platform, chatId))?.locale ?? deps.settings.defaultLocale;
}

/**
 * The short apology for a failure of ours, in the chat the message came
 * from and its language (the group's, or the person's own); in the default
 * language when even that cannot be read, since the store may be what failed.
 */
async function apology(deps: Deps, inbound: Inbound): Promise<Outbound> {
  const locale = await (inbound.chat.kind === "group"
    ? chatLocale(deps, inbound.platform, inbound.chat.id)
    : deps.store.people.find(inbound.platform, inbound.sender.id).then((person) => person?.locale ?? deps.settings.defaultLocale)
  ).catch(() => deps.settings.defaultLocale);
  const text = deps.texts.t(locale, "errors.sorry");
  return inbound.chat.kind === "group"
    ? { to: { kind: "chat", platform: inbound.platform, chatId: inbound.chat.id }, text, locale }
    : { to: { kind: "person", platform: inbound.platform, userId: inbound.sender.id }, text, locale };
}


async function route(deps: Deps, store: Store, inbound: Inbound, person: Person): Promise<Turn | null> {
  let command = parseCommand(inbound.text);
  const key = conversationKey(person, inbound.chat.kind === "group" ? inbound.chat.id : null);

  // Only what is not a command (an answer), and `cancel`, concern the conversation going on here.
  const conversation = !command || command.name === "cancel" ? await store.conversations.get(key) : null;
  const chosen = choosing(inbound);
  // `cancel` typed without its slash, in any language, stops a waiting question as `/cancel` does (unless it is a button's answer).
  if (!command && conversation && !chosen && isCancelWord(deps, inbound.text)) command = { name: "cancel", args: "" };
  // `cancel` clears the conversation without reading it, so even a damaged one can be left.
  const data = conversation && !command ? conversationData(conversation.state) : null;

  if (chosen && !pressCounts(chosen, command, data)) {
    const turn = await openTurn(deps, store, inbound, person, await chatGroup(store, inbound));
    turn.say(turn.t("conversation.stale-button"), undefined, { onlyToSender: true });
    return turn;
  }

  if (!command || command.name === "cancel") {
    if (command?.name === "cancel") {
      const turn = await openTurn(deps, store, inbound, person, await chatGroup(store, inbound));
      if (conversation) {
        // The cancelled question's buttons go with it.
        turn.answering = waitingQuestion(conversation.state);
        turn.reply("conversation.cancelled");
        // A question set aside under the stopped one comes back.
        const aside = asideOf(conversation.state);
        if (aside) await turn.restore(key, aside);
        else await store.conversations.clear(key);
      } else {
        turn.reply("conversation.nothing-to-cancel");
      }
      return turn;
    }
    if (!conversation || !data) {
      if (inbound.chat.kind === "group") return null; // people talking among themselves
      const turn = await openTurn(deps, store, inbound, person, null);
      turn.reply("conversation.no-command");
      return turn;
    }
    const group = data.groupId !== undefined ? await store.groups.get(data.groupId) : await chatGroup(store, inbound);
    const turn = await openTurn(deps, store, inbound, person, group);
    turn.answers(key, conversation);
    // The reply marks the question answered, so a platform can take its buttons away, pressed or not.
    if (data.choices && data.question) turn.answering = data.question;
    // Words that mean a choice (its label, yes, no) are read the same way for every question.
    const understood = understand(turn, data, inbound.text);
    if (understood.kind === "rejected") {
      // An answer that could be several choices: the question again, offering only those.
      turn.retry(understood.choices ? { ...data, choices: understood.choices } : data, understood.error);
      return turn;
    }
    if (conversation.flow === PICK_GROUP) {
      await answerPickGroup(deps, store, turn, data, understood.value);
      return turn;
    }
    const flow = CONVERSATIONS.get(conversation.flow);
    if (!flow) {
      // A conversation from an older version that no longer exists: drop it rather than trap the person.
      await store.conversations.clear(key);
      turn.reply("conversation.expired");
      return turn;
    }
    const verdict = authorize(flow.action(turn, data), situation(turn));
    if (verdict.kind === "rejected") {
      // Rights lost since the question was asked: the conversation ends, and the person is told why, and that words they wrote (not a choice) were not kept.
      await turn.endConversation();
      refuse(turn, verdict, data.choices ? "" : inbound.text);
      return turn;
    }
    await flow.answer(turn, data, understood.value);
    return turn;
  }

  const handler = COMMANDS.get(command.name);
  if (!handler) {
    const turn = await openTurn(deps, store, inbound, person, await chatGroup(store, inbound));
    turn.say(lines(turn.t("errors.unknown-command", { command: command.name }), notKept(turn, command.args)));
    return turn;
  }
  let group = await chatGroup(store, inbound);
  let args = command.args;
  // Asked only where it matters: in a group, the group is the chat's own.
  if (inbound.chat.kind === "private" && handler.needsGroup) {
    const found = await privateGroup(deps, store, inbound, person, handler, command);
    if (found.kind !== "group") {
      const turn = await openTurn(deps, store, inbound, person, null);
      if (found.kind === "pick") await askWhichGroup(turn, found.groups, found.pending, found.coordinator);
      else if (found.kind === "unknown") turn.reply("groups.unknown");
      else turn.say(lines(turn.t(found.coordinator ? "groups.none" : "errors.no-group"), notKept(turn, command.args)));
      return turn;
    }
    group = found.group;
    args = found.args;
  }
  const turn = await openTurn(deps, store, inbound, person, group);
  // A question waiting in this chat stays: the command runs, and the person is reminded of it, unless the command only looks in on it (help).
  await runCommand(turn, handler, args);
  if (!handler.keepsConversation?.(args)) await turn.remindWaiting();
  return turn;
}

/**
 * Asks which of `groups` a private command is for; the command (`pending`)
 * runs once the person answers. A coordinator is asked about the groups
 * they follow, which they need not be in.
 */
async function askWhichGroup(turn: Turn, groups: readonly Group[], pending: string, coordinator: boolean): Promise<void> {
  await turn.ask(PICK_GROUP, {
    step: "group",
    prompt: { key: coordinator ? "conversation.pick-programme-group" : "conversation.pick-group" },
    choices: choicesOf(groups.map((g) => relay(g.name ?? g.chatId))),
    groupIds: groups.map((g) => g.id),
    pending,
  });
}

/**
 * Whether a button press counts: one standing for a command counts as that
 * command typed; any other is an answer to one question, and counts only
 * while that question waits for this person.
 */
function pressCounts(press: { question: string }, command: ParsedCommand | null, waiting: ConversationData | null): boolean {
  if (press.question === "") return command !== null;
  return command === null && waiting?.question === press.question;
}

/** The person's rights here and now: their roles, the chat, and the group's step and setup. */
function situation(turn: Turn): Situation {
  return {
    roles: turn.roles,
    chat: turn.inbound.chat.kind,
    step: turn.cycle?.step ?? null,
    groupSetUp: turn.group === null && turn.inbound.chat.kind === "private" ? null : turn.group?.setupAt != null,
  };
}

async function runCommand(turn: Turn, handler: Command, args: string): Promise<void> {
  const action = await handler.action(turn, args);
  const verdict = authorize(action, situation(turn));
  if (verdict.kind === "rejected") {
    refuse(turn, verdict, args);
    return;
  }
  await handler.run(turn, args);
}

/** Says why not, and that what the person wrote with it (`written`) was not kept; to a button's presser alone where the platform can, since nobody else pressed it. */
function refuse(turn: Turn, verdict: Extract<Authorization, { kind: "rejected" }>, written: string): void {
  const text =
    verdict.reason === "wrong-step"
      ? turn.t("errors.wrong-step", { current: turn.t(`steps.${turn.cycle?.step ?? 1}.name`), steps: verdict.steps.map((step) => turn.t(`steps.${step}.name`)).join(turn.t("list-separator")) })
      : turn.t(`errors.${verdict.reason}`);
  const pressed = choosing(turn.inbound) !== undefined;
  turn.say(lines(text, pressed ? null : notKept(turn, written)), undefined, { onlyToSender: pressed });
}

/** The line saying that the words a person wrote with a refused command or answer were not kept; null when they wrote none. */
function notKept(turn: Turn, written: string): string | null {
  return hasVisible(written) ? turn.t("errors.text-not-kept") : null;
}

async function answerPickGroup(deps: Deps, store: Store, turn: Turn, data: ConversationData, text: string): Promise<void> {
  const ids = Array.isArray(data["groupIds"]) ? data["groupIds"].filter((id): id is number => typeof id === "number") : [];
  const pending = typeof data["pending"] === "string" ? data["pending"] : "";
  const choice = parseChoice(text, ids.length);
  if (choice.kind === "rejected") {
    turn.retry(data, choice.error);
    return;
  }
  // The question of which group is over; one it was asked above comes back as it was, for the chosen command to find waiting.
  const aside = asideOf((await store.conversations.get(turn.conversationKey()))?.state ?? {});
  if (aside) await store.conversations.save(turn.conversationKey(), aside, deps.clock.now());
  else await store.conversations.clear(turn.conversationKey());
  const group = await store.groups.get(ids[choice.value - 1] ?? -1);
  const command = parseCommand(pending);
  const handler = command ? COMMANDS.get(command.name) : undefined;
  if (!group || !command || !handler) return;
  const chosen = await openTurn(deps, store, turn.inbound, turn.person, group);
  chosen.answering = turn.answering;
  turn.answering = null;
  await runCommand(chosen, handler, command.args);
  if (!handler.keepsConversation?.(command.args)) await chosen.remindWaiting();
  // Marked at the end of the turn if none of the command's replies marked it.
  turn.answering = chosen.answering;
  turn.replies.push(...chosen.replies);
  await chosen.flush();
}

async function chatGroup(store: Store, inbound: Inbound): Promise<Group | null> {
  return inbound.chat.kind === "group" ? store.groups.find(inbound.platform, inbound.chat.id) : null;
}

/** Gathers who the person is here: their membership, their roles and the group's cycle. */
export async function openTurn(deps: Deps, store: Store, inbound: Inbound, person: Person, group: Group | null): Promise<Turn> {
  if (!group) {
    // Outside any group, a coordinator is still a coordinator: of every programme they follow.
    const coordinates = (await store.programmes.coordinatedBy(person.id)).length > 0;
    return new Turn(deps, store, inbound, person, null, null, [coordinates ? "coordinator" : "guest"], null);
  }
  const membership = await store.memberships.get(group.id, person.id);
  const roles: Role[] = [];
  if (membership && membership.consentAt && !membership.leftAt) {
    roles.push("member");
    if (membership.role === "facilitator") roles.push("facilitator");
  }
  if (group.programmeId !== null) {
    const programmes = await store.programmes.coordinatedBy(person.id);
    if (programmes.some((p) => p.id === group.programmeId)) roles.push("coordinator");
  }
  if (roles.length === 0) roles.push("guest");
  const cycle = group.setupAt ? await store.cycles.current(group.id, deps.clock.now()) : null;
  return new Turn(deps, store, inbound, person, group, membership, roles, cycle);
}

