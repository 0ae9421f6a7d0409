/**
 * `start`: the first word with the bot. In private: a welcome, what a bot
 * chat does and does not protect, and a choice of language; with a code
 * (`start CODE`, or a platform's deep link), taking up a coordinator's
 * invitation. In a group: what the bot is for and how to begin.
 */
import type { Command } from "./command.ts";
import { hashCode } from "./invitations.ts";
import { languageConversation, languageQuestion } from "./language.ts";
import { conversationData } from "./conversation-state.ts";
import { lines } from "./render.ts";
import { setup } from "./setup.ts";
import type { Turn } from "./turn.ts";

/** The word a platform's "open the private chat" link sends with /start. */
export const RESUME = "resume";

export const start: Command = {
  name: "start",
  needsGroup: false,
  // A plain `start` (the app's Start button) must not drop a question waiting in the private chat.
  keepsConversation: (args) => args.trim() === RESUME || args.trim() === "",
  action: () => "start",
  async run(turn, args) {
    if (turn.inGroup) {
      // A code here came with the bot itself (a platform's "add to group" link carrying an invitation): set the group up with it.
      if (args.trim() !== "" && !turn.group?.setupAt) return setup.run(turn, args);
      turn.reply(turn.group?.setupAt ? "start.group-ready" : "start.group-new");
      return;
    }
    const code = args.trim();
    // Opened from a link in the group ("/start resume"): take up the question waiting here, if any.
    // A plain `start` with a question waiting greets the person, then asks it again.
    if (code === RESUME || code === "") {
      const waiting = await turn.waitingAt(turn.conversationKey());
      if (waiting) {
        // After the welcome, a word that this is the question the person left.
        const back = turn.t("conversation.back-to", { topic: turn.t(`conversation.topics.${waiting.flow}`) });
        turn.sayQuestion(conversationData(waiting.state), code === "" ? lines(greeting(turn), "", back) : undefined);
        return;
      }
    } else {
      const invitation = await turn.store.invitations.redeem(hashCode(code), "coordinator", turn.person.id, turn.now);
      if (!invitation) {
        turn.reply("start.bad-code");
        return;
      }
      await turn.store.programmes.addCoordinator(invitation.programmeId, turn.person.id);
      await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: null, action: "programme.coordinator-added", entity: "programme", entityId: invitation.programmeId });
      const programme = await turn.store.programmes.get(invitation.programmeId);
      turn.reply("start.coordinator", { programme: programme?.name ?? "" });
      return;
    }
    const question = languageQuestion(turn);
    await turn.remember(languageConversation.name, question);
    turn.sayQuestion(question, greeting(turn));
  },
};

/** The welcome; the notice comes by itself with a person's first private message, and a later `start` repeats it on purpose. */
function greeting(turn: Turn): string {
  const notice = turn.person.privacyNoticeAt ? turn.t("privacy.notice") : null;
  return lines(turn.t("start.welcome"), notice ? "" : null, notice);
}
