/**
 * Starting Baraza on WhatsApp (issue 12): whatsapp-web.js drives WhatsApp
 * Web in the system's Chromium, as a device linked to a phone, with the
 * session kept by `LocalAuth` in WHATSAPP_SESSION_DIR.
 *
 * In order, each step said plainly when it fails, with what to do, and never
 * with a stack trace:
 * 1. Chromium is at CHROMIUM_PATH and can be run (puppeteer downloads none);
 * 2. the session folder can be created, read and written, and is this
 *    account's alone (it holds the keys to the linked number);
 * 3. no other process uses the session (lock.ts);
 * 4. the client opens WhatsApp Web. A first start shows the QR code to scan
 *    (or, with WHATSAPP_PAIRING_NUMBER, a pairing code to type on the phone);
 *    later starts reuse the session.
 *
 * A failure in 1–4 throws {@link WhatsAppUnavailable}: Baraza runs on its
 * other platforms without WhatsApp (see platforms.ts). Once running, a
 * disconnect is retried with growing pauses; a logout from the phone, a
 * refused session or a blocked number is said, and not retried.
 */
import { accessSync, chmodSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Baraza } from "../../flows/baraza.ts";
import type { Channel } from "../../flows/channel.ts";
import type { Logger } from "../../flows/ports.ts";
import type { Texts } from "../../flows/texts.ts";
import { createWhatsAppApp } from "./app.ts";
import type { WhatsAppClient } from "./client.ts";
import { link } from "./link.ts";
import { claimWhatsAppSession, type SessionLock } from "./lock.ts";

export interface WhatsAppSettings {
  sessionDir: string;
  chromiumPath: string;
  /** Link by a pairing code for this number (digits, country code first) instead of a QR code. */
  pairingNumber?: string | undefined;
  /** Where the session lock is taken (lock.ts). */
  databaseUrl: string;
  defaultLocale: string;
  pace: { minGapMs: number; maxPerMinute: number; paused: boolean };
  /** Pauses between tries to connect again after a disconnect; 5 s growing to 5 minutes unless given (tests). */
  retry?: { firstPauseMs: number; longestPauseMs: number };
  /** How long start-up waits for WhatsApp Web to open before it lets the other platforms run on; 90 s unless given (tests). */
  openWaitMs?: number;
}

/** The WhatsApp channel, started. */
export interface WhatsAppChannel extends Channel {
  /** The session folder, absolute, for the start-up line. */
  readonly sessionDir: string;
  /** Fails every message held (paused) or waiting at once, and any later one: the process is stopping (see app.ts). */
  stopSending(): void;
}

/** What the client is made from; {@link chromiumClient} unless a test hands in a fake. */
export interface ClientOptions {
  sessionDir: string;
  chromiumPath: string;
  pairingNumber?: string | undefined;
}
export type MakeClient = (options: ClientOptions) => WhatsAppClient | Promise<WhatsAppClient>;

/** WhatsApp cannot run in this process; the message says why and what to do. Nothing of it is left running. */
export class WhatsAppUnavailable extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "WhatsAppUnavailable";
  }
}

/** Start-up was given up (the stop signal was aborted) while WhatsApp Web opened; nothing is left running. */
export class WhatsAppStartStopped extends Error {
  constructor() {
    super("waiting for Chromium to open WhatsApp Web");
    this.name = "WhatsAppStartStopped";
  }
}

/** A file of this name in the session folder pauses all sending, without a restart (README: the pause switch). */
export const PAUSE_FILE = "paused";

/** The reasons WhatsApp gives for a number it has blocked: trying again cannot help. */
const BLOCKED = new Set(["TOS_BLOCK", "SMB_TOS_BLOCK"]);
/** The states WhatsApp Web falls into when the phone no longer counts it as linked: opening it again shows a new code. */
const UNLINKED = new Set(["UNPAIRED", "UNPAIRED_IDLE"]);
const FIRST_PAUSE_MS = 5000;
/**
 * WhatsApp Web opens in seconds, or much longer on a slow server or link,
 * and whatsapp-web.js waits for it without end; the sweep of every platform
 * waits for every platform's start, so WhatsApp's is cut short here.
 */
const OPEN_WAIT_MS = 90_000;
const LONGEST_PAUSE_MS = 5 * 60_000;

/**
 * The flags Chromium needs here: as root it refuses to start sandboxed, and
 * without the networking flags it keeps reaching for update and sync hosts.
 */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** The real client: whatsapp-web.js with LocalAuth, in the system's Chromium. Loaded only when used, since it brings puppeteer. */
export const chromiumClient: MakeClient = async ({ sessionDir, chromiumPath, pairingNumber }) => {
  const { default: whatsapp } = await import("whatsapp-web.js");
  return new whatsapp.Client({
    authStrategy: new whatsapp.LocalAuth({ dataPath: sessionDir }),
    puppeteer: { executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS },
    // The library asks for a code when the session needs linking, and a new one every 3 minutes (the `code` event).
    ...(pairingNumber ? { pairWithPhoneNumber: { phoneNumber: pairingNumber } } : {}),
  });
};

