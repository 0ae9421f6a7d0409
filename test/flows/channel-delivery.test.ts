/**
 * The core's delivery rules (src/flows/delivery.ts) on a recording channel
 * whose capabilities each test chooses: what the channel is asked to show,
 * and where, for each kind of platform Baraza serves.
 */
import { describe, expect, it } from "vitest";
import { MovableClock } from "../../src/clock.ts";
import type { Capabilities, Outlet, PersonRef, PressRef, SentRef } from "../../src/flows/channel.ts";
import { Delivery, type SentQuestions } from "../../src/flows/delivery.ts";
import { Undeliverable } from "../../src/flows/jobs.ts";
import type { Inbound, Outbound } from "../../src/flows/messages.ts";
import { loadTexts, LOCALES_DIR } from "../../src/i18n.ts";
import { startHarness } from "../support/harness.ts";

const texts = loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en", strict: true });

const INLINE: Capabilities = { textLimit: 100, buttons: "inline", buttonPayloadLimit: 64, edits: true, toOnePerson: "press-notice", noticeLimit: 40, files: true, threads: false, forms: false, commandPrefix: "/" };
const TEXT_ONLY: Capabilities = { textLimit: 100, buttons: "none", edits: false, toOnePerson: "none", files: false, threads: false, forms: false, commandPrefix: "/" };

type Call =
  | { kind: "send"; message: Outbound }
  | { kind: "edit"; ref: SentRef; text: string }
  | { kind: "clear"; ref: SentRef }
  | { kind: "notice"; text: string }
  | { kind: "ack" }
  | { kind: "open-private"; where: "press" | "chat" };

interface Recording {
  channel: Outlet;
  calls: Call[];
}

/** A channel that records every call; `refuse` names people it cannot write to in private, `withOptional` its optional members. */
function recording(capabilities: Capabilities, options: { refuse?: string[]; failEdit?: boolean; withOptional?: boolean } = {}): Recording {
  const calls: Call[] = [];
  let next = 0;
  const optional = options.withOptional ?? capabilities.buttons === "inline";
  const channel: Outlet = {
    platform: "test",
    capabilities,
    send(message) {
      if (message.to.kind === "person" && options.refuse?.includes(message.to.userId)) return Promise.reject(new Undeliverable("blocked"));
      calls.push({ kind: "send", message });
      next += 1;
      return Promise.resolve({ platform: "test", chatId: message.to.kind === "chat" ? message.to.chatId : message.to.userId, messageId: String(next) });
    },
    ...(optional
      ? {
          edit(ref: SentRef, message: Outbound) {
            if (options.failEdit) return Promise.reject(new Error("too old"));
            calls.push({ kind: "edit", ref, text: message.text });
            return Promise.resolve();
          },
          clearChoices(ref: SentRef) {
            calls.push({ kind: "clear", ref });
            return Promise.resolve();
          },
          notifyPresser(_press: PressRef, text: string) {
            calls.push({ kind: "notice", text });
            return Promise.resolve();
          },
          acknowledge() {
            calls.push({ kind: "ack" });
            return Promise.resolve();
          },
          openPrivate(_person: PersonRef, where: { press: PressRef } | { in: unknown }) {
            calls.push({ kind: "open-private", where: "press" in where ? "press" : "chat" });
            return Promise.resolve(undefined);
          },
        }
      : {}),
  };
  return { channel, calls };
}

function memoryQuestions(): SentQuestions & { kept: Map<string, SentRef> } {
  const kept = new Map<string, SentRef>();
  return {
    kept,
    remember: (question, ref) => Promise.resolve(void kept.set(question, ref)),
    find: (question) => Promise.resolve(kept.get(question) ?? null),
    take(question) {
      const ref = kept.get(question) ?? null;
      kept.delete(question);
      return Promise.resolve(ref);
    },
  };
}

function delivery(questions = memoryQuestions(), undelivered: Outbound[] = []): Delivery {
  return new Delivery({
    texts,
    log: { error: () => undefined },
    clock: new MovableClock(() => new Date("2026-12-01T00:00:00Z")),
    questions,
    undelivered: (message) => Promise.resolve(void undelivered.push(message)),
    chatLocale: () => Promise.resolve("en"),
  });
}

const GROUP = { kind: "chat", platform: "test", chatId: "g" } as const;
const toAmina = { kind: "person", platform: "test", userId: "amina" } as const;
const inGroup = (extra: Partial<Inbound> = {}): Inbound => ({ platform: "test", chat: { id: "g", kind: "group" }, sender: { id: "amina", name: "Amina" }, text: "/vote", ...extra });
const pressIn = (question: string, chat: Inbound["chat"] = { id: "g", kind: "group" }): Inbound => ({
  platform: "test",
  chat,
  sender: { id: "amina", name: "Amina" },
  text: "1",
  interaction: { kind: "press", question, id: "press-1", messageId: "41" },
});
const sends = (r: Recording) => r.calls.filter((c): c is Extract<Call, { kind: "send" }> => c.kind === "send").map((c) => c.message);

