/**
 * Baraza as a Bolt app, and the Slack channel: every request Slack sends
 * (see inbound.ts for which) becomes an `Inbound` handed to
 * `baraza.respond`, and the core delivers the replies through the channel
 * made here, which only renders and transports (outbound.ts).
 *
 * How requests arrive is not decided here: the receiver given (HTTP on the
 * process's server, or Socket Mode; see start.ts) feeds the app, and tests
 * feed it with `app.processEvent`.
 */
import { sequentialize } from "@grammyjs/runner";
import { App, LogLevel, type Logger as BoltLogger, type Receiver, type webApi } from "@slack/bolt";
import type { Baraza } from "../../flows/baraza.ts";
import type { Capabilities, Channel } from "../../flows/channel.ts";
import { describeError } from "../../flows/errors.ts";
import type { Inbound, Outbound } from "../../flows/messages.ts";
import { Undeliverable } from "../../flows/jobs.ts";
import type { Logger } from "../../flows/ports.ts";
import { present } from "../../flows/present.ts";
import type { Texts } from "../../flows/texts.ts";
import { TEXT_LIMIT, type Block } from "./blocks.ts";
import { SlackDirectory } from "./directory.ts";
import {
  actionSchema,
  BUTTON_PAYLOAD_LIMIT,
  COMMAND,
  commandSchema,
  envelopeSchema,
  fromAction,
  fromCommand,
  fromMembership,
  fromMention,
  fromMessage,
  membershipEventSchema,
  membershipPerson,
  mentionEventSchema,
  messageAuthor,
  messageEventSchema,
  PLATFORM,
} from "./inbound.ts";
import { platformError, SlackSender } from "./outbound.ts";

/** What Slack can show (see `Capabilities`). */
export const SLACK_CAPABILITIES: Capabilities = {
  textLimit: TEXT_LIMIT,
  buttons: "inline",
  buttonPayloadLimit: BUTTON_PAYLOAD_LIMIT,
  edits: true,
  toOnePerson: "native",
  files: true,
  threads: true,
  // Modals could ask several answers at once; the core asks one question at a time, which works everywhere (see the closing note of issue 11).
  forms: false,
  commandPrefix: `${COMMAND} `,
};

/** The bot's own identity in its workspace, from `auth.test` and `bots.info` (start.ts). */
export interface SlackIdentity {
  botUserId: string;
  /** The bot user's name in the workspace, as people mention and invite it (`baraza`). */
  name: string;
  botId: string;
  /** The link to the app's messages (its private chat with a person), when Slack said which app the bot is. */
  appLink?: string | undefined;
}

export interface SlackAppOptions {
  token: string;
  identity: SlackIdentity;
  receiver: Receiver;
  /** The Web API client every call goes through (its base URL from SLACK_API_URL). */
  client: webApi.WebClient;
  /** A client that gives up soon, for looking people up while a message waits (directory.ts). */
  lookups: webApi.WebClient;
  baraza: Baraza;
  texts: Texts;
  defaultLocale: string;
  log: Logger;
  /** The least time between two messages to one conversation (outbound.ts); Slack's one a second unless given. */
  paceMs?: number;
}

/** The Slack channel without its transport's start and stop, and the app it runs in. */
export interface SlackApp extends Omit<Channel, "start" | "stop"> {
  app: App;
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { baraza, log, texts, identity } = options;
  const { botUserId } = identity;
  const app = new App({
    token: options.token,
    botId: identity.botId,
    botUserId,
    // auth.test has been called at start (start.ts), which is where a refused token is said.
    tokenVerificationEnabled: false,
    receiver: options.receiver,
    logger: slackLogger(log, "slack-bolt-error"),
    logLevel: LogLevel.ERROR,
  });
  const directory = new SlackDirectory(options.lookups, log);
  const sender = new SlackSender({
    client: options.client,
    ...(options.paceMs === undefined ? {} : { paceMs: options.paceMs }),
    blocks: {
      appLink: identity.appLink,
      replyInThread: (locale) => texts.t(locale ?? options.defaultLocale, "slack:reply-in-thread"),
      // Choices that cannot be buttons are written as a channel without buttons shows them, and answered by typing.
      writeChoices: (message) => present({ buttons: "none", commandPrefix: SLACK_CAPABILITIES.commandPrefix }, message, texts),
    },
  });

  const channel: SlackApp = {
    app,
    platform: PLATFORM,
    capabilities: SLACK_CAPABILITIES,
    async send(message: Outbound, replyingTo?: Inbound) {
      try {
        return await sender.send(message);
      } catch (error) {
        await tellCommandNotInChannel(message, replyingTo, error);
        throw error;
      }
    },
    edit: (ref, message) => sender.edit(ref, message),
    clearChoices: (ref) => sender.clearChoices(ref),
  };

