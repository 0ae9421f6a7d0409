/**
 * Reading stored values back into domain types.
 *
 * Text columns hold enumerations ("open", "merged", ...) and JSON documents
 * (choices, conversation state, ...). What the store wrote itself must read
 * back, so a value that does not fit is a bug or a hand-edited row: we throw,
 * naming the row and column, rather than hand the flows something malformed.
 */
import { z } from "zod";

/** Checks a column's value against its schema; `where` names it in the error, e.g. "Concern 12 status". */
export function decode<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`Stored value of ${where} is malformed: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** Parses a JSON text column, then checks it as `decode` does. */
export function decodeJson<S extends z.ZodType>(schema: S, text: string, where: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`Stored value of ${where} is not JSON`, { cause: error });
  }
  return decode(schema, value, where);
}

/** A JSON object with any fields, as payloads, conversation state and audit details are. */
export const jsonObject = z.record(z.string(), z.unknown());
