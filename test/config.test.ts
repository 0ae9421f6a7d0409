import { describe, expect, it } from "vitest";
import { readConfig } from "../src/config.ts";

const URL = "https://baraza.example.org/telegram";
const SECRET = "0123456789abcdef-_XYZ";

function problems(env: Record<string, string>): string[] {
  const read = readConfig(env);
  return read.kind === "rejected" ? read.problems : [];
}

describe("the webhook settings", () => {
  it("accepts an https URL with a secret Telegram allows", () => {
    expect(readConfig({ TELEGRAM_WEBHOOK_URL: URL, TELEGRAM_WEBHOOK_SECRET: SECRET }).kind).toBe("accepted");
    expect(readConfig({ TELEGRAM_WEBHOOK_URL: URL, TELEGRAM_WEBHOOK_SECRET: "a".repeat(256) }).kind).toBe("accepted");
  });

  it("refuses a webhook URL that is not https, naming the variable and the form", () => {
    for (const url of ["http://baraza.example.org/telegram", "ftp://baraza.example.org/telegram"]) {
      expect(problems({ TELEGRAM_WEBHOOK_URL: url, TELEGRAM_WEBHOOK_SECRET: SECRET })).toEqual([expect.stringMatching(/^TELEGRAM_WEBHOOK_URL: use the public https URL/)]);
    }
  });

  it("refuses a secret shorter than 16 characters", () => {
    expect(problems({ TELEGRAM_WEBHOOK_URL: URL, TELEGRAM_WEBHOOK_SECRET: "secret-token" })).toEqual([expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET: use 16 to 256 characters/)]);
  });

  it("refuses a secret with characters Telegram does not allow, or longer than 256", () => {
    for (const secret of [`${SECRET}!`, `${SECRET} more`, `${SECRET}é`, "a".repeat(257)]) {
      expect(problems({ TELEGRAM_WEBHOOK_URL: URL, TELEGRAM_WEBHOOK_SECRET: secret }), secret).toEqual([expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET: use 16 to 256 characters, only letters A-Z a-z, digits, _ and -/)]);
    }
  });

  it("still asks for a secret when a webhook URL is set", () => {
    expect(problems({ TELEGRAM_WEBHOOK_URL: URL })).toEqual([expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET: set a secret token/)]);
  });
});
