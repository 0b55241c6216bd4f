import type { RateLimits } from '../../core/rate-limiter.ts';

/**
 * What one Bot API dialect can do, chosen once by platform name: Telegram, or Bale (بله), which
 * speaks a Telegram-style Bot API with fewer methods and fields. The adapter's parts read these flags
 * rather than the platform's name, so that a difference is written down once, with its reason.
 */
export interface PlatformProfile {
  platform: string;
  /** Where the Bot API lives; `TELEGRAM_API_ROOT` / `BALE_API_ROOT` replace it. */
  apiRoot: string;
  /** Where links to the bot's private chat point: `<base><bot username>?start=<command>`. */
  deepLinkBase: string;
  /** `HTML`: texts are escaped and sent with that parse mode; undefined: sent as plain text. */
  parseMode: 'HTML' | undefined;
  /** `setMyCommands` exists: the command menu is registered at start. */
  commandMenu: boolean;
  /** `getChatMember` exists: group admins are recognised from the platform. */
  chatMemberLookup: boolean;
  /** Forum topics (`message_thread_id`) exist: replies go to the topic they came from. */
  forumTopics: boolean;
  /**
   * How the bot learns it joined or left a group: Telegram's `my_chat_member` update, or Bale's service
   * messages (`new_chat_members` / `left_chat_member` naming the bot).
   */
  membership: 'my_chat_member' | 'service-messages';
  /** Outbound pacing, under the platform's limits. */
  limits: RateLimits;
  /**
   * A self-hosted Bot API server exists (Telegram's telegram-bot-api `--local`), which names a file by
   * its path on this machine: only then, and only when the operator says so (`TELEGRAM_LOCAL_FILES`),
   * may a `file_path` be read from disk. Bale has no such server: an absolute path from it is refused.
   */
  selfHostedServer: boolean;
}

/**
 * Telegram's published limits, with a margin: a message leaves our process a moment before it reaches
 * Telegram, and two of them one interval apart here can arrive a little closer together there.
 * (About 30 messages a second overall, one a second per chat, 20 a minute per group.)
 */
export const TELEGRAM_RATE_LIMITS: RateLimits = {
  globalPerSecond: 29,
  platformPerSecond: 30,
  perChatIntervalMs: 1_050,
  perGroupPerWindow: 20,
  groupWindowMs: 61_000,
};

export const TELEGRAM_PROFILE: PlatformProfile = {
  platform: 'telegram',
  apiRoot: 'https://api.telegram.org',
  deepLinkBase: 'https://t.me/',
  parseMode: 'HTML',
  commandMenu: true,
  chatMemberLookup: true,
  forumTopics: true,
  membership: 'my_chat_member',
  limits: TELEGRAM_RATE_LIMITS,
  selfHostedServer: true,
};

/**
 * Bale, from its documentation (docs.bale.ai: `https://tapi.bale.ai/bot<token>/<method>`, Telegram's
 * envelope) and the published SDKs (python-bale-bot, Balethon): updates carry `message`,
 * `edited_message` and `callback_query` only (no `my_chat_member`); chats are `private`, `group` or
 * `channel` (no supergroups, no topics); messages may come without `entities`; no `setMyCommands`;
 * `sendMessage` takes no documented `parse_mode`, so texts go plain; `getChatMember` exists with
 * Telegram's statuses. Bale publishes no rate limits but does answer 429, so Telegram's pace is kept.
 */
export const BALE_PROFILE: PlatformProfile = {
  platform: 'bale',
  apiRoot: 'https://tapi.bale.ai',
  deepLinkBase: 'https://ble.ir/',
  parseMode: undefined,
  commandMenu: false,
  chatMemberLookup: true,
  forumTopics: false,
  membership: 'service-messages',
  limits: TELEGRAM_RATE_LIMITS,
  selfHostedServer: false,
};

const PROFILES: Record<string, PlatformProfile> = { telegram: TELEGRAM_PROFILE, bale: BALE_PROFILE };

/** The profile of a platform name; another name (a test's) speaks Telegram's dialect under that name. */
export function profileFor(platform: string): PlatformProfile {
  return PROFILES[platform] ?? { ...TELEGRAM_PROFILE, platform };
}
