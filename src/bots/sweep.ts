/**
 * The sweep: every so often, whatever scheduled messages have fallen due
 * (digests, vote deadlines, reminders, nudges) are sent on their platform.
 * One sweep runs at a time in a process; a failed one is logged and the
 * next one tries again, since jobs stay claimed until their messages were
 * sent. Other processes may sweep the same database meanwhile: each job goes
 * to one of them, which renews its claim for as long as it works on it (see
 * flows/jobs.ts), and that renewal ends with the sweep.
 */
import type { Baraza } from "../flows/baraza.ts";
import type { Outlet } from "../flows/channel.ts";
import { describeError } from "../flows/errors.ts";
import type { Send } from "../flows/jobs.ts";
import type { Logger } from "../flows/ports.ts";

export interface Sweep {
  /** Stops the timer and waits for a sweep under way to finish. */
  stop(): Promise<void>;
}

/**
 * One `Send` for every running platform: each message goes through the
 * channel of its destination's platform, shaped by the core as replies are.
 */
export function sendByPlatform(baraza: Pick<Baraza, "send">, channels: Record<string, Outlet>): Send {
  return async (message) => {
    const channel = channels[message.to.platform];
    // Not running now: the job stays claimed and is tried again once its platform is back.
    if (!channel) throw new Error(`No running platform "${message.to.platform}" to send a scheduled message on`);
    return baraza.send(channel, message);
  };
}

export function startSweep(baraza: Baraza, send: Send, intervalMs: number, log: Logger): Sweep {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const sweep = async (): Promise<void> => {
    try {
      await baraza.deliverDue(send);
    } catch (error) {
      log.error("sweep-failed", describeError(error));
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweep().then(schedule);
    }, intervalMs);
  };
  running = sweep().then(schedule);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
