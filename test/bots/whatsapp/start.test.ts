/**
 * Starting WhatsApp, as the operator sees it: the QR code or the pairing
 * code to link the phone, each trouble said plainly with what to do (no
 * Chromium, a session folder that cannot be used, the session in another
 * process, a refused session, a logout, a blocked number), a disconnect
 * retried, and the session let go of on stop. whatsapp-web.js's client is
 * the real class with its browser taken out (start-fake.ts).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCK_FILE } from "../../../src/bots/whatsapp/lock.ts";
import { startWhatsApp, WhatsAppStartStopped, WhatsAppUnavailable, type MakeClient, type WhatsAppChannel, type WhatsAppSettings } from "../../../src/bots/whatsapp/start.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { freshPostgresUrl } from "../../store/databases.ts";
import { linkingClients, type LinkingClient } from "./start-fake.ts";

let harness: Harness;
let dir: string;
let said: string[];
const channels: WhatsAppChannel[] = [];
beforeEach(async () => {
  harness = await startHarness();
  dir = mkdtempSync(join(tmpdir(), "baraza-wa-start-"));
  said = [];
});
afterEach(async () => {
  for (const channel of channels.splice(0)) await channel.stop();
  await harness.close();
  rmSync(dir, { recursive: true, force: true });
});

function settings(changes: Partial<WhatsAppSettings> = {}): WhatsAppSettings {
  return {
    sessionDir: join(dir, "whatsapp"),
    // Any program this account may run stands for Chromium: the fake client launches none.
    chromiumPath: process.execPath,
    databaseUrl: `file:${join(dir, "baraza.db")}`,
    defaultLocale: "en",
    pace: { minGapMs: 3000, maxPerMinute: 20, paused: false },
    retry: { firstPauseMs: 10, longestPauseMs: 40 },
    ...changes,
  };
}

async function start(changes: Partial<WhatsAppSettings> = {}, make: MakeClient = linkingClients(), stop = new AbortController().signal): Promise<WhatsAppChannel> {
  const channel = await startWhatsApp(settings(changes), harness.baraza, harness.texts, { error: (event, details) => harness.logged.push({ event, ...details }) }, stop, (line) => said.push(line), make);
  channels.push(channel);
  return channel;
}

/** Starts with a fresh fake client, and hands it back. */
async function started(changes: Partial<WhatsAppSettings> = {}, prepare?: (client: LinkingClient) => void): Promise<{ channel: WhatsAppChannel; client: LinkingClient }> {
  const clients = linkingClients(prepare);
  const channel = await start(changes, clients);
  const client = clients.made[0];
  if (!client) throw new Error("no client made");
  return { channel, client };
}

/** Why start-up refused, as the operator reads it. */
async function refusal(changes: Partial<WhatsAppSettings> = {}, make: MakeClient = linkingClients()): Promise<string> {
  try {
    await start(changes, make);
  } catch (error) {
    expect(error).toBeInstanceOf(WhatsAppUnavailable);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("WhatsApp started");
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100 && !condition(); tries++) await pause(10);
}

