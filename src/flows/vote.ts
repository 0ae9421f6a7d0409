/**
 * `vote`. A facilitator in the group opens a vote on the open concerns
 * (`vote`, `vote ranked`, `vote dot 5`, and a duration such as `2d` to close
 * it by itself). Members vote in private, where no one sees their ballot:
 * `vote 1 1 3` at once, or `vote` (in private, or in the group, or its
 * button there) to be sent the ballot and fill it in a concern at a time
 * (`+2`, `-2`, `done`, or buttons that do the same). A ballot can be replaced
 * until the vote closes. While no one has voted, a facilitator can change
 * the open vote's method in the group (`vote ranked`, `vote dot 5`); once a
 * ballot exists the method is fixed, since a ballot is counted as it was cast.
 */
import { DateTime, Duration } from "luxon";
import { parseBallot, validateBallot } from "../domain/voting.ts";
import { asciiDigits, parsePositiveInt, relay } from "../domain/text.ts";
import { localDateTime } from "../domain/dates.ts";
import type { Vote } from "../domain/types.ts";
import { isWord, normalise } from "./answers.ts";
import type { Command, Conversation } from "./command.ts";
import { ballotButton, ballotChoices, ballotText, ballotTitle, rejectionText } from "./ballot.ts";
import { choosing, type Choice } from "./messages.ts";
import type { Texts } from "./texts.ts";
import { announceConcerns } from "./digest.ts";
import { lines, plainConcernLabel } from "./render.ts";
import type { ConversationData, Turn } from "./turn.ts";
import { voteSubject } from "./results.ts";

const FLOW = "ballot";
export const VOTE_CLOSE_JOB = "vote-close";
const MAX_POINTS = 10;

interface OpenOptions {
  method: "dot" | "ranked";
  points: number | null;
  duration: Duration | null;
}

/** Reads `vote [dot|ranked] [points] [duration]`; null if something in it is not understood. */
export function parseOpenArgs(args: string): OpenOptions | null {
  const options: OpenOptions = { method: "dot", points: null, duration: null };
  for (const word of asciiDigits(args).trim().toLowerCase().split(/\s+/).filter((w) => w !== "")) {
    const duration = /^(\d{1,3})([hd])$/.exec(word);
    if (word === "dot" || word === "ranked") options.method = word;
    else if (/^\d{1,2}$/.test(word)) options.points = Number(word);
    else if (duration?.[1] && duration[2]) options.duration = Duration.fromObject(duration[2] === "h" ? { hours: Number(duration[1]) } : { days: Number(duration[1]) });
    else return null;
  }
  return options;
}

export const vote: Command = {
  name: "vote",
  needsGroup: true,
  async action(turn) {
    if (!turn.inGroup) return "vote.cast";
    if (!turn.group) return "vote.open";
    return (await turn.store.votes.openFor(turn.group.id)) ? "vote.ballot" : "vote.open";
  },
  async run(turn, args) {
    const group = turn.group;
    if (!group) return;
    const open = await turn.store.votes.openFor(group.id);
    if (turn.inGroup && open && turn.roles.includes("facilitator")) {
      const wanted = methodWanted(args, group.dotPoints);
      if (wanted) return changeMethod(turn, open, wanted);
    }
    if (turn.inGroup) return open ? sendBallot(turn, open, args) : openVote(turn, args);
    if (!open) {
      turn.reply("vote.none-open");
      return;
    }
    const data = await ballotStep(turn, open, turn.locale, []);
    if (args.trim() === "") return turn.ask(FLOW, data);
    return castWhole(turn, data, open, args);
  },
};

