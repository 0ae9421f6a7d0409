/** `closevote`: a facilitator ends the open vote; the group sees the result at once. */
import type { Command } from "./command.ts";
import { closeVote } from "./results.ts";

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
    const announcement = await closeVote(turn.store, turn.deps.texts, open, group, turn.now, turn.person.id);
    if (!announcement) {
      turn.reply("vote.closed-already");
      return;
    }
    turn.post(group, () => announcement);
    if (!turn.inGroup) turn.reply("vote.closed-posted");
  },
};
