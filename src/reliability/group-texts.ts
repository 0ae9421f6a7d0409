/**
 * Whether a text the bot posted in a group could make someone look like the
 * author of something, or hide what it says. People's words reach a group
 * only inside isolates (FSI … PDI, see domain/text.ts `relay`); with those
 * replaced by a placeholder, what is left is the bot's own frame, and that
 * frame must be one the bot draws:
 *
 * - no control or invisible format character anywhere, except balanced
 *   isolates, word joiners (which make links inert), joiners inside words
 *   (emoji and some scripts need them), and the right-to-left mark that
 *   starts a line of a right-to-left language;
 * - a line that looks like a concern line (it holds the words for
 *   "anonymous" or "raised by" in any shipped language) is exactly
 *   `#<n> “<words>” (<anonymous | raised by <name>>)`, with an optional ⭐;
 * - a line that starts with `#<digits>` starts a concern's label:
 *   `#<n> “<words>”`;
 * - given a tracer (a word the fuzz puts in what people write), the tracer
 *   is never found outside an isolate: people's words echoed bare could
 *   close the bot's quotation marks, turn the line around or carry a link.
 */
import { FSI, PDI, RLI, RLM } from "../domain/direction.ts";
import { LOCALES } from "../domain/locales.ts";
import type { Texts } from "../flows/texts.ts";

/** What stands for people's words once their isolate is taken out. */
const WORDS = "¤";
/** Where an isolate starts: first strong (what people's words are put in), and right-to-left (an Arabic row of readings, src/domain/direction.ts). */
const ISOLATE_STARTS = new Set([FSI, RLI, "\u2066"]);
// A right-to-left mark (RLM) is allowed only as the first character of a line, where a right-to-left language's lines have it (src/domain/direction.ts).
/**
 * Invisible characters allowed anywhere (word joiner), and in words: the
 * zero-width joiner and non-joiner, which people's words and the scripts of
 * the bot's own texts need (Nepali संवत्‌को, Bengali র‍্যা), inside an isolate or
 * right after a letter or mark.
 */
const ANYWHERE = new Set(["\n", "\u2060"]);
const IN_WORDS = new Set(["\u200c", "\u200d"]);
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

export type Problem = "hidden character" | "unbalanced isolate" | "forged concern line" | "forged number line" | "words outside isolates";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export class GroupTextCheck {
  private readonly lookalikes: string[] = [];
  private readonly concernLine: RegExp;

  constructor(
    texts: Texts,
    private readonly tracer?: string,
  ) {
    const authors: string[] = [];
    for (const locale of LOCALES) {
      const anonymous = `(${texts.t(locale, "concerns.anonymous")})`;
      const raisedBy = `(${texts.t(locale, "concerns.raised-by", { name: WORDS })})`;
      authors.push(escape(anonymous), escape(raisedBy));
      this.lookalikes.push(anonymous, ...raisedBy.split(WORDS).map((piece) => piece.replace(/^\(|\)$/g, "").trim()).filter((piece) => piece.length > 2));
    }
    this.concernLine = new RegExp(`^(⭐ )?#\\d+ “${WORDS}” (${authors.join("|")})$`, "u");
  }

  /** Whether `text` holds the words a concern line names its author with ("anonymous", "raised by"), in any shipped language. */
  namesAnAuthor(text: string): boolean {
    return this.lookalikes.some((marker) => text.includes(marker));
  }

  /** What is wrong with one group text, one entry per problem found, with the line it was found on. */
  problems(text: string): { problem: Problem; line: string }[] {
    const found: { problem: Problem; line: string }[] = [];
    for (const line of text.split("\n")) {
      const frame = this.frameOf(line);
      if (frame === null) {
        found.push({ problem: "unbalanced isolate", line });
        continue;
      }
      if (frame.hidden) found.push({ problem: "hidden character", line });
      const looksLikeConcern = this.namesAnAuthor(frame.text);
      if (looksLikeConcern && !this.concernLine.test(frame.text)) found.push({ problem: "forged concern line", line });
      else if (/^(⭐ )?#\d/u.test(frame.text) && !new RegExp(`^(⭐ )?#\\d+ “${WORDS}”`, "u").test(frame.text)) found.push({ problem: "forged number line", line });
      if (this.tracer && frame.text.toLowerCase().includes(this.tracer.toLowerCase())) found.push({ problem: "words outside isolates", line });
    }
    return found;
  }

  /** The line with each outermost isolate replaced by the placeholder, and whether it hides anything; null if its isolates do not balance. */
  private frameOf(line: string): { text: string; hidden: boolean } | null {
    let depth = 0;
    let text = "";
    let hidden = false;
    let previous = "";
    for (const [index, char] of [...line].entries()) {
      if (ISOLATE_STARTS.has(char)) {
        if (depth === 0) text += WORDS;
        depth += 1;
      } else if (char === PDI) {
        if (depth === 0) return null;
        depth -= 1;
      } else if (HIDDEN.test(char) && !ANYWHERE.has(char) && !(IN_WORDS.has(char) && (depth > 0 || /[\p{L}\p{M}]/u.test(previous))) && !(char === RLM && index === 0)) {
        hidden = true;
      } else if (depth === 0 && !ANYWHERE.has(char)) {
        text += char;
      }
      previous = char;
    }
    return depth === 0 ? { text, hidden } : null;
  }
}

/** C0 and C1 control characters other than a line break: what should never reach a platform (NUL, BEL, ESC...). */
export function hasControl(text: string): boolean {
  return /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u.test(text);
}
