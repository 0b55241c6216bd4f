import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRef, EventPayload } from '../../../src/core/event.ts';
import { CommunityRepository } from '../../../src/features/community/community-repository.ts';
import { MemberResolver } from '../../../src/features/community/member-resolver.ts';
import { RoleMappingRepository } from '../../../src/features/community/role-mapping-repository.ts';
import { MemoryAdapter } from '../../support/memory-adapter.ts';
import { GROUP, Harness, privateChat, texts, type Person } from '../../support/harness.ts';
import { joinCodeFrom } from '../../support/join-code.ts';

/** Server role ids as Discord writes them (snowflakes). */
const CHAIRS = '111111111111111111';
const CURATORS = '222222222222222222';
const READERS = '333333333333333333';

let h: Harness;
let admin: Person;
beforeEach(async () => {
  h = await Harness.create();
  admin = h.person('admin', { name: 'Nasrin', admin: true });
  await admin.says('/setup new University Libraries Network', GROUP);
});
afterEach(async () => {
  await h.close();
});

/**
 * A line as a platform with server roles (Discord) sends it: the sender's role ids come with the event
 * in a group; in a private chat none do.
 */
async function saysWithRoles(person: Person, line: string, roles: readonly string[], chat: ChatRef = GROUP) {
  const command = /^\/(\w+)(?:\s+([\s\S]*))?$/.exec(line);
  const payload: EventPayload = command
    ? { type: 'command', name: command[1]!, args: command[2] ?? '' }
    : { type: 'text', text: line };
  const event = person.event(payload, chat, randomUUID());
  event.actor.platformRoleIds = [...roles];
  return h.deliver(event);
}

async function membershipOf(userId: string) {
  return h.prisma.membership.findFirstOrThrow({
    where: { member: { identities: { some: { platform: 'test', externalId: userId } } } },
  });
}

/** The resolver over its own repository, whose every read and write is counted. */
function countedResolver() {
  const repo = new CommunityRepository(h.prisma);
  const calls: string[] = [];
  for (const target of [repo, repo.roleMappings] as unknown as Array<Record<string, (...a: unknown[]) => unknown>>) {
    for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(target))) {
      if (name === 'constructor') continue;
      const original = target[name]!.bind(target);
      target[name] = (...args: unknown[]) => {
        calls.push(name);
        return original(...args);
      };
    }
  }
  return { resolver: new MemberResolver(repo), calls };
}

const HOUR = 60 * 60 * 1000;

function actor(userId: string, name: string, platformRoleIds?: string[]) {
  return { platform: 'test', userId, displayName: name, ...(platformRoleIds ? { platformRoleIds } : {}) };
}

