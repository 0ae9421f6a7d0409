/**
 * `closevote`: a facilitator ends the open vote; the group sees the result
 * at once. It asks first: the command can arrive by a tap on text someone
 * else wrote, and closing cannot be undone.
 */
import { parseChoice } from "./answers.ts";
import type { Command, Conversation } from "./command.ts";
import { choicesOf, numbered } from "./render.ts";
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
    const choices = choicesOf([turn.t("vote.close.yes"), turn.t("vote.close.no")]);
    await turn.ask(FLOW, { step: "confirm", groupId: group.id, voteId: open.id, prompt: { key: "vote.close.confirm", vars: { options: numbered(choices) } }, choices });
  },
};

export const closevoteConversation: Conversation = {
  name: FLOW,
  action: () => "vote.close",
  async answer(turn, data, text) {
    const choice = parseChoice(text, 2);
    if (choice.kind === "rejected") return turn.retry(data, choice.error);
    await turn.endConversation();
    if (choice.value === 2) {
      turn.reply("vote.close.kept");
      return;
    }
    await close(turn, data["voteId"]);
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
