/**
 * kill -9: during writes (acknowledged writes lost), during sweeps
 * (reminders lost, or sent twice outside the documented window), and the
 * stores' integrity after both.
 */
import { checkIntegrity } from "./integrity.ts";
import type { Section } from "./part.ts";
import { killDuringSweeps } from "./sweep-kills.ts";
import { killDuringWrites } from "./write-kills.ts";

export const kills: Section = {
  name: "kill",
  async run(part) {
    const writes = await killDuringWrites(part);
    part.tried(
      `${writes.updates} updates written by a bot process killed ${writes.killedAfter.length} times at random moments (after ${writes.killedAfter.join(", ")} acknowledgements; ${writes.runs} runs), ` +
        `unacknowledged ones redelivered; errors logged: ${writes.errors.length === 0 ? "none" : writes.errors.join(", ")}`,
    );
    const sweeps = await killDuringSweeps(part);
    part.tried(
      `${sweeps.digests} digests due, the sweep killed ${sweeps.killedAfter.length} times at random moments (after ${sweeps.killedAfter.join(", ")} sends; ${sweeps.runs} runs), restarted after each lease; ` +
        `${sweeps.doubledInWindow} sent twice in the documented window (accepted by the platform, killed before marking the job sent); jobs not sent at the end: ${sweeps.unsentJobs}; errors logged: ${sweeps.errors.length === 0 ? "none" : sweeps.errors.join(", ")}`,
    );
    const afterWrites = await checkIntegrity(part, writes.url);
    const afterSweeps = await checkIntegrity(part, sweeps.url);
    part.tried(`after the kills: writes store ${afterWrites.checked}; sweeps store ${afterSweeps.checked}`);
    part.figure("lostWrites", writes.lost);
    part.figure("doubledWrites", writes.doubled);
    part.figure("remindersLost", sweeps.lost + sweeps.unsentJobs);
    part.figure("remindersDoubled", sweeps.doubled);
    part.figure("integrityProblems", afterWrites.problems + afterSweeps.problems);
  },
};
