/**
 * What a SQLite file keeps that could join an anonymous concern to its
 * author (issue 8, point 4): the author's private conversation, keyed
 * `<platform>:dm:<person id>`, is deleted when the concern is stored, but a
 * deleted row stays readable in its freed page and in the write-ahead log
 * unless it is overwritten. Counted: the authors whose key can be read
 * anywhere in the database file or its -wal.
 */
import { existsSync, readFileSync } from "node:fs";
import { sqlitePath } from "../store/adapters.ts";
import type { RaisedConcern } from "./anonymous-concerns.ts";
import { PLATFORM } from "./world.ts";

export function authorKeysInSqlite(url: string, concerns: readonly RaisedConcern[]): { found: number; bytes: number } {
  const path = sqlitePath(url);
  const bytes = Buffer.concat([readFileSync(path), existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0)]).toString("latin1");
  const authors = new Set(concerns.map((concern) => concern.authorId));
  const found = [...authors].filter((author) => new RegExp(`${PLATFORM}:dm:${author}(?![0-9])`).test(bytes)).length;
  return { found, bytes: bytes.length };
}
