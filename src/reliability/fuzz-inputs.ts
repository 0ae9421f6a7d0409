/**
 * Hostile inputs for the fuzz part, drawn from a seeded random source: texts
 * that mix control characters (NUL, BEL, ESC), bidirectional controls,
 * zero-width and blank characters, Burmese in Zawgyi and in Unicode, huge and
 * odd numbers, very long texts, lines that imitate the bot's own ("#7 “…”
 * (raised by Thida)"), links and commands; commands with such arguments;
 * answers to questions; and button presses forged with any question token
 * and any answer. From the facilitator, members and strangers, in the group
 * and in private, under display names as hostile as the texts.
 */
import type { Inbound } from "../flows/messages.ts";
import type { Random } from "./random.ts";
import { inGroup, inPrivate, type Speaker } from "./world.ts";

const CONTROLS = ["\u0000", "\u0007", "\u001b", "\u001b[2J", "\u001b]0;title\u0007", "\u007f", "\u0085", "\b", "\r", "\r\n", "\t", "\u000b", "\u000c", "\u009b"];
const BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"];
const INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e", "\u00ad", "\u034f", "\u3164", "\u2800", "\u115f", "\u2028", "\u2029", "\u{e0041}"];
/** Zawgyi (the legacy encoding) and Unicode Burmese, Burmese digits. */
const BURMESE = ["ေနေကာင္းလား", "မဂၤလာပါ", "ျမန္မာျပည္", "လုံခြုံရေး", "မင်္ဂလာပါ", "ရပ်ကွက်", "၁", "၂", "၉၉၉၉၉၉၉၉၉၉၉၉၉၉၉၉၉၉၉၉"];
const NUMBERS = ["99999999999999999999", "1e309", "-1", "0", "+999999", "-999999", "-0", "0x10", "1.5", "٣", "１", "NaN", "Infinity", "2\u200b", "\u200b3", "00001", "9".repeat(400), "2147483648", "4294967296", "1,000"];
/** Lines that imitate the bot's frame: a concern with an author, a digest's title, a numbered choice. */
const FRAMES = [
  "\n#7 “The headman takes bribes” (raised by Thida)",
  "#3 “Soldiers at night” (anonymous)",
  " (raised by Amina)",
  "” (anonymous)\n#9 “",
  "\u2069” (raised by Thida) “\u2068",
  "\n⭐ #1 “fake priority” (anonymous)",
  "\n\n📋 3 new concerns have been raised:\n#1 “fake” (anonymous)",
  "\n1. #2 “forged option”",
  "“", "”", "„", "«", "»",
  "(အမည်မဖော်)", " (သီတာ တင်ပြထားသည်)",
];
const LINKS = ["/closevote", "/vote 1 1 1", "https://evil.example/x", "@headman", "t.me/evilbot", "!vote", "/start@OtherBot", "www.example.com", "mailto:a@b.c", "<b>bold</b>", "*bold* _it_ `code`", "[link](https://evil.example)"];
const EMOJI = ["👩‍👩‍👧", "🏳️‍🌈", "🇲🇲", "🧕🏽", "🔥"];
/** A word no text of the bot's holds: found outside an isolate in a group message, it is people's words echoed bare. */
export const TRACER = "Zx9tracer";
const WORDS = ["market", "road", "soldiers", "checkpoint", "fees", "night", "school", TRACER, `x${TRACER}”(anonymous)`];

/** Commands the bot knows, and a few it does not or that are addressed oddly; `export` is left out (it renders a PDF, and says nothing to the group's text). */
const COMMANDS = [
  "concern", "concern", "concern", "vote", "vote", "vote", "concerns", "closevote", "closevote", "lang", "join", "help", "start", "setup", "step", "next",
  "help", "help", "stakeholders", "assess", "priorities", "plan", "plans", "tasks", "done", "progress", "indicator", "review", "evaluate", "lessons", "newcycle", "overdue",
  "nudge", "summary", "groups", "privacy", "mydata", "forgetme", "invite", "cancel", "VOTE", "Concern", "vote@BarazaBot", "vote@OtherBot", "nosuchcommand",
];
/** What a forged button press may claim to answer with. */
const PRESS_ANSWERS = ["+999999", "-999999", "-1", "+1", "done", "/closevote", "/vote", "/concern", "/next", "1", "2", "0", "99999999999999999999", ""];

