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

/** The word a platform's "open the private chat" link sends with /start. */
export const RESUME = "resume";

export const start: Command = {
  name: "start",
  needsGroup: false,
  // Plain or from a link, `start` keeps a waiting question and asks it again itself.
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
    if (code === RESUME) {
      const waiting = await turn.store.conversations.get(turn.conversationKey());
      if (waiting) {
        turn.sayQuestion(conversationData(waiting.state));
        return;
      }
    } else if (code !== "") {
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
    // The notice comes by itself with a person's first private message; a later `start` repeats it on purpose.
    const notice = turn.person.privacyNoticeAt ? turn.t("privacy.notice") : null;
    const welcome = lines(turn.t("start.welcome"), notice ? "" : null, notice);
    // A question already waiting here is not replaced by the language question: it is asked again after the welcome.
    const waiting = await turn.waitingAt(turn.conversationKey());
    if (waiting) {
      turn.sayQuestion(conversationData(waiting.state), lines(welcome, "", turn.t("conversation.back-to", { topic: turn.t(`conversation.topics.${waiting.flow}`) })));
      return;
    }
    const question = languageQuestion(turn);
    await turn.remember(languageConversation.name, question);
    turn.sayQuestion(question, welcome);
  },
};