/**
 * Starts WhatsApp as described above. `say` gives the operator a line (the
 * QR code, the pairing code, each trouble); throws {@link WhatsAppUnavailable}
 * or, once `stop` is aborted, {@link WhatsAppStartStopped}.
 */
export async function startWhatsApp(settings: WhatsAppSettings, baraza: Baraza, texts: Texts, log: Logger, stop: AbortSignal, say: (line: string) => void = () => undefined, makeClient: MakeClient = chromiumClient): Promise<WhatsAppChannel> {
  if (stop.aborted) throw new WhatsAppStartStopped();
  const sessionDir = resolve(settings.sessionDir);
  checkChromium(settings.chromiumPath);
  prepareSessionDir(sessionDir);
  const lock = await claim(settings.databaseUrl, sessionDir);

  let client: WhatsAppClient;
  try {
    client = await makeClient({ sessionDir, chromiumPath: settings.chromiumPath, pairingNumber: settings.pairingNumber });
  } catch (error) {
    await lock.release();
    throw new WhatsAppUnavailable(link.chromiumFailed(settings.chromiumPath, reasonOf(error)), { cause: error });
  }
  const paused = () => settings.pace.paused || existsSync(join(sessionDir, PAUSE_FILE));
  const app = createWhatsAppApp({ client, baraza, texts, defaultLocale: settings.defaultLocale, log, pace: { minGapMs: settings.pace.minGapMs, maxPerMinute: settings.pace.maxPerMinute, paused } });
  const linking = watchLink(client, settings, sessionDir, log, say);
  app.listen();

  let stopped = false;
  const shutDown = async () => {
    if (stopped) return;
    stopped = true;
    linking.stop();
    app.unlisten();
    app.stopSending();
    await client.destroy().catch((error: unknown) => log.error("whatsapp-stop-failed", { reason: kindOf(error) }));
    await lock.release();
  };
  lock.onLost((why) => {
    if (stopped) return;
    say(link.lockLost(why));
    log.error("whatsapp-lock-lost", { reason: why });
    void shutDown();
  });

  say(link.starting(sessionDir));
  const initializing = client.initialize();
  const openWaitMs = settings.openWaitMs ?? OPEN_WAIT_MS;
  const opened = await untilStopped(stop, initializing, openWaitMs);
  if (opened.kind === "stopped" || opened.kind === "failed") {
    await shutDown();
    if (opened.kind === "stopped") throw new WhatsAppStartStopped();
    throw new WhatsAppUnavailable(link.chromiumFailed(settings.chromiumPath, reasonOf(opened.error)), { cause: opened.error });
  }
  if (opened.kind === "slow") {
    // It goes on opening while the others run; failing later, it is tried again as after a disconnect.
    say(link.stillOpening(openWaitMs));
    initializing.catch((error: unknown) => {
      if (!stopped) linking.openFailed(error);
    });
  }
  if (paused()) say(link.paused());
  return {
    ...app,
    sessionDir,
    start: () => Promise.resolve(),
    stop: shutDown,
  };
}

/** Chromium is a file this account may run; else {@link WhatsAppUnavailable} saying what to install. */
function checkChromium(path: string): void {
  try {
    if (!statSync(path).isFile()) throw new WhatsAppUnavailable(link.noChromium(path, "a folder, not a program"));
    accessSync(path, constants.X_OK);
  } catch (error) {
    if (error instanceof WhatsAppUnavailable) throw error;
    const code = codeOf(error);
    const why = code === "ENOENT" ? "not found" : code === "EACCES" ? "not allowed to run it" : (code ?? "cannot be run");
    throw new WhatsAppUnavailable(link.noChromium(path, why), { cause: error });
  }
}

/**
 * The session folder, created for this account alone if absent, and made
 * so if open to others: whoever reads it can act as the linked number.
 */
function prepareSessionDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = codeOf(error);
    const why = code === "EEXIST" ? "is a file, not a folder" : code === "ENOTDIR" ? "cannot be created: a file stands in its way" : `cannot be created (${code ?? "no reason given"})`;
    throw new WhatsAppUnavailable(link.sessionDirUnusable(dir, why), { cause: error });
  }
  try {
    if (!statSync(dir).isDirectory()) throw new WhatsAppUnavailable(link.sessionDirUnusable(dir, "is a file, not a folder"));
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  } catch (error) {
    if (error instanceof WhatsAppUnavailable) throw error;
    throw new WhatsAppUnavailable(link.sessionDirUnusable(dir, `cannot be read and written (${codeOf(error) ?? "no reason given"})`), { cause: error });
  }
}

async function claim(databaseUrl: string, sessionDir: string): Promise<SessionLock> {
  let claimed;
  try {
    claimed = await claimWhatsAppSession({ databaseUrl, sessionDir });
  } catch (error) {
    throw new WhatsAppUnavailable(link.claimFailed(reasonOf(error)), { cause: error });
  }
  if (claimed.kind === "held") throw new WhatsAppUnavailable(link.heldElsewhere(claimed.holder));
  return claimed.lock;
}

