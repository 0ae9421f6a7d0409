/**
 * The terminal chat as the contract suite drives it: lines typed as
 * `/as <person>`, `/dm` or `/group`, then the text, handed to the chat one at
 * a time (no process, no standard input), and what it printed read back as
 * messages under their headings ("in the group", "privately to <name>").
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PassThrough } from "node:stream";
import { TerminalChat } from "../../../src/bots/terminal/terminal.ts";
import { startHarness } from "../../support/harness.ts";
import { displayName, type ChannelDriver, type ChannelWorld, type Shown } from "../world.ts";

const LOCALE = "en";

export const terminalDriver: ChannelDriver = {
  name: "terminal",
  async open(): Promise<ChannelWorld> {
    const harness = await startHarness();
    const filesDir = mkdtempSync(join(tmpdir(), "baraza-contract-"));
    let printed = "";
    const output = new PassThrough();
    output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
    const chat = new TerminalChat({ baraza: harness.baraza, store: harness.store, texts: harness.texts, clock: harness.clock, locale: LOCALE, input: new PassThrough(), output, interactive: false, filesDir });
    const t = (key: string, vars?: Record<string, unknown>) => harness.texts.t(LOCALE, key, vars);
    const line = async (text: string) => {
      await chat.line(text);
    };
    const messages = () => readMessages(printed, t("terminal.to-group"), t("terminal.to-person", { name: NAME }), filesDir);

    return {
      capabilities: chat.capabilities,
      store: harness.store,
      t,
      async write(person, where, text) {
        await line(`/as ${person}`);
        await line(where === "group" ? "/group" : "/dm");
        await line(text);
      },
      async wait(hours) {
        await line(`/wait ${hours}h`);
      },
      seen: (person) => messages().filter((m) => m.to === displayName(person)).map((m) => m.shown),
      seenIn: () => messages().filter((m) => m.to === "group").map((m) => m.shown),
      async close() {
        await chat.stop();
        rmSync(filesDir, { recursive: true, force: true });
        await harness.close();
      },
    };
  },
};

/** Stands for a person's name in the "privately to <name>" heading, to read the name back. */
const NAME = "\u0000";

/**
 * The messages in what the terminal printed: each starts with a heading
 * line and holds the lines under it, indented by two spaces; a saved file's
 * path follows the text on a line of its own.
 */
function readMessages(printed: string, toGroup: string, toPerson: string, filesDir: string): { to: string; shown: Shown }[] {
  const [before = "", after = ""] = toPerson.split(NAME);
  const messages: { to: string; shown: Shown }[] = [];
  const lines = printed.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const heading = lines[i] ?? "";
    const to = heading === toGroup ? "group" : heading.startsWith(before) && heading.endsWith(after) && heading.length > before.length + after.length ? heading.slice(before.length, heading.length - after.length) : null;
    if (to === null) continue;
    const body: string[] = [];
    while (lines[i + 1]?.startsWith("  ")) {
      i += 1;
      body.push((lines[i] ?? "").slice(2));
    }
    const saved = `📄 ${filesDir}`;
    const files = body.filter((l) => l.startsWith(saved)).map((l) => basename(l.slice("📄 ".length)));
    const text = body.filter((l) => !l.startsWith(saved)).join("\n");
    messages.push({ to, shown: { ref: String(messages.length + 1), text, choices: numberedLines(text), files } });
  }
  return messages;
}

/** The choices a text-only chat offers: its numbered lines ("2. မြန်မာ"), answered by typing the number. */
function numberedLines(text: string): string[] {
  return text.split("\n").flatMap((l) => {
    const match = /^\s*\d+\s*[.):-]\s+(.+)$/.exec(l);
    return match?.[1] ? [match[1]] : [];
  });
}
