/**
 * The terminal chat: Baraza in a local group chat, for trying it without any
 * platform account, for demonstrations and for tests. It reads one line at a
 * time, so a person can type or a script can be piped in
 * (`npm start < examples/demo.txt`).
 *
 * Besides the bot's commands it understands /as <name> (speak as that
 * person), /dm (that person's private chat with the bot), /group (back to
 * the group), /wait <duration> (move the clock and deliver what falls due)
 * and /quit. The first person in a fresh store coordinates the programme.
 */
import { closeSync, fchmodSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Baraza } from "../../flows/baraza.ts";
import type { Capabilities, Channel, SentRef } from "../../flows/channel.ts";
import { commandForm, renderCommands } from "../../flows/commands.ts";
import type { Outbound, OutboundFile } from "../../flows/messages.ts";
import type { Store } from "../../flows/ports.ts";
import type { Texts } from "../../flows/texts.ts";
import type { MovableClock } from "../../clock.ts";
import { parseDuration } from "./clock.ts";

export const PLATFORM = "terminal";
export const GROUP_CHAT = "terminal-group";

export interface TerminalOptions {
  baraza: Baraza;
  store: Store;
  texts: Texts;
  clock: MovableClock;
  locale: string;
  input: Readable;
  output: Writable;
  /** Whether a person is typing (show a prompt) or a script is piped in (echo each line). */
  interactive: boolean;
  /** Where files the bot sends (exports, charts) are saved, since a terminal cannot show them. */
  filesDir: string;
}

/**
 * What the terminal can show: text of any length, no buttons (choices are
 * answered by typing their number), nothing rewritten once printed, no way
 * to show a line in the group to one person alone; files are saved to a
 * folder and their paths printed.
 */
const TERMINAL_CAPABILITIES: Capabilities = {
  textLimit: 1_000_000,
  buttons: "none",
  edits: false,
  toOnePerson: "none",
  files: true,
  threads: false,
  forms: false,
  commandPrefix: "/",
};

type Where = "group" | "dm";