describe('/setup map, unmap and roles', () => {
  it('GIVEN an admin on a platform with server roles WHEN they map a role to chair THEN it is stored with its name and listed', async () => {
    const replies = await saysWithRoles(admin, `/setup map chair <@&${CHAIRS}> Committee chairs`, []);
    expect(texts(replies)).toContain('Members who have @Committee chairs now act as chair in this community.');
    await saysWithRoles(admin, `/setup map curator ${CURATORS}`, []);

    const mappings = await h.prisma.platformRoleMapping.findMany({ orderBy: { platformRoleId: 'asc' } });
    expect(mappings.map((m) => [m.platform, m.platformRoleId, m.platformRoleName, m.role])).toEqual([
      ['test', CHAIRS, 'Committee chairs', 'chair'],
      ['test', CURATORS, null, 'curator'],
    ]);
    const list = texts(await saysWithRoles(admin, '/setup roles', []));
    expect(list).toContain(`@Committee chairs → chair\nrole ${CURATORS} → curator`);
    // The /setup summary shows them too.
    expect(texts(await admin.says('/setup', GROUP))).toContain('@Committee chairs → chair');
  });

  it('GIVEN bad input THEN each gets its own clear answer and nothing is mapped', async () => {
    const answer = async (line: string) => texts(await saysWithRoles(admin, line, []));
    expect(await answer('/setup map')).toContain('/setup map chair @Role or /setup map curator @Role');
    expect(await answer(`/setup map admin <@&${CHAIRS}>`)).toContain('Admin cannot be mapped');
    expect(await answer(`/setup map member <@&${CHAIRS}>`)).toContain(
      '“member” cannot be mapped: only chair and curator',
    );
    expect(await answer('/setup map chair')).toContain('Which Discord role?');
    expect(await answer(`/setup map chair <@${CHAIRS}>`)).toContain(`“<@${CHAIRS}>” is not a Discord role`);
    expect(await answer('/setup map chair <#222222222222222222>')).toContain('is not a Discord role');
    expect(await answer('/setup map chair Chairs')).toContain('“Chairs” is not a Discord role');
    expect(await answer(`/setup unmap <@&${READERS}>`)).toContain('That Discord role is not mapped here');
    expect(await answer('/setup unmap')).toContain('Which Discord role?');
    expect(await h.prisma.platformRoleMapping.count()).toBe(0);
  });

  it('GIVEN a member who is not an admin WHEN they send /setup map THEN it is refused and nothing is mapped', async () => {
    const mina = h.person('mina');
    const replies = await saysWithRoles(mina, `/setup map chair <@&${CHAIRS}>`, [CHAIRS]);
    expect(texts(replies)).toContain('/setup is only for: admin');
    expect(await h.prisma.platformRoleMapping.count()).toBe(0);
  });

  it('GIVEN a platform without server roles (Telegram, Bale, console) WHEN an admin sends /setup map THEN they hear it is for Discord and that /role sets roles, in their language', async () => {
    const replies = await admin.says(`/setup map chair ${CHAIRS}`, GROUP);
    expect(texts(replies)).toContain('Mapping roles is for Discord servers');
    expect(texts(replies)).toContain('/role chair');
    expect(texts(await admin.says(`/setup unmap ${CHAIRS}`, GROUP))).toContain('Mapping roles is for Discord servers');
    // What a Telegram admin would type, a role's name rather than a mention: the same answer, not a syntax error.
    expect(texts(await admin.says('/setup map chair Chairs', GROUP))).toContain('Mapping roles is for Discord servers');
    expect(texts(await admin.says('/setup lang fa | map curator Curators', GROUP))).toContain(
      'Mapping roles is for Discord servers',
    );
    expect(await h.prisma.platformRoleMapping.count()).toBe(0);

    await admin.says('/lang fa');
    expect(texts(await admin.says(`/setup map chair ${CHAIRS}`, GROUP))).toContain(
      'نگاشت نقش‌ها برای سرورهای دیسکورد است',
    );
  });

  it('GIVEN a mapping WHEN it is unmapped THEN holders lose the role at once, in private chats too, and roles given with /role stay', async () => {
    await saysWithRoles(admin, `/setup map chair <@&${CHAIRS}> Chairs`, []);
    const reza = h.person('reza');
    await saysWithRoles(reza, '/help', [CHAIRS]);
    expect(await membershipOf('reza')).toMatchObject({ role: 'member', mappedRole: 'chair' });

    expect(texts(await saysWithRoles(admin, `/setup unmap <@&${CHAIRS}>`, []))).toContain(
      '@Chairs no longer makes anyone chair here.',
    );
    expect(await h.prisma.platformRoleMapping.count()).toBe(0);
    expect(await membershipOf('reza')).toMatchObject({ role: 'member', mappedRole: null });
    expect(texts(await reza.says('/unreachable'))).toContain('/unreachable is only for: chair.');
    expect(texts(await saysWithRoles(reza, '/poll Day? | Mon | Tue', [CHAIRS]))).toContain('/poll is only for: chair.');
    expect(await h.prisma.poll.count()).toBe(0);
  });

  it('GIVEN a mapping and a member holding it WHEN they use /forgetme THEN the mapping stays (it names no one)', async () => {
    await saysWithRoles(admin, `/setup map curator <@&${CURATORS}> Documentation`, []);
    const reza = h.person('reza');
    await saysWithRoles(reza, '/help', [CURATORS]);
    const [confirm] = await reza.says('/forgetme');
    await reza.presses(confirm, 0);
    expect(await h.prisma.identity.count({ where: { externalId: 'reza' } })).toBe(0);
    expect(await h.prisma.platformRoleMapping.count()).toBe(1);
  });
});

