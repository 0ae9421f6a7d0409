/**
 * Slack as the contract suite drives it: the real app (Bolt and the
 * adapter) fed Slack's own request shapes, talking to the fake Web API, and
 * what people saw rebuilt from the calls the fake answered: messages posted
 * and later updated (or stripped of their buttons), ephemeral messages seen
 * by one person alone, and files shared.
 *
 * How people act, as they would in Slack:
 * - a command (`/join`) is the slash command `/baraza join`, typed in the
 *   channel or in the person's direct message with the bot (Slack takes any
 *   text starting with "/" as a command, so nobody can send it as a message);
 * - anything else typed in the channel is a reply in the thread of the bot's
 *   newest message there (the one asking this person, if one does), the one
 *   place in a channel where the bot reads what is not addressed to it;
 * - anything else typed privately is a message in their direct message;
 * - a press is a `block_actions` request for a button ever drawn under the
 *   message, also after it was taken away (a client showing an old view).
 *
 * The bot is not announced as invited to the channel (no
 * `member_joined_channel`), as the Telegram driver announces no bot added:
 * the scenarios start from the first command.
 *
 * A message's ref is its `ts`, looked up within the person's direct message
 * or the channel, whatever the adapter gave as the chat's id (a DM's id or
 * the person's user id, which Slack takes for their DM).
 */
import { Duration } from "luxon";
import type { FakeSlackApi, SlackCall, SlackUser } from "../../bots/slack/fake-web-api.ts";
import { buttonsOf, CHANNEL, startSlackTest, textOf } from "../../bots/slack/setup.ts";
import type { ChannelDriver, ChannelWorld, ChatKind, Shown } from "../world.ts";

const LOCALE = "en";
/** What Slack answers when the bot writes to someone whose app messages are turned off. */
const REFUSED_DM = "messages_tab_disabled";

export const slackDriver: ChannelDriver = {
  name: "slack",
  async open(): Promise<ChannelWorld> {
    const test = await startSlackTest();
    const { harness, api, slack } = test;
    const people = new Map<string, SlackUser>();
    const personOf = (name: string): SlackUser => {
      const known = people.get(name);
      if (known) return known;
      const user = test.person(name);
      people.set(name, user);
      return user;
    };
    const nameOf = (userId: string) => [...people.entries()].find(([, user]) => user.id === userId)?.[0] ?? userId;
    const chatOf = (user: SlackUser, where: ChatKind) => (where === "group" ? CHANNEL : api.dmOf(user.id));
    const record = () => shownByChannel(api, nameOf);
    /** The people the bot cannot write to in private, by user id. */
    const unreachable = new Set<string>();
    const refuseDirectMessages = (user: SlackUser) => {
      const theirs = (channel: unknown) => channel === user.id || channel === api.dmOf(user.id);
      api.refuse("conversations.open", REFUSED_DM, (payload) => payload["users"] === user.id);
      for (const method of ["chat.postMessage", "chat.postEphemeral"]) api.refuse(method, REFUSED_DM, (payload) => theirs(payload["channel"]));
      api.refuse("files.completeUploadExternal", REFUSED_DM, (payload) => theirs(payload["channel_id"]));
    };

    return {
      capabilities: slack.capabilities,
      store: harness.store,
      t: (key, vars) => harness.texts.t(LOCALE, key, vars),
      async write(name, where, text) {
        const user = personOf(name);
        if (text.startsWith("/")) await test.command(user, chatOf(user, where), text.slice(1));
        else if (where === "private") await test.dm(user, text);
        else await test.threadReply(user, CHANNEL, threadToAnswer(api, user), text);
      },
      async press(name, where, ref, label) {
        const user = personOf(name);
        await test.press(user, chatOf(user, where), label, ref);
      },
      // Slack retries an event it got no answer to in time (X-Slack-Retry-Num); the same request again,
      // whatever it was, also holds a slash command or a press to being handled once, by its trigger id.
      redeliver: () => test.redeliver(),
      unreachable(name) {
        const user = personOf(name);
        if (unreachable.has(user.id)) return;
        unreachable.add(user.id);
        refuseDirectMessages(user);
      },
      reachable(name) {
        // The fake forgets every refusal at once; the others are refused again.
        unreachable.delete(personOf(name).id);
        api.forgive();
        for (const user of people.values()) if (unreachable.has(user.id)) refuseDirectMessages(user);
      },
      async wait(hours) {
        harness.clock.advance(Duration.fromObject({ hours }));
        await harness.baraza.deliverDue((outbound) => slack.send(outbound));
      },
      seen: (name) => (record().get(api.dmOf(personOf(name).id)) ?? []).filter((s) => s.onlyTo === undefined || s.onlyTo === name),
      seenIn(_group, name) {
        const shown = record().get(CHANNEL) ?? [];
        return shown.filter((s) => s.onlyTo === undefined || (name !== undefined && s.onlyTo === name));
      },
      close: () => test.close(),
    };
  },
};

