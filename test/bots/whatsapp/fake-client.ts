/**
 * A stand-in for whatsapp-web.js's `Client`, since WhatsApp cannot be
 * reached from a test: an EventEmitter that emits what the real client
 * emits (`message`, `group_join`, `group_leave`, `vote_update`) in the
 * library's shapes (ids as `…@g.us` groups, `…@c.us` phone ids, `…@lid`
 * ids, `id._serialized`, a group message's `author`), answers the calls the
 * adapter makes (`sendMessage`, `getChatById`, `getContactLidAndPhone`) as
 * WhatsApp Web would for what the test arranged, and records what was sent.
 *
 * People have a phone id and an `@lid` id: in groups they write as their
 * `@lid` (as WhatsApp now shows most participants), in private from their
 * phone id, and `getContactLidAndPhone` ties the two together.
 */
import { Duration } from "luxon";
import { EventEmitter } from "node:events";
import type { MessageContent, MessageSendOptions } from "whatsapp-web.js";
import type { ChatState, SendingClient } from "../../../src/bots/whatsapp/outbound.ts";
import type { WhatsAppGroupNotification, WhatsAppMessage } from "../../../src/bots/whatsapp/inbound.ts";
import { PLATFORM } from "../../../src/bots/whatsapp/client.ts";
import { createWhatsAppApp, type WhatsAppApp, type WhatsAppPace } from "../../../src/bots/whatsapp/app.ts";
import type { PaceClock } from "../../../src/bots/whatsapp/pace.ts";
import { startHarness, type Harness } from "../../support/harness.ts";

export interface FakePerson {
  /** The test's name for them ("amina"). */
  key: string;
  /** What they call themselves on WhatsApp (`pushname`). */
  pushname: string;
  /** Their phone number, digits only: what must never be shown to others nor logged. */
  number: string;
  phoneId: string;
  lid: string;
}

/** One thing the bot sent, as WhatsApp received it. */
export interface FakeSent {
  id: string;
  chatId: string;
  /** The text, or a file's caption. */
  text: string;
  media?: { mimetype: string; filename: string; data: Buffer; asDocument: boolean };
  options: MessageSendOptions | undefined;
}

/** The bot's linked number. */
export const BOT_NUMBER = "959000000001";
export const BOT_PHONE_ID = `${BOT_NUMBER}@c.us`;
export const BOT_LID = "100000000000001@lid";

export class FakeWhatsAppClient extends EventEmitter implements SendingClient {
  info = { wid: { _serialized: BOT_PHONE_ID } };
  readonly sent: FakeSent[] = [];
  /** Each `sendMessage` call, refused or not, by chat id. */
  readonly attempts: string[] = [];
  /** Groups left by the bot (`chat.leave()`). */
  readonly left: string[] = [];
  /** Every message people wrote, as emitted, oldest first. */
  readonly written: WhatsAppMessage[] = [];
  private readonly people = new Map<string, FakePerson>();
  /** Groups the bot is in, and whether it still may write there. */
  private readonly groups = new Map<string, { readOnly: boolean }>();
  /** Private chats with history (someone wrote, or was written to). */
  private readonly history = new Set<string>();
  /** Ids whose other id WhatsApp Web fails to look up (its error naming the id, as the library's do). */
  readonly lookupFails = new Set<string>();
  /** Chats where WhatsApp refuses media (to test the text fallback). */
  private readonly refuseMedia = new Set<string>();
  /** Chats whose next send WhatsApp Web never answers (a hung page): the call's promise never settles. */
  private readonly hangs = new Set<string>();
  /** Chats whose next lookup (`getChatById`) WhatsApp Web never answers. */
  private readonly lookupHangs = new Set<string>();
  private counter = 0;

  /** A person, made on first mention, with a phone id and an `@lid` id of their own. */
  person(key: string, pushname = key.charAt(0).toUpperCase() + key.slice(1)): FakePerson {
    const known = this.people.get(key);
    if (known) return known;
    const n = this.people.size + 1;
    const number = `95997${String(n).padStart(6, "0")}`;
    const person = { key, pushname, number, phoneId: `${number}@c.us`, lid: `${String(200000 + n)}777${String(n).padStart(4, "0")}@lid` };
    this.people.set(key, person);
    return person;
  }

  /** The bot is in `groupId` (added before the test's story starts). */
  inGroup(groupId: string): void {
    this.groups.set(groupId, { readOnly: false });
  }

  /** The bot was removed from `groupId` without an event reaching it (the process was down): the chat is read-only. */
  readOnly(groupId: string): void {
    this.groups.set(groupId, { readOnly: true });
  }

  /** `chatId` (a person's) has history on the linked phone, from before this process started. */
  hasHistory(chatId: string): void {
    this.history.add(chatId);
  }

  /** WhatsApp refuses media in `chatId` from now on. */
  refuseMediaIn(chatId: string): void {
    this.refuseMedia.add(chatId);
  }

