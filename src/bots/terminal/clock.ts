/** How the terminal's `/wait` reads how far to move its clock (a `MovableClock`, src/clock.ts). */
import { Duration } from "luxon";

/** Reads durations such as `3d`, `12h`, `30m` or `1d12h`; null for anything else. */
export function parseDuration(text: string): Duration | null {
  const match = /^(?:(\d{1,4})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m)?$/i.exec(text.trim());
  if (!match || text.trim() === "") return null;
  const [, days, hours, minutes] = match;
  const duration = Duration.fromObject({ days: Number(days ?? 0), hours: Number(hours ?? 0), minutes: Number(minutes ?? 0) });
  return duration.toMillis() > 0 ? duration : null;
}
