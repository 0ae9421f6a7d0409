/**
 * SQLite serves one process: nothing would keep one person's messages in
 * order between two. So the figure that matters is whether a second
 * Baraza (the real `src/main.ts`, in terminal mode) started on the same file
 * refuses to run. If it ran, updates could be handled out of order: every
 * pair is counted as unprotected.
 */
import { Child, script } from "./children.ts";
import { tempFolder } from "./databases.ts";
import type { Part } from "./part.ts";

/** How long a Baraza may take to start, and a refusing one to say so and stop. */
const START_MS = 60_000;
const REFUSE_MS = 30_000;

export async function secondProcessOnSqlite(part: Part): Promise<void> {
  const url = await part.freshUrl("one-process");
  const env = { DATABASE_URL: url, DEFAULT_TIMEZONE: "Asia/Yangon" };
  // Run in a folder of their own: no `.env` there to turn a platform on, and their data/exports stay out of the repository.
  const cwd = await tempFolder(part.scope, "one-process");
  const first = new Child(part.scope, script("../main.ts"), env, { stdin: true, cwd });
  if (!(await first.waitForLine((line) => line.startsWith("Baraza in the terminal"), START_MS))) throw new Error(`the first Baraza did not start: ${first.stderr}`);

  const second = new Child(part.scope, script("../main.ts"), env, { stdin: true, cwd });
  const exit = await Promise.race([second.exited, second.waitForLine((line) => line.startsWith("Baraza in the terminal"), REFUSE_MS).then(() => null)]);
  const refused = exit !== null && exit.code === 1 && second.stderr.includes("another Baraza process");
  second.kill();

  // The first is unharmed by the attempt: it still answers, and stops cleanly.
  first.write("/help\n/quit\n");
  const firstExit = await first.end(REFUSE_MS);
  const answered = first.lines.some((line) => line.includes("/concern"));

  part.tried(`two Baraza processes (src/main.ts, terminal mode) on one SQLite file: the second ${refused ? `refused (exit 1: "${second.stderr.trim().split("\n")[0]?.slice(0, 90)}…")` : `was not refused (${exit ? `exit ${exit.code}` : "still running"})`}; the first ${answered ? "still answered" : "did not answer"} and ended ${firstExit.code ?? firstExit.signal}`);
  part.figure("secondProcessRan", refused ? 0 : 1);
  part.figure("outOfOrder", refused ? 0 : part.settings.pairs);
  part.figure("firstProcessHarmed", answered && firstExit.code === 0 ? 0 : 1);
}