describe('the role a member acts with: their own or a mapped one, whichever is higher', () => {
  beforeEach(async () => {
    await saysWithRoles(admin, `/setup map chair <@&${CHAIRS}> Chairs`, []);
    await saysWithRoles(admin, `/setup map curator <@&${CURATORS}> Curators`, []);
  });

  it('GIVEN a member with a mapped role THEN they act with the higher of it and their own, in the group', async () => {
    const { resolver } = countedResolver();
    const reza = h.person('reza', { name: 'Reza' });
    await reza.says('/help', GROUP);
    await admin.says('/role curator Reza', GROUP);

    expect((await resolver.resolve(actor('reza', 'Reza', [CHAIRS, READERS]), GROUP)).role).toBe('chair');
    expect((await resolver.resolve(actor('reza', 'Reza', [CURATORS]), GROUP)).role).toBe('curator');
    expect((await resolver.resolve(actor('reza', 'Reza', [READERS]), GROUP)).role).toBe('curator');
    await admin.says('/role chair Reza', GROUP);
    expect((await resolver.resolve(actor('reza', 'Reza', [CURATORS]), GROUP)).role).toBe('chair');

    // A chair-only command, through the whole core.
    const mina = h.person('mina', { name: 'Mina' });
    expect(texts(await saysWithRoles(mina, '/poll Day? | Mon | Tue', [READERS]))).toContain(
      '/poll is only for: chair.',
    );
    expect(await h.prisma.poll.count()).toBe(0);
    await saysWithRoles(mina, '/poll Day? | Mon | Tue', [READERS, CHAIRS]);
    expect(await h.prisma.poll.count()).toBe(1);
  });

  it('GIVEN the mapped role taken away THEN the next event in the group acts with their own role again, and the private chat follows', async () => {
    const { resolver } = countedResolver();
    const reza = h.person('reza', { name: 'Reza' });
    await reza.says('/start');

    expect((await resolver.resolve(actor('reza', 'Reza', [CHAIRS]), GROUP)).role).toBe('chair');
    expect((await resolver.resolve(actor('reza', 'Reza'), privateChat('reza'))).role).toBe('chair');

    expect((await resolver.resolve(actor('reza', 'Reza', []), GROUP)).role).toBe('member');
    expect(await membershipOf('reza')).toMatchObject({ mappedRole: null });
    expect((await resolver.resolve(actor('reza', 'Reza'), privateChat('reza'))).role).toBe('member');

    // Given again, as curator this time: the private chat remembers that one.
    expect((await resolver.resolve(actor('reza', 'Reza', [CURATORS]), GROUP)).role).toBe('curator');
    expect((await resolver.resolve(actor('reza', 'Reza'), privateChat('reza'))).role).toBe('curator');
  });

  it('GIVEN a first contact in the group with a mapped role THEN it counts at once, and is remembered for the private chat', async () => {
    const { resolver } = countedResolver();
    const first = await resolver.resolve(actor('newcomer', 'Newcomer', [CURATORS]), GROUP);
    expect(first.role).toBe('curator');
    expect(await membershipOf('newcomer')).toMatchObject({ role: 'member', mappedRole: 'curator' });
    // Their first private message: a registration too, with the remembered role.
    expect((await resolver.resolve(actor('newcomer', 'Newcomer'), privateChat('newcomer'))).role).toBe('curator');
  });

  it('GIVEN a platform admin THEN they stay admin whatever roles are mapped', async () => {
    const { resolver } = countedResolver();
    const resolved = await resolver.resolve({ ...actor('admin', 'Nasrin', [CURATORS]), isChatAdmin: true }, GROUP);
    expect(resolved.role).toBe('admin');
  });

  it('GIVEN a known member on a platform without server roles THEN one read resolves them, with their own role', async () => {
    const { resolver, calls } = countedResolver();
    const leila = h.person('leila', { name: 'Leila' });
    await leila.says('/start');
    await leila.says('/help', GROUP);
    await admin.says('/role curator Leila', GROUP);

    calls.length = 0;
    expect((await resolver.resolve(actor('leila', 'Leila'), GROUP)).role).toBe('curator');
    expect(calls).toEqual(['findEventContext']);

    // A person linked to a Discord account where a server role made them chair: the role remembered
    // from the server says nothing here, and reading it costs no second query.
    const { id } = await membershipOf('leila');
    await h.prisma.membership.update({
      where: { id },
      data: { mappedRole: 'chair', mappedRolePlatform: 'discord', mappedRoleSeenAt: new Date() },
    });
    calls.length = 0;
    expect((await resolver.resolve(actor('leila', 'Leila'), GROUP)).role).toBe('curator');
    expect((await resolver.resolve(actor('leila', 'Leila'), privateChat('leila'))).role).toBe('curator');
    expect(calls).toEqual(['findEventContext', 'findEventContext']);
  });

  it('GIVEN a known member whose server roles did not change THEN one read resolves them; a change adds one write', async () => {
    const { resolver, calls } = countedResolver();
    await resolver.resolve(actor('reza', 'Reza', [CHAIRS]), GROUP);

    calls.length = 0;
    expect((await resolver.resolve(actor('reza', 'Reza', [CHAIRS]), GROUP)).role).toBe('chair');
    expect(calls).toEqual(['findEventContext']);

    calls.length = 0;
    expect((await resolver.resolve(actor('reza', 'Reza', [CURATORS]), GROUP)).role).toBe('curator');
    expect(calls).toEqual(['findEventContext', 'rememberMappedRole']);

    // Unchanged but confirmed over an hour ago: the event confirms it again (one write), for the DM's day.
    const { id } = await membershipOf('reza');
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR);
    await h.prisma.membership.update({ where: { id }, data: { mappedRoleSeenAt: twoHoursAgo } });
    calls.length = 0;
    expect((await resolver.resolve(actor('reza', 'Reza', [CURATORS]), GROUP)).role).toBe('curator');
    expect(calls).toEqual(['findEventContext', 'rememberMappedRole']);
    expect((await membershipOf('reza')).mappedRoleSeenAt!.getTime()).toBeGreaterThan(Date.now() - HOUR);
  });

  it('GIVEN a remembered mapped role THEN the private chat uses it for a day after it was last seen in the server, not after', async () => {
    const reza = h.person('reza', { name: 'Reza' });
    await reza.says('/start');
    const { resolver } = countedResolver();
    await resolver.resolve(actor('reza', 'Reza', [CHAIRS]), GROUP);
    expect(await membershipOf('reza')).toMatchObject({ mappedRole: 'chair', mappedRolePlatform: 'test' });

    const later = (ms: number) =>
      new MemberResolver(new CommunityRepository(h.prisma), () => new Date(Date.now() + ms));
    expect((await later(23 * HOUR).resolve(actor('reza', 'Reza'), privateChat('reza'))).role).toBe('chair');
    expect((await later(25 * HOUR).resolve(actor('reza', 'Reza'), privateChat('reza'))).role).toBe('member');

    // The same through the whole core, the confirmation a day old (the member left the server unseen).
    const { id } = await membershipOf('reza');
    await h.prisma.membership.update({ where: { id }, data: { mappedRoleSeenAt: new Date(Date.now() - 25 * HOUR) } });
    expect(texts(await reza.says('/unreachable'))).toContain('/unreachable is only for: chair.');
    // Still holding the role, their next server command confirms it, and the private chat follows again.
    await saysWithRoles(reza, '/help', [CHAIRS]);
    expect(texts(await reza.says('/unreachable'))).not.toContain('only for');
  });

  it('GIVEN an event that read a mapped role WHEN the mapping is removed before it writes the role down THEN nothing is remembered', async () => {
    const { resolver } = countedResolver();
    const reza = h.person('reza', { name: 'Reza' });
    await reza.says('/start');
    await reza.says('/help', GROUP);

    // The unmap lands between the event's read (chair) and its write.
    const mappings = (resolver as unknown as { repo: CommunityRepository }).repo.roleMappings;
    const write = mappings.rememberMappedRole.bind(mappings);
    mappings.rememberMappedRole = async (...args) => {
      await saysWithRoles(admin, `/setup unmap <@&${CHAIRS}>`, []);
      return write(...args);
    };
    expect((await resolver.resolve(actor('reza', 'Reza', [CHAIRS]), GROUP)).role).toBe('chair');
    expect(await h.prisma.platformRoleMapping.count({ where: { platformRoleId: CHAIRS } })).toBe(0);
    expect(await membershipOf('reza')).toMatchObject({ mappedRole: null, mappedRoleSeenAt: null });
    expect(texts(await reza.says('/unreachable'))).toContain('/unreachable is only for: chair.');

    // A mapping lowered meanwhile (curator → chair written late) is no better: the write checks the role too.
    const late = new RoleMappingRepository(h.prisma);
    const { memberId, communityId } = await membershipOf('reza');
    await late.rememberMappedRole(memberId, communityId, 'test', [CURATORS], 'chair', new Date());
    expect(await membershipOf('reza')).toMatchObject({ mappedRole: null });
    // While the mapping stands, the same write is kept: the check is what refused it above.
    await late.rememberMappedRole(memberId, communityId, 'test', [CURATORS], 'curator', new Date());
    expect(await membershipOf('reza')).toMatchObject({ mappedRole: 'curator', mappedRolePlatform: 'test' });
  });

  it('GIVEN a mapping of another community THEN it gives nothing here', async () => {
    const other = h.person('other-admin', { admin: true });
    const otherGroup: ChatRef = { platform: 'test', chatId: 'group-9', kind: 'group', title: 'Other' };
    await other.says('/setup new Other Network', otherGroup);
    await saysWithRoles(other, `/setup map chair <@&${READERS}> Readers`, [], otherGroup);

    const { resolver } = countedResolver();
    expect((await resolver.resolve(actor('reza', 'Reza', [READERS]), GROUP)).role).toBe('member');
    expect((await resolver.resolve(actor('reza', 'Reza', [READERS]), otherGroup)).role).toBe('chair');
  });
});

