import type { ChatScope } from '../core/router.ts';
import type { Audience } from '../core/roles.ts';

/**
 * Who may use each command and button, and where: the one place permissions are declared. The router
 * checks every command and action against it before a handler runs, and a test walks the whole matrix.
 *
 * Roles (member, curator, chair, admin) come only from the community. `chat-admin` names the platform's
 * administrators of the chat the command is sent in: it appears only where binding or unbinding that
 * chat is concerned, and the handler lets them do only that (see `setup-commands.ts`).
 */
export const COMMAND_PERMISSIONS = {
  start: { audience: 'anyone', chats: 'any' },
  help: { audience: 'anyone', chats: 'any' },
  lang: { audience: 'anyone', chats: 'any' },
  tz: { audience: 'anyone', chats: 'any' },
  calendar: { audience: 'anyone', chats: 'any' },
  /** Chat admins bind/unbind this chat; the join code, defaults and role mappings need the community's admin. */
  setup: { audience: ['admin', 'chat-admin'], chats: 'group' },
  role: { audience: ['admin'], chats: 'group' },
  committees: { audience: ['member'], chats: 'any' },
  join: { audience: ['member'], chats: 'any' },
  leave: { audience: ['member'], chats: 'any' },
  committee: { audience: ['chair'], chats: 'any' },
  link: { audience: 'anyone', chats: 'any' },
  mydata: { audience: 'anyone', chats: 'any' },
  forgetme: { audience: 'anyone', chats: 'any' },
  /** Anyone: without arguments it ends their own flow; `/cancel ID` checks for a chair itself. */
  cancel: { audience: 'anyone', chats: 'any' },
  meeting: { audience: ['chair'], chats: 'any' },
  meetings: { audience: ['member'], chats: 'any' },
  ics: { audience: ['member'], chats: 'any' },
  poll: { audience: ['chair'], chats: 'any' },
  results: { audience: ['chair'], chats: 'any' },
  export: { audience: ['chair', 'curator'], chats: 'any' },
  nudge: { audience: ['chair'], chats: 'any' },
  survey: { audience: ['chair'], chats: 'any' },
  share: { audience: ['member'], chats: 'any' },
  review: { audience: ['curator'], chats: 'private' },
  search: { audience: ['member'], chats: 'any' },
  newsletter: { audience: ['curator'], chats: 'any' },
  topics: { audience: ['curator'], chats: 'any' },
  /** Names members who blocked the bot: chairs only, answered privately. */
  unreachable: { audience: ['chair'], chats: 'any' },
} as const satisfies Record<string, { audience: Audience; chats: ChatScope }>;

export type CommandName = keyof typeof COMMAND_PERMISSIONS;

export const ACTION_PERMISSIONS = {
  'lang.set': 'anyone',
  'tz.set': 'anyone',
  'tz.other': 'anyone',
  'cal.set': 'anyone',
  /** Binding this unbound chat: its platform administrators (the handler checks; no community yet). */
  'setup.new': ['chat-admin'],
  'setup.join': ['chat-admin'],
  /** A new join code, sent privately. */
  'setup.code': ['admin'],
  /**
   * Pressed in an admin's private chat (the binding notice), where the active community may be another
   * one: the handler checks admin of the bound chat's community, or the chat's own administrator there.
   */
  'setup.unbind': 'anyone',
  'setup.lang': ['admin'],
  'setup.tz': ['admin'],
  'setup.cal': ['admin'],
  'cmt.join': ['member'],
  'cmt.leave': ['member'],
  'forget.yes': 'anyone',
  'forget.no': 'anyone',
  'rsvp.yes': ['member'],
  'rsvp.no': ['member'],
  'rsvp.maybe': ['member'],
  'mtg.flow': ['chair'],
  /** The next page of /meetings: the handler lists only what the presser may see. */
  'mtg.more': ['member'],
  'mtg.cancel-one': ['chair'],
  'mtg.cancel-all': ['chair'],
  'poll.v': ['member'],
  'poll.fd': ['chair'],
  'poll.ft': ['chair'],
  'poll.fp': ['chair'],
  'svy.open': ['chair'],
  'svy.go': ['member'],
  'svy.a': ['member'],
  'share.next': ['member'],
  'share.back': ['member'],
  'share.cancel': ['member'],
  'share.fwd': ['member'],
  'share.topic': ['member'],
  'share.clear': ['member'],
  'share.nolib': ['member'],
  'share.consent': ['member'],
  'share.goto': ['member'],
  'share.submit': ['member'],
  'exp.anon': ['member'],
  'exp.edit': ['member'],
  'exp.show': ['member'],
  /** Every member; the handler lets only those who may see the experience open its file. */
  'exp.file': ['member'],
  'srch.pg': ['member'],
  'rev.ok': ['curator'],
  'rev.no': ['curator'],
  'rev.chg': ['curator'],
  'rev.cancel': ['curator'],
  'nl.pub': ['curator'],
  'nl.cancel': ['curator'],
  'topic.rm': ['curator'],
  'export.arch': ['chair', 'curator'],
} as const satisfies Record<string, Audience>;

export type ActionName = keyof typeof ACTION_PERMISSIONS;
