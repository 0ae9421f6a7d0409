/**
 * `help` and `help <command>`: what the bot can do, in the reader's language.
 * In a group, where every message is read by everyone, `help` is a short
 * list and a pointer; the full list comes in a private chat. Commands are
 * named by their markers, so each platform shows them in its own form
 * (`/vote`, `/baraza vote`).
 */
import { relay } from "../domain/text.ts";
import type { Command } from "./command.ts";
import { commandMarker, HELP_ORDER } from "./commands.ts";
import { lines } from "./render.ts";


/** What a member reaches for most in the group, in the cycle's order: the rest is one `help` away in private. */
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
      const list = (short ? GROUP_HELP : HELP_ORDER).map((name) => `${commandMarker(name)} — ${turn.t(`help.commands.${name}.summary`)}`);
      turn.say(lines(turn.t(short ? "help.intro-short" : "help.intro"), "", ...list, "", turn.t("help.more"), short ? turn.t("help.all-in-private") : null));
      return;
    }
    if (!(HELP_ORDER as readonly string[]).includes(topic)) {
      turn.reply("help.unknown", { command: relay(topic) });
      return;
    }
    turn.say(lines(`${commandMarker(topic)} — ${turn.t(`help.commands.${topic}.summary`)}`, "", turn.t(`help.commands.${topic}.details`)));
  },
};
