/**
 * Every kind of bad input gets a short, specific reply, and nothing already
 * stored is lost or changed.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allText, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { closeVoteNow, groupAtStep2, groupWithMembers, openVoteOnConcerns, setUpGroup } from "../support/scenario.ts";
import { snapshot } from "../support/snapshot.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

/** Runs `act` and checks the store is exactly as before. */
async function unchanged(act: () => Promise<unknown>): Promise<void> {
  const before = await snapshot(h.db);
  await act();
  expect(await snapshot(h.db)).toEqual(before);
}

async function openVoteWithConcerns(): Promise<void> {
  await openVoteOnConcerns(h);
}

describe("bad input", () => {
  it("empty text: asks again and stores nothing", async () => {
    await groupAtStep2(h);
    await h.dm("aung", "/concern named");
    let replies: Awaited<ReturnType<Harness["dm"]>> = [];
    await unchanged(async () => {
      replies = await h.dm("aung", "   ");
    });
    expect(toPerson(replies, "aung")[0]).toContain("That was empty. Please write your answer.");
    expect(toPerson(replies, "aung")[0]).toContain("What makes you or others feel unsafe?");
  });

  it("overlong text: keeps the first 500 characters and says so", async () => {
    await groupAtStep2(h);
    const long = "ထ".repeat(700);
    const saved = await h.dm("aung", `/concern ${long}`);
    expect(toPerson(saved, "aung")[0]).toContain("Your text was longer than 500 characters, so I kept the first 500.");
    const group = await h.store.groups.find("test", "group-1");
    const [concern] = await h.store.concerns.list(group?.id ?? -1, ["open"]);
    expect(concern?.text).toBe("ထ".repeat(500));
  });

  it("the wrong number of vote points: says how many, and the earlier ballot stands", async () => {
    await openVoteWithConcerns();
    await h.dm("aung", "/vote 1 1 2");
    let replies: Awaited<ReturnType<Harness["dm"]>> = [];
    await unchanged(async () => {
      replies = await h.dm("aung", "/vote 1 2 3 3");
    });
    expect(allText(replies)).toContain("You have 3 points, but you gave 4 numbers.");
    expect(allText(replies)).toContain("Which concerns matter most?");
  });

  it("a vote for an option that does not exist is refused", async () => {
    await openVoteWithConcerns();
    let replies: Awaited<ReturnType<Harness["dm"]>> = [];
    await unchanged(async () => {
      replies = await h.dm("aung", "/vote 1 1 9");
    });
    expect(allText(replies)).toContain("There is no option 9. The options go from 1 to 3.");
  });

  it("a vote after the vote closed is not counted", async () => {
    await openVoteWithConcerns();
    await h.dm("aung", "/vote");
    await closeVoteNow(h);
    let replies: Awaited<ReturnType<Harness["dm"]>> = [];
    await unchanged(async () => {
      replies = await h.dm("aung", "1 1 2");
    });
    expect(allText(replies)).toContain("This vote has closed. Your vote was not counted.");
  });

  it("a command the person's role may not use is refused", async () => {
    await openVoteWithConcerns();
    let replies: Awaited<ReturnType<Harness["group"]>> = [];
    await unchanged(async () => {
      replies = await h.group("aung", "/closevote");
    });
    expect(toGroup(replies)).toEqual(["Only the group's facilitator can do that."]);
  });

  it("a command in the wrong step is refused, naming the step", async () => {
    await groupWithMembers(h);
    let replies: Awaited<ReturnType<Harness["dm"]>> = [];
    await unchanged(async () => {
      replies = await h.dm("aung", "/plan");
    });
    expect(allText(replies)).toContain("That belongs to another step of the cycle (Action planning). The group is now at: Preparation and conflict analysis.");
  });

  it("an unknown command is named and help is offered", async () => {
    await setUpGroup(h);
    let replies: Awaited<ReturnType<Harness["group"]>> = [];
    await unchanged(async () => {
      replies = await h.group("aung", "/fly away");
    });
    expect(toGroup(replies)).toEqual(["I don't know the command “fly”. Send /help to see the commands.\nWhat you wrote with it was not kept."]);
  });

  it("a person who has not joined cannot raise a concern or vote", async () => {
    await openVoteWithConcerns();
    let concern: Awaited<ReturnType<Harness["group"]>> = [];
    let ballot: Awaited<ReturnType<Harness["dm"]>> = [];
    await unchanged(async () => {
      concern = await h.group("stranger", "/concern Someone steals goats");
      ballot = await h.dm("stranger", "/vote 1 1 1");
    });
    expect(toGroup(concern)).toEqual(["Only members of this group can do that. To become a member, send /join in the group.\nWhat you wrote with it was not kept."]);
    expect(allText(ballot)).toContain("You are not a member of any group yet.");
  });

  it("a ballot typed in the group is not counted: the ballot goes to the private chat instead", async () => {
    await openVoteWithConcerns();
    const replies = await h.group("aung", "/vote 1 1 2");
    expect(toGroup(replies)).toEqual([
      "Votes are not taken in the group, so what you wrote here was not counted. I have sent you the ballot in our private chat: vote there, where no one sees your choice.",
    ]);
    expect(toPerson(replies, "aung")[0]).toContain("Which concerns matter most?");
    expect(await h.db.ballot.count()).toBe(0);
  });

  it("a number that is not one of the choices asks the same question again", async () => {
    await setUpGroup(h);
    await h.group("aung", "/join");
    let replies: Awaited<ReturnType<Harness["dm"]>> = [];
    await unchanged(async () => {
      replies = await h.dm("aung", "5");
    });
    expect(toPerson(replies, "aung")[0]).toContain("That is not one of the choices. Please answer with a number from 1 to 2.");
    expect(toPerson(replies, "aung")[0]).toContain("Do you agree to take part?");
  });
});