  /** The next message to `chatId` is never answered: `sendMessage` neither resolves nor rejects, and nothing arrives. */
  hangNext(chatId: string): void {
    this.hangs.add(chatId);
  }

  /** The next `getChatById(chatId)` is never answered. */
  hangNextLookup(chatId: string): void {
    this.lookupHangs.add(chatId);
  }

  /** `person` writes `body` in the group `groupId` (as their `@lid`), or privately (from their phone id) when `groupId` is absent. */
  write(person: FakePerson, body: string, groupId?: string, options: { from?: "lid" | "phone"; type?: string; fromMe?: boolean } = {}): WhatsAppMessage {
    const own = (options.from ?? (groupId ? "lid" : "phone")) === "lid" ? person.lid : person.phoneId;
    if (groupId) this.groups.set(groupId, this.groups.get(groupId) ?? { readOnly: false });
    else this.history.add(own);
    const id = this.nextId();
    const message = {
      id: { fromMe: false, remote: groupId ?? own, id, _serialized: `false_${groupId ?? own}_${id}${groupId ? `_${own}` : ""}` },
      from: groupId ?? own,
      to: BOT_PHONE_ID,
      author: groupId ? own : undefined,
      body,
      fromMe: options.fromMe ?? false,
      type: options.type ?? "chat",
      hasMedia: false,
      isStatus: false,
      broadcast: false,
      timestamp: 1_764_640_000 + this.counter,
      getChat: () => this.getChatById(groupId ?? own),
      getContact: () => Promise.resolve({ id: { _serialized: own }, number: person.number, pushname: person.pushname, isMe: false }),
    };
    this.written.push(message);
    this.emit("message", message);
    return message;
  }

  /** `by` adds the bot to `groupId` (`group_join` naming the bot, as WhatsApp now does, by its `@lid`). */
  addBot(groupId: string, by: FakePerson): void {
    this.groups.set(groupId, { readOnly: false });
    this.emit("group_join", this.notification(groupId, "add", by.lid, [BOT_LID]));
  }

  /** `by` removes the bot from `groupId`: the chat stays, read-only, and sending there fails. */
  removeBot(groupId: string, by: FakePerson): void {
    this.groups.set(groupId, { readOnly: true });
    this.emit("group_leave", this.notification(groupId, "remove", by.lid, [BOT_LID]));
  }

  /** `person` leaves `groupId` (or is removed by `by`). */
  leaves(groupId: string, person: FakePerson, by?: FakePerson): void {
    this.emit("group_leave", this.notification(groupId, by ? "remove" : "leave", (by ?? person).lid, [person.lid]));
  }

  /** `person` votes in a native poll (which the bot never sends). */
  pollVote(person: FakePerson, groupId: string, option: string): void {
    this.emit("vote_update", { voter: person.lid, selectedOptions: [{ id: 0, name: option }], interractedAtTs: Date.now(), parentMessage: { id: { _serialized: `poll_${groupId}` } } });
  }

  sendMessage(chatId: string, content: MessageContent, options?: MessageSendOptions): Promise<{ id: { _serialized: string } }> {
    this.attempts.push(chatId);
    if (this.hangs.delete(chatId)) return new Promise(() => undefined);
    const group = this.groups.get(chatId);
    if (chatId.endsWith("@g.us") && (!group || group.readOnly)) return Promise.reject(new Error("Evaluation failed: not a participant"));
    const id = `true_${chatId}_${this.nextId()}`;
    if (typeof content === "string") {
      this.sent.push({ id, chatId, text: content, options });
    } else if (isMedia(content)) {
      if (this.refuseMedia.has(chatId)) return Promise.reject(new Error("Evaluation failed: media upload"));
      const media = { mimetype: content.mimetype, filename: content.filename ?? "", data: Buffer.from(content.data, "base64"), asDocument: options?.sendMediaAsDocument === true };
      this.sent.push({ id, chatId, text: options?.caption ?? "", media, options });
    } else {
      return Promise.reject(new Error("The fake sends text and media only"));
    }
    this.history.add(chatId);
    return Promise.resolve({ id: { _serialized: id } });
  }

  getChatById(chatId: string): Promise<ChatState> {
    if (this.lookupHangs.delete(chatId)) return new Promise(() => undefined);
    if (chatId.endsWith("@g.us")) {
      const group = this.groups.get(chatId);
      if (!group) return Promise.reject(new Error("Evaluation failed: chat not found"));
      return Promise.resolve({
        isGroup: true,
        isReadOnly: group.readOnly,
        lastMessage: undefined,
        leave: () => {
          this.left.push(chatId);
          group.readOnly = true;
          return Promise.resolve();
        },
      });
    }
    // A chat never written in, as WhatsApp Web makes one up for any id: no last message, no time.
    if (!this.history.has(chatId)) return Promise.resolve({ isGroup: false, isReadOnly: false, lastMessage: undefined, timestamp: 0 });
    return Promise.resolve({ isGroup: false, isReadOnly: false, lastMessage: { id: { _serialized: "last" } }, timestamp: 1_764_640_000 });
  }

