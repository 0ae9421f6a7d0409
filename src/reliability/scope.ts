/**
 * What one part of the suite leaves behind (processes, databases, servers,
 * temporary folders), undone in reverse order when the part ends, whether it
 * finished, failed or ran out of time. A part that is stopped for time may
 * still have work under way; undoing closes what that work uses, so it fails
 * quickly instead of running on beside the next part.
 */
export class Scope {
  private readonly undo: { what: string; run: () => Promise<void> | void }[] = [];
  private closed = false;

  /** Registers how to undo something just made; `what` names it if undoing fails. */
  defer(what: string, run: () => Promise<void> | void): void {
    if (this.closed) {
      // Made after the part was stopped: undone at once.
      void Promise.resolve().then(run).catch(() => undefined);
      return;
    }
    this.undo.push({ what, run });
  }

  /** Whether the part was stopped; long loops look at it to end early. */
  get stopped(): boolean {
    return this.closed;
  }

  /** Undoes everything, last made first; returns what could not be undone. */
  async close(): Promise<string[]> {
    this.closed = true;
    const failed: string[] = [];
    for (const { what, run } of this.undo.splice(0).reverse()) {
      try {
        await run();
      } catch (error) {
        failed.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return failed;
  }
}
