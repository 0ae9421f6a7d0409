/**
 * `concern`: a member raises a security concern, always in private, openly
 * or anonymously. An anonymous concern is stored with no author at all. New
 * concerns reach the group together in a digest, so the moment one appears
 * does not point to whoever just spoke.
 */
import { DateTime } from "luxon";
import type { Group } from "../domain/types.ts";
import { parseChoice, parseText, truncationNote } from "./answers.ts";
import type { Command, Conversation } from "./command.ts";
import { choicesOf, numbered } from "./render.ts";
import type { ConversationData, Turn } from "./turn.ts";

const FLOW = "concern";
export const DIGEST_JOB = "concern-digest";

function textStep(groupId: number): ConversationData {
  return { step: "text", groupId, prompt: { key: "concern.ask-text" } };
}

function anonymityStep(turn: Turn, groupId: number, text: string, truncated: boolean): ConversationData {
  const choices = choicesOf([turn.t("concern.anonymous"), turn.t("concern.named")]);
  return { step: "anonymity", groupId, text, truncated, prompt: { key: "concern.ask-anonymity", vars: { options: numbered(choices) } }, choices };
}

export const concern: Command = {
  name: "concern",
  needsGroup: true,
  action: () => "concern",
  async run(turn, args) {
    const group = turn.group;
    if (!group) return;
    if (turn.inGroup) {
      // Never take a concern in the group: point to the private chat instead.
      turn.pointToPrivate("concern.go-private", { name: turn.person.displayName });
      await turn.askPrivately(FLOW, textStep(group.id));
      return;
    }
    if (args.trim() === "") return turn.ask(FLOW, textStep(group.id));
    return takeText(turn, textStep(group.id), args);
  },
};

async function takeText(turn: Turn, data: ConversationData, text: string): Promise<void> {
  const answer = parseText(text);
  if (answer.kind === "rejected") {
    return turn.askAgain(FLOW, data, answer.error);
  }
  await turn.ask(FLOW, anonymityStep(turn, data.groupId ?? 0, answer.value.text, answer.value.truncated));
}

export const concernConversation: Conversation = {
  name: FLOW,
  async answer(turn, data, text) {
    const { group, cycle } = turn;
    if (!group || !cycle) return turn.endConversation();
    if (data.step === "text") return takeText(turn, data, text);
    const answer = parseChoice(text, 2);
    if (answer.kind === "rejected") return turn.retry(data, answer.error);
    const anonymous = answer.value === 1;
    const stored = await turn.store.concerns.add({ groupId: group.id, cycleId: cycle.id, text: String(data["text"] ?? ""), authorId: anonymous ? null : turn.person.id, at: turn.now });
    // The audit log names no one for an anonymous concern.
    await turn.store.audit.record({ at: turn.now, actorId: anonymous ? null : turn.person.id, groupId: group.id, action: "concern.raised", entity: "concern", entityId: stored.id });
    const digestAt = await scheduleDigest(turn, group);
    await turn.endConversation();
    const note = truncationNote(turn, data["truncated"] === true);
    turn.say(note + turn.t(anonymous ? "concern.saved-anonymous" : "concern.saved-named", { number: stored.number, time: DateTime.fromJSDate(digestAt, { zone: group.timeZone }).toFormat("HH:mm") }));
  },
};

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
