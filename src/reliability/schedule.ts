/**
 * The timetable two bot processes are given in the two-process part: one
 * person's private message, `at` milliseconds after the common start, with
 * its number in the platform's order (Telegram's update_id).
 */
import { z } from "zod";

export const scheduleSchema = z.array(z.object({ at: z.number(), person: z.object({ id: z.string(), name: z.string() }), text: z.string(), order: z.number().int() }));

export type Schedule = z.infer<typeof scheduleSchema>;
