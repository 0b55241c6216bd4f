import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_PERMISSIONS } from '../../src/features/action-permissions.ts';
import { roleAllows, type Audience, type Role } from '../../src/core/roles.ts';
import type { ChatRef } from '../../src/core/event.ts';
import { GROUP, Harness, privateChat, texts } from '../support/harness.ts';

/**
 * Walks the whole permission matrix: every command and button action × every role × private and
 * group chats. A refused cell must say why and change nothing; an allowed one must not be refused.
 * Besides the community's roles, one persona is only the platform's administrator of the group (a
 * member of the community whose Telegram status is administrator): the roles of the community must be
 * out of their reach whatever they send.
 */
const ROLES: Role[] = ['member', 'curator', 'chair', 'admin'];
/** A community role, or a plain member who administers the group on the platform. */
type Persona = Role | 'chat-admin';
const PERSONAS: Persona[] = [...ROLES, 'chat-admin'];
const REFUSALS = [/is only for:/, /works in a private chat/, /works in a group/];

let cell = 0;
// The commands walked are the app's own declarations (each spec's audience and chats): the app is up
// before the tests are listed.
const h: Harness = await Harness.create();
const COMMANDS = h.app.bot.router.allCommands().map(({ name, audience, chats }) => ({ name, audience, chats }));
beforeAll(async () => {
  const founder = h.person('founder', { admin: true });
  await founder.says('/setup new Matrix', GROUP);
});
afterAll(async () => {
  await h.close();
});

/**
 * A new person with `persona`'s role in the community (a chat admin is a member), who has written in
 * both chats (so both are known). Only the chat admin is an administrator of the group on the platform.
 */
async function personWithRole(persona: Persona) {
  const role: Role = persona === 'chat-admin' ? 'member' : persona;
  const userId = `p${++cell}-${persona}`;
  const person = h.person(userId, { admin: persona === 'chat-admin' });
  await person.says('/start', GROUP);
  await person.says('/start', privateChat(userId));
  const member = await h.prisma.member.findFirstOrThrow({ where: { identities: { some: { externalId: userId } } } });
  await h.prisma.membership.updateMany({ where: { memberId: member.id }, data: { role } });
  return person;
}

/** Rows that a refused command must not touch (bookkeeping of events and sends is excluded). */
async function stateFingerprint(): Promise<string> {
  const counts = await Promise.all([
    h.prisma.community.count(),
    h.prisma.chat.count({ where: { communityId: { not: null } } }),
    h.prisma.member.count(),
    h.prisma.membership.groupBy({ by: ['role'], _count: true, orderBy: { role: 'asc' } }),
    h.prisma.committee.count(),
    h.prisma.committeeMembership.count(),
    h.prisma.linkCode.count(),
    h.prisma.conversation.count(),
    h.prisma.auditLog.count(),
  ]);
  return JSON.stringify(counts);
}

function expectedAllowed(audience: Audience, chats: string, persona: Persona, chat: ChatRef): boolean {
  const role: Role = persona === 'chat-admin' ? 'member' : persona;
  const chatAdmin = persona === 'chat-admin' && chat.kind === 'group';
  return (chats === 'any' || chats === chat.kind) && roleAllows(audience, role, chatAdmin);
}

/** What only the community's admins may change: its roles, settings, join code and role mappings. */
async function communityFingerprint(): Promise<string> {
  const [memberships, communities, mappings] = await Promise.all([
    h.prisma.membership.findMany({ select: { memberId: true, role: true }, orderBy: { memberId: 'asc' } }),
    h.prisma.community.findMany({
      select: { id: true, language: true, timeZone: true, calendar: true, joinCode: true, joinCodeExpiresAt: true },
    }),
    h.prisma.platformRoleMapping.count(),
  ]);
  return JSON.stringify({ memberships, communities, mappings });
}

describe('permission matrix: commands', () => {
  for (const { name, audience, chats } of COMMANDS) {
    for (const role of PERSONAS) {
      for (const kind of ['private', 'group'] as const) {
        it(`GIVEN a ${role} in a ${kind} chat WHEN /${name} THEN ${expectedAllowed(audience, chats, role, kind === 'group' ? GROUP : privateChat('x')) ? 'it is allowed' : 'it is refused and nothing changes'}`, async () => {
          const person = await personWithRole(role);
          const chat = kind === 'group' ? GROUP : privateChat(person.userId);
          const allowed = expectedAllowed(audience, chats, role, chat);
          const before = await stateFingerprint();
          const reply = texts(await person.says(`/${name}`, chat));
          const refused = REFUSALS.some((pattern) => pattern.test(reply));
          expect(refused, reply).toBe(!allowed);
          if (!allowed) expect(await stateFingerprint()).toBe(before);
        });
      }
    }
  }
});

describe('permission matrix: button actions', () => {
  for (const [name, audience] of Object.entries(ACTION_PERMISSIONS)) {
    for (const role of PERSONAS) {
      const allowed = expectedAllowed(audience, 'any', role, GROUP);
      it(`GIVEN a ${role} WHEN pressing ${name} THEN ${allowed ? 'it is not refused for their role' : 'it is refused and nothing changes'}`, async () => {
        const person = await personWithRole(role);
        const before = await stateFingerprint();
        // Row 1 is the matrix's own group: an admin's Unbind would take it out from under the other cells.
        const data = name === 'setup.unbind' ? '999999' : '1';
        const event = person.event({ type: 'action', action: name, data }, GROUP);
        const reply = texts(await h.deliver(event));
        expect(/This button is only for:/.test(reply), reply).toBe(!allowed);
        if (!allowed) expect(await stateFingerprint()).toBe(before);
      });
    }
  }
});

/**
 * Whatever a chat admin who is only a member sends, in the group they administer or privately, the
 * community's roles, settings, join code and role mappings stay as they were: every command bare, the
 * forms of /setup and /role that reach the community, and every /setup button.
 */
describe('permission matrix: a chat admin cannot touch the community', () => {
  const communityForms = [
    ...COMMANDS.map(({ name }) => `/${name}`),
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
        const person = await personWithRole('chat-admin');
        const before = await communityFingerprint();
        await person.says(line, kind === 'group' ? GROUP : privateChat(person.userId));
        expect(await communityFingerprint()).toBe(before);
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
      const person = await personWithRole('chat-admin');
      const before = await communityFingerprint();
      const reply = texts(await h.deliver(person.event({ type: 'action', action, data }, GROUP)));
      expect(reply).toMatch(/is only for:/);
      expect(await communityFingerprint()).toBe(before);
    });
  }
});
