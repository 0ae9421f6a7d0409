/**
 * Killing a working process at random moments and starting it again, as a
 * power cut, the OOM killer or `kill -9` would, until its work is done. The
 * moment of each kill is a timer drawn from the part's random source, started
 * once the process has done its first unit of work (a kill while it opens
 * its store proves little) and running over the time the work left should
 * take shared among the kills left, so kills fall at any point of the work
 * (before, during and after commits and sends) rather than at chosen steps.
 */
import type { Child, Exit } from "./children.ts";
import type { Part } from "./part.ts";

/** How long a process may take to open its store, and to finish its work. */
const START_MS = 60_000;
const RUN_MS = 120_000;

export interface KillPlan {
  /** Starts the `run`th process (from 0); it prints "ready" once its store is open. */
  start(run: number): Child;
  /** Units of work not yet done (updates not acknowledged, messages not sent). */
  left(): number;
  /** Units of work the process has done so far. */
  done(child: Child): number;
  /** A first guess of the time one unit takes, before a run has measured it. */
  msPerUnit: number;
}

/** What a part that kills processes reports of its runs, whatever work they did. */
export interface KillReport {
  /** The store the processes worked on. */
  url: string;
  /** How much work each killed process had done when it was killed. */
  killedAfter: number[];
  runs: number;
  lost: number;
  errors: string[];
}

export interface Run {
  exit: Exit;
  killed: boolean;
  /** Milliseconds between "ready" and the end. */
  ms: number;
  /** Units of work it did before it ended. */
  units: number;
  pid: number;
}

/**
 * Runs processes until one has ended by itself with no work left, killing
 * the first `kills` of them at random moments; returns every run.
 */
export async function killUntilDone(part: Part, kills: number, plan: KillPlan): Promise<Run[]> {
  const runs: Run[] = [];
  // The pace of the work, over every run so far: units done, and the milliseconds from each run's first unit to its end.
  let paced = { units: 0, ms: 0 };
  const msPerUnit = () => (paced.units >= 5 ? paced.ms / paced.units : plan.msPerUnit);
  let killed = 0;
  // Enough runs for every kill, and a few more to finish, should kills come before any work.
  for (let run = 0; run < kills + 5 && !part.scope.stopped; run += 1) {
    const last = runs.at(-1);
    if (last && !last.killed && plan.left() === 0) break;
    const child = plan.start(run);
    if (!(await child.waitForLine((line) => line === "ready", START_MS))) throw new Error(`a process did not start: ${child.stderr.slice(0, 2000)}`);
    const readyAt = Date.now();
    let killedHere = false;
    let timer: NodeJS.Timeout | undefined;
    const working = killed < kills ? await firstUnit(child, plan) : readyAt;
    if (killed < kills && child.running) {
      const share = (plan.left() * msPerUnit()) / (kills - killed + 1);
      timer = setTimeout(() => {
        killedHere = child.running;
        child.kill();
      }, part.random.next() * share);
    }
    const exit = await child.end(RUN_MS);
    clearTimeout(timer);
    const ms = Date.now() - readyAt;
    const units = plan.done(child);
    // The pace of the work itself, from its first unit on: opening the store is not part of it.
    if (units >= 2) paced = { units: paced.units + units - 1, ms: paced.ms + Date.now() - working };
    const wasKilled = killedHere && exit.signal === "SIGKILL";
    if (wasKilled) killed += 1;
    else if (exit.code !== 0) throw new Error(`a process failed (${exit.code ?? exit.signal}): ${child.stderr.slice(0, 2000)}`);
    runs.push({ exit, killed: wasKilled, ms, units, pid: child.pid });
  }
  return runs;
}

/** Resolves, with the time, once the process has done a unit of work or has ended. */
async function firstUnit(child: Child, plan: KillPlan): Promise<number> {
  while (child.running && plan.done(child) === 0) await new Promise((resolve) => setTimeout(resolve, 2));
  return Date.now();
}