/** The community's Discord server channel and DMs, next to its group on another platform (the harness's GROUP). */
const DISCORD_CHANNEL: ChatRef = { platform: 'discord', chatId: 'general', kind: 'group', title: 'general' };
function discordDm(userId: string): ChatRef {
  return { platform: 'discord', chatId: `discord-dm-${userId}`, kind: 'private' };
}

/** What the bot sends to Discord in these tests, registered with the harness's outbox on first use. */
let discord: MemoryAdapter | undefined;
afterEach(() => {
  discord = undefined;
});

/** A line as this person's Discord account sends it (with the server roles in a channel when given); the Discord replies. */
async function saysOnDiscord(person: Person, line: string, chat: ChatRef, roles?: readonly string[]) {
  if (!discord) {
    discord = new MemoryAdapter('discord');
    h.app.outbox.register(discord);
  }
  const command = /^\/(\w+)(?:\s+([\s\S]*))?$/.exec(line);
  const payload: EventPayload = command
    ? { type: 'command', name: command[1]!, args: command[2] ?? '' }
    : { type: 'text', text: line };
  const event = person.event(payload, chat, randomUUID());
  event.actor.platform = 'discord';
  if (roles) event.actor.platformRoleIds = [...roles];
  const before = discord.sent.length;
  await h.deliver(event);
  return discord.sent.slice(before);
}

