import { describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType } from 'discord.js';
import {
  addRole,
  person,
  roleObject,
  slashCommand,
  userMessage,
  type FakeRole,
  type FakeUser,
  type Place,
} from '../../fakes/discord/wire-objects.ts';
import { DiscordHarness, TOKEN } from './discord-harness.ts';
import { harnessPerTest } from '../../support/harness-per-test.ts';

const harnesses = harnessPerTest<DiscordHarness>([TOKEN, TOKEN.split('.')[2]!]);

const STRING = ApplicationCommandOptionType.String;
const ROLE = ApplicationCommandOptionType.Role;

const sara = person('sara', { globalName: 'Sara Karimi' });
const reza = person('reza', { globalName: 'Reza' });
const mina = person('mina', { globalName: 'Mina' });

/** A server with a “Committee chairs” role, and #general bound to a community by Sara (Manage Server). */
async function serverWithChairsRole(): Promise<{ harness: DiscordHarness; chairs: FakeRole }> {
  let chairs: FakeRole | undefined;
  const harness = harnesses.hold(
    await DiscordHarness.start({}, (server) => {
      chairs = addRole(server, 'Committee chairs');
    }),
  );
  await harness.interact(
    slashCommand(harness.fake.applicationId, sara, harness.generalAsAdmin, 'setup', [
      { name: 'new', type: STRING, value: 'Librarians' },
    ]),
  );
  return { harness, chairs: chairs! };
}

/** `/setup chair_role:@role` as Discord sends it: the role's id as the value, the role itself resolved. */
function mapChairs(harness: DiscordHarness, role: FakeRole) {
  return slashCommand(
    harness.fake.applicationId,
    sara,
    harness.generalAsAdmin,
    'setup',
    [{ name: 'chair_role', type: ROLE, value: role.id }],
    { roles: { [role.id]: roleObject(role) } },
  );
}

/** `#general` for a member holding these server roles. */
function generalWith(harness: DiscordHarness, roles: readonly string[]): Place {
  return { ...harness.general, roles };
}

/** A chair-only action: a poll posted in #general. */
async function postPoll(harness: DiscordHarness, who: FakeUser, place: Place, question: string) {
  return harness.interact(
    slashCommand(harness.fake.applicationId, who, place, 'poll', [
      { name: 'question', type: STRING, value: question },
      { name: 'choice1', type: STRING, value: 'Monday' },
      { name: 'choice2', type: STRING, value: 'Tuesday' },
    ]),
  );
}

