import { describe, expect, it } from "vitest";
import { directionOf, isolate, isRightToLeft } from "../../src/exports/direction.ts";

describe("isRightToLeft", () => {
  it("knows Arabic is written right to left, whatever region or separator its tag has", () => {
    expect(isRightToLeft("ar")).toBe(true);
    expect(isRightToLeft("ar-YE")).toBe(true);
    expect(isRightToLeft("AR_sa")).toBe(true);
    expect(directionOf("ar")).toBe("rtl");
  });

  it("knows the other languages Baraza speaks are written left to right", () => {
    for (const locale of ["en", "my", "ne", "sw", "ru", "ky", "tg", "sq", "sr", "bn", "ka", "sr-Latn"]) expect(directionOf(locale)).toBe("ltr");
  });
});

describe("isolate", () => {
  it("wraps a value in first-strong isolate and pop-directional isolate", () => {
    expect(isolate("2026-12-31")).toBe("\u20682026-12-31\u2069");
  });
});