/**
 * Says what the client's linking events mean to the operator, and connects
 * again after a disconnect, with pauses growing from 5 seconds to 5
 * minutes, reset once WhatsApp is ready again.
 */
function watchLink(client: WhatsAppClient, settings: WhatsAppSettings, sessionDir: string, log: Logger, say: (line: string) => void): { stop(): void; openFailed(error: unknown): void } {
  const first = settings.retry?.firstPauseMs ?? FIRST_PAUSE_MS;
  const longest = settings.retry?.longestPauseMs ?? LONGEST_PAUSE_MS;
  let pause = first;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let pairingAsked = false;
  let lastCode: string | undefined;

  const showCode = (code: string) => {
    if (code === lastCode) return;
    lastCode = code;
    say(link.pairingCode(code));
  };
  const onQr = (qr: string) => {
    const number = settings.pairingNumber;
    if (!number) {
      say(link.qr(qr));
      return;
    }
    // A client that shows a QR code though a number was given (the library asks for the code itself when told the number): ask once.
    if (pairingAsked) return;
    pairingAsked = true;
    client.requestPairingCode(number).then(showCode, (error: unknown) => say(link.pairingFailed(reasonOf(error))));
  };
  const onAuthenticated = () => say(link.authenticated());
  const onReady = () => {
    pause = first;
    say(link.ready());
  };
  const onAuthFailure = () => {
    say(link.authFailure(sessionDir));
    log.error("whatsapp-auth-failure", {});
  };
  const onDisconnected = (reason: string) => {
    if (stopped) return;
    log.error("whatsapp-disconnected", { reason });
    if (reason === "LOGOUT") {
      // whatsapp-web.js removes the session and shows a new code itself.
      say(link.loggedOut(sessionDir));
      return;
    }
    if (BLOCKED.has(reason)) {
      say(link.blocked(reason));
      return;
    }
    say(UNLINKED.has(reason) ? link.unlinked(reason, pause) : link.disconnected(reason, pause));
    reconnect();
  };
  const failed = (error: unknown, waitedMs: number) => {
    if (stopped) return;
    log.error("whatsapp-reconnect-failed", { reason: kindOf(error), waitedMs });
    say(link.reconnectFailed(reasonOf(error), pause));
    reconnect();
  };
  const reconnect = () => {
    const waited = pause;
    pause = Math.min(pause * 2, longest);
    timer = setTimeout(() => {
      if (stopped) return;
      // The library closed its browser on the disconnect; a new initialize opens another on the same session.
      client
        .destroy()
        .catch(() => undefined)
        .then(() => (stopped ? undefined : client.initialize()))
        .catch((error: unknown) => failed(error, waited));
    }, waited);
  };

  client.on("qr", onQr);
  client.on("code", showCode);
  client.on("authenticated", onAuthenticated);
  client.on("ready", onReady);
  client.on("auth_failure", onAuthFailure);
  client.on("disconnected", onDisconnected);
  return {
    openFailed: (error) => failed(error, 0),
    stop() {
      stopped = true;
      clearTimeout(timer);
      client.off("qr", onQr);
      client.off("code", showCode);
      client.off("authenticated", onAuthenticated);
      client.off("ready", onReady);
      client.off("auth_failure", onAuthFailure);
      client.off("disconnected", onDisconnected);
    },
  };
}

/**
 * `work`'s outcome; or `stopped` as soon as `stop` is aborted, or `slow`
 * once `waitMs` have passed (the work is left to finish or fail on its own).
 */
function untilStopped(stop: AbortSignal, work: Promise<void>, waitMs: number): Promise<{ kind: "done" } | { kind: "stopped" } | { kind: "slow" } | { kind: "failed"; error: unknown }> {
  return new Promise((resolve) => {
    const settle = (outcome: { kind: "done" } | { kind: "stopped" } | { kind: "slow" } | { kind: "failed"; error: unknown }) => {
      clearTimeout(timer);
      stop.removeEventListener("abort", onAbort);
      resolve(outcome);
    };
    const onAbort = () => settle({ kind: "stopped" });
    const timer = setTimeout(() => settle({ kind: "slow" }), waitMs);
    if (stop.aborted) onAbort();
    stop.addEventListener("abort", onAbort, { once: true });
    work.then(
      () => settle(stop.aborted ? { kind: "stopped" } : { kind: "done" }),
      (error: unknown) => settle(stop.aborted ? { kind: "stopped" } : { kind: "failed", error }),
    );
  });
}

/** What kind of failure, for the log: a code or the error's name, never its message, which may quote anything. */
function kindOf(error: unknown): string {
  return codeOf(error) ?? (error instanceof Error ? error.name : typeof error);
}

function codeOf(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/** Why something failed, for the operator and the log: the error's first line, short; never a stack. */
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === "string" ? error : "no reason given";
  const line = (text.split("\n")[0] ?? "").trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line || "no reason given";
}
