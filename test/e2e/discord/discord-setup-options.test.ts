import { describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType } from 'discord.js';
import { person, slashCommand, userMessage } from '../../fakes/discord/wire-objects.ts';
import { DiscordHarness, TOKEN } from './discord-harness.ts';
import { harnessPerTest } from '../../support/harness-per-test.ts';

const harnesses = harnessPerTest<DiscordHarness>([TOKEN, TOKEN.split('.')[2]!]);

const sara = person('sara', { globalName: 'Sara Karimi', locale: 'en-US' });
const STRING = ApplicationCommandOptionType.String;

const PERSIAN_SETTINGS = [
  { name: 'language', type: STRING, value: 'fa' },
  { name: 'zone', type: STRING, value: 'Asia/Tehran' },
  { name: 'calendar', type: STRING, value: 'persian' },
];

describe('/setup with several options on Discord (issue 15.11)', () => {
  it('GIVEN an unbound channel WHEN /setup language zone calendar THEN the name is asked, the community made, and all three applied', async () => {
    const harness = harnesses.hold(await DiscordHarness.start());
    const app = harness.fake.applicationId;
    const [question] = await harness.interact(
      slashCommand(app, sara, harness.generalAsAdmin, 'setup', PERSIAN_SETTINGS),
    );
    expect(question!.content).toContain("What is the community's name?");
    expect(question!.content).not.toContain('only one of these options');

    // In a server channel the bot reads only messages that mention it.
    await harness.write(
      userMessage(
        sara,
        harness.generalAsAdmin,
        `<@${harness.fake.bot.id}> Libraries of Tabriz`,
        [],
        [harness.fake.bot],
      ),
    );
    const community = await harness.db.prisma.community.findFirstOrThrow();
    expect(community).toMatchObject({
      name: 'Libraries of Tabriz',
      language: 'fa',
      timeZone: 'Asia/Tehran',
      calendar: 'persian',
    });
  });

  it('GIVEN a bound channel WHEN its admin gives new settings together THEN every one is applied', async () => {
    const harness = harnesses.hold(await DiscordHarness.start());
    const app = harness.fake.applicationId;
    await harness.interact(
      slashCommand(app, sara, harness.generalAsAdmin, 'setup', [
        { name: 'new', type: STRING, value: 'Librarians' },
        ...PERSIAN_SETTINGS,
      ]),
    );
    expect(await harness.db.prisma.community.findFirstOrThrow()).toMatchObject({
      name: 'Librarians',
      language: 'fa',
      timeZone: 'Asia/Tehran',
      calendar: 'persian',
    });

    const replies = await harness.interact(
      slashCommand(app, sara, harness.generalAsAdmin, 'setup', [
        { name: 'language', type: STRING, value: 'vi' },
        { name: 'zone', type: STRING, value: 'Asia/Ho_Chi_Minh' },
        { name: 'calendar', type: STRING, value: 'gregorian' },
      ]),
    );
    expect(replies.map((r) => r.content).join('\n')).not.toContain('only one of these options');
    expect(await harness.db.prisma.community.findFirstOrThrow()).toMatchObject({
      language: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
      calendar: 'gregorian',
    });
  });

  it('GIVEN a wrong zone among the settings THEN nothing is changed', async () => {
    const harness = harnesses.hold(await DiscordHarness.start());
    const app = harness.fake.applicationId;
    await harness.interact(
      slashCommand(app, sara, harness.generalAsAdmin, 'setup', [{ name: 'new', type: STRING, value: 'Librarians' }]),
    );
    const [reply] = await harness.interact(
      slashCommand(app, sara, harness.generalAsAdmin, 'setup', [
        { name: 'language', type: STRING, value: 'fa' },
        { name: 'zone', type: STRING, value: 'Mars/Olympus' },
      ]),
    );
    expect(reply!.content).toContain('Mars/Olympus');
    expect(await harness.db.prisma.community.findFirstOrThrow()).toMatchObject({ language: 'en' });
  });
});