describe("linking a phone", () => {
  it("prints the QR code to scan with one line on how, and says when the phone is linked and ready", async () => {
    const { client } = await started();
    expect(client.initialized).toBe(1);
    client.emit("qr", "2@Xb7Jp1wq,kPq9nR0fS3Q=,VZ8u4bGg1w=,AAAAAAA=,1");
    const shown = said.at(-1) ?? "";
    expect(shown).toMatch(/[▀▄█]/);
    expect(shown).toContain("To link WhatsApp: on the phone whose number Baraza should use, open WhatsApp → Settings (⋮ or ⚙) → Linked devices → Link a device, and scan this code.");
    client.emit("authenticated");
    client.emit("ready");
    expect(said.slice(-2)).toEqual(["WhatsApp is linked; loading its chats…", "WhatsApp is ready: messages to the linked number and in its groups now reach Baraza."]);
  });

  it("keeps the session in the session folder, made for this account alone", async () => {
    const { client } = await started();
    expect(client.made.sessionDir).toBe(join(dir, "whatsapp"));
    expect(statSync(join(dir, "whatsapp")).mode & 0o777).toBe(0o700);
  });

  it("with a pairing number, asks WhatsApp for a pairing code and prints it instead of a QR code, never the number", async () => {
    const { client } = await started({ pairingNumber: "959123456789" });
    expect(client.made.pairingNumber).toBe("959123456789");
    client.emit("qr", "2@Xb7Jp1wq,kPq9nR0fS3Q=,VZ8u4bGg1w=,AAAAAAA=,1");
    await until(() => said.some((line) => line.includes("pairing code")));
    expect(client.pairingAskedFor).toEqual(["959123456789"]);
    expect(said.at(-1)).toBe(
      "WhatsApp pairing code: K7QW-2M9X\nTo link WhatsApp: on the phone with the number in WHATSAPP_PAIRING_NUMBER, open WhatsApp → Settings (⋮ or ⚙) → Linked devices → Link a device → Link with phone number instead, and type this code. A new one follows every 3 minutes until the phone is linked.",
    );
    // The same code again (the library's event for it), then a new one three minutes later.
    client.emit("code", "K7QW2M9X");
    client.emit("qr", "2@another,code=,1");
    client.emit("code", "P3HD8ZQA");
    expect(said.filter((line) => line.startsWith("WhatsApp pairing code:"))).toEqual([expect.stringContaining("K7QW-2M9X"), expect.stringContaining("P3HD-8ZQA")]);
    expect(said.join("\n")).not.toMatch(/[▀▄█]/);
    expect(said.join("\n")).not.toContain("959123456789");
  });
});

describe("what cannot start is said plainly, and nothing is left running", () => {
  it("says what to install when there is no Chromium, before making any client", async () => {
    const clients = linkingClients();
    const message = await refusal({ chromiumPath: join(dir, "no-such-chromium") }, clients);
    expect(message).toBe(
      `WhatsApp cannot start: no Chromium to run at ${join(dir, "no-such-chromium")} (not found). Install it with \`apt-get install -y chromium\` (Debian, Ubuntu), or set CHROMIUM_PATH to the Chromium or Chrome program. Baraza runs on without WhatsApp.`,
    );
    expect(clients.made).toEqual([]);
  });

  it("says so when CHROMIUM_PATH names a folder or a file that cannot be run", async () => {
    expect(await refusal({ chromiumPath: dir })).toContain(`no Chromium to run at ${dir} (a folder, not a program). Install it with \`apt-get install -y chromium\``);
    const notAProgram = join(dir, "chromium");
    writeFileSync(notAProgram, "");
    chmodSync(notAProgram, 0o644);
    expect(await refusal({ chromiumPath: notAProgram })).toContain(`no Chromium to run at ${notAProgram} (`);
  });

  it("says when the session folder cannot be created, naming the variable and how to fix it", async () => {
    writeFileSync(join(dir, "taken"), "");
    const sessionDir = join(dir, "taken", "whatsapp");
    const message = await refusal({ sessionDir });
    expect(message).toBe(
      `WhatsApp cannot start: its session folder ${sessionDir} (WHATSAPP_SESSION_DIR) cannot be created: a file stands in its way. Give the folder to the account Baraza runs as (\`mkdir -p ${sessionDir} && chown "$(id -un)" ${sessionDir} && chmod 700 ${sessionDir}\`), or set WHATSAPP_SESSION_DIR to a folder it owns. Baraza runs on without WhatsApp.`,
    );
    expect(message).not.toMatch(/\n\s+at /);
  });

  it("says when the session folder is a file", async () => {
    writeFileSync(join(dir, "whatsapp"), "");
    expect(await refusal()).toContain(`its session folder ${join(dir, "whatsapp")} (WHATSAPP_SESSION_DIR) is a file, not a folder.`);
  });

  it.skipIf(process.getuid?.() === 0)("says when the session folder cannot be read (as any account but root, which reads everything)", async () => {
    mkdirSync(join(dir, "whatsapp"), { mode: 0o000 });
    try {
      expect(await refusal()).toContain(`its session folder ${join(dir, "whatsapp")} (WHATSAPP_SESSION_DIR) cannot be read and written (EACCES)`);
    } finally {
      chmodSync(join(dir, "whatsapp"), 0o700);
    }
  });

  it("says Chromium did not open WhatsApp Web, with the first line of why, and lets go of the session", async () => {
    const message = await refusal({}, linkingClients((client) => {
      client.onInitialize = () => Promise.reject(new Error("Failed to launch the browser process!\n[0101/000000.0:ERROR:zygote_host_impl_linux.cc] Running as root without --no-sandbox"));
    }));
    expect(message).toBe(
      `WhatsApp cannot start: Chromium at ${process.execPath} did not open WhatsApp Web (Failed to launch the browser process!). Check that \`${process.execPath} --version\` runs for the account Baraza runs as, and that this machine reaches web.whatsapp.com. Baraza runs on without WhatsApp.`,
    );
    expect(existsSync(join(dir, "whatsapp", LOCK_FILE))).toBe(false);
    await started();
  });

  it("gives up when stopped while WhatsApp Web opens, closing the browser and letting go of the session", async () => {
    const stop = new AbortController();
    const clients = linkingClients((client) => {
      client.onInitialize = () => new Promise(() => undefined);
    });
    const starting = start({}, clients, stop.signal);
    await until(() => clients.made[0]?.initialized === 1);
    stop.abort("SIGINT");
    await expect(starting).rejects.toBeInstanceOf(WhatsAppStartStopped);
    expect(clients.made[0]?.destroyed).toBe(1);
    expect(existsSync(join(dir, "whatsapp", LOCK_FILE))).toBe(false);
  });
});

