/**
 * `vote`. A facilitator in the group opens a vote on the open concerns
 * (`vote`, `vote ranked`, `vote dot 5`, and a duration such as `2d` to close
 * it by itself). Members vote in private, where no one sees their ballot:
 * `vote 1 1 3`, or `vote` to be shown the ballot. A ballot can be replaced
 * until the vote closes.
 */
import { DateTime, Duration } from "luxon";
import { parseBallot } from "../domain/voting.ts";
import type { Vote } from "../domain/types.ts";
import type { Command, Conversation } from "./command.ts";
import { ballotChoices, ballotText, rejectionText } from "./ballot.ts";
import { announceConcerns } from "./digest.ts";
import { lines } from "./render.ts";
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
  for (const word of args.trim().toLowerCase().split(/\s+/).filter((w) => w !== "")) {
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
    if (!turn.inGroup || !turn.group) return "vote.cast";
    return (await turn.store.votes.openFor(turn.group.id)) ? "vote.cast" : "vote.open";
  },
  async run(turn, args) {
    if (turn.inGroup) return openVote(turn, args);
    const group = turn.group;
    if (!group) return;
    const open = await turn.store.votes.openFor(group.id);
    if (!open) {
      turn.reply("vote.none-open");
      return;
    }
    const data = await ballotStep(turn, open);
    if (args.trim() === "") return turn.ask(FLOW, data);
    return castBallot(turn, data, open, args);
  },
};

async function ballotStep(turn: Turn, open: Vote): Promise<ConversationData> {
  const subject = await voteSubject(turn.store, open);
  return {
    step: "ballot",
    groupId: open.groupId,
    voteId: open.id,
    prompt: { key: "vote.ballot.prompt", vars: { ballot: ballotText(turn.deps.texts, turn.locale, open, subject) } },
    choices: ballotChoices(turn.deps.texts, turn.locale, open),
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
    options: concerns.map((c) => ({ concernId: c.id, label: `#${c.number} ${c.text}` })),
  });
  if (!opened) {
    turn.reply("vote.already-open");
    return;
  }
  if (closesAt) {
    await turn.store.jobs.schedule({ kind: VOTE_CLOSE_JOB, groupId: group.id, personId: null, dueAt: closesAt, payload: { voteId: opened.id }, dedupeKey: `${VOTE_CLOSE_JOB}:${opened.id}` });
  }
  await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "vote.opened", entity: "vote", entityId: opened.id, details: { method: opened.method, points: opened.points } });
  const until = closesAt ? turn.t("vote.closes-at", { when: DateTime.fromJSDate(closesAt, { zone: group.timeZone }).toFormat("yyyy-MM-dd HH:mm") }) : turn.t("vote.closes-by-facilitator");
  turn.say(lines(turn.t("vote.opened"), "", ballotText(turn.deps.texts, group.locale, opened, ""), "", turn.t("vote.in-private"), until), ballotChoices(turn.deps.texts, group.locale, opened));
}

async function castBallot(turn: Turn, data: ConversationData, open: Vote, text: string): Promise<void> {
  const parsed = parseBallot(text, open.method, open.options.length, open.points);
  if (parsed.kind === "rejected") {
    await turn.remember(FLOW, data);
    turn.say(`${rejectionText(turn.deps.texts, turn.locale, parsed)}\n\n${turn.render(data.prompt)}`, data.choices);
    return;
  }
  const result = await turn.store.votes.cast(open.id, turn.person.id, parsed.choices, turn.now);
  await turn.endConversation();
  if (result.kind === "closed") {
    turn.reply("vote.closed-already");
    return;
  }
  const summary = summarise(turn, open, parsed.choices);
  turn.say(lines(turn.t(result.replaced ? "vote.replaced" : "vote.saved"), summary, "", turn.t("vote.can-change")));
}

/** What the person's ballot says, in their words: points per option, or their order. */
function summarise(turn: Turn, open: Vote, choices: number[]): string {
  const label = (position: number) => ballotChoices(turn.deps.texts, turn.locale, open)[position - 1]?.label ?? String(position);
  if (open.method === "dot") {
    const points = new Map<number, number>();
    for (const choice of choices) points.set(choice, (points.get(choice) ?? 0) + 1);
    return [...points.entries()].sort((a, b) => a[0] - b[0]).map(([position, count]) => `• ${turn.t("vote.points", { count })}: ${label(position)}`).join("\n");
  }
  if (open.method === "approval") return choices.map(label).join("");
  return choices.map((position, index) => `${index + 1}. ${label(position)}`).join("\n");
}

export const ballotConversation: Conversation = {
  name: FLOW,
  async answer(turn, data, text) {
    const group = turn.group;
    if (!group) return turn.endConversation();
    const open = await turn.store.votes.openFor(group.id);
    if (!open || open.id !== data["voteId"]) {
      await turn.endConversation();
      turn.reply("vote.closed-already");
      return;
    }
    await castBallot(turn, data, open, text);
  },
};
