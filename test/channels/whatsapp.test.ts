import { describeChannel } from "./contract.ts";
import { whatsappDriver } from "./drivers/whatsapp.ts";

describeChannel(whatsappDriver);
