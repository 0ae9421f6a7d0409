/**
 * The Prisma implementation of the flows' `Store`, for SQLite and PostgreSQL.
 *
 * One repository per port, each handed the same connection. Inside
 * `transaction`, a second store is built on the interactive-transaction
 * client, so every repository the work touches writes into that transaction.
 *
 * @example
 * const { client } = await openDatabase(url);
 * const store = createStore(database);
 * await store.transaction(async (tx) => {
 *   if (!(await tx.updates.markProcessed("telegram", "42", now))) return;
 *   await tx.concerns.add({ ... });
 * });
 */
import type { Store } from "../flows/ports.ts";
import type { Database } from "./database.ts";
import { PrismaAssessmentRepository } from "./repositories/assessments.ts";
import { PrismaAuditLog } from "./repositories/audit.ts";
import { PrismaConcernRepository } from "./repositories/concerns.ts";
import { Connection, DEFAULT_TRANSACTION_LIMITS, type TransactionLimits } from "./repositories/connection.ts";
import { PrismaConversationRepository } from "./repositories/conversations.ts";
import { PrismaCycleRepository } from "./repositories/cycles.ts";
import { PrismaGroupRepository } from "./repositories/groups.ts";
import { PrismaInvitationRepository } from "./repositories/invitations.ts";
import { PrismaLanes } from "./repositories/lanes.ts";
import { PrismaJobRepository } from "./repositories/jobs.ts";
import { PrismaMembershipRepository } from "./repositories/memberships.ts";
import { PrismaMonitoringRepository } from "./repositories/monitoring.ts";
import { PrismaPeopleRepository } from "./repositories/people.ts";
import { PrismaPlanRepository } from "./repositories/plans.ts";
import { PrismaPriorityRepository } from "./repositories/priorities.ts";
import { PrismaPrivacyRepository } from "./repositories/privacy.ts";
import { PrismaProgrammeRepository } from "./repositories/programmes.ts";
import { PrismaSentQuestionRepository } from "./repositories/sent-questions.ts";
import { PrismaSiteCheckRepository } from "./repositories/site-checks.ts";
import { PrismaStakeholderRepository } from "./repositories/stakeholders.ts";
import { PrismaUpdateLog } from "./repositories/updates.ts";
import { PrismaVoteRepository } from "./repositories/votes.ts";

export type { TransactionLimits } from "./repositories/connection.ts";

export class PrismaStore implements Store {
  readonly lanes: PrismaLanes;
  readonly people: PrismaPeopleRepository;
  readonly programmes: PrismaProgrammeRepository;
  readonly invitations: PrismaInvitationRepository;
  readonly groups: PrismaGroupRepository;
  readonly memberships: PrismaMembershipRepository;
  readonly cycles: PrismaCycleRepository;
  readonly siteChecks: PrismaSiteCheckRepository;
  readonly assessments: PrismaAssessmentRepository;
  readonly stakeholders: PrismaStakeholderRepository;
  readonly concerns: PrismaConcernRepository;
  readonly votes: PrismaVoteRepository;
  readonly priorities: PrismaPriorityRepository;
  readonly plans: PrismaPlanRepository;
  readonly monitoring: PrismaMonitoringRepository;
  readonly jobs: PrismaJobRepository;
  readonly conversations: PrismaConversationRepository;
  readonly sentQuestions: PrismaSentQuestionRepository;
  readonly updates: PrismaUpdateLog;
  readonly audit: PrismaAuditLog;
  readonly privacy: PrismaPrivacyRepository;

  constructor(
    private readonly connection: Connection,
    private readonly provider: Database["provider"],
    private readonly session: Database["session"],
  ) {
    this.lanes = new PrismaLanes(connection, provider, session);
    this.people = new PrismaPeopleRepository(connection);
    this.programmes = new PrismaProgrammeRepository(connection);
    this.invitations = new PrismaInvitationRepository(connection);
    this.groups = new PrismaGroupRepository(connection);
    this.memberships = new PrismaMembershipRepository(connection);
    this.cycles = new PrismaCycleRepository(connection);
    this.siteChecks = new PrismaSiteCheckRepository(connection);
    this.assessments = new PrismaAssessmentRepository(connection);
    this.stakeholders = new PrismaStakeholderRepository(connection);
    this.concerns = new PrismaConcernRepository(connection);
    this.votes = new PrismaVoteRepository(connection);
    this.priorities = new PrismaPriorityRepository(connection);
    this.plans = new PrismaPlanRepository(connection);
    this.monitoring = new PrismaMonitoringRepository(connection);
    this.jobs = new PrismaJobRepository(connection);
    this.conversations = new PrismaConversationRepository(connection);
    this.sentQuestions = new PrismaSentQuestionRepository(connection);
    this.updates = new PrismaUpdateLog(connection);
    this.audit = new PrismaAuditLog(connection);
    this.privacy = new PrismaPrivacyRepository(connection);
  }

  /**
   * Runs `work` in one interactive transaction, rolled back if `work` throws.
   * Called on a store that is already inside a transaction, it simply runs
   * `work` there: the outer transaction decides what lands.
   */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const { inTransaction, limits, transact } = this.connection;
    if (inTransaction) return work(this);
    return transact((tx) => work(new PrismaStore(this.connection.within(tx), this.provider, this.session)), limits);
  }

  /**
   * SQLite: a checkpoint that copies the write-ahead log into the database
   * and truncates it, so the log keeps no earlier image of a page (with
   * `secure_delete`, deleted rows in the file itself are zeroed). A reader
   * holding an old snapshot can make it give up part-way; it is tried again
   * after the next such write. PostgreSQL: nothing can be done from here
   * (its WAL and dead row versions are the server's; autovacuum removes the
   * latter); the flows keep such rows out of the transaction instead.
   */
  async forgetTraces(): Promise<void> {
    if (this.provider !== "sqlite" || this.connection.inTransaction) return;
    await this.connection.client.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  }
}

/**
 * A store on an open database (see `openDatabase`), whose provider decides
 * what `forgetTraces` and `lanes` do (the lanes use its session on
 * PostgreSQL); `limits` bound each transaction's wait and run time.
 */
export function createStore(database: Pick<Database, "client" | "provider" | "cache" | "session" | "transact">, limits: Partial<TransactionLimits> = {}): Store {
  return new PrismaStore(new Connection(database.client, false, database.transact, { ...DEFAULT_TRANSACTION_LIMITS, ...limits }, database.cache), database.provider, database.session);
}
