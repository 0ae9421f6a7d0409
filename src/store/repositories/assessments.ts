import type { AssessmentRepository } from "../../flows/ports.ts";
import type { Connection } from "./connection.ts";

export class PrismaAssessmentRepository implements AssessmentRepository {
  constructor(private readonly db: Connection) {}

  async save(input: { cycleId: number; personId: number; question: string; answer: string; at: Date }): Promise<void> {
    const { cycleId, personId, question, answer, at } = input;
    await this.db.client.assessmentAnswer.create({ data: { cycleId, personId, question, answer, createdAt: at } });
  }

  async respondents(cycleId: number): Promise<number> {
    const people = await this.db.client.assessmentAnswer.findMany({
      where: { cycleId, personId: { not: null } },
      distinct: ["personId"],
      select: { personId: true },
    });
    return people.length;
  }
}
