/**
 * Baraza on a linked WhatsApp number, and the WhatsApp channel: every event
 * whatsapp-web.js emits that is for the core (see inbound.ts for which)
 * becomes an `Inbound` handed to `baraza.respond`, and the core delivers the
 * replies through the channel made here, which only renders and transports
 * (outbound.ts), at the pace (pace.ts).
 *
 * The client is given: start.ts makes the real one (Chromium, LocalAuth),
 * tests hand a fake with the same events and calls. `listen` attaches the
 * listeners, `unlisten` takes them away; the client's life (initialize,
 * destroy) is start.ts's.
 */
import { sequentialize } from "@grammyjs/runner";
import type { Baraza } from "../../flows/baraza.ts";
import type { Capabilities, Channel } from "../../flows/channel.ts";
import { describeError } from "../../flows/errors.ts";
import { senderIds, type Inbound } from "../../flows/messages.ts";
import type { Logger } from "../../flows/ports.ts";
import type { Texts } from "../../flows/texts.ts";
import { PLATFORM, type WhatsAppClient } from "./client.ts";
import { fromMessage, joined, left, memberLeft, messageAuthor, WhatsAppPeople, type WhatsAppGroupNotification, type WhatsAppMessage } from "./inbound.ts";
import { TEXT_LIMIT, WhatsAppSender, type SendingClient } from "./outbound.ts";
import { Pacer, paceOf, type Pace, type PaceClock } from "./pace.ts";

/**
 * What WhatsApp can show, as Baraza uses it: text only (choices as numbered
 * lines answered by typing the number), nothing rewritten, nothing shown to
 * one person alone in a group (private things go to their private chat),
 * files as documents and images; commands typed `/vote` (or `!vote`).
 */
export const WHATSAPP_CAPABILITIES: Capabilities = {
  textLimit: TEXT_LIMIT,
  buttons: "none",
  edits: false,
  toOnePerson: "none",
  files: true,
  threads: false,
  forms: false,
  commandPrefix: "/",
};

export type WhatsAppPace = Pace;

/**
 * The part of whatsapp-web.js's `Client` the adapter uses, as plain types:
 * the real client (`WhatsAppClient`) has it, and so has the tests' fake.
 */
export interface WhatsAppAdapterClient extends SendingClient, Pick<WhatsAppClient, "getContactLidAndPhone"> {
  /** Who the linked number is, once the client is ready. */
  info?: { wid?: { _serialized: string } | undefined } | undefined;
  on(event: "message", listener: (message: WhatsAppMessage) => void): unknown;
  on(event: "group_join", listener: (notification: WhatsAppGroupNotification) => void): unknown;
  on(event: "group_leave", listener: (notification: WhatsAppGroupNotification) => void): unknown;
  on(event: "vote_update", listener: (vote: unknown) => void): unknown;
  off(event: "message", listener: (message: WhatsAppMessage) => void): unknown;
  off(event: "group_join", listener: (notification: WhatsAppGroupNotification) => void): unknown;
  off(event: "group_leave", listener: (notification: WhatsAppGroupNotification) => void): unknown;
  off(event: "vote_update", listener: (vote: unknown) => void): unknown;
}

export interface WhatsAppAppOptions {
  /** The real client (start.ts) or a fake (tests). */
  client: WhatsAppAdapterClient;
  baraza: Baraza;
  /** The texts and the default language, for words the adapter adds of its own (none yet: the core writes every word). */
  texts: Texts;
  defaultLocale: string;
  log: Logger;
  /** The pace of sending (pace.ts); conservative defaults for what is not given. */
  pace?: Partial<WhatsAppPace>;
  /** The pacer's clock; the real one unless given (tests move a fake one). */
  clock?: PaceClock;
}

