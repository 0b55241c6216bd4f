import { describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType, GatewayIntentBits, InteractionResponseType } from 'discord.js';
import { addThread, componentPress, modalSubmit, person, slashCommand } from '../../fakes/discord/wire-objects.ts';
import { DiscordHarness, TOKEN } from './discord-harness.ts';
import { harnessPerTest } from '../../support/harness-per-test.ts';

// discord.js sends the token in every request header: each run's logs are searched for it.
const harnesses = harnessPerTest<DiscordHarness>([TOKEN, TOKEN.split('.')[2]!]);

async function start(options?: Parameters<typeof DiscordHarness.start>[0]): Promise<DiscordHarness> {
  return harnesses.hold(await DiscordHarness.start(options));
}

const sara = person('sara', { globalName: 'Sara Karimi', locale: 'en-US' });
const reza = person('reza', { globalName: 'Reza' });
const STRING = ApplicationCommandOptionType.String;

/** `/setup new:NAME` by someone with Manage Server: the server's #general becomes a community. */
async function setUpCommunity(harness: DiscordHarness, name = 'Librarians'): Promise<void> {
  const app = harness.fake.applicationId;
  await harness.interact(
    slashCommand(app, sara, harness.generalAsAdmin, 'setup', [{ name: 'new', type: STRING, value: name }]),
  );
}

