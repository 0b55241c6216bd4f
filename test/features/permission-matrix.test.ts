import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_PERMISSIONS, COMMAND_PERMISSIONS } from '../../src/features/permission-matrix.ts';
import { roleAllows, type Audience, type Role } from '../../src/core/roles.ts';
import type { ChatRef } from '../../src/core/event.ts';
import { GROUP, Harness, privateChat, texts } from '../support/harness.ts';

/**
 * Walks the whole permission matrix: every command and button action × every role × private and
 * group chats. A refused cell must say why and change nothing; an allowed one must not be refused.
 */
const ROLES: Role[] = ['member', 'curator', 'chair', 'admin'];
const REFUSALS = [/is only for:/, /works in a private chat/, /works in a group/];

let h: Harness;
let cell = 0;
beforeAll(async () => {
  h = await Harness.create();
  const founder = h.person('founder', { admin: true });
  await founder.says('/setup new Matrix', GROUP);
});
afterAll(async () => {
  await h.close();
});

/** A new person with `role` in the community, who has written in both chats (so both are known). */
async function personWithRole(role: Role) {
  const userId = `p${++cell}-${role}`;
  const person = h.person(userId, { admin: role === 'admin' });
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

function expectedAllowed(audience: Audience, chats: string, role: Role, chat: ChatRef): boolean {
  return (chats === 'any' || chats === chat.kind) && roleAllows(audience, role);
}

describe('permission matrix: commands', () => {
  for (const [name, { audience, chats }] of Object.entries(COMMAND_PERMISSIONS)) {
    for (const role of ROLES) {
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
    for (const role of ROLES) {
      const allowed = roleAllows(audience, role);
      it(`GIVEN a ${role} WHEN pressing ${name} THEN ${allowed ? 'it is not refused for their role' : 'it is refused and nothing changes'}`, async () => {
        const person = await personWithRole(role);
        const before = await stateFingerprint();
        const event = person.event({ type: 'action', action: name, data: '1' }, GROUP);
        const reply = texts(await h.deliver(event));
        expect(/This button is only for:/.test(reply), reply).toBe(!allowed);
        if (!allowed) expect(await stateFingerprint()).toBe(before);
      });
    }
  }
});