describe("core delivery: shaping a message for its channel", () => {
  it("splits a long text at the channel's limit, the choices and files on the last piece, nothing lost", async () => {
    const r = recording(INLINE);
    const long = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n");
    await delivery().send(r.channel, { to: GROUP, text: long, choices: [{ number: 1, label: "Yes" }], question: "q1" });
    const pieces = sends(r);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.text.length).toBeLessThanOrEqual(INLINE.textLimit);
    expect(pieces.map((p) => p.text).join("\n")).toBe(long);
    expect(pieces.slice(0, -1).every((p) => p.choices === undefined)).toBe(true);
    expect(pieces.at(-1)?.choices).toEqual([{ number: 1, label: "Yes" }]);
  });

  it("sends a file's text fallback where the channel takes no files", async () => {
    const r = recording(TEXT_ONLY);
    await delivery().send(r.channel, { to: GROUP, text: "The brief", files: [{ name: "brief.pdf", mime: "application/pdf", data: new Uint8Array([1]) }], fallback: "# The brief in words" });
    expect(sends(r)).toEqual([{ to: GROUP, text: "# The brief in words" }]);
  });

  it("refuses, before sending any of it, a message whose button would carry more than the channel's buttons can", async () => {
    const r = recording(INLINE);
    const long = "x".repeat(60);
    await expect(delivery().send(r.channel, { to: GROUP, text: "Which?", choices: [{ number: 1, label: "A", answer: long }], question: "q1234" })).rejects.toThrow(/Core bug/);
    expect(r.calls).toEqual([]);
  });

  it("keeps where a question with buttons went, and only where the channel has buttons", async () => {
    const questions = memoryQuestions();
    await delivery(questions).send(recording(INLINE).channel, { to: GROUP, text: "Which?", choices: [{ number: 1, label: "A" }], question: "q1" });
    expect(questions.kept.get("q1")).toEqual({ platform: "test", chatId: "g", messageId: "1" });
    const textOnly = memoryQuestions();
    await delivery(textOnly).send(recording(TEXT_ONLY).channel, { to: GROUP, text: "Which?", choices: [{ number: 1, label: "A" }], question: "q1" });
    expect(textOnly.kept.size).toBe(0);
  });
});

