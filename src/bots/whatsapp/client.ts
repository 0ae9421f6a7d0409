/**
 * The part of whatsapp-web.js's `Client` Baraza uses, as a type: the real
 * client (start.ts makes it, with LocalAuth and the system's Chromium) has
 * it, and tests hand the adapter a fake with the same events and calls
 * (test/bots/whatsapp/fake-client.ts), since WhatsApp cannot be reached
 * from a test.
 */
import type { Client } from "whatsapp-web.js";

export type WhatsAppClient = Pick<
  Client,
  "on" | "once" | "off" | "removeAllListeners" | "initialize" | "destroy" | "logout" | "sendMessage" | "getChatById" | "getContactLidAndPhone" | "requestPairingCode" | "info"
>;

/** whatsapp-web.js's name for the platform in `Inbound.platform` and every `Destination`. */
export const PLATFORM = "whatsapp";