/** The method a facilitator's `vote ranked`, `vote dot 5` or `vote 5` asks an open vote to take; null when the words ask for no method. */
function methodWanted(args: string, dotPoints: number): { method: "dot" | "ranked"; points: number } | null {
  const options = parseOpenArgs(args);
  const words = args.trim().toLowerCase().split(/\s+/);
  if (!options || options.duration !== null || (options.points === null && !words.some((w) => w === "dot" || w === "ranked"))) return null;
  if (options.points !== null && (options.points < 1 || options.points > MAX_POINTS)) return null;
  return options.method === "ranked" ? { method: "ranked", points: 1 } : { method: "dot", points: options.points ?? dotPoints };
}

function methodName(turn: Turn, method: string, points: number): string {
  return method === "ranked" ? turn.t("vote.method.names.ranked") : turn.t("vote.method.names.dot", { count: points });
}

/**
 * A facilitator changes the open vote's method: only while no one has
 * voted (the store refuses under the vote's lock once a ballot exists). The
 * group is shown the new ballot; anyone filling in the old one is given the
 * new one when they next answer.
 */
async function changeMethod(turn: Turn, open: Vote, wanted: { method: "dot" | "ranked"; points: number }): Promise<void> {
  const group = turn.group;
  if (!group) return;
  if (open.purpose !== "priorities") {
    turn.reply("vote.method.plan-vote");
    return;
  }
  if (open.method === wanted.method && open.points === wanted.points) {
    turn.reply("vote.method.unchanged", { method: methodName(turn, open.method, open.points) });
    return;
  }
  const result = await turn.store.votes.changeMethod(open.id, wanted.method, wanted.points, turn.now);
  if (result === "closed") {
    turn.reply("vote.none-open");
    return;
  }
  if (result === "has-ballots") {
    turn.reply("vote.method.fixed", { method: methodName(turn, open.method, open.points) });
    return;
  }
  await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "vote.method-changed", entity: "vote", entityId: open.id, details: { method: wanted.method, points: wanted.points } });
  const changed: Vote = { ...open, method: wanted.method, points: wanted.points };
  turn.say(
    lines(turn.t("vote.method.changed", { method: methodName(turn, wanted.method, wanted.points) }), "", ballotText(turn.deps.texts, group.locale, changed, ""), "", turn.t("vote.in-private")),
    ballotButton(turn.deps.texts, group.locale),
  );
}

/**
 * `vote` (or the ballot button) in the group while a vote is open: the
 * ballot goes to the person's private chat, where no one sees their choice;
 * anything typed with it in the group is not taken as a vote.
 */
async function sendBallot(turn: Turn, open: Vote, args: string): Promise<void> {
  await turn.askPrivately(FLOW, await ballotStep(turn, open, turn.privateLocale, []));
  const said = args.trim() === "" ? "vote.ballot-sent" : "vote.typed-in-group";
  turn.say(turn.t(said), undefined, { onlyToSender: true, links: [{ kind: "open-private", label: turn.t("conversation.open-private") }] });
}

/**
 * The ballot question. Dot and ranked ballots can be filled in a choice at a
 * time (`picked` so far: one entry per point, or the order): the question
 * then shows what is picked, and buttons add and take back.
 */
async function ballotStep(turn: Turn, open: Vote, locale: string, picked: number[]): Promise<ConversationData> {
  const { texts } = turn.deps;
  const subject = await voteSubject(turn.store, open);
  // The method and points it was filled in for: a change meanwhile starts it again.
  const base = { step: "ballot", groupId: open.groupId, voteId: open.id, method: open.method, points: open.points };
  if (open.method === "approval") return { ...base, prompt: { key: "vote.ballot.prompt", vars: { ballot: ballotTitle(texts, locale, open, subject) } }, choices: ballotChoices(texts, locale, open) };
  const ballot = ballotText(texts, locale, open, subject);
  return {
    ...base,
    picked,
    prompt: { key: "vote.ballot.prompt", vars: { ballot: lines(ballot, "", progressText(texts, locale, open, picked)) } },
    choices: buildingChoices(texts, locale, open, picked),
  };
}

