/**
 * The Unicode Bidirectional Algorithm (UAX #9), from bidi-js, one instance
 * for the process.
 *
 * bidi-js is a CommonJS module whose `module.exports` is the factory, but
 * its typings declare an ES default export; TypeScript (NodeNext) then
 * types the default import as the module object, which Node does not give.
 * Loading it with `require` and naming the factory's type gets both right.
 */
import { createRequire } from "node:module";
import type { Bidi } from "bidi-js";

const require = createRequire(import.meta.url);
const bidiFactory: () => Bidi = require("bidi-js");

export const bidi = bidiFactory();
export type { EmbeddingLevels } from "bidi-js";
