import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  autocompleteChoices,
  createAutocompleteSource,
} from '../../../../src/adapters/discord/slash-commands/index.ts';
import type { Actor, ChatRef } from '../../../../src/core/event.ts';
import { GROUP, Harness, OTHER_GROUP, type Person } from '../../../support/harness.ts';

/**
 * Two communities on one database: Libraries (GROUP) and Archives (OTHER_GROUP), each with a committee
 * of its own. Suggestions must come from the typing member's community only.
 */
let h: Harness;
let chair: Person;
let member: Person;

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

beforeAll(async () => {
  h = await Harness.create();
  chair = h.person('chair-a', { name: 'Nasrin', admin: true });
  await chair.says('/start');
  await chair.says('/setup new Libraries', GROUP);
  await chair.says('/committee add Documentation', GROUP);
  await chair.says('/committee add Newsletter', GROUP);

  const otherChair = h.person('chair-b', { name: 'Ivan', admin: true });
  await otherChair.says('/start');
  await otherChair.says('/setup new Archives', OTHER_GROUP);
  await otherChair.says('/committee add Secret archive board', OTHER_GROUP);

  member = h.person('member-a', { name: 'Mina' });
  await member.says('/start');
  await member.says('/help', GROUP);
});
afterAll(() => h.close());

describe('autocomplete from the member’s own community', () => {
  it('GIVEN an option that does not autocomplete THEN no suggestions', async () => {
    expect(await suggest(member, GROUP, 'poll', 'question', 'x')).toEqual([]);
    expect(await suggest(member, GROUP, 'nosuch', 'option')).toEqual([]);
  });
});
