import { describe, expect, it } from "vitest";
import { toUnicode } from "../../src/flows/zawgyi.ts";

describe("Burmese typed in Zawgyi", () => {
  it("is stored as Unicode", () => {
    expect(toUnicode("ျမန္မာစာ")).toBe("မြန်မာစာ");
  });

  it("leaves Unicode Burmese and other scripts as they are", () => {
    expect(toUnicode("မြန်မာစာ")).toBe("မြန်မာစာ");
    expect(toUnicode("Dark road near the market")).toBe("Dark road near the market");
    expect(toUnicode("/vote 1 1 3")).toBe("/vote 1 1 3");
  });

  it("leaves the text of every other language shipped as it is, alone or beside Burmese digits", () => {
    const others = ["बजार नजिक रातमा चोरी ३", "سرقة الدراجات قرب السوق ٣", "Barabara haina taa", "Кража ночью у рынка", "Дуздӣ дар бозор", "Vjedhje natën", "Крађа ноћу", "বাজারের কাছে চুরি ৩", "ქურდობა ბაზართან", "ничего ၃"];
    for (const text of others) expect(toUnicode(text)).toBe(text);
  });
});
