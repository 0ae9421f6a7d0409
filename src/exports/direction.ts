/**
 * Which way an export is laid out: an Arabic brief from the right margin, its
 * charts mirrored (which languages run right to left: src/domain/direction.ts).
 */
import { isRightToLeft } from "../domain/direction.ts";

export type Direction = "ltr" | "rtl";

export function directionOf(locale: string): Direction {
  return isRightToLeft(locale) ? "rtl" : "ltr";
}
