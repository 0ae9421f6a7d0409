/**
 * `lang`: the language a person reads in private, or (a facilitator, in the
 * group) the group's language. Also asked by `start` and `setup`.
 */
import { isLocale, LOCALES } from "../domain/locales.ts";
import { normalise, parseChoice } from "./answers.ts";
import type { Command, Conversation } from "./command.ts";
import { choicesOf } from "./render.ts";
import type { Texts } from "./texts.ts";
import type { ConversationData, Turn } from "./turn.ts";
import { relay } from "../domain/text.ts";

/** Each language's name in itself, so a person can find their own in any list. */
export function languageChoices(turn: Turn) {
  return choicesOf(LOCALES.map((locale) => turn.deps.texts.t(locale, "language.name")));
}

/** Reads a language given as its code (`my`), its number in the list, or one of its names in its own texts (`language.names`: Burmese, Myanmar, မြန်မာ). */
export function pickLocale(texts: Texts, text: string): string | null {
  const answer = normalise(text);
  if (isLocale(answer)) return answer;
  const choice = parseChoice(answer, LOCALES.length);
  if (choice.kind === "accepted") return LOCALES[choice.value - 1] ?? null;
  const named = (locale: string) => [texts.t(locale, "language.name"), ...texts.t(locale, "language.names").split(",")].map(normalise);
  return LOCALES.find((locale) => named(locale).includes(answer)) ?? null;
}

export function languageQuestion(turn: Turn): ConversationData {
  const choices = languageChoices(turn);
  return { step: "language", prompt: { key: "language.question" }, choices };
}

async function apply(turn: Turn, locale: string): Promise<void> {
  if (turn.inGroup && turn.group) {
    await turn.store.groups.update(turn.group.id, { locale });
    await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: turn.group.id, action: "group.locale", entity: "group", entityId: turn.group.id, details: { locale } });
  } else {
    await turn.store.people.setLocale(turn.person.id, locale);
  }
  turn.languageChosen(turn.inGroup ? "group" : "person", locale);
  turn.reply(turn.inGroup ? "language.group-set" : "language.set");
}

export const lang: Command = {
  name: "lang",
  needsGroup: false,
  action: (turn) => (turn.inGroup ? "lang.group" : "lang.self"),
  async run(turn, args) {
    if (args.trim() !== "") {
      const locale = pickLocale(turn.deps.texts, args);
      if (locale) {
        await apply(turn, locale);
        return;
      }
      const question = languageQuestion(turn);
      await turn.askAgain(languageConversation.name, question, { key: "language.unknown", vars: { language: relay(args) } });
      return;
    }
    await turn.ask(languageConversation.name, languageQuestion(turn));
  },
};

export const languageConversation: Conversation = {
  name: "language",
  action: (turn) => (turn.inGroup ? "lang.group" : "lang.self"),
  async answer(turn, data, text) {
    const locale = pickLocale(turn.deps.texts, text);
    if (!locale) {
      turn.retry(data, { key: "language.unknown", vars: { language: relay(text) } });
      return;
    }
    await turn.endConversation();
    await apply(turn, locale);
  },
};