async function openVote(turn: Turn, args: string): Promise<void> {
  const { group, cycle } = turn;
  if (!group || !cycle) return;
  const options = parseOpenArgs(args);
  if (!options || (options.points !== null && (options.points < 1 || options.points > MAX_POINTS))) {
    turn.reply("vote.open-usage", { max: MAX_POINTS });
    return;
  }
  await announceConcerns(turn.store, turn.deps.texts, group, turn.now).then((text) => text && turn.post(group, () => text));
  const concerns = await turn.store.concerns.list(group.id, ["open"]);
  if (concerns.length < 2) {
    turn.reply("vote.too-few", { count: concerns.length });
    return;
  }
  const closesAt = options.duration ? DateTime.fromJSDate(turn.now).plus(options.duration).toJSDate() : null;
  const opened = await turn.store.votes.open({
    groupId: group.id,
    cycleId: cycle.id,
    purpose: "priorities",
    method: options.method,
    points: options.method === "dot" ? (options.points ?? group.dotPoints) : 1,
    planId: null,
    openedById: turn.person.id,
    openedAt: turn.now,
    closesAt,
    // The ballot names each concern by its number and words, never its author.
    options: concerns.map((c) => ({ concernId: c.id, label: plainConcernLabel(c.number, c.text) })),
  });
  if (!opened) {
    turn.reply("vote.already-open");
    return;
  }
  if (closesAt) {
    await turn.store.jobs.schedule({ kind: VOTE_CLOSE_JOB, groupId: group.id, personId: null, dueAt: closesAt, payload: { voteId: opened.id }, dedupeKey: `${VOTE_CLOSE_JOB}:${opened.id}` });
  }
  await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "vote.opened", entity: "vote", entityId: opened.id, details: { method: opened.method, points: opened.points } });
  const until = closesAt ? turn.t("vote.closes-at", { when: localDateTime(closesAt, group.timeZone) }) : turn.t("vote.closes-by-facilitator");
  turn.say(lines(turn.t("vote.opened"), "", ballotText(turn.deps.texts, group.locale, opened, ""), "", turn.t("vote.in-private"), until), ballotButton(turn.deps.texts, group.locale));
}

/** A whole ballot typed at once (`1 1 3`), or refused with the reason. */
async function castWhole(turn: Turn, data: ConversationData, open: Vote, text: string): Promise<void> {
  const parsed = parseBallot(text, open.method, open.options.length, open.points);
  if (parsed.kind === "rejected") {
    await turn.remember(FLOW, data);
    turn.sayQuestion(data, rejectionText(turn.deps.texts, turn.locale, parsed));
    return;
  }
  await cast(turn, open, parsed.choices);
}

async function cast(turn: Turn, open: Vote, choices: number[]): Promise<void> {
  const result = await turn.store.votes.cast(open.id, turn.person.id, choices, turn.now, { method: open.method, points: open.points });
  if (result.kind === "method-changed") return renewBallot(turn, open.id);
  await turn.endConversation(FLOW);
  if (result.kind === "closed") {
    turn.reply("vote.closed-already");
    return;
  }
  turn.say(lines(turn.t(result.replaced ? "vote.replaced" : "vote.saved"), summarise(turn.deps.texts, turn.locale, open, choices), "", turn.t("vote.can-change")), undefined, { inPlace: true });
}

/** `+2` adds concern 2 (a point, or the next place in the order), `-2` takes it back. */
const STEP = /^([+\-−])\s*(\S+)$/;

/**
 * One answer to a ballot being filled in: a step (`+2`, `-2`), `done`, a
 * request to see the whole ballot, or a whole ballot. A pressed button
 * redraws the ballot in place; a typed step gets a short answer (what
 * changed and what is left), since the whole ballot again would bury the
 * chat. A mistake says what was wrong and leaves the ballot as it was.
 */
