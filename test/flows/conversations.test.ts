import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allText, GROUP, PLATFORM, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { FACILITATOR, agreeToTakePart, groupAtStep2, groupWithMembers, makeCoordinator, setUpGroup } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe("conversations", () => {
  it("survive a restart in the middle: the next answer goes on where it stopped", async () => {
    await makeCoordinator(h);
    await h.group(FACILITATOR, "/setup");
    await h.group(FACILITATOR, "Ward 4 Safety Group");
    await h.restart();
    const next = await h.group(FACILITATOR, "Hlaingbwe");
    expect(allText(next)).toContain("Which language should the group use?");
    const group = await h.store.groups.find(PLATFORM, GROUP);
    expect(group).toMatchObject({ name: "Ward 4 Safety Group", place: "Hlaingbwe" });
  });

  it("end with cancel, keeping what was already answered", async () => {
    await makeCoordinator(h);
    await h.group(FACILITATOR, "/setup");
    await h.group(FACILITATOR, "Ward 4 Safety Group");
    const cancelled = await h.group(FACILITATOR, "/cancel");
    expect(toGroup(cancelled)).toEqual(["Stopped. Nothing more will be asked. What you had already answered is kept."]);
    expect(await h.group(FACILITATOR, "Hlaingbwe")).toEqual([]);
    expect((await h.store.groups.find(PLATFORM, GROUP))?.name).toBe("Ward 4 Safety Group");
    expect(toGroup(await h.group(FACILITATOR, "/cancel"))).toEqual(["There is nothing to stop."]);
  });

  it("are kept apart per person: one member's answer does not answer another's question", async () => {
    await groupWithMembers(h);
    await h.group(FACILITATOR, "/setup");
    expect(await h.group("aung", "Something else entirely")).toEqual([]);
    const answered = await h.group(FACILITATOR, "New name");
    expect(allText(answered)).toContain("Where does the group meet?");
  });

  it("let a person in several groups choose which group a private command is for", async () => {
    await setUpGroup(h);
    await h.group(FACILITATOR, "/setup", "group-2");
    for (const answer of ["Riverside Group", "Myawaddy", "1", "1", "1", "1", "1", "1", "1"]) await h.group(FACILITATOR, answer, "group-2");
    await agreeToTakePart(h, FACILITATOR);
    const asked = await h.dm(FACILITATOR, "/step");
    expect(toPerson(asked, FACILITATOR)[0]).toContain("You are in several groups. Which group is this for?");
    const answered = await h.dm(FACILITATOR, "2");
    expect(toPerson(answered, FACILITATOR)[0]).toContain("Step 1 of 5: Preparation and conflict analysis");
  });
});

describe("redelivered updates", () => {
  it("are handled once: the same update id changes nothing the second time", async () => {
    await groupAtStep2(h);
    const message = { platform: PLATFORM, updateId: "42", chat: { id: "dm-aung", kind: "private" as const }, sender: { id: "aung", name: "Aung" }, text: "/concern Dark road" };
    const first = await h.baraza.handle(message);
    const again = await h.baraza.handle(message);
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
  });
});

describe("the privacy notice", () => {
  it("comes with a person's first private message only", async () => {
    const first = await h.dm("aung", "/help");
    const second = await h.dm("aung", "/help");
    expect(toPerson(first, "aung")[0]).toContain("not end-to-end encrypted");
    expect(toPerson(second, "aung")[0]).not.toContain("not end-to-end encrypted");
  });

  it("is repeated on purpose by /start, with the language question", async () => {
    await h.dm("aung", "/help");
    const started = await h.dm("aung", "/start");
    expect(toPerson(started, "aung")[0]).toContain("not end-to-end encrypted");
    expect(toPerson(started, "aung")[0]).toContain("Which language should I use with you?");
  });
});

describe("coordinators", () => {
  it("are made by a one-time code sent to /start, and can then invite facilitators", async () => {
    const programme = await h.store.programmes.create("Karen programme");
    const { createInvitation } = await import("../../src/flows/invitations.ts");
    const code = await createInvitation(h.store, { code: () => "ABCDEFGHJK" }, { programmeId: programme.id, role: "coordinator", createdById: null, now: new Date("2026-11-23T00:00:00Z") });
    const welcomed = await h.dm("naw", `/start ${code}`);
    expect(allText(welcomed)).toContain("You are now a coordinator of the programme “Karen programme”.");
    const invited = await h.dm("naw", "/invite");
    expect(allText(invited)).toContain("/setup CODE");
    const again = await h.dm("other", `/start ${code}`);
    expect(allText(again)).toContain("That code did not work.");
  });
});

describe("a failure of ours", () => {
  it("is answered with a short apology, logged without the message's text, and changes nothing", async () => {
    await groupWithMembers(h);
    // A conversation saved by a broken version: its state lacks the question it was asking.
    const person = await h.store.people.identify(PLATFORM, "aung", "Aung");
    await h.store.conversations.save(`${PLATFORM}:dm:${person.id}`, { flow: "concern", state: { step: "text" } }, new Date());
    const replies = await h.dm("aung", "Soldiers at the checkpoint take money");
    expect(toPerson(replies, "aung")).toEqual(["Sorry, something went wrong on my side and I could not do that. Nothing was changed. Please try again in a moment."]);
    expect(h.logged).toHaveLength(1);
    expect(JSON.stringify(h.logged)).not.toContain("Soldiers");
    expect(h.logged[0]).toMatchObject({ event: "message-failed", platform: PLATFORM, chat: "private", error: "ZodError" });
    const group = await h.store.groups.find(PLATFORM, GROUP);
    expect(await h.store.concerns.list(group?.id ?? -1, ["open"])).toEqual([]);
  });

  it("apologises in the person's language in private, and in the group's in the group", async () => {
    await groupWithMembers(h);
    await h.dm("aung", "/lang my");
    const person = await h.store.people.identify(PLATFORM, "aung", "Aung");
    await h.store.conversations.save(`${PLATFORM}:dm:${person.id}`, { flow: "concern", state: { step: "text" } }, new Date());
    expect(toPerson(await h.dm("aung", "Soldiers at the checkpoint take money"), "aung")).toEqual([h.texts.t("my", "errors.sorry")]);
    const group = await h.store.groups.find(PLATFORM, GROUP);
    await h.store.groups.update(group?.id ?? -1, { locale: "my" });
    await h.store.conversations.save(`${PLATFORM}:${GROUP}:${person.id}`, { flow: "concern", state: { step: "text" } }, new Date());
    expect(toGroup(await h.group("aung", "Soldiers at the checkpoint take money"))).toEqual([h.texts.t("my", "errors.sorry")]);
  });
});