describe('the Discord adapter with the real discord.js client, against a fake Discord', () => {
  it('GIVEN DISCORD_GUILD_ID WHEN the bot starts THEN it identifies over the json gateway with no privileged intent and registers every command in that server', async () => {
    const harness = await start({ guildCommands: true });
    const { fake } = harness;

    expect(fake.callsTo('GET', /^\/gateway\/bot$/)).toHaveLength(1);
    expect(fake.gateway.connections).toEqual(['v=10&encoding=json']);
    const [identify] = fake.gateway.identifies;
    const intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages;
    expect(identify!.intents).toBe(intents);
    expect(identify!.intents & GatewayIntentBits.MessageContent).toBe(0);
    const registered = fake.registeredCommands.get(harness.server.id) as Array<{ name: string }>;
    expect(registered.map((c) => c.name)).toEqual(
      expect.arrayContaining(['start', 'poll', 'share', 'meeting', 'setup']),
    );
    expect(fake.registeredCommands.has('global')).toBe(false);
  });

  it('GIVEN a slash command with options from a server admin THEN it runs with the typed values and its answer is the interaction reply, with the member text escaped', async () => {
    const harness = await start();
    const app = harness.fake.applicationId;
    const setup = slashCommand(app, sara, harness.generalAsAdmin, 'setup', [
      { name: 'new', type: STRING, value: 'Libraries & *Friends*' },
    ]);
    const [reply, ...more] = await harness.interact(setup);

    expect(harness.events[0]!.payload).toEqual({
      type: 'command',
      name: 'setup',
      args: '',
      options: { new: 'Libraries & *Friends*' },
    });
    expect(harness.events[0]!.actor).toMatchObject({ userId: sara.id, displayName: 'Sara Karimi', isChatAdmin: true });
    expect(harness.events[0]!.chat).toMatchObject({
      chatId: harness.server.channels[0]!.id,
      kind: 'group',
      title: 'Libraries #general',
    });
    expect(more).toEqual([]);
    expect(reply!.via).toBe('reply');
    expect(reply!.content).toContain('Libraries & \\*Friends\\*');
    expect(harness.fake.acknowledgementOf(setup.id)!.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const community = await harness.db.prisma.community.findFirstOrThrow();
    expect(community.name).toBe('Libraries & *Friends*');
  });

  it('GIVEN a member without Manage Server WHEN they run /setup THEN they are refused and no community is made', async () => {
    const harness = await start();
    const app = harness.fake.applicationId;
    const [reply] = await harness.interact(
      slashCommand(app, reza, harness.general, 'setup', [{ name: 'new', type: STRING, value: 'Mine' }]),
    );
    expect(harness.events[0]!.actor.isChatAdmin).toBe(false);
    expect(reply!.content).not.toContain('Mine');
    expect(await harness.db.prisma.community.count()).toBe(0);
  });

  it('GIVEN a button on an answer WHEN it is pressed THEN the press runs its action and the answer replies to the press', async () => {
    const harness = await start();
    const app = harness.fake.applicationId;
    const dm = harness.dmOf(sara);
    const [question] = await harness.interact(slashCommand(app, sara, dm, 'calendar'));
    const persian = question!.components.find((c) => c.customId?.endsWith('cal.set|persian'));
    expect(persian?.type).toBe('button');

    const press = componentPress(app, sara, dm, question!.wire, persian!.customId!);
    const [answer] = await harness.interact(press);

    expect(harness.events[1]!.payload).toEqual({ type: 'action', action: 'cal.set', data: 'persian' });
    expect(answer!.content).toContain('Solar Hijri (Jalali)');
    expect(harness.fake.acknowledgementOf(press.id)!.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  });

  it('GIVEN /share without options THEN its form opens, and the submitted form is shared with its title and text as typed', async () => {
    const harness = await start();
    const app = harness.fake.applicationId;
    await setUpCommunity(harness);
    const bare = slashCommand(app, reza, harness.general, 'share');
    await harness.interact(bare, { expectEvent: false });
    expect(harness.fake.acknowledgementOf(bare.id)!.type).toBe(InteractionResponseType.Modal);
    const form = harness.fake.modalShownFor(bare.id)!;
    expect(form.custom_id).toBe('slash-modal:share');

    const submit = modalSubmit(app, reza, harness.general, 'slash-modal:share', {
      title: 'Evening opening hours',
      text: 'We opened until 21:00 and loans grew.',
    });
    const [answer] = await harness.interact(submit);

    expect(harness.events.at(-1)!.payload).toEqual({
      type: 'command',
      name: 'share',
      args: '',
      options: { title: 'Evening opening hours', text: 'We opened until 21:00 and loans grew.' },
    });
    expect(answer!.via).toBe('reply');
    const experience = await harness.db.prisma.experience.findFirstOrThrow();
    expect(experience.title).toBe('Evening opening hours');
  });

  it("GIVEN a thread under a bound channel THEN a command there acts in the channel's community and its answers go into the thread", async () => {
    const harness = harnesses.hold(
      await DiscordHarness.start({}, (server) => addThread(server, server.channels[0]!, 'Evening hours')),
    );
    const app = harness.fake.applicationId;
    await setUpCommunity(harness);
    const thread = harness.server.threads[0]!;
    const inThread = { guild: harness.server, channel: thread };
    const [answer] = await harness.interact(slashCommand(app, reza, inThread, 'committees'));

    const general = harness.server.channels[0]!.id;
    expect(harness.events.at(-1)!.chat).toMatchObject({
      chatId: general,
      threadId: thread.id,
      title: 'Libraries #general',
    });
    expect(answer!.channelId).toBe(thread.id);
    // Reza became a member of the community bound to #general, beside Sara who set it up.
    expect(await harness.db.prisma.membership.count()).toBe(2);

    await harness.app.outbox.enqueue(
      { platform: 'discord', chatId: general },
      { text: 'Into the thread.', threadId: thread.id },
    );
    await harness.app.outbox.drain();
    expect(harness.fake.messagesIn(thread.id).map((m) => m.content)).toContain('Into the thread.');
    expect(harness.fake.messagesIn(general).map((m) => m.content)).not.toContain('Into the thread.');
  });

  it('GIVEN slow work WHEN no answer is ready in time THEN the interaction is deferred within 3 s and the answer fills the deferred reply', async () => {
    const harness = await start({ deferAfterMs: 100 });
    harness.handlerDelayMs = 400;
    const help = slashCommand(harness.fake.applicationId, sara, harness.general, 'help');
    const [answer, ...more] = await harness.interact(help);

    const ack = harness.fake.acknowledgementOf(help.id)!;
    expect(ack.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(ack.afterMs).toBeLessThan(3000);
    expect(harness.fake.lateAcknowledgements).toBe(0);
    expect(more).toEqual([]);
    expect(answer!.via).toBe('deferred');
    expect(answer!.content).toContain('Commands you can use here:');
    expect(harness.fake.callsTo('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/)).toHaveLength(1);
  });

  it('GIVEN poll options holding “|” and “--multi” THEN they reach the poll as typed: one question, two answers, one choice each', async () => {
    const harness = await start();
    const app = harness.fake.applicationId;
    await setUpCommunity(harness);
    const poll = slashCommand(app, sara, harness.generalAsAdmin, 'poll', [
      { name: 'question', type: STRING, value: 'Which day | or night?' },
      { name: 'choice1', type: STRING, value: 'Monday --multi' },
      { name: 'choice2', type: STRING, value: 'Tuesday | evening' },
    ]);
    await harness.interact(poll);
    const stored = await harness.db.prisma.poll.findFirstOrThrow({
      include: { options: { orderBy: { position: 'asc' } } },
    });
    expect(stored.question).toBe('Which day | or night?');
    expect(stored.options.map((o) => o.label)).toEqual(['Monday --multi', 'Tuesday | evening']);
    expect(stored.multi).toBe(false);
  });

  it('GIVEN an option longer than the command allows THEN the member alone hears why, and nothing runs', async () => {
    const harness = await start();
    const app = harness.fake.applicationId;
    await setUpCommunity(harness);
    const poll = slashCommand(app, sara, harness.generalAsAdmin, 'poll', [
      { name: 'question', type: STRING, value: 'x'.repeat(301) },
      { name: 'choice1', type: STRING, value: 'Monday' },
      { name: 'choice2', type: STRING, value: 'Tuesday' },
    ]);
    await harness.interact(poll);
    const [refusal] = harness.fake.messages.filter((m) => m.interactionId === poll.id);
    expect(refusal!.ephemeral).toBe(true);
    expect(refusal!.content).toContain('300');
    expect(await harness.db.prisma.poll.count()).toBe(0);
  });
});
