/**
 * Every language has been read: for each language shipped, the whole
 * demonstration (examples/demo.txt: four people through the whole cycle,
 * with reminders, a nudge, a review, an evaluation and an export) runs with
 * that language for the group and for two members' private chats, and
 * nothing anyone reads from the moment the language is chosen is English
 * (apart from names, commands and what people typed themselves) or a raw
 * key of the texts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { isRightToLeft } from "../../src/domain/direction.ts";
import { LOCALES } from "../../src/domain/locales.ts";
import { COMMAND_NAMES } from "../../src/flows/commands.ts";
import type { Outbound } from "../../src/flows/messages.ts";
import { FACILITATOR, makeCoordinator } from "../support/scenario.ts";
import { shown, startHarness, type Harness } from "../support/harness.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DEMO = readFileSync(join(ROOT, "examples/demo.txt"), "utf8").split("\n").map((line) => line.trim());
const MEMBERS_WITH_OWN_LANGUAGE = ["aung", "thida"];

/** Every text of a language, by its dotted key (`vote.saved`, namespace left out) without plural suffix. */
function textsOf(locale: string): [key: string, text: string][] {
  const found: [string, string][] = [];
  const walk = (tree: unknown, prefix: string): void => {
    if (typeof tree === "string") found.push([prefix.replace(/_(zero|one|two|few|many|other)$/, ""), tree]);
    else if (tree && typeof tree === "object") for (const [key, value] of Object.entries(tree)) walk(value, prefix === "" ? key : `${prefix}.${key}`);
  };
  const folder = join(ROOT, "locales", locale);
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".json"))) walk(JSON.parse(readFileSync(join(folder, file), "utf8")), "");
  return found;
}

const lettersWords = (text: string): string[] => text.toLowerCase().match(/\p{L}+/gu) ?? [];
/** English words long enough not to be a name, a code or a word of another Latin-script language by chance. */
const englishWords = (text: string): string[] => lettersWords(text).filter((word) => /^[a-z]{4,}$/.test(word));

const EN = textsOf("en");
// Words of English's texts without their {{variables}}, whose names are English words that a text in any language holds.
const ENGLISH = new Set(EN.flatMap(([, text]) => englishWords(text.replace(/\{\{[^{}]*\}\}/g, " "))));
const KEYS = new Set(EN.map(([key]) => key));
/** What people typed, as the bot may echo it: whole lines, and what follows a command and its first word (`/stakeholders add The village head`), longest first. */
const TYPED = [
  ...new Set(
    DEMO.filter((line) => line !== "" && !line.startsWith("#")).flatMap((line) => {
      const words = line.split(/\s+/);
      return line.startsWith("/") ? [line, words.slice(1).join(" "), words.slice(2).join(" ")] : [line];
    }),
  ),
]
  .filter((typed) => /\p{L}/u.test(typed))
  .sort((a, b) => b.length - a.length);
/**
 * Words that are not English where a translation has them: names, commands,
 * the English answer words (understood in every language, and shown beside a
 * language's own: "«امسح» (or clear)"), and the acronym LGBTI.
 */
const NAMES = new Set(["amina", "aung", "thida", "ram", ...COMMAND_NAMES, "baraza", "lgbti", ...EN.filter(([key]) => key.startsWith("answers.words.")).flatMap(([, list]) => list.split(",").map((word) => word.trim()))]);
/** Words of a language spelled like English ones. */
const FALSE_FRIENDS: Record<string, readonly string[]> = { sq: ["person", "private"] };

/** `/wait 1d6h` as an ISO duration. */
function isoDuration(text: string): string {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?$/.exec(text);
  return `P${match?.[1] ? `${match[1]}D` : ""}T${match?.[2] ?? 0}H`;
}

/**
 * Runs the demonstration with the group set up in `locale` (the number the
 * language has in the setup's list) and two members choosing it for their
 * private chats; returns what was sent from the moment the group's language
 * was chosen.
 */
