import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allText, GROUP, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { FACILITATOR, joinMembers, makeCoordinator } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

/** Sets the group up in Burmese, answering with Burmese digits. */
async function burmeseGroup(): Promise<void> {
  await makeCoordinator(h);
  await h.group(FACILITATOR, "/setup");
  for (const answer of ["ရပ်ကွက် ၄ လုံခြုံရေးအဖွဲ့", "လှိုင်းဘွဲ့", "၂", "၁", "၁", "၁", "၁", "၁", "၁"]) await h.group(FACILITATOR, answer);
}

describe("languages", () => {
  it("sets a group up in Burmese, answered with Burmese digits, and then speaks Burmese in the group", async () => {
    await burmeseGroup();
    const group = await h.store.groups.find("test", GROUP);
    expect(group).toMatchObject({ locale: "my", timeZone: "Asia/Yangon", name: "ရပ်ကွက် ၄ လုံခြုံရေးအဖွဲ့" });
    expect(toGroup(h.sent).at(-1)).toContain("✅ အဖွဲ့ကို ပြင်ဆင်သတ်မှတ်ပြီးပါပြီ။");
    const refused = await h.group("aung", "/next");
    expect(toGroup(refused)).toEqual(["ဒါကို အဖွဲ့ရဲ့ လမ်းညွှန်ဆောင်ရွက်သူပဲ လုပ်နိုင်ပါတယ်။"]);
  });

  it("writes to each person privately in their own language, and to the group in the group's", async () => {
    await burmeseGroup();
    await h.dm("aung", "/lang en");
    const joined = await h.group("aung", "/join");
    expect(toGroup(joined)[0]).toContain("သင့်ဆီ သီးသန့်ချက်ထဲမှာ စာရေးထားပါတယ်");
    expect(toPerson(joined, "aung")[0]).toContain("Do you agree to take part?");
  });

  it("uses the group's language in private until the person chooses their own", async () => {
    await burmeseGroup();
    await joinMembers(h, ["thida"]);
    const help = await h.dm("thida", "/help");
    expect(toPerson(help, "thida")[0]).toContain("ကျွန်ုပ်ရဲ့ ညွှန်ကြားချက် (command) တွေက ဒါတွေပါ");
    const chosen = await h.dm("thida", "/lang");
    expect(allText(chosen)).toContain("1. English\n2. မြန်မာ");
    const english = await h.dm("thida", "1");
    expect(toPerson(english, "thida")).toEqual(["From now on I will write to you in English."]);
  });

  it("explains an unknown language and offers the list", async () => {
    const replies = await h.dm("aung", "/lang klingon");
    expect(allText(replies)).toContain("I don't know the language “klingon”.");
    expect(allText(replies)).toContain("2. မြန်မာ");
    expect((await h.store.people.identify("test", "aung", "Aung")).locale).toBeNull();
  });
});
