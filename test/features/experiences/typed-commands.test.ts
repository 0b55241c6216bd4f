import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArgValues } from '../../../src/core/command.ts';
import { GROUP, Harness, privateChat, texts, type Person } from '../../support/harness.ts';
import {
  experienceCommunity,
  experienceId,
  member,
  withButtons,
  type ExperienceCommunity,
} from '../../support/experiences.ts';

/**
 * The experience commands with typed values, as Discord's options and forms send them: each does what
 * the same text command does, and a `|` inside a value stays part of it.
 */
let h: Harness;
let c: ExperienceCommunity;
let sara: Person;

/** A command with typed values, as the Discord adapter hands it to the core. */
function typed(person: Person, name: string, options: ArgValues, chat = GROUP) {
  return h.deliver(person.event({ type: 'command', name, args: '', options }, chat, randomUUID()));
}

beforeEach(async () => {
  h = await Harness.create();
  c = await experienceCommunity(h);
  sara = await member(h, 'sara', 'Sara Ahmadi');
});
afterEach(() => h.close());

describe('/share with typed values', () => {
  it('GIVEN a title and a text, both with “|” THEN the experience keeps each whole, with the text’s hashtags', async () => {
    const replies = await typed(sara, 'share', {
      title: 'Loans | returns',
      text: 'Kiosk | staffed desk: we chose both. #circulation',
    });
    const experience = await h.prisma.experience.findUniqueOrThrow({ where: { id: experienceId(texts(replies)) } });
    expect(experience.title).toBe('Loans | returns');
    expect(experience.body).toBe('Kiosk | staffed desk: we chose both. #circulation');
    expect(experience.tags).toContain('circulation');
    expect(texts(replies)).toContain('“Loans | returns” is submitted');
  });

  it('GIVEN a title alone THEN the answer of `/share Title |`, and nothing is stored', async () => {
    const asText = texts(await sara.says('/share Evening hours |', GROUP));
    expect(texts(await typed(sara, 'share', { title: 'Evening hours' }))).toBe(asText);
    expect(await h.prisma.experience.count()).toBe(0);
  });
});

describe('/topics with typed values', () => {
  it('GIVEN add, then remove THEN as the text forms; both at once is refused and changes nothing', async () => {
    const added = await typed(c.curator, 'topics', { add: 'Training, Digital library' });
    expect(texts(added)).toContain('Training');
    expect((await h.prisma.experienceTopic.findMany()).map((t) => t.name).sort()).toEqual([
      'Digital library',
      'Training',
    ]);
    const both = await typed(c.curator, 'topics', { add: 'Outreach', remove: 'Training' });
    expect(texts(both)).toBe('Please use only one of these options at a time: add, remove.');
    expect(await h.prisma.experienceTopic.count()).toBe(2);
    expect(texts(await typed(c.curator, 'topics', { remove: 'Training' }))).toContain('is removed');
    expect(texts(await typed(c.curator, 'topics', {}))).toBe(texts(await c.curator.says('/topics', GROUP)));
  });
});

describe('/newsletter, /search and /review with typed values', () => {
  it('GIVEN an approved experience THEN each answers as its text form', async () => {
    experienceId(texts(await sara.says('/share Weeding the stacks | Five years without loans: withdraw.', GROUP)));
    const dm = privateChat('curator');
    expect(texts(await typed(c.curator, 'review', {}, dm))).toBe(texts(await c.curator.says('/review', dm)));
    await c.curator.presses(withButtons(await c.curator.says('/review', dm)), 0, dm);

    expect(texts(await typed(sara, 'search', { words: 'weeding' }))).toBe(
      texts(await sara.says('/search weeding', GROUP)),
    );

    const period = { from: '2020-01-01', to: '2040-12-31' };
    const preview = texts(await typed(c.curator, 'newsletter', period, dm));
    expect(preview).toContain('Weeding the stacks');
    expect(preview).toBe(texts(await c.curator.says('/newsletter 2020-01-01 | 2040-12-31', dm)));
  });

  it('GIVEN /newsletter with an end and no start THEN the member hears that “to” needs “from”', async () => {
    const replies = await typed(c.curator, 'newsletter', { to: '2040-12-31' }, privateChat('curator'));
    expect(texts(replies)).toBe('The option “to” needs “from” too.');
  });
});
