import { afterEach, beforeEach, expect, it } from 'vitest';
import { renderBarChartPng } from '../../../src/features/ballots/chart-renderer.ts';
import { pollChartSpec } from '../../../src/features/polls/poll-chart.ts';
import type { Language } from '../../../src/i18n/languages.ts';
import { GROUP, Harness, privateChat } from '../../support/harness.ts';

/** A chart is labelled in the language of whoever asked for it, as the text beside it is. */

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

it('GIVEN a Persian poll in a Persian community WHEN a Russian-speaking chair asks for the results THEN the chart is the Russian one, and a Persian-speaking admin gets the Persian one', async () => {
  const founder = h.person('founder', { name: 'Nasrin', admin: true, languageHint: 'fa' });
  await founder.says('/setup new شبکه', GROUP);
  await founder.says('/setup lang fa', GROUP);
  await founder.says('/start');
  const olga = h.person('olga', { name: 'Olga', languageHint: 'ru' });
  await olga.says('/start', GROUP);
  await olga.says('/start');
  await olga.says('/lang ru');
  await founder.says('/role chair Olga', GROUP);
  const [poll] = await founder.says('/poll کدام روز؟ | شنبه | یکشنبه', GROUP);
  await olga.presses(poll, 'شنبه', GROUP);

  const chartFor = async (person: typeof olga, userId: string) => {
    const replies = await person.says('/results 1', privateChat(userId));
    const file = replies.find((m) => m.file)?.file;
    expect(file, JSON.stringify(replies.map((m) => m.text))).toBeDefined();
    return Buffer.from(file!.contentBase64, 'base64');
  };
  const community = await h.prisma.community.findFirstOrThrow();
  const row = (await h.app.services.polls.find(1, community.id))!;
  const { tally, audience } = await h.app.services.polls.results(row, null);
  const expected = (language: Language) =>
    renderBarChartPng(pollChartSpec(h.app.translator.forLanguage(language), language, row, tally, audience));

  const russian = await chartFor(olga, 'olga');
  expect(russian.equals(await expected('ru'))).toBe(true);
  expect(russian.equals(await expected('fa'))).toBe(false);
  expect((await chartFor(founder, 'founder')).equals(await expected('fa'))).toBe(true);
});
