/**
 * Real processes for the parts that need them (two bots on one store, a
 * bot or sweep killed with SIGKILL): started from the sources with tsx (as `npm run dev` runs Baraza),
 * their output read line by line, and killed with the scope if still
 * running when their part ends.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Scope } from "./scope.ts";

/** The repository's root, where a child runs unless told otherwise. */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** tsx's loader, found from here, so that a child may run in any folder. */
const TSX = import.meta.resolve("tsx");

/** A script of the suite's (or the app's, `../main.ts`), as a path. */
export function script(relative: string): string {
  return fileURLToPath(new URL(relative, import.meta.url));
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class Child {
  readonly lines: string[] = [];
  stderr = "";
  readonly exited: Promise<Exit>;
  private exit: Exit | null = null;
  private readonly process: ChildProcess;
  private readonly watchers = new Set<() => void>();

  /**
   * Starts `file` with only PATH and `env` in its environment, in `cwd` (the
   * repository's root unless given: `main.ts` reads a `.env` from there, which
   * a suite on loopback must not pick up).
   */
  constructor(scope: Scope, file: string, env: Record<string, string>, options: { stdin?: boolean; cwd?: string } = {}) {
    this.process = spawn(process.execPath, ["--import", TSX, file], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env["PATH"] ?? "", ...env },
      stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"],
    });
    let partial = "";
    this.process.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      const pieces = (partial + chunk).split("\n");
      partial = pieces.pop() ?? "";
      this.lines.push(...pieces);
      for (const watcher of this.watchers) watcher();
    });
    this.process.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
      for (const watcher of this.watchers) watcher();
    });
    this.exited = new Promise((resolve) => {
      this.process.on("close", (code, signal) => {
        this.exit = { code, signal };
        for (const watcher of this.watchers) watcher();
        resolve(this.exit);
      });
      this.process.on("error", (error) => {
        this.stderr += `${error.message}\n`;
      });
    });
    scope.defer(`process ${this.process.pid ?? "?"} (${file})`, async () => {
      if (this.exit) return;
      this.process.kill("SIGKILL");
      await this.exited;
    });
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** Waits until a line of output passes `test`, or the process ends, or `ms` pass; whether the line came. */
  waitForLine(test: (line: string) => boolean, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.lines.some(test);
        if (found || this.exit !== null) finish(found);
      };
      const timer = setTimeout(() => finish(false), ms);
      const finish = (found: boolean) => {
        clearTimeout(timer);
        this.watchers.delete(check);
        resolve(found);
      };
      this.watchers.add(check);
      check();
    });
  }

  /** Waits for the process to end, killing it if it has not within `ms`. */
  async end(ms: number): Promise<Exit> {
    const timer = setTimeout(() => this.process.kill("SIGKILL"), ms);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  write(text: string): void {
    this.process.stdin?.write(text);
  }

  /** SIGKILL, as a power cut or the OOM killer would: no handler runs. */
  kill(): void {
    if (this.exit === null) this.process.kill("SIGKILL");
  }
}
