import { afterAll, beforeAll } from 'vitest';
import { roleAllows, type Audience, type Role } from '../../../src/core/roles.ts';
import type { ChatRef } from '../../../src/core/event.ts';
import { GROUP, Harness, privateChat, type Person } from '../../support/harness.ts';

/**
 * The permission matrix (every command and button action × every role × private and group chats),
 * walked by the files beside this one, each a part of it on its own bot and database so that the parts
 * run side by side. A refused cell must say why and change nothing; an allowed one must not be refused.
 * Besides the community's roles, one persona is only the platform's administrator of the group (a
 * member of the community whose Telegram status is administrator): the roles of the community must be
 * out of their reach whatever they send.
 */
export const ROLES: Role[] = ['member', 'curator', 'chair', 'admin'];
/** A community role, or a plain member who administers the group on the platform. */
export type Persona = Role | 'chat-admin';
export const PERSONAS: Persona[] = [...ROLES, 'chat-admin'];
export const REFUSALS = [/is only for:/, /works in a private chat/, /works in a group/];

export interface Matrix {
  readonly h: Harness;
  /** The app's own declarations (each spec's audience and chats): the app is up before the tests are listed. */
  readonly commands: ReadonlyArray<{ name: string; audience: Audience; chats: string }>;
  personWithRole(persona: Persona): Promise<Person>;
  /** Rows that a refused command must not touch (bookkeeping of events and sends is excluded). */
  stateFingerprint(): Promise<string>;
  /** What only the community's admins may change: its roles, settings, join code and role mappings. */
  communityFingerprint(): Promise<string>;
}

/** A bot with one community, founded in GROUP; closed after the file's tests. Call at the top of a file. */
export async function matrixBot(): Promise<Matrix> {
  const h = await Harness.create();
  const commands = h.app.bot.router.allCommands().map(({ name, audience, chats }) => ({ name, audience, chats }));
  beforeAll(async () => {
    const founder = h.person('founder', { admin: true });
    await founder.says('/setup new Matrix', GROUP);
  });
  afterAll(async () => {
    await h.close();
  });
  let cell = 0;
  return {
    h,
    commands,
    /**
     * A new person with `persona`'s role in the community (a chat admin is a member), who has written in
     * both chats (so both are known). Only the chat admin is an administrator of the group on the platform.
     */
    async personWithRole(persona) {
      const role: Role = persona === 'chat-admin' ? 'member' : persona;
      const userId = `p${++cell}-${persona}`;
      const person = h.person(userId, { admin: persona === 'chat-admin' });
      await person.says('/start', GROUP);
      await person.says('/start', privateChat(userId));
      const member = await h.prisma.member.findFirstOrThrow({
        where: { identities: { some: { externalId: userId } } },
      });
      await h.prisma.membership.updateMany({ where: { memberId: member.id }, data: { role } });
      return person;
    },
    async stateFingerprint() {
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
    },
    async communityFingerprint() {
      const [memberships, communities, mappings] = await Promise.all([
        h.prisma.membership.findMany({ select: { memberId: true, role: true }, orderBy: { memberId: 'asc' } }),
        h.prisma.community.findMany({
          select: { id: true, language: true, timeZone: true, calendar: true, joinCode: true, joinCodeExpiresAt: true },
        }),
        h.prisma.platformRoleMapping.count(),
      ]);
      return JSON.stringify({ memberships, communities, mappings });
    },
  };
}

export function expectedAllowed(audience: Audience, chats: string, persona: Persona, chat: ChatRef): boolean {
  const role: Role = persona === 'chat-admin' ? 'member' : persona;
  const chatAdmin = persona === 'chat-admin' && chat.kind === 'group';
  return (chats === 'any' || chats === chat.kind) && roleAllows(audience, role, chatAdmin);
}