describe("core delivery: a turn's replies", () => {
  it("takes an answered question's buttons away, wherever it was asked, and sends the reply", async () => {
    const questions = memoryQuestions();
    questions.kept.set("q1", { platform: "test", chatId: "amina", messageId: "7" });
    const r = recording(INLINE);
    await delivery(questions).reply(r.channel, inGroup({ text: "2" }), [{ to: GROUP, text: "Saved.", answers: { question: "q1", inPlace: false } }]);
    expect(r.calls).toEqual([{ kind: "clear", ref: { platform: "test", chatId: "amina", messageId: "7" } }, { kind: "send", message: { to: GROUP, text: "Saved." } }]);
    expect(questions.kept.has("q1")).toBe(false);
  });

  it("after a turn that must not be joined to its author, still takes the buttons away but writes nothing to the store", async () => {
    const questions = memoryQuestions();
    questions.kept.set("q1", { platform: "test", chatId: "amina", messageId: "7" });
    const r = recording(INLINE);
    const replies: Outbound[] = [{ to: toAmina, text: "Saved, without your name.", answers: { question: "q1", inPlace: false } }, { to: toAmina, text: "Anything else?", choices: [{ number: 1, label: "No" }], question: "q2" }];
    await delivery(questions).reply(r.channel, { ...inGroup({ text: "2" }), chat: { id: "amina", kind: "private" } }, replies, { storeNothing: true });
    expect(r.calls.map((c) => c.kind)).toEqual(["clear", "send", "send"]);
    expect([...questions.kept.keys()]).toEqual(["q1"]);
  });

  it("after a press, writes the question's new state over the pressed message, and sends it anew if the edit fails", async () => {
    const ballot: Outbound = { to: toAmina, text: "Your ballot: 2", choices: [{ number: 1, label: "+1", answer: "+1" }], question: "q2", answers: { question: "q1", inPlace: true } };
    const questions = memoryQuestions();
    const r = recording(INLINE);
    await delivery(questions).reply(r.channel, pressIn("q1", { id: "amina", kind: "private" }), [ballot]);
    expect(r.calls).toEqual([{ kind: "ack" }, { kind: "edit", ref: { platform: "test", chatId: "amina", messageId: "41" }, text: "Your ballot: 2" }]);
    expect(questions.kept.get("q2")).toEqual({ platform: "test", chatId: "amina", messageId: "41" });

    const failing = recording(INLINE, { failEdit: true });
    await delivery().reply(failing.channel, pressIn("q1", { id: "amina", kind: "private" }), [ballot]);
    expect(failing.calls.map((c) => c.kind)).toEqual(["ack", "clear", "send"]);
  });

  it("on a channel without edits, sends the new state anew and leaves the old message as it is", async () => {
    const r = recording(TEXT_ONLY);
    await delivery().reply(r.channel, { ...pressIn("q1", { id: "amina", kind: "private" }) }, [{ to: toAmina, text: "Your ballot: 2", answers: { question: "q1", inPlace: true } }]);
    expect(r.calls).toEqual([{ kind: "send", message: { to: toAmina, text: "Your ballot: 2" } }]);
  });

  it("shows a short text for the presser alone as a notice, and posts a long one in the chat", async () => {
    const r = recording(INLINE);
    await delivery().reply(r.channel, pressIn("q9"), [{ to: GROUP, text: "Out of date.", visibility: { person: "amina" } }]);
    expect(r.calls).toEqual([{ kind: "notice", text: "Out of date." }]);

    const long = recording(INLINE);
    const text = "That button belongs to a question that is no longer waiting for your answer.";
    await delivery().reply(long.channel, pressIn("q9"), [{ to: GROUP, text, visibility: { person: "amina" } }]);
    expect(long.calls.map((c) => c.kind)).toEqual(["ack", "send"]);
    expect(sends(long)[0]?.text).toBe(text);
  });

  it("where the channel shows nothing to one person alone, posts it in the chat", async () => {
    const r = recording(TEXT_ONLY);
    await delivery().reply(r.channel, pressIn("q9"), [{ to: GROUP, text: "Out of date.", visibility: { person: "amina" } }]);
    expect(sends(r).map((m) => m.text)).toEqual(["Out of date."]);
  });

  it("writes to the sender in private first, and when that is refused says so once in the group instead of 'I have written to you'", async () => {
    const undelivered: Outbound[] = [];
    const r = recording(INLINE, { refuse: ["amina"] });
    const pointer: Outbound = { to: GROUP, text: "I have sent you the ballot in private.", links: [{ kind: "open-private", label: "Open" }] };
    await delivery(memoryQuestions(), undelivered).reply(r.channel, inGroup(), [pointer, { to: toAmina, text: "Your ballot", privacyNotice: true }, { to: GROUP, text: "Also this" }]);
    expect(r.calls).toEqual([{ kind: "open-private", where: "chat" }, { kind: "send", message: { to: GROUP, text: "Also this" } }]);
    expect(undelivered.map((m) => m.text)).toEqual(["Your ballot"]);
  });

  it("without a channel's own way into the private chat, says in the group, in the core's words, that it could not write", async () => {
    const r = recording(TEXT_ONLY, { refuse: ["amina"] });
    await delivery().reply(r.channel, inGroup(), [{ to: toAmina, text: "Your ballot" }]);
    const said = sends(r).map((m) => m.text.replace(/[\u2068\u2069]/g, ""));
    expect(said.join(" ")).toBe("Amina, I could not write to you in private. Open a private chat with me, then ask again, and I will answer you there.");
  });

  it("after a press by someone it cannot write to, opens the private chat as the press's answer", async () => {
    const r = recording(INLINE, { refuse: ["amina"] });
    await delivery().reply(r.channel, pressIn(""), [{ to: toAmina, text: "Your ballot" }, { to: GROUP, text: "Sent in private.", links: [{ kind: "open-private", label: "Open" }] }]);
    expect(r.calls.map((c) => (c.kind === "open-private" ? `open-private:${c.where}` : c.kind))).toEqual(["open-private:press", "open-private:chat"]);
  });

  it("sends replies in the order the turn made them", async () => {
    const r = recording(TEXT_ONLY);
    await delivery().reply(r.channel, inGroup(), [1, 2, 3, 4].map((n) => ({ to: GROUP, text: `m${n}` })));
    expect(sends(r).map((m) => m.text)).toEqual(["m1", "m2", "m3", "m4"]);
  });
});

describe("an inbound message's raw payload", () => {
  it("is handed back to the channel with the replies, and nothing of it is stored or logged", async () => {
    const h = await startHarness();
    try {
      const raw = { response_url: "https://hooks.example/RAW-MARKER-42", trigger_id: "RAW-MARKER-43" };
      const handed: (Inbound | undefined)[] = [];
      const r = recording(TEXT_ONLY);
      const channel: Outlet = { ...r.channel, send: (message, replyingTo) => (handed.push(replyingTo), r.channel.send(message, replyingTo)) };
      await h.baraza.respond(channel, { platform: "test", chat: { id: "dm-amina", kind: "private" }, sender: { id: "amina", name: "Amina" }, text: "/help", raw });
      expect(handed.length).toBeGreaterThan(0);
      expect(handed.every((inbound) => inbound?.raw === raw)).toBe(true);
      const tables = await h.db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table'`);
      const rows = await Promise.all(tables.map((table) => h.db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${table.name}"`)));
      const stored = JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value));
      expect(stored).toContain("amina");
      expect(stored).not.toContain("RAW-MARKER");
      expect(JSON.stringify(h.logged)).not.toContain("RAW-MARKER");
    } finally {
      await h.close();
    }
  });
});
