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

describe("the Slack settings", () => {
  const BOT = "xoxb-1111-2222-abcdefghijkl";
  const APP = "xapp-1-A0001-3333-abcdef";
  const SIGNING = "8f742231b10e8888abcd99yyyzzz85a5";

  it("accepts a bot token with a signing secret (HTTP), or with an app-level token (Socket Mode)", () => {
    expect(readConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING }).kind).toBe("accepted");
    expect(readConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP }).kind).toBe("accepted");
    expect(readConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_API_URL: "http://127.0.0.1:9999/api/" }).kind).toBe("accepted");
  });

  it("refuses a bot token that is not xoxb-, saying where the right one is, without echoing it", () => {
    for (const token of ["xoxp-1111-user-token", "xapp-1-A0001-3333-abcdef", "1234:telegram-like"]) {
      const found = problems({ SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: SIGNING });
      expect(found, token).toEqual(["SLACK_BOT_TOKEN: use the app's Bot User OAuth Token, which starts with xoxb- (OAuth & Permissions in the app's settings)"]);
      expect(found.join("\n")).not.toContain(token);
    }
  });

  it("refuses an app-level token that is not xapp-, without echoing it", () => {
    const found = problems({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: "xoxb-wrong-kind-of-token" });
    expect(found).toEqual([expect.stringMatching(/^SLACK_APP_TOKEN: use an app-level token with the connections:write scope, which starts with xapp-/)]);
    expect(found.join("\n")).not.toContain("xoxb-wrong-kind-of-token");
  });

  it("asks for the signing secret or an app-level token when only the bot token is set", () => {
    expect(problems({ SLACK_BOT_TOKEN: BOT })).toEqual([
      "SLACK_SIGNING_SECRET: set the app's Signing Secret (Basic Information, App Credentials) when SLACK_BOT_TOKEN is set, or set SLACK_APP_TOKEN for Socket Mode",
    ]);
  });

  it("asks for the bot token when only the signing secret or the app-level token is set, without echoing either", () => {
    const alone: Record<string, string>[] = [{ SLACK_SIGNING_SECRET: SIGNING }, { SLACK_APP_TOKEN: APP }];
    for (const env of alone) {
      const found = problems(env);
      expect(found).toEqual(["SLACK_BOT_TOKEN: set the app's Bot User OAuth Token (xoxb-…) too: without it Slack is not started"]);
      expect(found.join("\n")).not.toContain(SIGNING);
      expect(found.join("\n")).not.toContain(APP);
    }
  });

  it("refuses a SLACK_API_URL or TELEGRAM_API_ROOT that is not an http(s) URL", () => {
    const slack = "SLACK_API_URL: use an http(s) URL such as http://127.0.0.1:3001/api/";
    expect(problems({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, SLACK_API_URL: "slack.example" })).toEqual([slack]);
    expect(problems({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, SLACK_API_URL: "ftp://127.0.0.1/api/" })).toEqual([slack]);
    expect(problems({ TELEGRAM_API_ROOT: "file:///etc/passwd" })).toEqual(["TELEGRAM_API_ROOT: use an http(s) URL such as http://127.0.0.1:8081"]);
  });

  it("counts Slack variables set to nothing as not set", () => {
    expect(readConfig({ SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: " ", SLACK_APP_TOKEN: "" }).kind).toBe("accepted");
  });
});

describe("the WhatsApp settings", () => {
  function accepted(env: Record<string, string>) {
    const read = readConfig(env);
    if (read.kind === "rejected") throw new Error(read.problems.join("; "));
    return read.config;
  }

  it("leaves WhatsApp off unless asked, with the session under data/, Debian's Chromium and a conservative pace", () => {
    const config = accepted({});
    expect(config.WHATSAPP_ENABLED).toBe(false);
    expect(config.WHATSAPP_SESSION_DIR).toBe("data/whatsapp");
    expect(config.CHROMIUM_PATH).toBe("/usr/bin/chromium");
    expect(config.WHATSAPP_PAIRING_NUMBER).toBeUndefined();
    expect(config.WHATSAPP_MIN_GAP_MS).toBe(3000);
    expect(config.WHATSAPP_MAX_PER_MINUTE).toBe(20);
    expect(config.WHATSAPP_PAUSED).toBe(false);
  });

  it("takes true and false in the forms people write them", () => {
    for (const on of ["true", "TRUE", "1", "yes", " True "]) expect(accepted({ WHATSAPP_ENABLED: on, WHATSAPP_PAUSED: on }), on).toMatchObject({ WHATSAPP_ENABLED: true, WHATSAPP_PAUSED: true });
    for (const off of ["false", "0", "no", ""]) expect(accepted({ WHATSAPP_ENABLED: off }).WHATSAPP_ENABLED, off).toBe(false);
    expect(problems({ WHATSAPP_ENABLED: "on" })).toEqual(["WHATSAPP_ENABLED: use true or false"]);
    expect(problems({ WHATSAPP_PAUSED: "maybe" })).toEqual(["WHATSAPP_PAUSED: use true or false"]);
  });

  it("takes the session folder and Chromium's path as given", () => {
    const config = accepted({ WHATSAPP_SESSION_DIR: "/var/lib/baraza/whatsapp", CHROMIUM_PATH: "/snap/bin/chromium" });
    expect(config.WHATSAPP_SESSION_DIR).toBe("/var/lib/baraza/whatsapp");
    expect(config.CHROMIUM_PATH).toBe("/snap/bin/chromium");
  });

  it("keeps only the digits of a pairing number written with +, spaces or dashes", () => {
    expect(accepted({ WHATSAPP_PAIRING_NUMBER: "+95 9-123 456 789" }).WHATSAPP_PAIRING_NUMBER).toBe("959123456789");
    expect(accepted({ WHATSAPP_PAIRING_NUMBER: "12025550108" }).WHATSAPP_PAIRING_NUMBER).toBe("12025550108");
  });

  it("refuses a pairing number that is not in international form, without echoing it", () => {
    for (const number of ["09123456789", "+95 9 abc 456", "12345", "+1 202 555 0108 99999"]) {
      const found = problems({ WHATSAPP_PAIRING_NUMBER: number });
      expect(found, number).toEqual([expect.stringMatching(/^WHATSAPP_PAIRING_NUMBER: use the linked phone's number in international form, country code first/)]);
      expect(found.join("\n")).not.toContain(number.trim());
    }
  });

  it("takes a slower pace, and refuses one faster than a second a chat or above 60 a minute", () => {
    expect(accepted({ WHATSAPP_MIN_GAP_MS: "5000", WHATSAPP_MAX_PER_MINUTE: "10" })).toMatchObject({ WHATSAPP_MIN_GAP_MS: 5000, WHATSAPP_MAX_PER_MINUTE: 10 });
    expect(problems({ WHATSAPP_MIN_GAP_MS: "200" })).toEqual([expect.stringMatching(/^WHATSAPP_MIN_GAP_MS: use a whole number of milliseconds, at least 1000/)]);
    expect(problems({ WHATSAPP_MIN_GAP_MS: "3s" })).toEqual([expect.stringMatching(/^WHATSAPP_MIN_GAP_MS: use a whole number of milliseconds/)]);
    expect(problems({ WHATSAPP_MAX_PER_MINUTE: "0" })).toEqual([expect.stringMatching(/^WHATSAPP_MAX_PER_MINUTE: use a whole number from 1 to 60/)]);
    expect(problems({ WHATSAPP_MAX_PER_MINUTE: "100" })).toEqual([expect.stringMatching(/^WHATSAPP_MAX_PER_MINUTE: use a whole number from 1 to 60/)]);
  });
});
