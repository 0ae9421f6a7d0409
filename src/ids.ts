/** Random one-time codes for invitations. */
import { randomInt } from "node:crypto";
import type { IdSource } from "./flows/turn.ts";

/** Without look-alikes (no 0/O, 1/I/L), so a code read aloud or copied by hand still works. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const LENGTH = 10;

export const randomIds: IdSource = {
  code() {
    return Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  },
};
