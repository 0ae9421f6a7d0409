/**
 * The fake Slack Web API of the Slack adapter's tests, in a process of its
 * own on loopback (so its work is not the measured process's; it shares the
 * machine's cores), knowing BENCH_FAKE_PEOPLE people (slack-talk.ts).
 * Tells its parent its address over IPC.
 */
import { FakeSlackApi } from "../../test/bots/slack/fake-web-api.ts";
import { slackUser } from "./slack-talk.ts";

const api = await FakeSlackApi.start();
for (let index = 0; index < Number(process.env["BENCH_FAKE_PEOPLE"] ?? 0); index++) api.addUser(slackUser(index));
process.send?.({ kind: "ready", apiRoot: api.url });