async function runDemo(h: Harness, locale: string): Promise<Outbound[]> {
  await makeCoordinator(h);
  let speaker = FACILITATOR;
  let where: "group" | "dm" = "group";
  let setupAnswers = -1;
  let from = 0;
  for (const line of DEMO) {
    if (line === "" || line.startsWith("#") || line === "/quit") continue;
    const [word, argument = ""] = line.split(/\s+(.*)/s);
    if (word === "/as") {
      speaker = argument;
      where = "group";
      if (MEMBERS_WITH_OWN_LANGUAGE.includes(speaker) && !h.sent.some((message) => message.to.kind === "person" && message.to.userId === speaker)) await h.dm(speaker, `/lang ${locale}`);
      continue;
    }
    if (word === "/dm" || word === "/group") {
      where = word === "/dm" ? "dm" : "group";
      continue;
    }
    if (word === "/wait") {
      await h.wait(isoDuration(argument));
      continue;
    }
    let typed = line;
    if (line === "/setup") setupAnswers = 0;
    else if (setupAnswers >= 0 && ++setupAnswers === 3) {
      typed = String(LOCALES.indexOf(locale as (typeof LOCALES)[number]) + 1);
      from = h.sent.length;
    }
    await (where === "group" ? h.group(speaker, typed) : h.dm(speaker, typed));
    // What a command queues for now (a nudge) goes out at once, as the terminal's and a running bot's sweep send it.
    if (word === "/nudge") await h.wait("PT0S");
  }
  return h.sent.slice(from);
}

/** What in `transcript` is English or a raw key, with the line it is in. */
function untranslated(transcript: string[], locale: string): string[] {
  const friends = new Set(FALSE_FRIENDS[locale] ?? []);
  return transcript.flatMap((text) =>
    text.split("\n").flatMap((shownLine) => {
      // Time zones keep their IANA names (Asia/Yangon) in every language.
      const line = TYPED.reduce((rest, typed) => rest.split(typed).join(" "), shownLine.replace(/\b[A-Z][a-z]+\/[A-Za-z_/-]+/g, ""));
      const keys = (line.match(/\b[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+\b/g) ?? []).filter((candidate) => KEYS.has(candidate));
      const english = englishWords(line).filter((word) => ENGLISH.has(word) && !NAMES.has(word) && !friends.has(word));
      return [...keys.map((key) => `raw key ${key}: ${line}`), ...english.map((word) => `English “${word}”: ${line}`)];
    }),
  );
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.each(LOCALES.filter((locale) => locale !== "en"))("the demonstration in %s", (locale) => {
  it("is written in that language from the moment it is chosen, to the group and in private", async () => {
    h = await startHarness();
    const sent = await runDemo(h, locale);
    const transcript = sent.map((message) => shown(message));
    expect(sent.filter((message) => message.to.kind === "chat").length).toBeGreaterThan(40);
    expect(sent.filter((message) => message.to.kind === "person").length).toBeGreaterThan(40);
    expect(sent.filter((message) => message.locale !== locale && message.text !== "").map((message) => `${message.locale ?? "(none)"} to ${message.to.kind === "person" ? message.to.userId : "group"}: ${message.text.slice(0, 60)}`)).toEqual([]);
    expect(untranslated(transcript, locale)).toEqual([]);
    if (isRightToLeft(locale)) {
      // Every line a person reads starts right to left: with a letter of the language or a right-to-left mark.
      const leftToRight = transcript.flatMap((text) => text.split("\n")).filter((line) => line !== "" && !/^[\u200f\u0600-\u06ff]/u.test(line));
      expect(leftToRight).toEqual([]);
    }
    const group = await h.store.groups.find("test", "group-1");
    expect(group?.locale).toBe(locale);
    for (const member of MEMBERS_WITH_OWN_LANGUAGE) expect((await h.store.people.find("test", member))?.locale).toBe(locale);
  });
});
