/**
 * whatsapp-web.js's events in the neutral `Inbound` shape the flows read.
 *
 * What reaches the core, and nothing more:
 * - text messages (`type: "chat"`) written to the bot in private, or in a
 *   group it is in; a command is typed `/vote` or `!vote` (WhatsApp's own
 *   habit), read as `/vote`; an answer is typed as its number, since
 *   WhatsApp shows choices as numbered lines (see outbound.ts);
 * - the bot added to a group (a `group_join` naming it), and a participant
 *   leaving or removed (`group_leave`).
 * Media, stickers, reactions, status updates, broadcasts and the bot's own
 * messages are left alone. Native polls are never sent (a vote in one shows
 * the voter to the whole group, so never a ballot; numbered replies answer
 * every question), so their votes are left alone too.
 *
 * People: a participant is an `…@lid` id in groups and, often, a phone id
 * (`…@c.us`) in private. {@link WhatsAppPeople} asks the client for the
 * other id, and the message carries it as an alias (`Inbound.sender.aliases`),
 * so both are one person. A name is the one the person gave WhatsApp
 * (`pushname`), never their number.
 */
import type { Contact } from "whatsapp-web.js";
import type { Inbound } from "../../flows/messages.ts";
import type { Logger } from "../../flows/ports.ts";
import { describeError } from "../../flows/errors.ts";
import type { WhatsAppClient } from "./client.ts";
import { PLATFORM } from "./client.ts";

/** A group chat's id ends so; a person's with `@c.us` (a phone number) or `@lid`. */
const GROUP_SUFFIX = "@g.us";
/** How many people's other ids are remembered (newest kept). */
const REMEMBERED = 5000;

/**
 * The fields of a whatsapp-web.js `Message` read here, as plain types (its
 * `type` is the library's enum, `"chat"` for text), so that the fake client
 * in the tests gives the same without the library's whole object.
 */
export interface WhatsAppMessage {
  id: { _serialized: string };
  /** The chat: a group's `…@g.us`, or the person's id in private. */
  from: string;
  /** In a group, who wrote. */
  author?: string | undefined;
  body: string;
  fromMe: boolean;
  type: string;
  isStatus: boolean;
  broadcast: boolean;
  getContact(): Promise<Pick<Contact, "pushname">>;
}

/** The fields of a whatsapp-web.js `GroupNotification` read here (`type`: add, invite, remove, leave…). */
export interface WhatsAppGroupNotification {
  id: unknown;
  chatId: string;
  author: string;
  recipientIds: string[];
  type: string;
  timestamp: number;
}

/** A person as the adapter found them: the id they wrote from, a name to show, their other ids. */
export interface WhatsAppPerson {
  id: string;
  name: string;
  aliases: string[];
}

export function isGroupId(chatId: string): boolean {
  return chatId.endsWith(GROUP_SUFFIX);
}

/**
 * `!vote 1 1 3` → `/vote 1 1 3`: WhatsApp users write commands with `!` as
 * often as with `/`. Anything else (`!!!`, `! help`) is left as written.
 */
export function commandText(body: string): string {
  const text = body.trimStart();
  return /^![A-Za-z]/.test(text) ? `/${text.slice(1)}` : body;
}

/**
 * Who wrote a message that may be for the core: the author in a group, the
 * chat in private; null for what is not (the bot's own messages, media,
 * status updates, broadcasts, system messages).
 */
export function messageAuthor(message: WhatsAppMessage): string | null {
  if (message.fromMe || message.isStatus || message.broadcast || message.type !== "chat") return null;
  if (isGroupId(message.from)) return message.author ?? null;
  return message.from;
}

/** A message `messageAuthor` accepted, from `sender`. */
export function fromMessage(message: WhatsAppMessage, sender: WhatsAppPerson): Inbound {
  const group = isGroupId(message.from);
  // A message's id names its chat and author (`false_<chat>_<id>_<author>`): within the core's 128 characters in practice, cut to them regardless.
  const id = message.id._serialized.slice(0, 128);
  return {
    platform: PLATFORM,
    updateId: id,
    messageId: id,
    chat: group ? { id: message.from, kind: "group" } : { id: sender.id, kind: "private" },
    sender: senderOf(sender),
    text: commandText(message.body),
  };
}

/** What a group notification means for the core. */
export type GroupChange =
  | { kind: "bot-added"; inbound: Inbound }
  | { kind: "bot-removed"; chatId: string }
  | { kind: "members-left"; chatId: string; people: string[] }
  | { kind: "none" };