async function answerBallot(turn: Turn, data: ConversationData, open: Vote, text: string): Promise<void> {
  const { texts } = turn.deps;
  const picked = Array.isArray(data["picked"]) ? data["picked"].filter((n): n is number => typeof n === "number") : [];
  const typed = choosing(turn.inbound) === undefined;
  const refuse = (reason: string) => (typed ? sayShort(turn, data, open, picked, reason) : turn.sayQuestion(data, reason));
  if (typed && asksForBallot(turn, text)) return turn.sayQuestion(data);
  const step = STEP.exec(text.trim());
  if (step?.[1] && step[2]) {
    const position = parsePositiveInt(step[2]);
    const count = open.options.length;
    if (position === null || position > count) return refuse(texts.t(turn.locale, "vote.errors.unknown-option", { option: relay(step[2]), optionCount: count }));
    const change = step[1] === "+" ? addTo(open, picked, position) : takeFrom(picked, position);
    if (change.kind === "refused") return refuse(texts.t(turn.locale, change.key, { option: position, count: open.points }));
    const next = await ballotStep(turn, open, turn.locale, change.picked);
    if (!typed) return turn.ask(FLOW, next, { inPlace: true });
    await turn.remember(FLOW, next);
    return sayShort(turn, next, open, change.picked, changeText(texts, turn.locale, open, change.picked, step[1] === "+" ? "added" : "removed", position));
  }
  if (isWord(turn, text, "done")) {
    const left = open.points - picked.length;
    if (open.method === "dot" && left > 0) return refuse(texts.t(turn.locale, "vote.errors.points-left", { count: left }));
    const checked = validateBallot(picked, open.method, open.options.length, open.points);
    if (checked.kind === "rejected") return refuse(rejectionText(texts, turn.locale, checked));
    return cast(turn, open, checked.choices);
  }
  return castWhole(turn, data, open, text);
}

/** `ballot` (or its words in the person's language): the whole ballot again, as it stands. */
function asksForBallot(turn: Turn, text: string): boolean {
  return turn.t("vote.words.ballot").split(",").map(normalise).includes(normalise(text));
}

/** The short answer to a typed step: `first` (what changed, or what was wrong), what is left to do, and how to go on; the buttons stay. */
function sayShort(turn: Turn, data: ConversationData, open: Vote, picked: number[], first: string): void {
  const { texts } = turn.deps;
  const left = open.points - picked.length;
  const state =
    open.method === "dot"
      ? texts.t(turn.locale, left > 0 ? "vote.progress.points-left" : "vote.step.all-given", { count: left })
      : lines(texts.t(turn.locale, "vote.progress.ranked"), picked.length === 0 ? texts.t(turn.locale, "vote.progress.nothing") : summarise(texts, turn.locale, open, picked));
  turn.say(lines(first, state, texts.t(turn.locale, "vote.step.hint")), data.choices, { asksTyping: !data.choices, ...(data.question ? { question: data.question } : {}) });
}

/** What one typed step changed, in words: a point given or taken back, or a place in the order. */
function changeText(texts: Texts, locale: string, open: Vote, picked: number[], change: "added" | "removed", position: number): string {
  const option = `${position}. ${ballotChoices(texts, locale, open)[position - 1]?.label ?? ""}`;
  if (open.method === "dot") return texts.t(locale, `vote.step.${change}-dot`, { option, count: picked.filter((p) => p === position).length });
  return texts.t(locale, `vote.step.${change}-ranked`, { option, place: picked.indexOf(position) + 1 });
}

type Change = { kind: "changed"; picked: number[] } | { kind: "refused"; key: string };

function addTo(open: Vote, picked: readonly number[], position: number): Change {
  if (open.method === "dot" && picked.length >= open.points) return { kind: "refused", key: "vote.errors.no-points-left" };
  if (open.method === "ranked" && picked.includes(position)) return { kind: "refused", key: "vote.errors.repeated-option" };
  return { kind: "changed", picked: [...picked, position] };
}

