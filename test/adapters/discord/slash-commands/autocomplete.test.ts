import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  autocompleteChoices,
  createAutocompleteSource,
} from '../../../../src/adapters/discord/slash-commands/index.ts';
import type { Actor, ChatRef } from '../../../../src/core/event.ts';
import { GROUP, Harness, OTHER_GROUP, privateChat, type Person } from '../../../support/harness.ts';

/**
 * Two communities on one database: Libraries (GROUP) and Archives (OTHER_GROUP), each with a meeting
 * and a committee of its own. Suggestions must come from the typing member's community only.
 */
let h: Harness;
let chair: Person;
let member: Person;
let outsider: Person;

const actor = (person: Person, options: Partial<Actor> = {}): Actor => ({
  platform: 'test',
  userId: person.userId,
  displayName: person.name,
  ...options,
});

function suggest(person: Person | Actor, chat: ChatRef, command: string, option: string, query = '') {
  const who = 'platform' in person ? person : actor(person);
  const source = createAutocompleteSource({ db: h.prisma, services: h.app.services }, who, chat);
  return autocompleteChoices(command, option, query, source);
}

const names = (choices: Array<{ name: string }>) => choices.map((c) => c.name);

beforeAll(async () => {
  h = await Harness.create();
  chair = h.person('chair-a', { name: 'Nasrin', admin: true });
  await chair.says('/start');
  await chair.says('/setup new Libraries', GROUP);
  await chair.says('/committee add Documentation', GROUP);
  await chair.says('/committee add Newsletter', GROUP);
  await chair.says('/meeting 2031-03-01 10:00 | Orientation for new heads | https://meet.example.org/a', GROUP);
  await chair.says(
    '/meeting 2031-04-01 10:00 | Documentation sprint | https://meet.example.org/d --committee Documentation',
    GROUP,
  );

  const otherChair = h.person('chair-b', { name: 'Ivan', admin: true });
  await otherChair.says('/start');
  await otherChair.says('/setup new Archives', OTHER_GROUP);
  await otherChair.says('/committee add Secret archive board', OTHER_GROUP);
  await otherChair.says('/meeting 2031-03-02 10:00 | Archives only meeting | https://meet.example.org/b', OTHER_GROUP);

  member = h.person('member-a', { name: 'Mina' });
  await member.says('/start');
  await member.says('/help', GROUP);
  outsider = otherChair;
});
afterAll(() => h.close());

describe('autocomplete from the member’s own community', () => {
  it('GIVEN a member of Libraries in its group THEN its meetings, never the Archives’, and not a committee’s they are not in', async () => {
    const choices = await suggest(member, GROUP, 'ics', 'meeting');
    expect(names(choices)).toEqual([expect.stringMatching(/^#\d+ Orientation for new heads · /)]);
    expect(typeof choices[0]!.value).toBe('number');
    const chairSees = names(await suggest(chair, GROUP, 'cancel', 'meeting'));
    expect(chairSees).toEqual([
      expect.stringContaining('Orientation for new heads'),
      expect.stringContaining('Documentation sprint'),
    ]);
  });

  it('GIVEN the member in their private chat THEN the same community’s meetings', async () => {
    expect(names(await suggest(member, privateChat(member.userId), 'ics', 'meeting'))).toEqual([
      expect.stringContaining('Orientation for new heads'),
    ]);
  });

  it('GIVEN a member (or a chat admin who is only a member) THEN the chair-only options list nothing', async () => {
    const chatAdmin = actor(member, { isChatAdmin: true });
    for (const who of [member, chatAdmin]) {
      for (const chat of [GROUP, privateChat(member.userId)]) {
        expect(await suggest(who, chat, 'meeting', 'committee')).toEqual([]);
      }
    }
  });

  it('GIVEN the Archives’ chair THEN only the Archives’ meeting', async () => {
    expect(names(await suggest(outsider, OTHER_GROUP, 'ics', 'meeting'))).toEqual([
      expect.stringContaining('Archives only meeting'),
    ]);
  });

  it('GIVEN committee names THEN the community’s, filtered by what was typed, for /meeting', async () => {
    expect(await suggest(chair, GROUP, 'meeting', 'committee', 'news')).toEqual([
      { name: 'Newsletter', value: 'Newsletter' },
    ]);
  });

  it('GIVEN a group no community is bound to THEN nothing is suggested, and typing registers no one', async () => {
    const stranger = h.person('stranger', { name: 'Someone' });
    const loose: ChatRef = { platform: 'test', chatId: 'group-unbound', kind: 'group', title: 'Elsewhere' };
    const membersBefore = await h.prisma.member.count();
    expect(await suggest(stranger, loose, 'ics', 'meeting')).toEqual([]);
    expect(await suggest(stranger, GROUP, 'ics', 'meeting')).toHaveLength(1);
    expect(await h.prisma.member.count()).toBe(membersBefore);
  });

  it('GIVEN recurrences THEN their names, as the text command takes them', async () => {
    expect(names(await suggest(chair, GROUP, 'meeting', 'repeat', 'month'))).toEqual([
      'monthly',
      'monthly 1st mon',
      'monthly last fri',
    ]);
  });

  it('GIVEN an option that does not autocomplete THEN no suggestions', async () => {
    expect(await suggest(member, GROUP, 'poll', 'question', 'x')).toEqual([]);
    expect(await suggest(member, GROUP, 'nosuch', 'option')).toEqual([]);
  });
});
