import { describe, expect, it } from 'vitest';
import { buildCommandMenus } from '../../../src/adapters/telegram/command-menu.ts';

describe('Telegram command menus', () => {
  const commands = [
    { name: 'help', audience: 'anyone' as const, chats: 'any' as const },
    { name: 'setup', audience: ['admin'] as const, chats: 'group' as const },
    { name: 'poll', audience: ['chair'] as const, chats: 'any' as const },
    { name: 'share', audience: ['member'] as const, chats: 'private' as const },
    { name: 'cancel', audience: 'anyone' as const, chats: 'any' as const, hidden: true },
  ];
  const menus = buildCommandMenus(
    commands,
    (language, { name }) => `${language}:${name}` + (name === 'poll' ? 'x'.repeat(300) : ''),
  );
  const list = (scope: string, language?: string) =>
    menus.find((m) => m.scope.type === scope && m.languageCode === language)!.commands;

  it('GIVEN the router’s commands THEN each scope lists what its people may use, hidden ones never', () => {
    expect(list('all_private_chats').map((c) => c.command)).toEqual(['help', 'share']);
    expect(list('all_group_chats').map((c) => c.command)).toEqual(['help']);
    expect(list('all_chat_administrators').map((c) => c.command)).toEqual(['help', 'setup', 'poll']);
  });

  it('GIVEN four languages THEN English is the default list and fa, vi, ru have their own, within 256 characters', () => {
    expect(menus).toHaveLength(12);
    expect(list('all_private_chats')[0]!.description).toBe('en:help');
    expect(list('all_private_chats', 'fa')[0]!.description).toBe('fa:help');
    expect(list('all_chat_administrators', 'ru').find((c) => c.command === 'poll')!.description).toHaveLength(256);
  });
});
