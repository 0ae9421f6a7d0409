import { describe, expect, it } from "vitest";
import { sendByPlatform, startSweep } from "../../src/bots/sweep.ts";
import type { Baraza } from "../../src/flows/baraza.ts";
import type { Outbound } from "../../src/flows/messages.ts";

const toAmina = (platform: string): Outbound => ({ to: { kind: "person", platform, userId: "501" }, text: "Reminder" });

describe("the sweep", () => {
  it("sends each scheduled message on its own platform, and fails for one not running", async () => {
    const sent: string[] = [];
    const telegram = { platform: "telegram", capabilities: { textLimit: 4096, buttons: "inline", edits: true, toOnePerson: "press-notice", files: true, threads: false, forms: false, commandPrefix: "/" }, send: async () => undefined } as const;
    const send = sendByPlatform({ send: async (channel, m) => void sent.push(`${channel.platform}:${m.text}`) }, { telegram });
    await send(toAmina("telegram"));
    expect(sent).toEqual(["telegram:Reminder"]);
    await expect(send(toAmina("slack"))).rejects.toThrow(/slack/);
  });

  it("sweeps at once and then at every interval, goes on after a failure, and stops", async () => {
    let sweeps = 0;
    const logged: string[] = [];
    const baraza: Baraza = {
      handle: async () => [],
      respond: async () => undefined,
      send: async () => undefined,
      async deliverDue() {
        sweeps += 1;
        if (sweeps === 2) throw new Error("database busy");
        return 0;
      },
    };
    const sweep = startSweep(baraza, async () => undefined, 5, { error: (event) => void logged.push(event) });
    await new Promise((resolve) => setTimeout(resolve, 60));
    await sweep.stop();
    const stoppedAt = sweeps;
    expect(stoppedAt).toBeGreaterThanOrEqual(3);
    expect(logged).toContain("sweep-failed");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sweeps).toBe(stoppedAt);
  });
});
