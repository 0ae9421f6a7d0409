/**
 * `help` and `help <command>`: what the bot can do, in the reader's language.
 * In a group, where every message is read by everyone, `help` is a short
 * list and a pointer; the full list comes in a private chat.
 */
import { relay } from "../domain/text.ts";
import type { Command } from "./command.ts";
import { lines } from "./render.ts";

/** Commands in the order help lists them: the cycle's order, then the rest. */
export const HELP_ORDER = [
  "start",
  "join",
  "setup",
  "step",
  "next",
  "assess",
  "stakeholders",
  "concern",
  "concerns",
  "vote",
  "closevote",
  "priorities",
  "plan",
  "plans",
  "tasks",
  "done",
  "progress",
  "indicator",
  "overdue",
  "nudge",
  "review",
  "evaluate",
  "lessons",
  "newcycle",
  "summary",
  "groups",
  "export",
  "invite",
  "privacy",
  "mydata",
  "forgetme",
  "lang",
  "cancel",
  "help",
] as const;

/** What a member reaches for most in the group, in the cycle's order: the rest is one `/help` away in private. */
const GROUP_HELP = ["step", "join", "concern", "vote", "plans", "tasks", "privacy"] as const satisfies readonly (typeof HELP_ORDER)[number][];

export const help: Command = {
  name: "help",
  needsGroup: false,
  keepsConversation: () => true,
  action: () => "help",
  async run(turn, args) {
    const topic = args.trim().replace(/^[/!]/, "").toLowerCase().split(/\s+/)[0] ?? "";
    if (topic === "") {
      const short = turn.inGroup;
      const list = (short ? GROUP_HELP : HELP_ORDER).map((name) => `/${name} — ${turn.t(`help.commands.${name}.summary`)}`);
      turn.say(lines(turn.t(short ? "help.intro-short" : "help.intro"), "", ...list, "", turn.t("help.more"), short ? turn.t("help.all-in-private") : null));
      return;
    }
    if (!(HELP_ORDER as readonly string[]).includes(topic)) {
      turn.reply("help.unknown", { command: relay(topic) });
      return;
    }
    turn.say(lines(`/${topic} — ${turn.t(`help.commands.${topic}.summary`)}`, "", turn.t(`help.commands.${topic}.details`)));
  },
};
