/**
 * The Slack app's manifest (slack/manifest.json), from which an operator
 * creates the app: it must ask for every scope the adapter's calls need and
 * no more, subscribe to every event the app handles, declare the command the
 * adapter answers, and the README must explain each scope it asks for.
 * The calls and events are read from the adapter's source, so a new call or
 * handler without its scope fails here, not in a workspace.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { COMMAND } from "../../../src/bots/slack/inbound.ts";
import { SLACK_PATH } from "../../../src/bots/slack/receiver.ts";

const SOURCE_DIR = "src/bots/slack";

const manifestSchema = z.object({
  display_information: z.object({ name: z.string().min(1), description: z.string().min(1) }),
  features: z.object({
    app_home: z.object({ messages_tab_enabled: z.boolean(), messages_tab_read_only_enabled: z.boolean() }),
    bot_user: z.object({ display_name: z.string().min(1) }),
    slash_commands: z.array(z.object({ command: z.string(), url: z.string(), description: z.string().min(1), usage_hint: z.string().min(1), should_escape: z.boolean() })),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: z.string(), bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string() }),
    socket_mode_enabled: z.boolean(),
  }),
});

const manifest = manifestSchema.parse(JSON.parse(readFileSync("slack/manifest.json", "utf8")));
const scopes = manifest.oauth_config.scopes.bot;
const events = manifest.settings.event_subscriptions.bot_events;

/**
 * The bot scopes each Web API method needs, from Slack's method reference.
 * `conversations.leave` needs one per kind of channel left: public and private.
 */
const METHOD_SCOPES: Record<string, string[]> = {
  "auth.test": [],
  "bots.info": ["users:read"],
  "users.info": ["users:read"],
  "conversations.open": ["im:write"],
  "conversations.leave": ["channels:manage", "groups:write"],
  "chat.postMessage": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  "chat.update": ["chat:write"],
  // files.getUploadURLExternal and files.completeUploadExternal.
  filesUploadV2: ["files:write"],
};

/** The scope each subscribed event needs, from Slack's event reference. */
const EVENT_SCOPES: Record<string, string[]> = {
  app_mention: ["app_mentions:read"],
  "message.im": ["im:history"],
  "message.channels": ["channels:history"],
  "message.groups": ["groups:history"],
  member_joined_channel: ["channels:read", "groups:read"],
  member_left_channel: ["channels:read", "groups:read"],
};

/**
 * The subscriptions that deliver each event the app handles: Slack delivers
 * `message` events per kind of conversation, as subscribed (direct
 * messages, and thread replies in public and private channels).
 */
const HANDLED_AS: Record<string, string[]> = {
  message: ["message.im", "message.channels", "message.groups"],
};

/** The slash command needs `commands`, which no method or event names. */
const COMMAND_SCOPE = "commands";

function adapterSource(): string {
  return readdirSync(SOURCE_DIR)
    .filter((file) => file.endsWith(".ts"))
    .map((file) => readFileSync(join(SOURCE_DIR, file), "utf8"))
    .join("\n");
}

/** Every Web API method the adapter calls through a WebClient: `client.chat.postMessage(`, `client.filesUploadV2(`. */
function methodsCalled(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/client\.(\w+)\.(\w+)\(/g)) found.add(`${match[1] ?? ""}.${match[2] ?? ""}`);
  for (const match of source.matchAll(/client\.(\w+)\(/g)) found.add(match[1] ?? "");
  return [...found].sort();
}

/** Every event the app registers a handler for: `app.event("message", …)`. */
function eventsHandled(source: string): string[] {
  return [...new Set([...source.matchAll(/app\.event\("([\w.]+)"/g)].map((match) => match[1] ?? ""))].sort();
}

/** The scopes the README's Slack scope table names, each with its reason. */
function readmeScopes(): Map<string, string> {
  const readme = readFileSync("README.md", "utf8");
  const section = /^## Slack\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? "";
  const table = /^\| scope \| why \|\n\| --- \| --- \|\n((?:\|.*\n)*)/m.exec(section)?.[1] ?? "";
  const rows = [...table.matchAll(/^\| `([^`]+)` \| (.*) \|$/gm)];
  return new Map(rows.map((row) => [row[1] ?? "", (row[2] ?? "").trim()]));
}

describe("the Slack app manifest", () => {
  it("asks for the scope of every Web API method the adapter calls", () => {
    const called = methodsCalled(adapterSource());
    expect(called).toContain("chat.postMessage");
    for (const method of called) {
      expect(METHOD_SCOPES, `a scope for ${method} (add it to METHOD_SCOPES and the manifest)`).toHaveProperty([method]);
      for (const scope of METHOD_SCOPES[method] ?? []) expect(scopes, `${method} needs ${scope}`).toContain(scope);
    }
  });

  it("subscribes to every event the app handles, with the scopes they need", () => {
    const handled = eventsHandled(adapterSource());
    expect(handled).toContain("message");
    for (const event of handled) for (const subscription of HANDLED_AS[event] ?? [event]) expect(events, `the app handles ${event}`).toContain(subscription);
    for (const event of events) {
      expect(EVENT_SCOPES, `a scope for the event ${event}`).toHaveProperty([event]);
      for (const scope of EVENT_SCOPES[event] ?? []) expect(scopes, `${event} needs ${scope}`).toContain(scope);
    }
  });

  it("asks for no scope that no call, event or the command needs", () => {
    const called = methodsCalled(adapterSource());
    const needed = new Set([COMMAND_SCOPE, ...called.flatMap((method) => METHOD_SCOPES[method] ?? []), ...events.flatMap((event) => EVENT_SCOPES[event] ?? [])]);
    expect([...scopes].sort()).toEqual([...needed].sort());
  });

  it("declares the command the adapter answers, with a usage hint, and lets people write to the bot in its messages tab", () => {
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual([COMMAND]);
    expect(manifest.features.slash_commands[0]?.usage_hint).not.toBe("");
    expect(scopes).toContain(COMMAND_SCOPE);
    expect(manifest.features.app_home).toEqual({ messages_tab_enabled: true, messages_tab_read_only_enabled: false });
  });

  it("sends the command, events and button presses to the adapter's one path over HTTP", () => {
    const urls = [manifest.features.slash_commands[0]?.url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url];
    expect(urls).toEqual(Array.from({ length: 3 }, () => `https://YOUR-HOST${SLACK_PATH}`));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it("is explained in the README: its scope table names exactly the manifest's scopes, each with why", () => {
    const explained = readmeScopes();
    expect([...explained.keys()].sort()).toEqual([...scopes].sort());
    for (const [scope, why] of explained) expect(why.length, `why ${scope}`).toBeGreaterThan(10);
  });
});
