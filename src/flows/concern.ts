/**
 * `concern`: a member raises a security concern, always in private, openly
 * or anonymously. New concerns reach the group together in a digest, so the
 * moment one appears does not point to whoever just spoke.
 *
 * An anonymous concern is one message, `/concern <words>`, and nothing is
 * kept about its author before, with or after it:
 * - no conversation leads to it: no row under the author's key waits for
 *   the words, is deleted when they come, or is written in the transaction
 *   just before or after the one that stores them (PostgreSQL numbers its
 *   transactions in order, so even a neighbour would point at the author);
 * - the turn that stores it is unlinkable (see `Turn.markUnlinkable`): it
 *   writes nothing about the author at all, and keeps its times to the hour.
 * A named concern may take a conversation: `/concern named`, then the words
 * (or `/concern named <words>` at once). `/concern` alone explains both.
 */
import { DateTime } from "luxon";
import { startOfUtcHour } from "../domain/time.ts";
import { localTime } from "../domain/dates.ts";
import type { Group } from "../domain/types.ts";
import { parseText, truncationNote } from "./answers.ts";
import type { Command, Conversation } from "./command.ts";
import type { Choice } from "./messages.ts";
import { lines } from "./render.ts";
import type { ConversationData, Turn } from "./turn.ts";

const FLOW = "concern";
export const DIGEST_JOB = "concern-digest";

function namedTextStep(groupId: number): ConversationData {
  return { step: "text", groupId, prompt: { key: "concern.ask-text-named" } };
}

/** The word after `/concern` that asks for a concern with one's name: English, or the chat's language's. */
function namedWords(turn: Turn, args: string): string | null {
  const [first = "", ...rest] = args.trim().split(/\s+/);
  const words = new Set(["named", ...turn.t("concern.named-words").split(",").map((w) => w.trim().toLowerCase())]);
  return words.has(first.toLowerCase()) ? rest.join(" ") : null;
}

/** The button under the explanation: a concern with one's name, which asks for the words next. */
function namedButton(turn: Turn, locale: string): Choice[] {
  return [{ number: 1, label: turn.deps.texts.t(locale, "concern.named-button"), answer: "/concern named" }];
}

export const concern: Command = {
  name: "concern",
  needsGroup: true,
  action: () => "concern",
  async run(turn, args) {
    const group = turn.group;
    if (!group) return;
    if (turn.inGroup) {
      // Never take a concern in the group, nor name who asked: point to the private chat, where the way to raise one is explained.
      // Words sent with it are not kept, and the person is told so in both chats, with the way to send them again in private.
      const typed = args.trim() !== "";
      // Said apart from "I have written to you", which a platform replaces when the private message was refused: the person still learns their words were not kept.
      if (typed) turn.reply("concern.not-kept-group");
      turn.pointToPrivate(typed ? "concern.sent-private" : "concern.go-private");
      const how = turn.deps.texts.t(turn.privateLocale, "concern.how");
      turn.tellPrivately(typed ? lines(turn.deps.texts.t(turn.privateLocale, "concern.not-kept-private"), "", how) : how, namedButton(turn, turn.privateLocale));
      return;
    }
    const named = namedWords(turn, args);
    if (named === null && args.trim() === "") {
      turn.say(turn.t("concern.how"), namedButton(turn, turn.locale));
      return;
    }
    if (named !== null && named.trim() === "") return turn.ask(FLOW, namedTextStep(group.id));
    const words = parseText(named ?? args);
    if (words.kind === "rejected") {
      turn.say(turn.t("concern.how"), namedButton(turn, turn.locale));
      return;
    }
    return submit(turn, group, words.value, named === null);
  },
};

/** The conversation of a named concern: its words. */
export const concernConversation: Conversation = {
  name: FLOW,
  action: () => "concern",
  async answer(turn, data, text) {
    const group = turn.group;
    if (!group) return turn.endConversation();
    const words = parseText(text);
    if (words.kind === "rejected") return turn.retry(data, words.error);
    await turn.endConversation();
    return submit(turn, group, words.value, false);
  },
};

/** Stores the concern, queues the digest that will show it, and tells the person when the group will see it. */
async function submit(turn: Turn, group: Group, words: { text: string; truncated: boolean }, anonymous: boolean): Promise<void> {
  const cycle = turn.cycle;
  if (!cycle) return;
  if (anonymous) turn.markUnlinkable();
  const stored = await turn.store.concerns.add({ groupId: group.id, cycleId: cycle.id, text: words.text, authorId: anonymous ? null : turn.person.id, at: turn.now });
  // The audit log names no one for an anonymous concern, and times it no finer than the concern itself.
  await turn.store.audit.record({ at: startOfUtcHour(turn.now), actorId: anonymous ? null : turn.person.id, groupId: group.id, action: "concern.raised", entity: "concern", entityId: stored.id });
  const digestAt = await scheduleDigest(turn, group);
  const note = truncationNote(turn, words.truncated);
  turn.say(note + turn.t(anonymous ? "concern.saved-anonymous" : "concern.saved-named", { number: stored.number, time: localTime(digestAt, group.timeZone) }));
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
