/**
 * A message as one channel shows it: the one place where the words the
 * flows wrote meet what the channel can show (its `Capabilities`).
 *
 * Texts carry no presentation: a prompt does not list its options nor say
 * "Answer with a number", and commands are markers (src/flows/commands.ts).
 * Here, once for every channel:
 * - every command marker is written in the channel's form (`/vote`,
 *   `/baraza vote`), in the text, the fallback and the labels;
 * - on a channel without buttons, the choices are written after the text:
 *   "1. Label" for a choice answered by its number, then one line on how to
 *   answer, in the message's language; "Label: /vote" for a choice that
 *   stands for a command; a choice whose button sends something else (a
 *   ballot's `+2`) is left out, since the question says how to type it. A
 *   channel with buttons shows them, and the text stays as written;
 * - in a right-to-left language, every line of the text and every label
 *   that starts with something else than a right-to-left letter (a Latin
 *   name, a number, a command) starts with a right-to-left mark, so it is
 *   laid out right to left (src/domain/direction.ts).
 */
import { isRightToLeft, rightToLeftLines } from "../domain/direction.ts";
import type { Capabilities } from "./channel.ts";
import { commandForm, renderCommands } from "./commands.ts";
import type { Choice, Outbound } from "./messages.ts";
import { lines } from "./render.ts";
import type { Texts } from "./texts.ts";

/** The language hints are written in when a message does not say which its text is in. */
const DEFAULT_LOCALE = "en";

/** A choice's answer that stands for a command: `/vote`, `/concern named`. */
const COMMAND_ANSWER = /^\/([a-z][a-z-]*)(.*)$/s;

/**
 * `message` as a channel with these capabilities shows it. `message.locale`
 * (the language of its text) chooses the language of the words added;
 * English where it is not given.
 */
export function present(capabilities: Pick<Capabilities, "buttons" | "commandPrefix">, message: Outbound, texts: Texts): Outbound {
  return directed(withChoicesWritten(capabilities, withCommands(message, capabilities.commandPrefix), texts));
}

function withChoicesWritten(capabilities: Pick<Capabilities, "buttons" | "commandPrefix">, shown: Outbound, texts: Texts): Outbound {
  const choices = shown.choices;
  if (capabilities.buttons !== "none" || !choices || choices.length === 0) return shown;
  const written = writtenChoices(choices, commandForm(capabilities.commandPrefix), (key) => texts.t(shown.locale ?? DEFAULT_LOCALE, key));
  if (written === "") return shown;
  return { ...shown, text: shown.text === "" ? written : `${shown.text}\n${written}` };
}

/** `message` laid out in its language's direction: unchanged in a left-to-right one (see the module's comment). */
function directed(message: Outbound): Outbound {
  if (!isRightToLeft(message.locale)) return message;
  return {
    ...message,
    text: rightToLeftLines(message.text),
    ...(message.fallback === undefined ? {} : { fallback: rightToLeftLines(message.fallback) }),
    ...(message.choices ? { choices: message.choices.map((choice) => ({ ...choice, label: rightToLeftLines(choice.label) })) } : {}),
  };
}

/**
 * `message` with every command marker written as a channel whose commands
 * follow `prefix` types them: in the text, the fallback and the choices'
 * labels. The part of `present` that needs no words of its own; a message
 * without markers comes back as it was.
 */
export function withCommands<Message extends Outbound>(message: Message, prefix: string): Message {
  const render = (text: string) => renderCommands(text, commandForm(prefix));
  return {
    ...message,
    text: render(message.text),
    ...(message.fallback === undefined ? {} : { fallback: render(message.fallback) }),
    ...(message.choices ? { choices: message.choices.map((choice) => ({ ...choice, label: render(choice.label) })) } : {}),
  };
}

/** The choices as lines of text (see the module's comment); empty when none of them is shown. */
function writtenChoices(choices: readonly Choice[], form: (name: string) => string, t: (key: string) => string): string {
  const numbered = choices.filter((choice) => choice.answer === undefined);
  const commands = choices.flatMap((choice) => {
    const command = choice.answer === undefined ? null : COMMAND_ANSWER.exec(choice.answer);
    return command?.[1] === undefined ? [] : [`${choice.label}: ${form(command[1])}${command[2] ?? ""}`];
  });
  const hint = numbered.length > 0 && !numbered.some((choice) => choice.several === true) ? t("choices.answer-number") : null;
  return lines(...numbered.map((choice) => `${choice.number}. ${choice.label}`), hint, ...commands);
}