/**
 * A `group_join`: the bot added (by `author`, or joining by a link) is the
 * core's `bot-added`; others joining are nothing to the core (they `/join`).
 */
export function joined(notification: WhatsAppGroupNotification, me: readonly string[], adder: WhatsAppPerson | null): GroupChange {
  if (!notification.recipientIds.some((id) => me.includes(id))) return { kind: "none" };
  const sender = adder ?? { id: notification.author || notification.chatId, name: "", aliases: [] };
  return {
    kind: "bot-added",
    inbound: {
      platform: PLATFORM,
      updateId: notificationId(notification),
      chat: { id: notification.chatId, kind: "group" },
      sender: senderOf(sender),
      text: "",
      event: { kind: "bot-added" },
    },
  };
}

/** A `group_leave`: the bot removed, or participants who left or were removed. */
export function left(notification: WhatsAppGroupNotification, me: readonly string[]): GroupChange {
  if (notification.recipientIds.some((id) => me.includes(id))) return { kind: "bot-removed", chatId: notification.chatId };
  const people = notification.recipientIds.filter((id) => !isGroupId(id));
  return people.length === 0 ? { kind: "none" } : { kind: "members-left", chatId: notification.chatId, people };
}

/** The core's `member-left` for one participant of a `group_leave`. */
export function memberLeft(notification: WhatsAppGroupNotification, person: WhatsAppPerson): Inbound {
  return {
    platform: PLATFORM,
    updateId: `${notificationId(notification)}:${person.id}`.slice(0, 128),
    chat: { id: notification.chatId, kind: "group" },
    sender: senderOf(person),
    text: "",
    event: { kind: "member-left" },
  };
}

function notificationId(notification: WhatsAppGroupNotification): string {
  const id = notification.id;
  const serialized = typeof id === "object" && id !== null && "_serialized" in id && typeof id._serialized === "string" ? id._serialized : "";
  return (serialized || `${notification.chatId}:${notification.type}:${notification.timestamp}`).slice(0, 128);
}

function senderOf(person: WhatsAppPerson): Inbound["sender"] {
  const aliases = person.aliases.filter((alias) => alias !== person.id).slice(0, 4);
  return { id: person.id, name: person.name.slice(0, 256), ...(aliases.length > 0 ? { aliases } : {}) };
}

/**
 * People's other ids, asked of the client and remembered once found: the `@lid`
 * id of a phone id and the other way round (`getContactLidAndPhone`). A
 * lookup that fails leaves the person with the id they wrote from, and is
 * logged without the id.
 */
export class WhatsAppPeople {
  private readonly others = new Map<string, string[]>();

  constructor(
    private readonly client: Pick<WhatsAppClient, "getContactLidAndPhone">,
    private readonly log: Logger,
  ) {}

  /** The person writing from `id`, named as they named themselves on WhatsApp. */
  async person(id: string, contact?: () => Promise<Pick<Contact, "pushname">>): Promise<WhatsAppPerson> {
    const [aliases, name] = await Promise.all([this.aliases(id), contact ? this.name(contact) : Promise.resolve("")]);
    return { id, name, aliases };
  }

  /** The other ids WhatsApp knows `id`'s person by. */
  async aliases(id: string): Promise<string[]> {
    const known = this.others.get(id);
    if (known) return known;
    try {
      const found = await this.client.getContactLidAndPhone([id]);
      const ids = found.flatMap((entry) => [entry.lid, entry.pn]).filter((other): other is string => typeof other === "string" && other !== "" && other !== id);
      const unique = [...new Set(ids)];
      // Nothing found is asked again next time: WhatsApp Web may learn the other id later.
      if (unique.length > 0) this.remember(id, unique);
      return unique;
    } catch (error) {
      this.log.error("whatsapp-alias-lookup-failed", describeError(error));
      return [];
    }
  }

  private async name(contact: () => Promise<Pick<Contact, "pushname">>): Promise<string> {
    try {
      return (await contact()).pushname ?? "";
    } catch (error) {
      this.log.error("whatsapp-contact-lookup-failed", describeError(error));
      return "";
    }
  }

  private remember(id: string, ids: string[]): void {
    this.others.set(id, ids);
    for (const oldest of this.others.keys()) {
      if (this.others.size <= REMEMBERED) break;
      this.others.delete(oldest);
    }
  }
}
