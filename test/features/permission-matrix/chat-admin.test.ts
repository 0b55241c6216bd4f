import { describe, expect, it } from 'vitest';
import { GROUP, privateChat, texts } from '../../support/harness.ts';
import { matrixBot } from './matrix.ts';

const m = await matrixBot();

/**
 * Whatever a chat admin who is only a member sends, in the group they administer or privately, the
 * community's roles, settings, join code and role mappings stay as they were: every command bare, the
 * forms of /setup and /role that reach the community, and every /setup button.
 */
describe('permission matrix: a chat admin cannot touch the community', () => {
  const communityForms = [
    ...m.commands.map(({ name }) => `/${name}`),
    '/setup code',
    '/setup lang fa',
    '/setup tz Asia/Tehran',
    '/setup calendar persian',
    '/setup map chair <@&42> Chairs',
    '/setup unmap <@&42>',
    '/setup new Another',
    '/setup join ABCDEFGH',
    '/role admin founder',
    '/role member founder',
    '/role chair Someone',
  ];
  for (const line of communityForms) {
    for (const kind of ['group', 'private'] as const) {
      it(`GIVEN a chat admin who is a member WHEN ${line} in a ${kind} chat THEN no role or community setting changes`, async () => {
        const person = await m.personWithRole('chat-admin');
        const before = await m.communityFingerprint();
        await person.says(line, kind === 'group' ? GROUP : privateChat(person.userId));
        expect(await m.communityFingerprint()).toBe(before);
      });
    }
  }
  for (const [action, data] of [
    ['setup.lang', 'fa'],
    ['setup.tz', 'Asia/Tehran'],
    ['setup.cal', 'persian'],
    ['setup.code', ''],
  ] as const) {
    it(`GIVEN a chat admin who is a member WHEN pressing ${action} THEN no role or community setting changes`, async () => {
      const person = await m.personWithRole('chat-admin');
      const before = await m.communityFingerprint();
      const reply = texts(await m.h.deliver(person.event({ type: 'action', action, data }, GROUP)));
      expect(reply).toMatch(/is only for:/);
      expect(await m.communityFingerprint()).toBe(before);
    });
  }
});
