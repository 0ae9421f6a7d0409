/**
 * The process's log: one JSON line per event on standard error. Entries are
 * built from ids and error kinds only (see the Logger port), never from what
 * people wrote.
 */
import type { Logger } from "./flows/ports.ts";

export const jsonLogger: Logger = {
  error(event, details) {
    process.stderr.write(`${JSON.stringify({ level: "error", at: new Date().toISOString(), event, ...details })}\n`);
  },
};
