/**
 * What every stand-in for Telegram's Bot API shares (the suite's, and the
 * tests'): the bot it answers as, and a port on loopback only.
 */
import type { Server } from "node:http";
import type { UserFromGetMe } from "grammy/types";

/** The bot a stand-in answers getMe as. */
export const FAKE_BOT_INFO: UserFromGetMe = {
  id: 123456,
  is_bot: true,
  first_name: "Baraza",
  username: "BarazaBot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** Listens on a free loopback port; returns the address to give the bot as its API root. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return `http://127.0.0.1:${port}`;
}
