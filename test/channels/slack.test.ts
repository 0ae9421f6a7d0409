import { describeChannel } from "./contract.ts";
import { slackDriver } from "./drivers/slack.ts";

describeChannel(slackDriver);
