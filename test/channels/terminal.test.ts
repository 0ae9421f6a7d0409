import { describeChannel } from "./contract.ts";
import { terminalDriver } from "./drivers/terminal.ts";

describeChannel(terminalDriver);