/** The WhatsApp channel without its transport's start and stop, with its listeners to attach. */
export interface WhatsAppApp extends Omit<Channel, "start" | "stop"> {
  /** Attaches the message, group_join, group_leave and vote_update listeners to the client. */
  listen(): void;
  /** Takes them away again. */
  unlisten(): void;
  /** Resolves once every event taken so far has been handled. */
  idle(): Promise<void>;
  /**
   * Fails at once every message waiting to be sent (held by the pause or
   * the pace) and any later one, so that stopping never waits for a pause
   * to end; a scheduled message stays in the store and is sent after the
   * next start. For stopping the process.
   */
  stopSending(): void;
}

export function createWhatsAppApp(options: WhatsAppAppOptions): WhatsAppApp {
  const { client, baraza, log } = options;
  const pacer = new Pacer(paceOf(options.pace), options.clock);
  const sender = new WhatsAppSender({ client, pacer });
  const people = new WhatsAppPeople(client, log);
  let mine: string[] | undefined;
  /**
   * The bot's own ids, to recognise it in group notifications: its number's
   * and its `@lid`. Asked again until both are known (the client may not be
   * ready yet, or the lookup may fail once).
   */
  const me = async (): Promise<string[]> => {
    if (mine) return mine;
    const own = client.info?.wid?._serialized;
    if (own === undefined) return [];
    const ids = [own, ...(await people.aliases(own))];
    if (ids.length > 1) mine = ids;
    return ids;
  };

  const channel: WhatsAppApp = {
    platform: PLATFORM,
    capabilities: WHATSAPP_CAPABILITIES,
    send: (message) => sender.send(message),
    listen,
    unlisten,
    idle: () => Promise.allSettled([...running]).then(() => undefined),
    stopSending: () => pacer.stop(),
  };

  // Each chat's and each person's messages are handled one at a time, in the order they came (as Slack's and Telegram's are).
  const inOrder = sequentialize((inbound: Inbound) => [`chat:${inbound.chat.id}`, ...senderIds(inbound).map((id) => `person:${id}`)]);
  const running = new Set<Promise<void>>();
  const respond = (inbound: Inbound): Promise<void> => {
    // Someone who wrote, or added the bot, may be written to; someone who left may not, by that alone.
    if (inbound.event?.kind !== "member-left") sender.heard(inbound.chat.id, senderIds(inbound));
    return inOrder(inbound, () => baraza.respond(channel, inbound));
  };
  /** Runs a listener's work, logging a failure (without text or ids) rather than leaving it unhandled. */
  const handle = (event: string, work: () => Promise<void>) => {
    const done = work().catch((error: unknown) => log.error(`whatsapp-${event}-failed`, describeError(error)));
    running.add(done);
    void done.finally(() => running.delete(done));
  };

  const onMessage = (message: WhatsAppMessage) =>
    handle("message", async () => {
      const author = messageAuthor(message);
      if (author === null) return;
      await respond(fromMessage(message, await people.person(author, () => message.getContact())));
    });

  const onJoin = (notification: WhatsAppGroupNotification) =>
    handle("group-join", async () => {
      const change = joined(notification, await me(), notification.author ? await people.person(notification.author) : null);
      if (change.kind !== "bot-added") return;
      sender.added(notification.chatId);
      await respond(change.inbound);
    });

  const onLeave = (notification: WhatsAppGroupNotification) =>
    handle("group-leave", async () => {
      const change = left(notification, await me());
      if (change.kind === "bot-removed") sender.removed(change.chatId);
      if (change.kind !== "members-left") return;
      for (const id of change.people) await respond(memberLeft(notification, await people.person(id)));
    });

  // Baraza sends no native polls (a vote in one names the voter to everyone), so no vote is for it.
  const onVote = () => undefined;

  function listen(): void {
    client.on("message", onMessage);
    client.on("group_join", onJoin);
    client.on("group_leave", onLeave);
    client.on("vote_update", onVote);
  }

  function unlisten(): void {
    client.off("message", onMessage);
    client.off("group_join", onJoin);
    client.off("group_leave", onLeave);
    client.off("vote_update", onVote);
  }

  return channel;
}