  getContactLidAndPhone(userIds: string[]): Promise<{ lid: string; pn: string }[]> {
    const failing = userIds.find((id) => this.lookupFails.has(id));
    if (failing !== undefined) return Promise.reject(new Error(`Evaluation failed: no contact ${failing}`));
    return Promise.resolve(
      userIds.flatMap((id) => {
        if (id === BOT_PHONE_ID || id === BOT_LID) return [{ lid: BOT_LID, pn: BOT_PHONE_ID }];
        const person = [...this.people.values()].find((p) => p.phoneId === id || p.lid === id);
        return person ? [{ lid: person.lid, pn: person.phoneId }] : [];
      }),
    );
  }

  /** Everything sent to `chatId`, oldest first. */
  sentTo(...chatIds: string[]): FakeSent[] {
    return this.sent.filter((s) => chatIds.includes(s.chatId));
  }

  private notification(chatId: string, type: string, author: string, recipientIds: string[]): WhatsAppGroupNotification {
    const id = this.nextId();
    return { id: { fromMe: false, remote: chatId, id, _serialized: `false_${chatId}_${id}_${author}`, participant: author }, chatId, author, recipientIds, type, timestamp: 1_764_640_000 + this.counter };
  }

  private nextId(): string {
    this.counter += 1;
    return `3EB0${String(this.counter).padStart(16, "0")}`;
  }
}

function isMedia(content: MessageContent): content is MessageContent & { mimetype: string; data: string; filename?: string | null } {
  return typeof content === "object" && "mimetype" in content && "data" in content && typeof content.data === "string";
}

/** The real adapter on the fake client and a fresh store (the flows' harness), with the pace given (none unless said). */
export async function startWhatsAppTest(pace: Partial<WhatsAppPace> = { minGapMs: 0, maxPerMinute: Number.POSITIVE_INFINITY }, clock?: PaceClock): Promise<WhatsAppTest> {
  const harness = await startHarness();
  const client = new FakeWhatsAppClient();
  const app = createWhatsAppApp({
    client,
    baraza: harness.baraza,
    texts: harness.texts,
    defaultLocale: "en",
    log: { error: (event, details) => harness.logged.push({ event, ...details }) },
    pace,
    ...(clock ? { clock } : {}),
  });
  app.listen();
  return {
    harness,
    client,
    app,
    async act(what) {
      what();
      await app.idle();
    },
    async wait(hours) {
      harness.clock.advance(Duration.fromObject({ hours }));
      await harness.baraza.deliverDue((message) => harness.baraza.send(app, message));
    },
    async close() {
      app.unlisten();
      await harness.close();
    },
  };
}

export interface WhatsAppTest {
  harness: Harness;
  client: FakeWhatsAppClient;
  app: WhatsAppApp;
  /** Does what a person does on WhatsApp (the client emits it), and waits until the bot has answered. */
  act(what: () => void): Promise<void>;
  /** Time passes; what falls due is delivered through the adapter, as the sweep does. */
  wait(hours: number): Promise<void>;
  close(): Promise<void>;
}

/** The group chat the tests' working group meets in. */
export const GROUP = "120363000000000001@g.us";
/** The setup answers after /setup: name, place, language (1 English), time zone (1 Yangon), five site criteria met. */
const SETUP_ANSWERS = ["Ward 4 Safety Group", "Hlaingbwe", "1", "1", "1", "1", "1", "1", "1"];

/**
 * A working group set up in {@link GROUP} by `facilitator`, who coordinates
 * the programme (known by their phone id) and agreed to take part; each of
 * `members` joined in the group, agreed in private and skipped describing
 * themselves.
 */
export async function aGroup(test: WhatsAppTest, facilitator: FakePerson, members: FakePerson[] = []): Promise<void> {
  const { store } = test.harness;
  const programme = await store.programmes.create("Programme");
  const person = await store.people.identify(PLATFORM, facilitator.phoneId, facilitator.pushname);
  await store.programmes.addCoordinator(programme.id, person.id);
  const { client } = test;
  for (const answer of ["/setup", ...SETUP_ANSWERS]) await test.act(() => client.write(facilitator, answer, GROUP));
  for (const someone of [facilitator, ...members]) {
    if (someone !== facilitator) await test.act(() => client.write(someone, "/join", GROUP));
    await test.act(() => client.write(someone, "1"));
    await test.act(() => client.write(someone, "0"));
  }
}

/** Everything the bot logged, as one text, to look for what must never be there. */
export function logText(test: WhatsAppTest): string {
  return JSON.stringify(test.harness.logged);
}