/** A piece of text of one of the kinds above. */
function piece(random: Random): string {
  const pools = [CONTROLS, BIDI, INVISIBLE, BURMESE, NUMBERS, FRAMES, LINKS, EMOJI, WORDS, WORDS, WORDS];
  return random.pick(random.pick(pools));
}

/** A text of 1 to 10 pieces, sometimes very long. */
export function hostileText(random: Random): string {
  let text = "";
  for (let count = random.int(1, 10); count > 0; count -= 1) text += (random.chance(0.5) ? " " : "") + piece(random);
  if (random.chance(0.03)) text += random.pick(["a", "ေ", "👩‍👩‍👧", "\u202e", "#1 “x” (anonymous)\n"]).repeat(random.int(500, 4500));
  return text;
}

/** A display name as hostile as a text, within the 256 characters the adapters pass on. */
function hostileName(random: Random, speaker: Speaker): string {
  if (random.chance(0.85)) return speaker.name;
  return (speaker.name + hostileText(random)).slice(0, 256);
}

/** The arguments of a command: hostile text, numbers, or something close to what the command expects. */
function argumentsFor(random: Random): string {
  const numbers = () => Array.from({ length: random.int(1, 6) }, () => random.pick(["1", "2", "3", "4", random.pick(NUMBERS)])).join(" ");
  switch (random.int(0, 5)) {
    case 0:
      return "";
    case 1:
      return numbers();
    case 2:
      return random.pick(["dot 5", "ranked", "dot 99999999999999999999", "merge 1 2", "merge 2 99999999999999999999", "add ", "2d", "12h", "-1d"]) + (random.chance(0.5) ? ` ${hostileText(random)}` : "");
    default:
      return hostileText(random);
  }
}

/** A question token a press may carry: empty (a command button), made up, or one the bot really asked this person. */
function questionToken(random: Random, asked: readonly string[]): string {
  if (asked.length > 0 && random.chance(0.4)) return random.pick(asked);
  if (random.chance(0.3)) return "";
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  return Array.from({ length: random.int(1, 32) }, () => random.pick([...alphabet])).join("");
}

/** One hostile inbound message from one of `speakers`; `asked` holds question tokens the bot has sent to people. */
export function hostileInbound(random: Random, speakers: readonly Speaker[], asked: (speaker: Speaker) => readonly string[]): Inbound {
  const speaker = random.pick(speakers);
  const name = hostileName(random, speaker);
  const where = random.chance(0.4) ? inGroup : inPrivate;
  const roll = random.next();
  let text: string;
  let press: Inbound["interaction"];
  if (roll < 0.15) {
    // A concern in one go, in private, where concerns are raised: what reaches the digest and the ballot.
    return inPrivate({ ...speaker, name }, `/concern ${hostileText(random)}`);
  } else if (roll < 0.25) {
    return inPrivate({ ...speaker, name }, `/vote ${argumentsFor(random)}`);
  } else if (roll < 0.5) {
    text = `/${random.pick(COMMANDS)}${random.chance(0.8) ? ` ${argumentsFor(random)}` : ""}`;
  } else if (roll < 0.7) {
    text = hostileText(random);
  } else if (roll < 0.85) {
    text = random.pick(["1", "2", "3", "0", "+1", "-1", "done", "1 1 2", ...NUMBERS]) + (random.chance(0.3) ? random.pick([...INVISIBLE, ...CONTROLS, ...BIDI]) : "");
  } else {
    text = random.chance(0.8) ? random.pick(PRESS_ANSWERS) : hostileText(random);
    press = { kind: "press", question: questionToken(random, asked(speaker)) };
  }
  return { ...where({ ...speaker, name }, text), ...(press ? { interaction: press } : {}) };
}
