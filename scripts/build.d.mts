// Types for build.mjs, which stays plain JavaScript because it runs as the
// postinstall and in `npm start`, before and without a TypeScript loader.

/** The programs Baraza ships: `dist/<name>.js` from each source. */
export declare const entries: { readonly main: "src/main.ts"; readonly cli: "src/cli.ts" };

export type EntryName = keyof typeof entries;

/** Where a build goes and what it builds; by default the repository's dist/ and every entry. */
export interface BuildOptions {
  root?: string;
  outdir?: string;
  /** Entries to build: keys of `entries`, or of `sources` when given. */
  names?: readonly string[];
  /** Entry points other than Baraza's own (name: source path from the root): the bench builds its bare bot so. */
  sources?: Readonly<Record<string, string>>;
}

/** An output file of a build, as esbuild's metafile describes it. */
export interface BuiltOutput {
  imports: { path: string; kind: string; external?: boolean }[];
  entryPoint?: string;
  inputs: Record<string, unknown>;
}

/** Where the build of `root` goes. */
export declare function distDir(root?: string): string;

/** The compiled file of an entry point. */
export declare function entryFile(name: string, outdir?: string): string;

/** Why the build no longer matches its sources (`src/x.ts changed`), or null when it does. */
export declare function staleReason(options?: BuildOptions): string | null;

/** Builds; `prune` removes files of earlier builds. */
export declare function buildDist(
  options?: BuildOptions & { prune?: boolean },
): Promise<{ inputs: number; outputs: number; metafile: { outputs: Record<string, BuiltOutput> } }>;

/** Builds when stale; returns why it did, or null when the build was fresh. */
export declare function ensureBuilt(options?: BuildOptions): Promise<string | null>;