/**
 * The thread a person's typed answer in the channel goes in: that of the
 * newest question there for them (one naming them, asking for a typed
 * answer, or one with buttons, which may be answered by typing too), else
 * of the bot's newest message. A thread is named by its first message.
 */
function threadToAnswer(api: FakeSlackApi, user: SlackUser): string {
  const messages = api.messages(CHANNEL).reverse();
  const question = messages.find((m) => buttonsOf(m.blocks).length > 0 || namesIn(m.blocks).includes(user.id)) ?? messages[0];
  if (!question) throw new Error(`Nothing in ${CHANNEL} to answer in a thread`);
  return question.thread_ts ?? question.ts;
}

/** The people a message's context lines mention (`<@U…>`): whom a question in a channel is for. */
function namesIn(blocks: unknown[]): string[] {
  const contexts = blocks.filter((b) => typeof b === "object" && b !== null && "type" in b && b.type === "context");
  return [...JSON.stringify(contexts).matchAll(/<@([A-Z0-9]+)>/g)].map((m) => m[1] ?? "");
}

/**
 * What each conversation shows now, by channel id (a person's DM by its D
 * id), oldest first, from the calls the fake answered: messages as updated,
 * deletions, ephemeral messages (shown to one person, named), files shared.
 */
function shownByChannel(api: FakeSlackApi, nameOf: (userId: string) => string): Map<string, Shown[]> {
  const channels = new Map<string, Shown[]>();
  const resolve = (channel: unknown) => (typeof channel === "string" && /^[UW]/.test(channel) ? api.dmOf(channel) : String(channel));
  const inChannel = (channel: string) => channels.get(channel) ?? channels.set(channel, []).get(channel) ?? [];
  for (const call of api.calls) {
    if (!call.ok) continue;
    switch (call.method) {
      case "chat.postMessage":
        inChannel(resolve(call.response["channel"])).push({ ref: String(call.response["ts"]), ...look(call), files: [] });
        break;
      case "chat.update": {
        const shown = inChannel(resolve(call.response["channel"])).find((s) => s.ref === String(call.payload["ts"]));
        if (shown && call.payload["blocks"] !== undefined) Object.assign(shown, look(call));
        break;
      }
      case "chat.delete": {
        const shown = inChannel(resolve(call.response["channel"]));
        const at = shown.findIndex((s) => s.ref === String(call.payload["ts"]));
        if (at >= 0) shown.splice(at, 1);
        break;
      }
      case "chat.postEphemeral":
        inChannel(resolve(call.payload["channel"])).push({ ref: `ephemeral:${String(call.response["message_ts"])}`, ...look(call), onlyTo: nameOf(String(call.payload["user"])), files: [] });
        break;
      case "files.completeUploadExternal": {
        if (call.payload["channel_id"] === undefined) break;
        const files = Array.isArray(call.response["files"]) ? call.response["files"] : [];
        const names = files.map((f: unknown) => (typeof f === "object" && f !== null && "name" in f ? String(f.name) : ""));
        const ids = files.map((f: unknown) => (typeof f === "object" && f !== null && "id" in f ? String(f.id) : "")).join(",");
        const comment = call.payload["initial_comment"];
        inChannel(resolve(call.payload["channel_id"])).push({ ref: `files:${ids}`, text: typeof comment === "string" ? comment : "", choices: [], files: names });
        break;
      }
    }
  }
  return channels;
}

/** What a posted or updated message shows: its sections' text, and the labels of the buttons a press answers (links are not choices). */
function look(call: SlackCall): { text: string; choices: string[] } {
  const blocks = Array.isArray(call.payload["blocks"]) ? call.payload["blocks"] : [];
  return { text: textOf(blocks), choices: buttonsOf(blocks).map((b) => b.text) };
}
