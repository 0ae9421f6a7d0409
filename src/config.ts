/**
 * Configuration from the environment (and a .env file if present), checked
 * at start-up. A bad variable stops the start with a message naming it and
 * the form it should take.
 */
import { IANAZone } from "luxon";
import { z } from "zod";
import { LOCALES } from "./domain/locales.ts";
import { DEFAULT_RETENTION_DAYS } from "./domain/personal-data.ts";
import { defaultDatabaseUrl } from "./store/adapters.ts";

const optional = z.string().trim().min(1).optional();

/**
 * What Telegram accepts as a webhook's secret token: 1–256 of A-Z a-z 0-9 _ -.
 * At least 16 here, so that it cannot be guessed by trying.
 */
const WEBHOOK_SECRET = /^[A-Za-z0-9_-]{16,256}$/;
const WEBHOOK_SECRET_FORM = "use 16 to 256 characters, only letters A-Z a-z, digits, _ and -; for example the output of `openssl rand -hex 32`";

/** A switch: `true`/`false` (also `1`/`0`, `yes`/`no`, any case). */
const flag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(["true", "false", "1", "0", "yes", "no"], { error: "use true or false" }))
  .transform((value) => value === "true" || value === "1" || value === "yes");

/** Where the linked WhatsApp session lives unless WHATSAPP_SESSION_DIR says otherwise. */
export const DEFAULT_WHATSAPP_SESSION_DIR = "data/whatsapp";
/** Debian's (and Ubuntu's) Chromium. */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";
/**
 * Conservative pace for WhatsApp (issue 12): WhatsApp blocks numbers that
 * behave like bots, so at least 3 seconds between two messages to one chat
 * and at most 20 messages a minute in all.
 */
export const DEFAULT_WHATSAPP_MIN_GAP_MS = 3000;
export const DEFAULT_WHATSAPP_MAX_PER_MINUTE = 20;
const PAIRING_NUMBER_FORM = "use the linked phone's number in international form, country code first, such as +95 9 123 456 789 (spaces, dashes and a leading + are dropped; no leading 0)";
const GAP_FORM = "use a whole number of milliseconds, at least 1000, such as 3000 (3 seconds between two messages to one chat)";
const CAP_FORM = "use a whole number from 1 to 60, such as 20 (messages a minute in all)";

