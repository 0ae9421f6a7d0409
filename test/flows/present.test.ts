/**
 * What a person sees of a message on each kind of channel: commands in that
 * channel's form, choices as buttons where there are buttons and as a
 * numbered list with a hint in the message's language where there are none.
 */
import { afterEach, describe, expect, it } from "vitest";
import { commandMarker, renderCommands } from "../../src/flows/commands.ts";
import type { Outbound } from "../../src/flows/messages.ts";
import { present } from "../../src/flows/present.ts";
import { loadTexts, LOCALES_DIR } from "../../src/i18n.ts";
import { startHarness, visible, type Harness } from "../support/harness.ts";

const texts = loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en", strict: true });
const TERMINAL = { buttons: "none", commandPrefix: "/" } as const;
const TELEGRAM = { buttons: "inline", commandPrefix: "/" } as const;
const SLACK = { buttons: "inline", commandPrefix: "/baraza " } as const;
const SLACK_TEXT_ONLY = { buttons: "none", commandPrefix: "/baraza " } as const;

const to = { kind: "person", platform: "test", userId: "aung" } as const;

const question: Outbound = {
  to,
  text: "Do you agree to take part?",
  choices: [
    { number: 1, label: "Yes, I agree" },
    { number: 2, label: "No" },
  ],
  question: "q1",
};

describe("present", () => {
  it("lists a question's choices after its text, with how to answer, on a channel without buttons", () => {
    expect(present(TERMINAL, question, texts).text).toBe("Do you agree to take part?\n1. Yes, I agree\n2. No\nAnswer with a number.");
  });

  it("leaves the text as written on a channel with buttons, which shows the choices as buttons", () => {
    const shown = present(TELEGRAM, question, texts);
    expect(shown.text).toBe("Do you agree to take part?");
    expect(shown.choices).toEqual(question.choices);
    expect(shown.question).toBe("q1");
  });

  it("says how to answer in the message's language", () => {
    const shown = present(TERMINAL, { ...question, text: "ပါဝင်ဖို့ သဘောတူပါသလား။", locale: "my" } as Outbound, texts);
    expect(shown.text).toContain("1. Yes, I agree");
    expect(shown.text.split("\n").at(-1)).toBe("နံပါတ်တစ်ခုနဲ့ ဖြေပါ။");
    expect(shown.text).not.toContain("Answer with a number");
  });

  it("shows a choice standing for a command as the command typed on that channel", () => {
    const announcement: Outbound = { to, text: "🗳️ A vote is open.", choices: [{ number: 1, label: "🗳️ Vote in private", answer: "/vote" }] };
    expect(present(TERMINAL, announcement, texts).text).toBe("🗳️ A vote is open.\n🗳️ Vote in private: /vote");
    expect(present(SLACK_TEXT_ONLY, announcement, texts).text).toBe("🗳️ A vote is open.\n🗳️ Vote in private: /baraza vote");
    const named: Outbound = { to, text: "How to raise a concern.", choices: [{ number: 1, label: "Raise it with my name", answer: "/concern named" }] };
    expect(present(SLACK_TEXT_ONLY, named, texts).text).toBe("How to raise a concern.\nRaise it with my name: /baraza concern named");
  });

  it("leaves out buttons whose answers the question says how to type (a ballot's + and −), and adds no hint for them", () => {
    const ballot: Outbound = {
      to,
      text: "Which concerns matter most?\n\n1. #1 Lights\n2. #2 Path\n\n+2 gives a point to concern 2.",
      choices: [
        { number: 1, label: "➕ 1. #1 Lights", answer: "+1" },
        { number: 2, label: "➕ 2. #2 Path", answer: "+2" },
      ],
    };
    expect(present(TERMINAL, ballot, texts).text).toBe(ballot.text);
  });

  it("lists choices that may be given together without the hint to answer with one number", () => {
    const describe: Outbound = { to, text: "Answer with all the numbers that fit you (for example: 1 4), or 0 to skip.", choices: [{ number: 1, label: "Woman", several: true }, { number: 2, label: "Youth", several: true }] };
    expect(present(TERMINAL, describe, texts).text).toBe("Answer with all the numbers that fit you (for example: 1 4), or 0 to skip.\n1. Woman\n2. Youth");
  });

  it("writes commands in the channel's form in the text, the fallback and the labels", () => {
    const message: Outbound = {
      to,
      text: `Send ${commandMarker("vote")} there, or ${commandMarker("help")} vote.`,
      fallback: `Send ${commandMarker("export")} 1.`,
      choices: [{ number: 1, label: `Try ${commandMarker("step")}` }],
    };
    const telegram = present(TELEGRAM, message, texts);
    expect(telegram.text).toBe("Send /vote there, or /help vote.");
    expect(telegram.fallback).toBe("Send /export 1.");
    expect(telegram.choices?.[0]?.label).toBe("Try /step");
    const slack = present(SLACK, message, texts);
    expect(slack.text).toBe("Send /baraza vote there, or /baraza help vote.");
    expect(slack.fallback).toBe("Send /baraza export 1.");
  });

  it("gives a message without choices or commands back as it was", () => {
    const plain: Outbound = { to, text: "Thank you." };
    expect(present(TERMINAL, plain, texts)).toEqual(plain);
  });
});

describe("commands in texts", () => {
  it("are markers that every channel writes its own way", () => {
    const text = texts.t("en", "errors.not-joined");
    expect(text).not.toContain("/join");
    expect(renderCommands(text, (name) => `/${name}`)).toBe("Only members of this group can do that. To become a member, send /join in the group.");
    expect(renderCommands(text, (name) => `/baraza ${name}`)).toBe("Only members of this group can do that. To become a member, send /baraza join in the group.");
  });

  describe("and what people write", () => {
    let h: Harness | undefined;
    afterEach(() => h?.close());

    it("cannot make the bot show a command: a marker in a name arrives as plain words", async () => {
      h = await startHarness();
      const replies = await h.baraza.handle({
        platform: "test",
        chat: { id: "group-1", kind: "group" },
        sender: { id: "mallory", name: `${commandMarker("closevote")} Mallory` },
        text: `/help ${commandMarker("closevote")}x`,
      });
      const shown = replies.map((reply) => visible(present(SLACK_TEXT_ONLY, reply, texts).text)).join("\n");
      expect(shown).not.toContain("\u2063");
      expect(shown).toContain("There is no command “closevotex”");
      expect(shown).not.toContain("/baraza closevote");
      const person = await h.store.people.find("test", "mallory");
      expect(person?.displayName).toBe("closevote Mallory");
    });
  });
});
