/** What may be logged of an error. */

/** An error's kind and where it happened, without its message (which may quote what someone wrote). */
export function describeError(error: unknown): Record<string, string> {
  if (!(error instanceof Error)) return { error: typeof error };
  const described: Record<string, string> = { error: error.name, at: (error.stack ?? "").split("\n").slice(1, 4).map((line) => line.trim()).join(" | ") };
  if ("code" in error && typeof error.code === "string") described["code"] = error.code;
  return described;
}
