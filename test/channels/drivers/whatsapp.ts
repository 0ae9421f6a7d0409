/**
 * WhatsApp as the contract suite drives it: the real adapter on the fake
 * client (test/bots/whatsapp/fake-client.ts), fed messages in
 * whatsapp-web.js's shapes, and what people saw read back from what the
 * fake was sent.
 *
 * How people act, as they would on WhatsApp:
 * - in the group they write as their `@lid` id, in private from their phone
 *   id; the fake ties the two together as WhatsApp does;
 * - commands are typed (`/join`), answers as numbers;
 * - the same message delivered again is the same message (its id), as
 *   whatsapp-web.js may emit an unread message again after a restart.
 *
 * The bot is not announced as added to the group, as the Telegram driver
 * announces no bot added: the scenarios start from the first command.
 * WhatsApp lets the bot write to anyone who shares a group with it, so the
 * scenarios about people it cannot reach in private do not apply.
 */
import { GROUP, startWhatsAppTest, type FakeSent } from "../../bots/whatsapp/fake-client.ts";
import type { ChannelDriver, ChannelWorld, Shown } from "../world.ts";

const LOCALE = "en";

export const whatsappDriver: ChannelDriver = {
  name: "whatsapp",
  async open(): Promise<ChannelWorld> {
    const test = await startWhatsAppTest();
    const { harness, client, app } = test;

    return {
      capabilities: app.capabilities,
      store: harness.store,
      t: (key, vars) => harness.texts.t(LOCALE, key, vars),
      async write(name, where, text) {
        const person = client.person(name);
        await test.act(() => client.write(person, text, where === "group" ? GROUP : undefined));
      },
      async redeliver() {
        const again = client.written.at(-1);
        if (again === undefined) throw new Error("Nobody wrote yet");
        await test.act(() => client.emit("message", again));
      },
      wait: (hours) => test.wait(hours),
      seen: (name) => {
        const person = client.person(name);
        return client.sentTo(person.phoneId, person.lid).map(shown);
      },
      seenIn: () => client.sentTo(GROUP).map(shown),
      close: () => test.close(),
    };
  },
};

/** What a person sees of one message: its text (or caption), its numbered lines as choices, its file. */
function shown(sent: FakeSent): Shown {
  return { ref: sent.id, text: sent.text, choices: numberedLines(sent.text), files: sent.media ? [sent.media.filename] : [] };
}

/** The choices a text-only chat offers: its numbered lines ("2. မြန်မာ"), answered by typing the number. */
function numberedLines(text: string): string[] {
  return text.split("\n").flatMap((l) => {
    const match = /^\s*\d+\s*[.):-]\s+(.+)$/.exec(l);
    return match?.[1] ? [match[1]] : [];
  });
}