describe('a Discord-mapped role, for a member linked to another platform', () => {
  it('GIVEN a member whose Discord server role is mapped to chair THEN they are chair in the server and its DM only, not in the community group on the other platform', async () => {
    // The server's admin binds its channel with a code from the founder, who then makes her a community
    // admin (binding alone gives no role).
    const joinCode = await joinCodeFrom(admin);
    const adminOnDiscord = h.person('nasrin-discord', { name: 'Nasrin D', admin: true });
    await saysOnDiscord(adminOnDiscord, `/setup join ${joinCode}`, DISCORD_CHANNEL, []);
    await saysOnDiscord(adminOnDiscord, '/help', DISCORD_CHANNEL, []);
    expect(texts(await admin.says('/role admin Nasrin D', GROUP))).toBe('Nasrin D is now admin.');
    await saysOnDiscord(adminOnDiscord, `/setup map chair <@&${CHAIRS}> Chairs`, DISCORD_CHANNEL, []);

    // Reza on the other platform (Telegram, say) links his Discord account.
    const reza = h.person('reza', { name: 'Reza' });
    await reza.says('/start');
    await reza.says('/help', GROUP);
    const code = /Your link code: (\w+)/.exec(texts(await reza.says('/link')))![1]!;
    const rezaOnDiscord = h.person('reza-discord', { name: 'Reza' });
    await saysOnDiscord(rezaOnDiscord, '/start', discordDm('reza-discord'));
    expect(texts(await saysOnDiscord(rezaOnDiscord, `/link ${code}`, discordDm('reza-discord')))).toContain('Linked');

    // On the server, holding the role: chair.
    await saysOnDiscord(rezaOnDiscord, '/poll Day? | Mon | Tue', DISCORD_CHANNEL, [CHAIRS]);
    expect(await h.prisma.poll.count()).toBe(1);
    expect(await membershipOf('reza')).toMatchObject({
      role: 'member',
      mappedRole: 'chair',
      mappedRolePlatform: 'discord',
    });

    // In the community's group and DM on the other platform, only his own role counts.
    expect(texts(await reza.says('/poll Room? | A | B', GROUP))).toContain('/poll is only for: chair.');
    expect(texts(await reza.says('/unreachable'))).toContain('/unreachable is only for: chair.');
    // A server message whose roles the event does not carry shows no role either.
    expect(texts(await saysOnDiscord(rezaOnDiscord, '/poll Time? | 9 | 10', DISCORD_CHANNEL))).toContain(
      '/poll is only for: chair.',
    );
    expect(await h.prisma.poll.count()).toBe(1);
    // In the Discord DM, which has no server roles to show, the role just seen in the server stands in.
    expect(texts(await saysOnDiscord(rezaOnDiscord, '/unreachable', discordDm('reza-discord')))).not.toContain(
      'only for',
    );
  });
});
