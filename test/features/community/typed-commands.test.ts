import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArgValues } from '../../../src/core/command.ts';
import type { ChatRef } from '../../../src/core/event.ts';
import { GROUP, Harness, privateChat, texts, type Person } from '../../support/harness.ts';

/**
 * The community and privacy commands with typed values, as Discord's options reach the core: the
 * same effects as their text forms, and the checks the options need (one join code alone, no
 * @everyone) answered to the sender alone.
 */
let h: Harness;
let admin: Person;
beforeEach(async () => {
  h = await Harness.create();
  admin = h.person('admin', { name: 'Nasrin', admin: true });
});
afterEach(() => h.close());

/** A command with typed values, from someone whose server roles (none) come with the event. */
function typed(person: Person, name: string, options: ArgValues, chat: ChatRef = GROUP) {
  const event = person.event({ type: 'command', name, args: '', options }, chat, randomUUID());
  event.actor.platformRoleIds = [];
  return h.deliver(event);
}

function suggest(person: Person, chat: ChatRef, command: string, argument: string, query = '') {
  const { actor } = person.event({ type: 'text', text: '' }, chat);
  return h.app.bot.suggest({ actor, chat, command, argument, query });
}

const CHAIRS = { id: '111111111111111111', name: 'Chairs | 2025' };

describe('/setup with typed values', () => {
  it('GIVEN new, settings and a role THEN the community is made with the settings, and the role’s name is kept as the server shows it', async () => {
    await typed(admin, 'setup', { new: 'Libraries', language: 'fa', zone: 'Asia/Tehran', chair_role: CHAIRS });
    expect(await h.prisma.community.findFirstOrThrow()).toMatchObject({
      name: 'Libraries',
      language: 'fa',
      timeZone: 'Asia/Tehran',
    });
    const mapping = await h.prisma.platformRoleMapping.findFirstOrThrow();
    expect(mapping).toMatchObject({ platformRoleId: CHAIRS.id, platformRoleName: 'Chairs | 2025', role: 'chair' });
  });

  it('GIVEN settings on an unbound group without new THEN the name is asked, and the settings wait for it', async () => {
    expect(texts(await typed(admin, 'setup', { calendar: 'persian', zone: 'Asia/Tehran' }))).toContain(
      "What is the community's name?",
    );
    await admin.says('Libraries of Tabriz', GROUP);
    expect(await h.prisma.community.findFirstOrThrow()).toMatchObject({
      name: 'Libraries of Tabriz',
      calendar: 'persian',
      timeZone: 'Asia/Tehran',
    });
  });

  it('GIVEN join with another option, a code of two words or @everyone THEN each is refused to the sender alone', async () => {
    const conflict = await typed(admin, 'setup', { join: 'AB12CD', language: 'fa' });
    expect(texts(conflict)).toContain('join, language');
    expect(conflict[0]!.onlyToSender).toBe(true);
    expect((await typed(admin, 'setup', { join: 'AB 12' }))[0]!.onlyToSender).toBe(true);
    await typed(admin, 'setup', { new: 'Libraries' });
    const everyone = await typed(admin, 'setup', { curator_role: { id: '100', name: '@everyone' } });
    expect(texts(everyone)).toContain('@everyone cannot be mapped');
    expect(everyone[0]!.onlyToSender).toBe(true);
    expect(await h.prisma.platformRoleMapping.count()).toBe(0);
  });

  it('GIVEN a zone typed so far THEN matching zones for /tz (anyone) and /setup (its admins only)', async () => {
    expect(await suggest(admin, privateChat('admin'), 'tz', 'zone', 'ho chi')).toEqual([
      { value: 'Asia/Ho_Chi_Minh', label: 'Asia/Ho_Chi_Minh (+07:00)' },
    ]);
    await admin.says('/setup new Libraries', GROUP);
    const all = await suggest(admin, GROUP, 'setup', 'zone');
    expect(all[0]).toEqual({ value: 'Asia/Tehran', label: 'Asia/Tehran (+03:30)' });
    const member = h.person('member');
    await member.says('/help', GROUP);
    expect(await suggest(member, GROUP, 'setup', 'zone')).toEqual([]);
  });
});

describe('the settings, committee, link and privacy commands with typed values', () => {
  it('GIVEN /lang, /tz and /calendar values THEN the member’s settings; bare, the choice buttons', async () => {
    await typed(admin, 'lang', { language: 'ru' }, privateChat('admin'));
    await typed(admin, 'tz', { zone: 'Europe/Moscow' }, privateChat('admin'));
    await typed(admin, 'calendar', { calendar: 'persian' }, privateChat('admin'));
    expect(await h.prisma.member.findFirstOrThrow()).toMatchObject({
      language: 'ru',
      timeZone: 'Europe/Moscow',
      calendar: 'persian',
    });
    const [choose] = await typed(admin, 'calendar', {}, privateChat('admin'));
    expect(choose!.buttons?.flat()).toHaveLength(2);
  });

  it('GIVEN /committee add, /join and /leave values THEN the committee is made, joined and left; /link alone gives a code', async () => {
    await admin.says('/setup new Libraries', GROUP);
    await typed(admin, 'committee', { add: 'Documentation' });
    const member = h.person('member', { name: 'Mina' });
    await member.says('/help', GROUP);
    expect(texts(await typed(member, 'join', { committee: 'Documentation' }))).toContain('Documentation');
    expect(await h.prisma.committeeMembership.count()).toBe(1);
    await typed(member, 'leave', { committee: 'Documentation' });
    expect(await h.prisma.committeeMembership.count()).toBe(0);
    expect(await suggest(member, GROUP, 'join', 'committee', 'doc')).toEqual([
      { value: 'Documentation', label: 'Documentation' },
    ]);
    expect(texts(await typed(member, 'link', {}, privateChat('member')))).toMatch(/link code/i);
  });

  it('GIVEN /role with a member THEN that person gets the role; /forgetme asks first', async () => {
    await admin.says('/setup new Libraries', GROUP);
    const reza = h.person('reza', { name: 'Reza' });
    await reza.says('/help', GROUP);
    await typed(admin, 'role', { role: 'chair', member: { userId: 'reza', displayName: 'Reza' } });
    expect(texts(await reza.says('/unreachable'))).not.toContain('only for');
    const [confirm] = await typed(reza, 'forgetme', {}, privateChat('reza'));
    expect(confirm!.buttons?.flat()).toHaveLength(2);
  });
});
