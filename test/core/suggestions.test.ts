import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRef } from '../../src/core/event.ts';
import { GROUP, Harness, privateChat, type Person } from '../support/harness.ts';

/**
 * Suggestions come from the argument's own `suggest`, inside its feature, and only for someone the
 * command would accept: Discord lists them to anyone who can type the command, before the bot checks.
 */
let h: Harness;
let founder: Person;
let member: Person;

function suggest(person: Person, chat: ChatRef, command: string, argument: string, query = '') {
  const { actor } = person.event({ type: 'text', text: '' }, chat);
  return h.app.bot.suggest({ actor, chat, command, argument, query });
}

beforeAll(async () => {
  h = await Harness.create();
  founder = h.person('founder', { admin: true });
  await founder.says('/setup new Suggestions', GROUP);
  await founder.says('/committee add Cataloguing', GROUP);
  await founder.says('/committee add Outreach', GROUP);
  member = h.person('member');
  await member.says('/start', GROUP);
});
afterAll(() => h.close());

describe('suggestions while a command is typed', () => {
  it('GIVEN a chair-only option THEN a chair gets the community’s committees, filtered by what was typed', async () => {
    expect(await suggest(founder, GROUP, 'poll', 'committee')).toEqual([
      { value: 'Cataloguing', label: 'Cataloguing' },
      { value: 'Outreach', label: 'Outreach' },
    ]);
    expect(await suggest(founder, GROUP, 'poll', 'committee', 'out')).toEqual([
      { value: 'Outreach', label: 'Outreach' },
    ]);
  });

  it('GIVEN the same option typed by a member THEN nothing is suggested', async () => {
    expect(await suggest(member, GROUP, 'poll', 'committee')).toEqual([]);
  });

  it('GIVEN someone in no community, or an argument without suggestions, or no such command THEN nothing', async () => {
    const stranger = h.person('stranger');
    expect(await suggest(stranger, privateChat('stranger'), 'poll', 'committee')).toEqual([]);
    expect(await suggest(founder, GROUP, 'poll', 'question')).toEqual([]);
    expect(await suggest(founder, GROUP, 'nosuch', 'committee')).toEqual([]);
  });
});
