/**
 * Who a Slack user is: Slack's events name people by id only, so their name
 * (as their workspace shows it) and their language are asked of
 * `users.info`, and kept a while in memory, never in the store beyond what
 * the core keeps of anyone (their name, their language on first contact).
 */
import type { webApi } from "@slack/bolt";
import { cleanName, hasVisible } from "../../domain/text.ts";
import type { Logger } from "../../flows/ports.ts";
import type { SlackPerson } from "./inbound.ts";

/** How long a person's name is trusted before it is asked again: a renamed person shows under their new name within this. */
const FRESH_MS = 10 * 60 * 1000;
/** How many people are kept; the oldest is forgotten first. */
const KEPT = 5000;

export class SlackDirectory {
  private readonly known = new Map<string, { person: SlackPerson; at: number }>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
  ) {}

  /**
   * The person with this id. When Slack cannot say (an outage, a missing
   * scope), the name the request gave (a slash command's `user_name`) or
   * "—" stands in, and no language: the message is still answered.
   */
  async person(id: string, given?: string): Promise<SlackPerson> {
    const kept = this.known.get(id);
    if (kept && Date.now() - kept.at < FRESH_MS) return kept.person;
    try {
      const answer = await this.client.users.info({ user: id, include_locale: true });
      const user = answer.user;
      const name = [user?.profile?.display_name, user?.profile?.real_name, user?.real_name, user?.name].map((n) => cleanName(n ?? "")).find(hasVisible) ?? "—";
      const person: SlackPerson = { id, name, ...(user?.locale ? { locale: user.locale } : {}) };
      this.keep(id, person);
      return person;
    } catch (error) {
      this.log.error("slack-user-unknown", { error: error instanceof Error ? error.name : "unknown" });
      return kept?.person ?? { id, name: given && hasVisible(cleanName(given)) ? cleanName(given) : "—" };
    }
  }

  private keep(id: string, person: SlackPerson): void {
    this.known.delete(id);
    this.known.set(id, { person, at: Date.now() });
    for (const oldest of this.known.keys()) {
      if (this.known.size <= KEPT) break;
      this.known.delete(oldest);
    }
  }
}
