import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, privateChat, texts } from '../support/harness.ts';

/**
 * Persian replies write every number in Persian digits, ids included (commands read them back), and
 * replies in the left-to-right languages carry no RIGHT-TO-LEFT MARK picked up from a Persian rendering.
 */

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

const FSI = '\u2068';
const PDI = '\u2069';
const RLM = '\u200F';

/** What the bot wrote itself: links and isolated Latin text (names, codes, zones) taken out. */
function botsOwnWords(text: string): string {
  return text.replace(/https?:\/\/\S+/g, '').replace(new RegExp(`${FSI}[^${PDI}]*[A-Za-z][^${PDI}]*${PDI}`, 'g'), '');
}

async function persianCommunity() {
  const chair = h.person('chair', { name: 'Nasrin', admin: true, languageHint: 'fa' });
  await chair.says('/setup new Network', GROUP);
  await chair.says('/setup lang fa', GROUP);
  await chair.says('/setup calendar persian', GROUP);
  await chair.says('/start');
  return chair;
}

describe('digits in Persian replies', () => {
  it('GIVEN a Persian community WHEN meetings and polls are made and listed THEN every number and id is in Persian digits, and an id typed back in Persian digits works', async () => {
    const chair = await persianCommunity();
    const replies = [
      ...(await chair.says('/meeting 2027-06-08 10:00 | Orientation | https://x.example/1 --monthly', GROUP)),
      ...(await chair.says('/meetings', GROUP)),
      ...(await chair.says('/poll Best day? | Mon | Tue', GROUP)),
      ...(await chair.says('/results 1', GROUP)),
      ...(await chair.says('/setup', GROUP)),
    ];
    expect(replies.length).toBeGreaterThan(4);
    for (const reply of replies) expect(botsOwnWords(reply.text), reply.text).not.toMatch(/[0-9]/);
    expect(texts(replies)).toContain('/ics ۱');
    expect(texts(replies)).toContain('#۱');

    const ics = await chair.says('/ics ۱', GROUP);
    expect(
      ics.some((m) => m.file !== undefined),
      texts(ics),
    ).toBe(true);
  });
});

describe('right-to-left marks outside Persian', () => {
  it('GIVEN a Persian-speaking member WHEN they switch to English, Vietnamese or Russian THEN the reply has no RIGHT-TO-LEFT MARK', async () => {
    await persianCommunity();
    const member = h.person('sara', { name: 'Sara', languageHint: 'fa' });
    await member.says('/start', GROUP);
    const expected = { en: 'speak English', vi: 'bằng Tiếng Việt', ru: 'Русский' } as const;
    for (const [language, words] of Object.entries(expected)) {
      await member.says('/lang fa', privateChat('sara'));
      const reply = texts(await member.says(`/lang ${language}`, privateChat('sara')));
      expect(reply).toContain(words);
      expect(reply.includes(RLM), JSON.stringify(reply)).toBe(false);
    }
  });
});
