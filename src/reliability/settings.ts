/**
 * How much the suite tries, from the environment (defaults in brackets), in
 * the benchmark's manner: the defaults keep a run on a small two-core
 * machine within a few minutes, and a longer audit only changes numbers.
 *
 *   RELIABILITY_DATABASES  [sqlite,postgresql]  which stores to run on
 *   RELIABILITY_PARTS      [all]      which parts to run, e.g. fuzz,anonymity (replay, processes, kill, webhook, fuzz, anonymity)
 *   RELIABILITY_POSTGRES_URL  [TEST_POSTGRES_URL, or postgresql://postgres@127.0.0.1:5432/test]
 *                          a server on this machine; each part makes a schema of its own there and drops it
 *   RELIABILITY_SEED       [random]   makes the fuzzed inputs, replays and kill moments again
 *   RELIABILITY_REPLAYS    [150]      updates each delivered 2 to 5 times at once
 *   RELIABILITY_PAIRS      [30]       pairs of one person's messages split between two processes
 *   RELIABILITY_WRITES     [240]      updates written by a process killed KILLS times
 *   RELIABILITY_DIGESTS    [150]      digests swept by a process killed KILLS times
 *   RELIABILITY_KILLS      [6]        SIGKILLs, for writes and for sweeps each
 *   RELIABILITY_FUZZ       [5000]     fuzzed inputs (the audit tried 45000)
 *   RELIABILITY_ANONYMOUS  [6]        anonymous concerns looked for links, half in one go, half asked
 *   RELIABILITY_SECTION_SECONDS [240] the most any one part may take before it is stopped and counted as failed
 */
import { randomInt } from "node:crypto";
import type { Provider } from "../store/database.ts";

export interface Settings {
  databases: Provider[];
  /** The parts to run, by name; empty for all. */
  parts: string[];
  postgresUrl: string;
  seed: number;
  replays: number;
  pairs: number;
  writes: number;
  digests: number;
  kills: number;
  fuzz: number;
  anonymous: number;
  sectionMs: number;
}

/** Hosts that are this machine: the suite sends nothing anywhere else. */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** The settings, or the list of variables to fix, each with the form it should take. */
export function readSettings(env: NodeJS.ProcessEnv): { kind: "accepted"; settings: Settings } | { kind: "rejected"; problems: string[] } {
  const problems: string[] = [];
  const count = (name: string, fallback: number, min = 1): number => {
    const raw = env[`RELIABILITY_${name}`];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < min) problems.push(`RELIABILITY_${name}: use a whole number, at least ${min}, such as ${fallback}`);
    return value;
  };
  const databases = (env["RELIABILITY_DATABASES"] ?? "sqlite,postgresql").split(",").map((name) => name.trim()).filter((name) => name !== "");
  const known = databases.filter((name): name is Provider => name === "sqlite" || name === "postgresql");
  if (known.length !== databases.length || known.length === 0) problems.push("RELIABILITY_DATABASES: use sqlite, postgresql, or both separated by a comma");
  const postgresUrl = env["RELIABILITY_POSTGRES_URL"] ?? env["TEST_POSTGRES_URL"] ?? "postgresql://postgres@127.0.0.1:5432/test";
  if (known.includes("postgresql") && !isLoopback(postgresUrl)) problems.push("RELIABILITY_POSTGRES_URL: use a postgresql:// URL on this machine (127.0.0.1, localhost or [::1]); the suite talks to nothing else");
  const settings: Settings = {
    databases: known,
    parts: (env["RELIABILITY_PARTS"] ?? "").split(",").map((name) => name.trim()).filter((name) => name !== ""),
    postgresUrl,
    seed: count("SEED", randomInt(1, 2 ** 31 - 1), 0),
    replays: count("REPLAYS", 150),
    pairs: count("PAIRS", 30),
    writes: count("WRITES", 240),
    digests: count("DIGESTS", 150),
    kills: count("KILLS", 6),
    fuzz: count("FUZZ", 5000),
    anonymous: count("ANONYMOUS", 6, 2),
    sectionMs: count("SECTION_SECONDS", 240) * 1000,
  };
  return problems.length > 0 ? { kind: "rejected", problems } : { kind: "accepted", settings };
}

function isLoopback(url: string): boolean {
  try {
    const parsed = new URL(url);
    return /^postgres(ql)?:$/.test(parsed.protocol) && LOOPBACK.has(parsed.hostname);
  } catch {
    return false;
  }
}