describe('Discord server roles mapped to community roles, with the real discord.js client', () => {
  it('GIVEN an admin maps a server role to chair with /setup WHEN a member holding it posts a poll THEN it is posted, while a member without it is refused and nothing is made', async () => {
    const { harness, chairs } = await serverWithChairsRole();

    const [mapped] = await harness.interact(mapChairs(harness, chairs));
    expect(harness.events.at(-1)!.payload).toEqual({
      type: 'command',
      name: 'setup',
      args: '',
      options: { chair_role: { id: chairs.id, name: 'Committee chairs' } },
    });
    expect(mapped!.content).toContain('@Committee chairs');
    expect(mapped!.content).toContain('chair');
    const mapping = await harness.db.prisma.platformRoleMapping.findFirstOrThrow();
    expect(mapping).toMatchObject({
      platform: 'discord',
      platformRoleId: chairs.id,
      platformRoleName: 'Committee chairs',
      role: 'chair',
    });

    // Without the role: refused, no poll.
    const [refusal] = await postPoll(harness, mina, generalWith(harness, []), 'Which day for the workshop?');
    expect(harness.events.at(-1)!.actor.platformRoleIds).toEqual([]);
    expect(refusal!.content).toContain('/poll is only for: chair.');
    expect(await harness.db.prisma.poll.count()).toBe(0);

    // With the role (and no role of her own given with /role): the poll is posted.
    await postPoll(harness, reza, generalWith(harness, [chairs.id]), 'Which day for the meeting?');
    expect(harness.events.at(-1)!.actor.platformRoleIds).toEqual([chairs.id]);
    const poll = await harness.db.prisma.poll.findFirstOrThrow();
    expect(poll.question).toBe('Which day for the meeting?');
    const rezaMembership = await harness.db.prisma.membership.findFirstOrThrow({
      where: { member: { identities: { some: { platform: 'discord', externalId: reza.id } } } },
    });
    expect(rezaMembership).toMatchObject({ role: 'member', mappedRole: 'chair', mappedRolePlatform: 'discord' });

    // Mina, refused a moment ago, is given the role on the server: her next poll is posted.
    await postPoll(harness, mina, generalWith(harness, [chairs.id]), 'Which room?');
    expect(await harness.db.prisma.poll.count()).toBe(2);

    // /setup alone lists the mapping by the role's name.
    const summary = await harness.interact(
      slashCommand(harness.fake.applicationId, sara, harness.generalAsAdmin, 'setup'),
    );
    expect(summary.map((m) => m.content).join('\n')).toContain('@Committee chairs → chair');
  });

  it('GIVEN a member who acted as chair through a server role WHEN the role is taken away THEN their next command in the server is refused, and their DM forgets it too', async () => {
    const { harness, chairs } = await serverWithChairsRole();
    await harness.interact(mapChairs(harness, chairs));
    await postPoll(harness, reza, generalWith(harness, [chairs.id]), 'First poll?');
    expect(await harness.db.prisma.poll.count()).toBe(1);

    // In the DM, no server roles come with the event: the mapped role last seen in the server counts.
    const [inDm] = await harness.interact(
      slashCommand(harness.fake.applicationId, reza, harness.dmOf(reza), 'unreachable'),
    );
    expect(harness.events.at(-1)!.actor.platformRoleIds).toBeUndefined();
    expect(inDm!.content).not.toContain('only for');

    const [refusal] = await postPoll(harness, reza, generalWith(harness, []), 'Second poll?');
    expect(refusal!.content).toContain('/poll is only for: chair.');
    expect(await harness.db.prisma.poll.count()).toBe(1);

    const [dmRefusal] = await harness.interact(
      slashCommand(harness.fake.applicationId, reza, harness.dmOf(reza), 'unreachable'),
    );
    expect(dmRefusal!.content).toContain('/unreachable is only for: chair.');
  });

  it('GIVEN a member who acted as chair through a server role WHEN a day passes without a command in the server THEN the DM no longer counts the role, until the next command there confirms it', async () => {
    const { harness, chairs } = await serverWithChairsRole();
    await harness.interact(mapChairs(harness, chairs));
    await postPoll(harness, reza, generalWith(harness, [chairs.id]), 'First poll?');
    const unreachableInDm = async () =>
      (await harness.interact(slashCommand(harness.fake.applicationId, reza, harness.dmOf(reza), 'unreachable')))[0]!
        .content;
    expect(await unreachableInDm()).not.toContain('only for');

    // Removed from the server (or stripped of the role), a member sends nothing there that would clear it.
    const rezaIdentity = { member: { identities: { some: { platform: 'discord', externalId: reza.id } } } };
    const aDayAgo = new Date(Date.now() - 24 * 60 * 60 * 1000 - 60_000);
    await harness.db.prisma.membership.updateMany({ where: rezaIdentity, data: { mappedRoleSeenAt: aDayAgo } });
    expect(await unreachableInDm()).toContain('/unreachable is only for: chair.');

    await postPoll(harness, reza, generalWith(harness, [chairs.id]), 'Second poll?');
    expect(await harness.db.prisma.poll.count()).toBe(2);
    expect(await unreachableInDm()).not.toContain('only for');
  });

  it('GIVEN a member without Manage Server WHEN they try to map a role THEN they are refused and nothing is mapped', async () => {
    const { harness, chairs } = await serverWithChairsRole();
    const [refusal] = await harness.interact(
      slashCommand(
        harness.fake.applicationId,
        reza,
        generalWith(harness, [chairs.id]),
        'setup',
        [{ name: 'chair_role', type: ROLE, value: chairs.id }],
        { roles: { [chairs.id]: roleObject(chairs) } },
      ),
    );
    // A member who is not the chat's administrator either: /setup is for the community's admins and the chat's.
    expect(refusal!.content).toContain("/setup is only for: admin and the chat's administrators.");
    expect(await harness.db.prisma.platformRoleMapping.count()).toBe(0);
  });

  it('GIVEN the @everyone role in chair_role THEN the admin hears why it cannot be mapped and nothing is mapped', async () => {
    const { harness } = await serverWithChairsRole();
    const everyone = { id: harness.server.id, name: '@everyone' };
    const command = slashCommand(
      harness.fake.applicationId,
      sara,
      harness.generalAsAdmin,
      'setup',
      [{ name: 'chair_role', type: ROLE, value: everyone.id }],
      { roles: { [everyone.id]: roleObject(everyone, 0) } },
    );
    harness.fake.dispatchInteraction(command);
    await harness.fake.waitFor('the refusal', () => harness.fake.acknowledgementOf(command.id));
    const [refusal] = harness.fake.messages.filter((m) => m.interactionId === command.id);
    expect(refusal!.ephemeral).toBe(true);
    expect(refusal!.content).toContain('@everyone cannot be mapped');
    expect(await harness.db.prisma.platformRoleMapping.count()).toBe(0);
  });

  it('GIVEN a member remembered as chair WHEN they write to the bot in the server THEN the message, whose member the client does not keep, leaves the remembered role as it is', async () => {
    const { harness, chairs } = await serverWithChairsRole();
    await harness.interact(mapChairs(harness, chairs));
    await postPoll(harness, reza, generalWith(harness, [chairs.id]), 'First poll?');
    const mention = `<@${harness.fake.bot.id}>`;
    await harness.write(
      userMessage(reza, generalWith(harness, [chairs.id]), `${mention} hello`, [], [harness.fake.bot]),
    );

    // discord.js caches no members but the bot's own (client-options.ts): the roles are unknown, not none.
    expect(harness.events.at(-1)!.actor.platformRoleIds).toBeUndefined();
    const membership = await harness.db.prisma.membership.findFirstOrThrow({
      where: { member: { identities: { some: { platform: 'discord', externalId: reza.id } } } },
    });
    expect(membership.mappedRole).toBe('chair');
  });
});
