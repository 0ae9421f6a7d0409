/**
 * Dates and times as people read them: always in the group's time zone (a
 * task due on the 10th in Kathmandu is due on the 10th, even though that day
 * begins at 18:15 UTC on the 9th), and written the same in every language
 * and calendar (ISO 8601). Every date a person reads, in a chat, a reminder,
 * `mydata` or an export, is written by one of these.
 */
import { DateTime } from "luxon";

function inZone(at: Date, timeZone: string): DateTime {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new Error(`Cannot show ${String(at)} in time zone "${timeZone}": use an IANA zone name such as "Asia/Yangon".`);
  return local;
}

/** `2025-03-07`: the day `at` falls on in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  return inZone(at, timeZone).toFormat("yyyy-MM-dd");
}

/** `2025-03-07 18:30`, in `timeZone`. */
export function localDateTime(at: Date, timeZone: string): string {
  return inZone(at, timeZone).toFormat("yyyy-MM-dd HH:mm");
}

/** `18:30`, in `timeZone`. */
export function localTime(at: Date, timeZone: string): string {
  return inZone(at, timeZone).toFormat("HH:mm");
}