describe("a WhatsApp Web slow to open", () => {
  it("lets the other platforms run on, and is tried again when it fails later", async () => {
    let fail: (error: Error) => void = () => undefined;
    const { client } = await started({ openWaitMs: 30 }, (fake) => {
      fake.onInitialize = () => (fake.initialized === 1 ? new Promise((_, reject) => (fail = reject)) : Promise.resolve());
    });
    expect(said.at(-1)).toBe("WhatsApp Web is still opening after 30 ms; the other platforms run on meanwhile, and WhatsApp joins them once it is open (or is tried again, said here).");
    fail(new Error("net::ERR_CONNECTION_TIMED_OUT at https://web.whatsapp.com/"));
    await until(() => client.initialized === 2);
    expect(client.initialized).toBe(2);
    expect(said).toContain("WhatsApp could not connect again (net::ERR_CONNECTION_TIMED_OUT at https://web.whatsapp.com/); trying again in 10 ms. Stop with Ctrl+C.");
  });
});

describe("one process owns the session", () => {
  it("runs without WhatsApp when another process holds the session on the same SQLite store", async () => {
    mkdirSync(join(dir, "whatsapp"));
    const other = spawn("sleep", ["30"]);
    try {
      await new Promise((resolve) => other.once("spawn", resolve));
      writeFileSync(join(dir, "whatsapp", LOCK_FILE), String(other.pid));
      const clients = linkingClients();
      expect(await refusal({}, clients)).toBe(`WhatsApp is linked in another process (pid ${other.pid}); running without WhatsApp. Only one process may use the linked number at a time: stop that one to run WhatsApp here.`);
      expect(clients.made).toEqual([]);
    } finally {
      other.kill("SIGKILL");
      await new Promise((resolve) => other.once("exit", resolve));
    }
  });

  it("takes over a lock file left by a process that is gone", async () => {
    mkdirSync(join(dir, "whatsapp"));
    const gone = spawn("true");
    await new Promise((resolve) => gone.once("exit", resolve));
    writeFileSync(join(dir, "whatsapp", LOCK_FILE), String(gone.pid));
    const { client } = await started();
    expect(client.initialized).toBe(1);
  });

  it("lets go of the session on stop, closing the browser, so the next start takes it", async () => {
    const { channel, client } = await started();
    expect(existsSync(join(dir, "whatsapp", LOCK_FILE))).toBe(true);
    await channel.stop();
    expect(client.destroyed).toBe(1);
    expect(existsSync(join(dir, "whatsapp", LOCK_FILE))).toBe(false);
    await started();
  });

  it("runs without WhatsApp in a second process on the same PostgreSQL database, until the first stops", async () => {
    const databaseUrl = freshPostgresUrl().url;
    const first = await started({ databaseUrl, sessionDir: join(dir, "one") });
    // Another machine's session folder, the same database.
    expect(await refusal({ databaseUrl, sessionDir: join(dir, "two") })).toBe(`WhatsApp is linked in another process (pid ${process.pid}); running without WhatsApp. Only one process may use the linked number at a time: stop that one to run WhatsApp here.`);
    await first.channel.stop();
    await started({ databaseUrl, sessionDir: join(dir, "two") });
  });
});

