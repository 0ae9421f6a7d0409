/**
 * `closevote`: a facilitator ends the open vote; the group sees the result
 * at once. It asks first: the command can arrive by a tap on text someone
 * else wrote, and closing cannot be undone. A vote no one has voted in yet
 * is asked about in its own words: closing it decides nothing (a priorities
 * vote) or leaves the plan not approved (a plan's vote).
 */
import type { Command, Conversation } from "./command.ts";
import { confirmed, confirmStep } from "./confirm.ts";
import { closeVote } from "./results.ts";
import type { Turn } from "./turn.ts";

const FLOW = "closevote";

export const closevote: Command = {
  name: "closevote",
  needsGroup: true,
  action: () => "vote.close",
  async run(turn) {
    const group = turn.group;
    if (!group) return;
    const open = await turn.store.votes.openFor(group.id);
    if (!open) {
      turn.reply("vote.none-open");
      return;
    }
    const empty = (await turn.store.votes.ballots(open.id)).length === 0;
    const question = !empty ? "vote.close.confirm" : open.purpose === "plan" ? "vote.close.confirm-no-ballots-plan" : "vote.close.confirm-no-ballots";
    await turn.ask(FLOW, confirmStep(turn, { key: question }, { yes: "vote.close.yes", no: "vote.close.no" }, { groupId: group.id, voteId: open.id }));
  },
};

export const closevoteConversation: Conversation = {
  name: FLOW,
  action: () => "vote.close",
  async answer(turn, data, text) {
    const yes = await confirmed(turn, data, text);
    if (yes === false) turn.reply("vote.close.kept");
    if (yes) await close(turn, data["voteId"]);
  },
};

/** Closes the vote asked about, if it is still the group's open one. */
async function close(turn: Turn, voteId: unknown): Promise<void> {
  const group = turn.group;
  if (!group) return;
  const open = await turn.store.votes.openFor(group.id);
  const closed = open && open.id === voteId ? await closeVote(turn.deps, turn.store, open, group, turn.now, turn.person.id) : null;
  if (!closed) {
    turn.reply("vote.closed-already");
    return;
  }
  turn.post(group, () => closed.announcement);
  turn.replies.push(...closed.privately);
  if (!turn.inGroup) turn.reply("vote.closed-posted");
}