export class TerminalChat implements Channel {
  readonly platform = PLATFORM;
  readonly capabilities = TERMINAL_CAPABILITIES;
  private speaker: string | null = null;
  private where: Where = "group";
  private programmeExists = false;
  /** Messages printed so far, the last one's number being its id. */
  private printed = 0;
  private lines: Interface | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: TerminalOptions) {}

  /** Starts reading lines (see {@link run}); resolves at once. */
  start(): Promise<void> {
    this.running = this.run();
    return Promise.resolve();
  }

  /** Stops reading and waits for the line under way. */
  async stop(): Promise<void> {
    this.lines?.close();
    await this.running;
  }

  /** Prints one message (a file is saved and its path printed); undefined when there was nothing to print. */
  send(message: Outbound): Promise<SentRef | undefined> {
    if (!this.show(message)) return Promise.resolve(undefined);
    const chatId = message.to.kind === "chat" ? message.to.chatId : `dm-${message.to.userId}`;
    return Promise.resolve({ platform: PLATFORM, chatId, messageId: String(this.printed) });
  }

  /** Reads lines until the input ends or /quit. */
  async run(): Promise<void> {
    const { input, output, interactive } = this.options;
    this.write(this.t("terminal.banner"));
    const lines = createInterface({ input, terminal: false });
    this.lines = lines;
    if (interactive) output.write(this.promptText());
    for await (const line of lines) {
      // A piped script is echoed so the transcript reads like a chat; its comments stand alone.
      if (!interactive && line.trim().startsWith("#")) this.write(line);
      else if (!interactive && line.trim() !== "") this.write(`${this.promptText()}${line}`);
      const carryOn = await this.line(line);
      if (!carryOn) break;
      if (interactive) output.write(this.promptText());
    }
    lines.close();
  }

  /** Handles one line; false when the chat should end. */
  async line(raw: string): Promise<boolean> {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return true;
    const [word = "", ...rest] = line.split(/\s+/);
    const argument = rest.join(" ");
    switch (word.toLowerCase()) {
      case "/quit":
        return false;
      case "/as":
        if (argument === "") this.write(this.t("terminal.as-usage"));
        else {
          this.speaker = argument.toLowerCase();
          this.where = "group";
          await this.bootstrap(this.speaker);
        }
        return true;
      case "/dm":
        this.where = "dm";
        return true;
      case "/group":
        this.where = "group";
        return true;
      case "/wait": {
        const duration = parseDuration(argument);
        if (!duration) {
          this.write(this.t("terminal.wait-usage"));
          return true;
        }
        this.options.clock.advance(duration);
        this.write(this.t("terminal.waited", { now: this.options.clock.now().toISOString().slice(0, 16).replace("T", " ") }));
        await this.deliver();
        return true;
      }
    }
    const speaker = this.speaker ?? "you";
    await this.bootstrap(speaker);
    await this.options.baraza.respond(this, {
      platform: PLATFORM,
      chat: this.where === "group" ? { id: GROUP_CHAT, kind: "group" } : { id: `dm-${speaker}`, kind: "private" },
      sender: { id: speaker, name: displayName(speaker) },
      text: line,
    });
    // What a command queued for now (a nudge) goes out at once, as a running bot's sweep would send it.
    await this.deliver();
    return true;
  }

  private async deliver(): Promise<void> {
    await this.options.baraza.deliverDue((message) => this.options.baraza.send(this, message));
  }

  /** In a fresh store, the first person to speak coordinates the programme, so they can set the group up. */
  private async bootstrap(speaker: string): Promise<void> {
    const { store } = this.options;
    // Programmes are never deleted: once there is one, there is no need to look again on every line.
    if (this.programmeExists || (await store.programmes.count()) > 0) {
      this.programmeExists = true;
      return;
    }
    await store.transaction(async (tx) => {
      const programme = await tx.programmes.create(this.t("terminal.programme"));
      const person = await tx.people.identify(PLATFORM, speaker, displayName(speaker));
      await tx.programmes.addCoordinator(programme.id, person.id);
    });
    this.programmeExists = true;
    this.write(this.t("terminal.coordinator", { name: displayName(speaker) }));
  }

  /** Prints one message under whom it is for; false when there was nothing to print. */
  private show(reply: Outbound): boolean {
    // Nothing to read: only a hint for platforms with buttons (a question answered), or a goodbye said elsewhere.
    if (reply.text === "" && !reply.files?.length) return false;
    const heading = reply.to.kind === "chat" ? this.t("terminal.to-group") : this.t("terminal.to-person", { name: displayName(reply.to.userId) });
    const saved = (reply.files ?? []).map((file) => `📄 ${this.save(file)}`);
    this.write(`${heading}\n${[reply.text, ...saved].join("\n").replace(/^/gm, "  ")}\n`);
    this.printed += 1;
    return true;
  }

  /**
   * Saves a file the bot sent and returns where it is. Exports hold a group's
   * concerns and plans, so the folder (when created here) is 0700 and each
   * file 0600, also when it overwrites an earlier export that was looser.
   */
  private save(file: OutboundFile): string {
    mkdirSync(this.options.filesDir, { recursive: true, mode: 0o700 });
    const path = join(this.options.filesDir, basename(file.name));
    const fd = openSync(path, "w", 0o600);
    try {
      fchmodSync(fd, 0o600);
      writeFileSync(fd, file.data);
    } finally {
      closeSync(fd);
    }
    return path;
  }

  private promptText(): string {
    const speaker = displayName(this.speaker ?? "you");
    return `${speaker} @ ${this.where === "group" ? this.t("terminal.group") : this.t("terminal.private")}> `;
  }

  private t(key: string, vars?: Record<string, unknown>): string {
    return renderCommands(this.options.texts.t(this.options.locale, key, vars), commandForm(this.capabilities.commandPrefix));
  }

  private write(text: string): void {
    this.options.output.write(`${text}\n`);
  }
}

/** "amina" → "Amina": terminal names are typed in lower case. */
function displayName(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}
