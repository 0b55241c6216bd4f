import type { ChatScope } from '../core/router.ts';
import type { Audience } from '../core/roles.ts';

/**
 * Who may use each command and button, and where: the one place permissions are declared. The router
 * checks every command and action against it before a handler runs, and a test walks the whole matrix.
 */
export const COMMAND_PERMISSIONS = {
  start: { audience: 'anyone', chats: 'any' },
  help: { audience: 'anyone', chats: 'any' },
  lang: { audience: 'anyone', chats: 'any' },
  tz: { audience: 'anyone', chats: 'any' },
  calendar: { audience: 'anyone', chats: 'any' },
  setup: { audience: ['admin'], chats: 'group' },
  role: { audience: ['admin'], chats: 'group' },
  committees: { audience: ['member'], chats: 'any' },
  join: { audience: ['member'], chats: 'any' },
  leave: { audience: ['member'], chats: 'any' },
  committee: { audience: ['chair'], chats: 'any' },
  link: { audience: 'anyone', chats: 'any' },
  mydata: { audience: 'anyone', chats: 'any' },
  forgetme: { audience: 'anyone', chats: 'any' },
  cancel: { audience: 'anyone', chats: 'any' },
} as const satisfies Record<string, { audience: Audience; chats: ChatScope }>;

export type CommandName = keyof typeof COMMAND_PERMISSIONS;

export const ACTION_PERMISSIONS = {
  'lang.set': 'anyone',
  'tz.set': 'anyone',
  'tz.other': 'anyone',
  'cal.set': 'anyone',
  'setup.new': ['admin'],
  'setup.join': ['admin'],
  'setup.lang': ['admin'],
  'setup.tz': ['admin'],
  'setup.cal': ['admin'],
  'cmt.join': ['member'],
  'cmt.leave': ['member'],
  'forget.yes': 'anyone',
  'forget.no': 'anyone',
} as const satisfies Record<string, Audience>;

export type ActionName = keyof typeof ACTION_PERMISSIONS;
