/**
 * The bench's talk (telegram-talk.ts) on Slack, as Bolt receives it: each
 * person, in their direct message with the bot, adds a stakeholder with the
 * slash command and answers the stance question, alternately typing the
 * answer (a DM message event) and pressing the question's first button (a
 * `block_actions` request for the button as the bot drew it).
 */
import { webApi } from "@slack/bolt";

export const SLACK_TOKEN = "xoxb-test-token";
export const SLACK_CHANNEL = "C0BENCHGROUP";
export const TEAM = "T0001";

export const slackUser = (index: number) => ({ id: `UBENCH${String(index).padStart(5, "0")}`, name: `Person ${index + 1}` });
export const slackDm = (index: number): string => `D${slackUser(index).id}`;

interface Drawn {
  ts: string;
  blocks: unknown[];
  button: { action_id: string; value: string };
}

/** A Web API client that shows the talk every call and its answer. */
export class WatchedClient extends webApi.WebClient {
  constructor(
    url: string,
    private readonly talk: SlackTalk,
  ) {
    super(SLACK_TOKEN, { slackApiUrl: url, retryConfig: { retries: 0 } });
  }

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<webApi.WebAPICallResult> {
    const result = await super.apiCall(method, options);
    this.talk.saw(method, options ?? {}, result);
    return result;
  }
}

export class SlackTalk {
  private readonly drawn = new Map<string, Drawn>();
  private readonly answers = new Map<string, number>();
  private readonly steps = new Map<number, number>();
  private serial = 0;
  sent = 0;

  constructor(private readonly url: string) {}

  saw(method: string, payload: Record<string, unknown>, result: webApi.WebAPICallResult): void {
    const where = String(payload["channel"] ?? payload["channel_id"] ?? "");
    const chat = where.startsWith("U") ? `D${where}` : where;
    this.answers.set(chat, (this.answers.get(chat) ?? 0) + 1);
    const blocks = Array.isArray(payload["blocks"]) ? payload["blocks"] : [];
    const button = firstButton(blocks);
    const ts: unknown = "ts" in result ? result.ts : undefined;
    if (method === "chat.postMessage" && button && typeof ts === "string") this.drawn.set(chat, { ts, blocks, button });
  }

  answered(index: number): number {
    return this.answers.get(slackDm(index)) ?? 0;
  }

  hasButtons(index: number): boolean {
    return this.drawn.has(slackDm(index));
  }

  /** How many people have talked so far. */
  get people(): number {
    return this.steps.size;
  }

  /** The next request body from the person with this index. */
  next(index: number): Record<string, unknown> {
    const step = this.steps.get(index) ?? 0;
    this.steps.set(index, step + 1);
    this.sent += 1;
    const user = slackUser(index);
    const dm = slackDm(index);
    const serial = String(++this.serial).padStart(7, "0");
    const round = Math.floor(step / 2);
    if (step % 2 === 0) {
      return { command: "/baraza", text: `stakeholders add Office ${round + 1} of ${user.name}`, user_id: user.id, user_name: user.name, channel_id: dm, team_id: TEAM, trigger_id: `trigger-${serial}`, response_url: `${this.url}response/${serial}` };
    }
    if (round % 2 === 0) {
      return { type: "event_callback", team_id: TEAM, api_app_id: "A0001", event_id: `Ev${serial}`, event_time: 1, event: { type: "message", channel: dm, channel_type: "im", user: user.id, text: "1", ts: `1800000000.${serial}` } };
    }
    const drawn = this.drawn.get(dm) ?? { ts: "1800000000.000000", blocks: [], button: { action_id: "q", value: "q::1" } };
    return {
      type: "block_actions",
      team: { id: TEAM },
      user: { id: user.id, name: user.name },
      trigger_id: `trigger-${serial}`,
      response_url: `${this.url}response/${serial}`,
      container: { type: "message", message_ts: drawn.ts, channel_id: dm, is_ephemeral: false },
      channel: { id: dm },
      message: { ts: drawn.ts, type: "message", text: "", blocks: drawn.blocks },
      actions: [{ type: "button", action_id: drawn.button.action_id, block_id: "b", value: drawn.button.value, action_ts: "1" }],
    };
  }
}

function firstButton(blocks: unknown[]): Drawn["button"] | undefined {
  for (const block of blocks) {
    if (typeof block !== "object" || block === null || !("elements" in block) || !Array.isArray(block.elements)) continue;
    for (const element of block.elements) {
      if (typeof element === "object" && element !== null && "action_id" in element && "value" in element && typeof element.action_id === "string" && typeof element.value === "string") {
        return { action_id: element.action_id, value: element.value };
      }
    }
  }
  return undefined;
}
