/**
 * `concern`: a member raises a security concern, always in private, openly
 * or anonymously. New concerns reach the group together in a digest, so the
 * moment one appears does not point to whoever just spoke.
 *
 * An anonymous concern keeps no link to its author anywhere:
 * - the choice comes first and the words last, so the words never wait in a
 *   conversation kept under the author's key: they arrive with the message
 *   that stores them;
 * - `/concern <words>`, sent in one go, is anonymous: there is no question
 *   left to ask, and not showing a name is the safe default;
 * - the turn that stores it is unlinkable (see `Turn.markUnlinkable`): its
 *   transaction writes nothing about the author (their conversation ends,
 *   and their name is refreshed, in a transaction of its own), and its
 *   times are kept to the hour.
 */
import { DateTime } from "luxon";
import { startOfUtcHour } from "../domain/time.ts";
import type { Group } from "../domain/types.ts";
import { parseChoice, parseText, truncationNote } from "./answers.ts";
import type { Command, Conversation } from "./command.ts";
import { choicesOf, numbered } from "./render.ts";
import type { ConversationData, Turn } from "./turn.ts";

const FLOW = "concern";
export const DIGEST_JOB = "concern-digest";

function anonymityStep(turn: Turn, groupId: number): ConversationData {
  const choices = choicesOf([turn.t("concern.anonymous"), turn.t("concern.named")]);
  return { step: "anonymity", groupId, prompt: { key: "concern.ask-anonymity", vars: { options: numbered(choices) } }, choices };
}

function textStep(groupId: number, anonymous: boolean): ConversationData {
  return { step: "text", groupId, anonymous, prompt: { key: "concern.ask-text" } };
}

export const concern: Command = {
  name: "concern",
  needsGroup: true,
  action: () => "concern",
  async run(turn, args) {
    const group = turn.group;
    if (!group) return;
    if (turn.inGroup) {
      // Never take a concern in the group, nor name who asked: point to the private chat instead.
      turn.pointToPrivate("concern.go-private");
      await turn.askPrivately(FLOW, anonymityStep(turn, group.id));
      return;
    }
    if (args.trim() === "") return turn.ask(FLOW, anonymityStep(turn, group.id));
    const answer = parseText(args);
    if (answer.kind === "rejected") return turn.askAgain(FLOW, anonymityStep(turn, group.id), answer.error);
    return submit(turn, group, answer.value, true, "concern.saved-anonymous-default");
  },
};

export const concernConversation: Conversation = {
  name: FLOW,
  action: () => "concern",
  async answer(turn, data, text) {
    const group = turn.group;
    if (!group) return turn.endConversation();
    if (data.step === "anonymity") {
      const answer = parseChoice(text, 2);
      if (answer.kind === "rejected") return turn.retry(data, answer.error);
      return turn.ask(FLOW, textStep(group.id, answer.value === 1));
    }
    const answer = parseText(text);
    if (answer.kind === "rejected") return turn.retry(data, answer.error);
    const anonymous = data["anonymous"] !== false;
    return submit(turn, group, answer.value, anonymous, anonymous ? "concern.saved-anonymous" : "concern.saved-named");
  },
};

/** Stores the concern, queues the digest that will show it, and tells the person when the group will see it. */
async function submit(turn: Turn, group: Group, words: { text: string; truncated: boolean }, anonymous: boolean, saved: string): Promise<void> {
  const cycle = turn.cycle;
  if (!cycle) return turn.endConversation();
  if (anonymous) turn.markUnlinkable();
  const stored = await turn.store.concerns.add({ groupId: group.id, cycleId: cycle.id, text: words.text, authorId: anonymous ? null : turn.person.id, at: turn.now });
  // The audit log names no one for an anonymous concern, and times it no finer than the concern itself.
  await turn.store.audit.record({ at: startOfUtcHour(turn.now), actorId: anonymous ? null : turn.person.id, groupId: group.id, action: "concern.raised", entity: "concern", entityId: stored.id });
  const digestAt = await scheduleDigest(turn, group);
  await turn.endConversation();
  const note = truncationNote(turn, words.truncated);
  turn.say(note + turn.t(saved, { number: stored.number, time: DateTime.fromJSDate(digestAt, { zone: group.timeZone }).toFormat("HH:mm") }));
}

/**
 * Queues the group's next digest: at the top of the hour after next, so
 * every concern waits at least an hour and all of an hour's concerns appear
 * together. One digest per group per hour, whatever the number of concerns.
 */
async function scheduleDigest(turn: Turn, group: Group): Promise<Date> {
  const dueAt = DateTime.fromJSDate(turn.now, { zone: "UTC" }).startOf("hour").plus({ hours: 2 }).toJSDate();
  await turn.store.jobs.schedule({ kind: DIGEST_JOB, groupId: group.id, personId: null, dueAt, payload: {}, dedupeKey: `${DIGEST_JOB}:${group.id}:${dueAt.toISOString()}` });
  return dueAt;
}
