/**
 * What a child process of the suite needs to run Baraza: the store on
 * DATABASE_URL and the usual texts and settings, with errors logged to
 * standard error as JSON lines (the parent counts them), as `main.ts` would.
 */
import type { Clock } from "../flows/ports.ts";
import type { Deps } from "../flows/turn.ts";
import type { Database } from "../store/database.ts";
import { createStore } from "../store/store.ts";
import { sharedTexts } from "./world.ts";

export function processDeps(database: Database, clock: Clock): Deps {
  return {
    store: createStore(database),
    clock,
    texts: sharedTexts(),
    ids: { code: () => `P${process.pid}` },
    settings: { defaultLocale: "en", defaultTimeZone: "Asia/Yangon", retentionDays: 365 },
    log: { error: (event, details) => process.stderr.write(`${JSON.stringify({ event, ...details })}\n`) },
  };
}

/** The events a child logged (one JSON object per line of its standard error); other lines are left out. */
export function loggedEvents(stderr: string): string[] {
  const events: string[] = [];
  for (const line of stderr.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === "object" && parsed !== null && "event" in parsed && typeof parsed.event === "string") events.push(parsed.event);
    } catch {
      // A line cut short by a kill.
    }
  }
  return events;
}

/** The first line of standard input: how a parent says "now" to processes it started. */
export function firstInputLine(): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    const take = (chunk: string) => {
      text += chunk;
      const end = text.indexOf("\n");
      if (end < 0) return;
      process.stdin.off("data", take);
      process.stdin.pause();
      resolve(text.slice(0, end));
    };
    process.stdin.setEncoding("utf8").on("data", take);
  });
}
