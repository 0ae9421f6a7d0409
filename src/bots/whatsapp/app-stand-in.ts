/**
 * STAND-IN, to be replaced at merge by the adapter's app.ts (issue 12,
 * /work/notes/whatsapp-design.md): `createWhatsAppApp` with the signature
 * the design fixes, so that start.ts compiles and starts before the adapter
 * lands. It sends nothing and listens to nothing. At merge: import from
 * "./app.ts" in start.ts and delete this file.
 */
import type { Baraza } from "../../flows/baraza.ts";
import type { Capabilities, Channel } from "../../flows/channel.ts";
import type { Logger } from "../../flows/ports.ts";
import type { Texts } from "../../flows/texts.ts";
import { PLATFORM, type WhatsAppClient } from "./client.ts";

export interface WhatsAppPace {
  minGapMs: number;
  maxPerMinute: number;
  paused: () => boolean;
}

export interface WhatsAppAppOptions {
  client: WhatsAppClient;
  baraza: Baraza;
  texts: Texts;
  defaultLocale: string;
  log: Logger;
  pace?: Partial<WhatsAppPace>;
}

/** The channel without start/stop (start.ts owns the client's life), plus attaching its listeners. */
export type WhatsAppApp = Omit<Channel, "start" | "stop"> & {
  listen(): void;
  unlisten(): void;
};

export const WHATSAPP_CAPABILITIES: Capabilities = { textLimit: 4096, buttons: "none", edits: false, toOnePerson: "none", files: true, threads: false, forms: false, commandPrefix: "/" };

export function createWhatsAppApp(options: WhatsAppAppOptions): WhatsAppApp {
  void options;
  return {
    platform: PLATFORM,
    capabilities: WHATSAPP_CAPABILITIES,
    send: () => Promise.reject(new Error("the WhatsApp adapter (app.ts) is not merged yet")),
    listen: () => undefined,
    unlisten: () => undefined,
  };
}