function takeFrom(picked: readonly number[], position: number): Change {
  const at = picked.lastIndexOf(position);
  if (at < 0) return { kind: "refused", key: "vote.errors.not-picked" };
  return { kind: "changed", picked: picked.filter((_, index) => index !== at) };
}

/** What is picked so far and, in a dot vote, the points left. */
function progressText(texts: Texts, locale: string, open: Vote, picked: number[]): string {
  const sofar = picked.length === 0 ? texts.t(locale, "vote.progress.nothing") : summarise(texts, locale, open, picked);
  if (open.method === "dot") return lines(texts.t(locale, "vote.progress.dot"), sofar, texts.t(locale, "vote.progress.points-left", { count: open.points - picked.length }));
  return lines(texts.t(locale, "vote.progress.ranked"), sofar);
}

/**
 * The buttons of a ballot being filled in: one to add each concern that can
 * still be added, one to take back each that has been picked, and, once the
 * ballot could be cast, one to cast it.
 */
function buildingChoices(texts: Texts, locale: string, open: Vote, picked: number[]): Choice[] {
  const labels = ballotChoices(texts, locale, open);
  const points = (position: number) => picked.filter((p) => p === position).length;
  const canAdd = (position: number) => addTo(open, picked, position).kind === "changed";
  const buttons: Omit<Choice, "number">[] = [
    ...labels.filter((c) => canAdd(c.number)).map((c) => ({ label: `➕ ${c.number}. ${c.label}${open.method === "dot" && points(c.number) > 0 ? ` (${points(c.number)})` : ""}`, answer: `+${c.number}` })),
    ...labels.filter((c) => points(c.number) > 0).map((c) => ({ label: `➖ ${c.number}`, answer: `-${c.number}` })),
  ];
  const complete = validateBallot(picked, open.method, open.options.length, open.points).kind === "accepted";
  if (complete) buttons.push({ label: `✅ ${texts.t(locale, "vote.buttons.cast")}`, answer: "done" });
  return buttons.map((button, index) => ({ number: index + 1, ...button }));
}

/** What the person's ballot says, in their words: points per option, or their order. */
function summarise(texts: Texts, locale: string, open: Vote, choices: number[]): string {
  const labels = ballotChoices(texts, locale, open);
  const label = (position: number) => labels[position - 1]?.label ?? String(position);
  if (open.method === "dot") {
    const points = new Map<number, number>();
    for (const choice of choices) points.set(choice, (points.get(choice) ?? 0) + 1);
    return [...points.entries()].sort((a, b) => a[0] - b[0]).map(([position, count]) => `• ${texts.t(locale, "vote.points", { count })}: ${label(position)}`).join("\n");
  }
  if (open.method === "approval") return choices.map(label).join("");
  return choices.map((position, index) => `${index + 1}. ${label(position)}`).join("\n");
}

export const ballotConversation: Conversation = {
  name: FLOW,
  action: () => "vote.cast",
  async answer(turn, data, text) {
    const group = turn.group;
    if (!group) return turn.endConversation();
    const open = await turn.store.votes.openFor(group.id);
    if (!open || open.id !== data["voteId"]) {
      await turn.endConversation();
      turn.reply("vote.closed-already");
      return;
    }
    if (data["method"] !== undefined && (data["method"] !== open.method || data["points"] !== open.points)) return renewBallot(turn, open.id);
    if (open.method === "approval") return castWhole(turn, data, open, text);
    await answerBallot(turn, data, open, text);
  },
};

/** The vote's method changed while this ballot was being filled in: says so, and asks again with the new ballot, empty. */
async function renewBallot(turn: Turn, voteId: number): Promise<void> {
  const group = turn.group;
  const open = group ? await turn.store.votes.openFor(group.id) : null;
  if (!open || open.id !== voteId) {
    await turn.endConversation();
    turn.reply("vote.closed-already");
    return;
  }
  turn.reply("vote.method.renewed");
  await turn.ask(FLOW, await ballotStep(turn, open, turn.locale, []));
}
