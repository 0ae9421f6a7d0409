/** Every command and every conversation, by name. */
import type { Command, Conversation } from "./command.ts";
import { assess, assessConversation } from "./assess.ts";
import { closevote, closevoteConversation } from "./closevote.ts";
import { concern, concernConversation } from "./concern.ts";
import { concerns } from "./concerns.ts";
import { next, nextConversation, step } from "./cycle.ts";
import { help } from "./help.ts";
import { invite } from "./invitations.ts";
import { join, joinConversation } from "./join.ts";
import { lang, languageConversation } from "./language.ts";
import { plan, planConversation } from "./plan.ts";
import { plans } from "./plans.ts";
import { priorities } from "./priorities.ts";
import { setup, setupConversation } from "./setup.ts";
import { stakeholders, stakeholdersConversation } from "./stakeholders.ts";
import { start } from "./start.ts";
import { ballotConversation, vote } from "./vote.ts";
import { done, nudge, overdue, progress, progressConversation, tasks } from "./tasks.ts";
import { indicator, indicatorConversation } from "./indicator.ts";
import { review, reviewConversation } from "./review.ts";
import { evaluate, evaluateConversation, lessons } from "./evaluate.ts";
import { newcycle, newcycleConversation } from "./newcycle.ts";
import { groups, summary } from "./summary.ts";
import { exportCommand } from "./export.ts";
import { forgetme, forgetmeConversation, mydata, privacy } from "./privacy.ts";

export const COMMANDS: ReadonlyMap<string, Command> = new Map(
  [help, start, setup, invite, join, lang, step, next, assess, stakeholders, concern, concerns, vote, closevote, priorities, plan, plans, tasks, done, progress, indicator, review, evaluate, lessons, newcycle, overdue, nudge, summary, groups, exportCommand, privacy, mydata, forgetme].map((c) => [c.name, c]),
);

export const CONVERSATIONS: ReadonlyMap<string, Conversation> = new Map(
  [languageConversation, setupConversation, joinConversation, nextConversation, assessConversation, stakeholdersConversation, concernConversation, ballotConversation, planConversation, indicatorConversation, progressConversation, reviewConversation, evaluateConversation, newcycleConversation, forgetmeConversation, closevoteConversation].map((c) => [c.name, c]),
);