const schema = z
  .object({
    DATABASE_URL: z
      .string()
      .default(defaultDatabaseUrl)
      .refine((url) => url.startsWith("file:") || /^postgres(ql)?:\/\//.test(url), `use ${defaultDatabaseUrl} (SQLite) or a postgresql:// URL`),
    DEFAULT_LOCALE: z.enum(LOCALES, { error: `use one of: ${LOCALES.join(", ")}` }).default("en"),
    DEFAULT_TIMEZONE: z
      .string()
      .default("UTC")
      .refine((zone) => IANAZone.isValidZone(zone), "use an IANA time zone name such as Asia/Yangon or Asia/Kathmandu"),
    RETENTION_DAYS: z.coerce.number({ error: "use a whole number of days, at least 1, such as 365" }).int({ error: "use a whole number of days, at least 1, such as 365" }).min(1, { error: "use a whole number of days, at least 1, such as 365" }).default(DEFAULT_RETENTION_DAYS),
    // Unset: no port is opened unless a webhook needs one (see platforms.ts).
    PORT: z.coerce.number({ error: "use a port number such as 8080" }).int().min(1).max(65535).optional(),
    TELEGRAM_BOT_TOKEN: optional,
    TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/, error: "use an http(s) URL such as http://127.0.0.1:8081" }).optional(),
    // Telegram calls only https webhooks, and an http one would carry the secret token and every update in the clear.
    TELEGRAM_WEBHOOK_URL: z.url({ protocol: /^https$/, error: "use the public https URL Telegram should call, such as https://baraza.example.org/telegram" }).optional(),
    TELEGRAM_WEBHOOK_SECRET: z.string().trim().regex(WEBHOOK_SECRET, WEBHOOK_SECRET_FORM).optional(),
    // `none` only for a stand-in Bot API that is not Telegram (tests): Telegram's own limits are then kept by its 429s alone.
    TELEGRAM_RATE_LIMITS: z.enum(["telegram", "none"], { error: "use telegram (the default: keep Telegram's rate limits) or none (a test double of the Bot API)" }).default("telegram"),
    SLACK_BOT_TOKEN: z.string().trim().startsWith("xoxb-", "use the app's Bot User OAuth Token, which starts with xoxb- (OAuth & Permissions in the app's settings)").optional(),
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: z.string().trim().startsWith("xapp-", "use an app-level token with the connections:write scope, which starts with xapp- (Basic Information, App-Level Tokens)").optional(),
    SLACK_API_URL: z.url({ protocol: /^https?$/, error: "use an http(s) URL such as http://127.0.0.1:3001/api/" }).optional(),
    WHATSAPP_ENABLED: flag.default(false),
    // The linked device's keys: whoever reads this folder can read and write as the linked number.
    WHATSAPP_SESSION_DIR: z.string().trim().min(1).default(DEFAULT_WHATSAPP_SESSION_DIR),
    // Debian's package; puppeteer downloads no browser of its own (see .puppeteerrc.cjs).
    CHROMIUM_PATH: z.string().trim().min(1).default(DEFAULT_CHROMIUM_PATH),
    WHATSAPP_PAIRING_NUMBER: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 ()-]{5,22}$/, PAIRING_NUMBER_FORM)
      .transform((number) => number.replace(/[^0-9]/g, ""))
      .refine((digits) => digits.length >= 7 && digits.length <= 15 && !digits.startsWith("0"), PAIRING_NUMBER_FORM)
      .optional(),
    WHATSAPP_MIN_GAP_MS: z.coerce.number({ error: GAP_FORM }).int({ error: GAP_FORM }).min(1000, { error: GAP_FORM }).default(DEFAULT_WHATSAPP_MIN_GAP_MS),
    WHATSAPP_MAX_PER_MINUTE: z.coerce.number({ error: CAP_FORM }).int({ error: CAP_FORM }).min(1, { error: CAP_FORM }).max(60, { error: CAP_FORM }).default(DEFAULT_WHATSAPP_MAX_PER_MINUTE),
    WHATSAPP_PAUSED: flag.default(false),
  })
  .refine((env) => !env.TELEGRAM_WEBHOOK_URL || env.TELEGRAM_WEBHOOK_SECRET, {
    path: ["TELEGRAM_WEBHOOK_SECRET"],
    message: "set a secret token when TELEGRAM_WEBHOOK_URL is set, so the webhook can tell Telegram's calls from others",
  })
  // Over HTTP, the signing secret is how Slack's requests are told from anyone's; Socket Mode needs none.
  .refine((env) => !env.SLACK_BOT_TOKEN || env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET, {
    path: ["SLACK_SIGNING_SECRET"],
    message: "set the app's Signing Secret (Basic Information, App Credentials) when SLACK_BOT_TOKEN is set, or set SLACK_APP_TOKEN for Socket Mode",
  })
  .refine((env) => (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) || env.SLACK_BOT_TOKEN, {
    path: ["SLACK_BOT_TOKEN"],
    message: "set the app's Bot User OAuth Token (xoxb-…) too: without it Slack is not started",
  });

export type Config = z.infer<typeof schema>;

export type ConfigResult = { kind: "accepted"; config: Config } | { kind: "rejected"; problems: string[] };

/** Reads the configuration; every bad variable is named with the form it should take. */
export function readConfig(env: NodeJS.ProcessEnv): ConfigResult {
  // A variable set to nothing (`PORT=` in .env) counts as not set, so it takes its default.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""));
  const parsed = schema.safeParse(given);
  if (parsed.success) return { kind: "accepted", config: parsed.data };
  return { kind: "rejected", problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) };
}
