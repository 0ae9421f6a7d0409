/**
 * Commands as texts name them, whatever the platform types them as.
 *
 * Texts never write `/vote`: Telegram and the terminal type `/vote`, Slack
 * `/baraza vote`, WhatsApp `/vote` or `!vote`. A text writes `{{cmd.vote}}`
 * (see src/i18n.ts), which puts a neutral marker in its place: the
 * command's name between two invisible separators (U+2063). The channel
 * boundary then writes each marker in the channel's own form
 * (`renderCommands`, through `present` in src/flows/present.ts).
 *
 * Nothing a person writes can carry a marker: `cleanInput` removes every
 * invisible format character (U+2063 among them) before anything reads or
 * keeps it, so a relayed name or concern can never make the bot show a
 * command it did not write.
 */

/** The invisible separator that opens and closes a command marker. */
const MARK = "\u2063";

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

/** The terminal's own commands (SPEC §3), which its banner and usage texts name. */
export const TERMINAL_COMMANDS = ["as", "dm", "group", "wait", "quit"] as const;

/** Every command a text may name: the bot's, then the terminal's. */
export const COMMAND_NAMES: readonly string[] = [...HELP_ORDER, ...TERMINAL_COMMANDS];

/** The marker standing for the command `name` until a channel writes it in its own form. */
export function commandMarker(name: string): string {
  return `${MARK}${name}${MARK}`;
}

const MARKER = new RegExp(`${MARK}([a-z][a-z-]*)${MARK}`, "g");

/** `text` with every command marker written by `format` (`(name) => "/" + name` for Telegram). */
export function renderCommands(text: string, format: (name: string) => string): string {
  return text.replace(MARKER, (_marker, name: string) => format(name));
}

/** How a channel with the command prefix `prefix` (`/`, `/baraza `) types a command: the prefix, then the name. */
export function commandForm(prefix: string): (name: string) => string {
  return (name) => `${prefix}${name}`;
}

/** Every command name, each with its marker: the `cmd` variable every text can use (`{{cmd.vote}}`). */
export function commandVariables(): Record<string, string> {
  return Object.fromEntries(COMMAND_NAMES.map((name) => [name, commandMarker(name)]));
}