describe("while running", () => {
  it("says plainly when WhatsApp refuses the saved session, with the folder to delete to link again", async () => {
    const { client } = await started();
    client.emit("auth_failure", "restore failed");
    expect(said.at(-1)).toBe(`WhatsApp did not accept the saved session. To link again: stop Baraza, delete the folder ${join(dir, "whatsapp")} (WHATSAPP_SESSION_DIR), start Baraza and link the phone anew. Baraza runs on without WhatsApp.`);
    expect(harness.logged).toContainEqual({ event: "whatsapp-auth-failure" });
  });

  it("says plainly when the phone unlinked it, and does not reconnect on its own", async () => {
    const { client } = await started();
    client.emit("disconnected", "LOGOUT");
    expect(said.at(-1)).toBe(`WhatsApp was unlinked from the phone (Linked devices → Log out), and the session in ${join(dir, "whatsapp")} is removed. To link again, scan the code that follows (or restart Baraza if none comes).`);
    await pause(100);
    expect(client.initialized).toBe(1);
  });

  it("connects again after a disconnect, with growing pauses while it fails, each said", async () => {
    let failures = 1;
    const { client } = await started({}, (fake) => {
      fake.onInitialize = () => (fake.initialized > 1 && failures-- > 0 ? Promise.reject(new Error("net::ERR_INTERNET_DISCONNECTED at https://web.whatsapp.com/")) : Promise.resolve());
    });
    client.emit("disconnected", "CONFLICT");
    expect(said.at(-1)).toBe("WhatsApp disconnected (CONFLICT); connecting again in 10 ms.");
    await until(() => client.initialized === 3);
    expect(client.initialized).toBe(3);
    expect(client.destroyed).toBe(2);
    expect(said).toContain("WhatsApp could not connect again (net::ERR_INTERNET_DISCONNECTED at https://web.whatsapp.com/); trying again in 20 ms. Stop with Ctrl+C.");
    expect(harness.logged).toContainEqual({ event: "whatsapp-reconnect-failed", reason: "Error", waitedMs: 10 });
    expect(harness.logged).toContainEqual({ event: "whatsapp-disconnected", reason: "CONFLICT" });
  });

  it("says when the phone no longer counts it as linked, and opens WhatsApp Web again for a new code", async () => {
    const { client } = await started();
    client.emit("disconnected", "UNPAIRED");
    expect(said.at(-1)).toBe("WhatsApp is no longer linked to the phone (UNPAIRED); opening WhatsApp Web again in 10 ms to show a new code to link it.");
    await until(() => client.initialized === 2);
    expect(client.initialized).toBe(2);
  });

  it("does not reconnect after a stop", async () => {
    const { channel, client } = await started({ retry: { firstPauseMs: 50, longestPauseMs: 50 } });
    client.emit("disconnected", "TIMEOUT");
    await channel.stop();
    await pause(150);
    expect(client.initialized).toBe(1);
  });

  it("says a blocked number is blocked, and does not try again", async () => {
    const { client } = await started();
    client.emit("disconnected", "TOS_BLOCK");
    expect(said.at(-1)).toBe("WhatsApp has blocked the linked number (TOS_BLOCK). Baraza will not try again: a blocked number stays blocked. Link a dedicated number (see the README on the ban risk). Baraza runs on without WhatsApp.");
    await pause(100);
    expect(client.initialized).toBe(1);
  });

  it("says at start that sending is paused, when WHATSAPP_PAUSED is set or the session folder holds a file named paused", async () => {
    await started({ pace: { minGapMs: 3000, maxPerMinute: 20, paused: true }, sessionDir: join(dir, "a") });
    expect(said.at(-1)).toContain("WhatsApp sending is paused");
    mkdirSync(join(dir, "b"));
    writeFileSync(join(dir, "b", "paused"), "");
    said = [];
    await started({ sessionDir: join(dir, "b") });
    expect(said.at(-1)).toContain("WhatsApp sending is paused");
  });
});
