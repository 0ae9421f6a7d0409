/**
 * What a text column may hold, checked when a row is read: one definition
 * per column, for every repository that reads it (a value that fails is a
 * bug or a damaged row, reported by `decode`).
 */
import { z } from "zod";
import { STEPS } from "../../domain/types.ts";

export const selfDescription = z.array(z.string()).nullable();
export const groupRole = z.enum(["member", "facilitator"]);
export const concernStatus = z.enum(["open", "merged", "priority", "closed"]);
export const votePurpose = z.enum(["priorities", "plan"]);
export const voteMethod = z.enum(["dot", "ranked", "approval"]);
/** A ballot's choices: option positions, as the vote's method reads them. */
export const choices = z.array(z.number().int());
export const stance = z.enum(["supports", "opposes", "unsure"]);
export const planStatus = z.enum(["draft", "proposed", "approved", "rejected"]);
export const taskStatus = z.enum(["open", "doing", "done", "dropped"]);
export const horizon = z.enum(["quick", "long"]);
export const objectivesMet = z.enum(["met", "partly", "not"]);
export const invitationRole = z.enum(["coordinator", "facilitator"]);
export const step = z.literal(STEPS);
