import { describeChannel } from "./contract.ts";
import { telegramDriver } from "./drivers/telegram.ts";

describeChannel(telegramDriver);
