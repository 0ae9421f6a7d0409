/**
 * whatsapp-web.js's own Client with its browser taken out, for start-up's
 * tests: the test emits the events of linking (`qr`, `code`,
 * `authenticated`, `ready`, `auth_failure`, `disconnected`) and reads what
 * start-up asked of it (initialize, destroy, a pairing code). Constructing
 * the real class launches nothing (only `initialize` does, and it is
 * replaced), so the fake is a `WhatsAppClient` through and through.
 * Messages are the adapter's fake's business (fake-client.ts).
 */
import whatsapp from "whatsapp-web.js";
import type { ClientOptions, MakeClient } from "../../../src/bots/whatsapp/start.ts";

export class LinkingClient extends whatsapp.Client {
  initialized = 0;
  destroyed = 0;
  /** Numbers a pairing code was asked for. */
  pairingAskedFor: string[] = [];
  /** What initialize() does; resolves at once unless a test says otherwise. */
  onInitialize: () => Promise<void> = () => Promise.resolve();

  constructor(readonly made: ClientOptions) {
    super({});
  }

  override async initialize(): Promise<void> {
    this.initialized += 1;
    await this.onInitialize();
  }

  override async destroy(): Promise<void> {
    this.destroyed += 1;
  }

  override async requestPairingCode(phoneNumber: string): Promise<string> {
    this.pairingAskedFor.push(phoneNumber);
    return "K7QW2M9X";
  }
}

/** A factory handing out fresh {@link LinkingClient}s, each kept in `made` for the test. */
export function linkingClients(prepare: (client: LinkingClient) => void = () => undefined): MakeClient & { made: LinkingClient[] } {
  const made: LinkingClient[] = [];
  const make = (options: ClientOptions) => {
    const client = new LinkingClient(options);
    prepare(client);
    made.push(client);
    return client;
  };
  return Object.assign(make, { made });
}