  /**
   * The slash command works in a channel the bot was never invited to, but
   * the bot cannot post there: the person who typed it is told so, through
   * the command's own response URL (seen by them alone), rather than hearing nothing.
   */
  async function tellCommandNotInChannel(message: Outbound, replyingTo: Inbound | undefined, error: unknown): Promise<void> {
    const interaction = replyingTo?.interaction;
    if (message.to.kind !== "chat" || interaction?.kind !== "command" || interaction.responseUrl === undefined) return;
    if (platformError(error instanceof Undeliverable ? error.cause : error) !== "not_in_channel") return;
    const locale = message.locale ?? options.defaultLocale;
    // Laid out as the core's own messages are (present): right to left in Arabic.
    const { text } = present(SLACK_CAPABILITIES, { to: message.to, locale, text: texts.t(locale, "slack:not-in-channel", { invite: `/invite @${identity.name}` }) }, texts);
    await fetch(interaction.responseUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ response_type: "ephemeral", text }) }).catch(
      (failure: unknown) => log.error("slack-response-url-failed", describeError(failure)),
    );
  }

  // Each conversation's and each person's requests are handled one at a time, in the order they came (as Telegram's are).
  const inOrder = sequentialize((inbound: Inbound) => [`chat:${inbound.chat.id}`, `person:${inbound.sender.id}`]);
  const respond = (inbound: Inbound | null) => (inbound ? inOrder(inbound, () => baraza.respond(channel, inbound)) : Promise.resolve());

  app.command(COMMAND, async ({ ack, body }) => {
    await ack();
    const command = commandSchema.safeParse(body);
    if (!command.success) return;
    await respond(fromCommand(command.data, await directory.person(command.data.user_id, command.data.user_name)));
  });

  app.action(/^baraza:/, async ({ ack, body }) => {
    await ack();
    const action = actionSchema.safeParse(body);
    if (!action.success) return;
    const pressed = action.data;
    const inbound = fromAction(pressed, await directory.person(pressed.user.id, pressed.user.name));
    const blocks = pressed.message?.["blocks"];
    if (inbound?.interaction?.kind === "press" && inbound.interaction.messageId && Array.isArray(blocks) && !pressed.container.is_ephemeral) {
      sender.pressed({ platform: PLATFORM, chatId: inbound.chat.id, messageId: inbound.interaction.messageId }, blocks.filter(isBlock));
    }
    await respond(inbound);
  });

  app.event("message", async ({ body }) => {
    const envelope = envelopeSchema.safeParse(body);
    const event = messageEventSchema.safeParse(envelope.data?.event);
    if (!envelope.success || !event.success) return;
    const author = messageAuthor(event.data, botUserId);
    if (author === null) return;
    await respond(fromMessage(envelope.data.event_id, event.data, await directory.person(author), botUserId));
  });

  app.event("app_mention", async ({ body }) => {
    const envelope = envelopeSchema.safeParse(body);
    const event = mentionEventSchema.safeParse(envelope.data?.event);
    if (!envelope.success || !event.success || event.data.user === undefined || event.data.bot_id !== undefined) return;
    await respond(fromMention(envelope.data.event_id, event.data, await directory.person(event.data.user), botUserId));
  });

  const membership = async ({ body }: { body: unknown }) => {
    const envelope = envelopeSchema.safeParse(body);
    const event = membershipEventSchema.safeParse(envelope.data?.event);
    if (!envelope.success || !event.success) return;
    await respond(fromMembership(envelope.data.event_id, event.data, await directory.person(membershipPerson(event.data)), botUserId));
  };
  app.event("member_joined_channel", membership);
  app.event("member_left_channel", membership);

  app.error(async (error) => {
    log.error("slack-request-failed", describeError(error));
    // Thrown on, so that an event Slack has not been answered for yet is answered 500 and sent again.
    throw error;
  });

  return channel;
}

function isBlock(value: unknown): value is Block {
  return typeof value === "object" && value !== null && "type" in value && typeof value.type === "string";
}

/**
 * The Slack libraries' own log lines (Bolt's, the Web API client's, Socket
 * Mode's), kept to what may be logged: never a message or a payload (which
 * hold what people wrote), only that something failed, as `event`, with the
 * error's code where it has one.
 */
export function slackLogger(log: Logger, event: string): BoltLogger {
  let level = LogLevel.ERROR;
  const quiet = () => undefined;
  return {
    debug: quiet,
    info: quiet,
    warn: quiet,
    error: (...messages: unknown[]) => {
      const coded = messages.find((m): m is { code: string } => typeof m === "object" && m !== null && "code" in m && typeof m.code === "string");
      log.error(event, { code: coded?.code ?? "none" });
    },
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: quiet,
  };
}
