import { describe, expect, it } from "vitest";
import { directionOf } from "../../src/exports/direction.ts";

describe("directionOf", () => {
  it("lays an Arabic export out right to left, whatever region or separator its tag has", () => {
    for (const locale of ["ar", "ar-YE", "AR_sa"]) expect(directionOf(locale)).toBe("rtl");
  });

  it("lays out the other languages Baraza speaks left to right", () => {
    for (const locale of ["en", "my", "ne", "sw", "ru", "ky", "tg", "sq", "sr", "bn", "ka", "sr-Latn"]) expect(directionOf(locale)).toBe("ltr");
  });
});
