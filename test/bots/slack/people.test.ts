/**
 * People on Slack: the language their Slack is set to is theirs on first
 * contact (where Baraza ships it), until they choose another; `mydata`
 * shows what is kept of their Slack account; `forgetme` and the retention
 * sweep leave nothing that names them, where their questions were sent included.
 */
import { Duration } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PLATFORM } from "../../../src/bots/slack/inbound.ts";
import { expireOldData } from "../../../src/flows/privacy.ts";
import type { SlackUser } from "./fake-web-api.ts";
import { buttonsOf, CHANNEL, startSlackTest, textOf, type SlackTest } from "./setup.ts";

let t: SlackTest;
beforeEach(async () => {
  t = await startSlackTest();
});
afterEach(() => t.close());

const NOTICE_EN = "🔒 Before we start: this chat with me is not end-to-end encrypted.";

/** The start of a text as Baraza says it in `locale`, to find it among what a person was sent. */
function said(locale: string, key: string): string {
  return t.harness.texts.t(locale, key).slice(0, 30);
}

/** The places of sent questions the store keeps, as Slack chat ids. */
async function questionPlaces(): Promise<string[]> {
  return (await t.harness.db.sentQuestion.findMany({ where: { platform: PLATFORM } })).map((row) => row.chatId);
}

/** The question token a button under the newest message with buttons in `channel` carries. */
function tokenIn(channel: string): string {
  const withButtons = t.api.messages(channel).filter((m) => buttonsOf(m.blocks).length > 0).at(-1);
  return /^q:([^:]*):/.exec(buttonsOf(withButtons?.blocks ?? [])[0]?.value ?? "")?.[1] ?? "";
}

describe("Slack: a person's language", () => {
  it("takes their Slack language on first contact: my-MM is Burmese", async () => {
    const thida = t.person("thida", "my-MM");

    await t.dm(thida, "hello");

    expect(t.texts(t.api.dmOf(thida.id)).join("\n")).toContain(said("my", "privacy.notice"));
    expect(said("my", "privacy.notice")).not.toBe(said("en", "privacy.notice"));
    expect((await t.harness.store.people.find(PLATFORM, thida.id))?.locale).toBe("my");
  });

  it("keeps the default for a language Baraza does not ship: fr-FR is English", async () => {
    const marie = t.person("marie", "fr-FR");

    await t.dm(marie, "hello");

    expect(t.texts(t.api.dmOf(marie.id)).join("\n")).toContain(NOTICE_EN);
    expect((await t.harness.store.people.find(PLATFORM, marie.id))?.locale ?? "en").toBe("en");
  });

  it("keeps the language they chose with `lang`, whatever their Slack says afterwards", async () => {
    const aung = t.person("aung", "en-US");
    const dm = t.api.dmOf(aung.id);
    await t.dm(aung, "hello");
    expect((await t.harness.store.people.find(PLATFORM, aung.id))?.locale ?? "en").toBe("en");

    await t.command(aung, dm, "lang my");
    expect((await t.harness.store.people.find(PLATFORM, aung.id))?.locale).toBe("my");

    // Their Slack still says en-US with every message; Burmese stays theirs.
    await t.command(aung, dm, "help");
    expect((await t.harness.store.people.find(PLATFORM, aung.id))?.locale).toBe("my");
    expect(t.texts(dm).at(-1)).toBe(textOf(t.api.messages(dm).at(-1)?.blocks ?? []));
    expect(t.texts(dm).at(-1)).toContain(said("my", "help.intro").slice(0, 10));
  });

  it("answers a Burmese-speaking person in a channel in the group's language, not theirs", async () => {
    const thida = t.person("thida", "my-MM");

    await t.command(thida, CHANNEL, "help");

    expect(t.texts(CHANNEL).join("\n")).toContain("/baraza join");
    expect((await t.harness.store.people.find(PLATFORM, thida.id))?.locale).toBe("my");
  });
});

describe("Slack: who a person is", () => {
  it("answers a person Slack cannot describe (users.info refused), under the name the command gave, and logs no one", async () => {
    const amina = t.person("amina", "my-MM");
    t.api.refuse("users.info", "missing_scope");

    await t.command(amina, t.api.dmOf(amina.id), "help");

    expect(t.texts(t.api.dmOf(amina.id)).join("\n")).toContain(NOTICE_EN);
    expect((await t.harness.store.people.find(PLATFORM, amina.id))?.displayName).toBe("amina");
    expect(t.logged.map((entry) => entry["event"])).toContain("slack-user-unknown");
    expect(JSON.stringify(t.logged)).not.toMatch(/amina/i);
  });
});

describe("Slack: a person's data", () => {
  it("shows their Slack account in `mydata`: the name Slack gives and their Slack id", async () => {
    const amina = t.person("amina", "my-MM");
    await t.command(amina, t.api.dmOf(amina.id), "lang en");

    await t.command(amina, t.api.dmOf(amina.id), "mydata");

    const shown = t.texts(t.api.dmOf(amina.id)).join("\n");
    expect(shown).toContain(t.harness.texts.t("en", "privacy:mydata.profile.name", { name: "Amina" }));
    expect(shown).toContain(t.harness.texts.t("en", "privacy:mydata.profile.account", { platform: PLATFORM, id: amina.id }));
    expect(shown).toContain(t.harness.texts.t("en", "privacy:mydata.profile.language", { language: t.harness.texts.t("en", "language.name") }));
    expect(t.texts(CHANNEL)).toEqual([]);
  });

  it("keeps where a question was sent in a DM under the person's Slack id, never the DM's", async () => {
    const amina = t.person("amina");

    await t.command(amina, t.api.dmOf(amina.id), "lang");

    expect(tokenIn(t.api.dmOf(amina.id))).not.toBe("");
    expect(await questionPlaces()).toEqual([amina.id]);
  });

  it("forgets their Slack id and where their questions were sent with `forgetme`", async () => {
    const amina = t.person("amina");
    const ram = t.person("ram");
    const dm = t.api.dmOf(amina.id);
    // A question left waiting in each DM: Amina's goes with her, Ram's stays.
    await t.command(ram, t.api.dmOf(ram.id), "lang");
    await t.command(amina, dm, "lang");
    await t.command(amina, dm, "forgetme");
    expect(new Set(await questionPlaces())).toEqual(new Set([amina.id, ram.id]));

    await t.press(amina, dm, "Yes, forget me");

    expect(t.texts(dm).at(-1)).toContain("I have forgotten you");
    expect(await t.harness.store.people.find(PLATFORM, amina.id)).toBeNull();
    expect(await questionPlaces()).toEqual([ram.id]);
    const everything = JSON.stringify(await t.harness.db.sentQuestion.findMany());
    expect(everything).not.toContain(amina.id);
    expect(everything).not.toContain(dm);
  });

  it("lets the retention sweep remove where questions were sent, after a week", async () => {
    const amina: SlackUser = t.person("amina");
    await t.command(amina, t.api.dmOf(amina.id), "lang");
    expect(await questionPlaces()).toEqual([amina.id]);

    t.harness.clock.advance(Duration.fromObject({ days: 6 }));
    await expireOldData(t.harness.store, t.harness.clock.now(), 365);
    expect(await questionPlaces()).toEqual([amina.id]);

    t.harness.clock.advance(Duration.fromObject({ days: 3 }));
    await expireOldData(t.harness.store, t.harness.clock.now(), 365);
    expect(await questionPlaces()).toEqual([]);
  });
});
