import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reindexStaleEntries } from '../../../src/features/experiences/search-reindex-repository.ts';
import { GROUP, Harness, OTHER_GROUP, privateChat, texts, type Person } from '../../support/harness.ts';
import {
  corpusParagraphs,
  experienceCommunity,
  experienceId,
  member,
  withButtons,
  type ExperienceCommunity,
} from '../../support/experiences.ts';

let h: Harness;
let community: ExperienceCommunity;
let sara: Person;
beforeEach(async () => {
  h = await Harness.create();
  community = await experienceCommunity(h);
  sara = await member(h, 'sara', 'Sara');
});
afterEach(async () => {
  await h.close();
});

/** Submitted by Sara in one line and approved by the curator through /review. */
async function approved(title: string, body: string): Promise<number> {
  const id = experienceId(texts(await sara.says(`/share ${title} | ${body}`)));
  const item = await community.curator.says('/review');
  await community.curator.presses(withButtons(item), 'Approve');
  return id;
}

/** The ids listed in a /search answer (`#12`, in order). */
function foundIds(replies: Array<{ text: string }>): number[] {
  return [
    ...replies
      .map((r) => r.text)
      .join('\n')
      .matchAll(/^\d+\. #(\d+)/gm),
  ].map((m) => Number(m[1]));
}

describe('/search', () => {
  it('GIVEN approved experiences in Persian, Vietnamese and Russian from the corpus THEN each is found as the issue asks', async () => {
    const fa = corpusParagraphs('fa-university-network-experience-sharing-meeting');
    const vi = corpusParagraphs('vi-university-library-association-meeting');
    const ru = corpusParagraphs('ru-libraries-partnership-resolution');
    const digital = await approved('کتابخانه‌های دیجیتال', fa[0]!);
    const shared = await approved('Thư viện số dùng chung', vi[0]!);
    const resolution = await approved(
      'Резолюция конференции',
      ru.find((p) => p.includes('библиотека'))!,
    );

    // `کتابخانه‌های دیجیتال` (with its ZWNJ) by the word without it, with an Arabic kaf, and by its stem.
    expect(foundIds(await sara.says('/search کتابخانههای'))).toEqual([digital]);
    expect(foundIds(await sara.says('/search كتابخانه'))).toEqual([digital]);
    expect(foundIds(await sara.says('/search کتابخانه'))).toEqual([digital]);
    // Vietnamese without its diacritics, Russian in capitals.
    expect(foundIds(await sara.says('/search thu vien so'))).toEqual([shared]);
    expect(foundIds(await sara.says('/search БИБЛИОТЕКА'))).toEqual([resolution]);
  });

  it('GIVEN a term only in a submission not yet approved THEN it is not found, and found once approved', async () => {
    await approved('Reading room', 'Opening hours on Fridays.');
    const [paragraph] = corpusParagraphs('fa-hospital-library-strategic-plan');
    const pendingId = experienceId(texts(await sara.says(`/share Zebrafish archive | ${paragraph}`)));

    expect(texts(await sara.says('/search zebrafish'))).toBe(
      'No approved experience has all of the words “zebrafish”.',
    );
    const item = await community.curator.says('/review');
    expect(texts(item)).toContain(`Submission #${pendingId}`);
    await community.curator.presses(withButtons(item), 'Approve');
    expect(foundIds(await sara.says('/search zebrafish'))).toEqual([pendingId]);
  });

  it('GIVEN digits in either script THEN they find each other', async () => {
    const id = await approved('Meeting of ۱۴۰۲/۰۳/۲۳', 'Held online from 10 to 11.');
    expect(foundIds(await sara.says('/search 1402'))).toEqual([id]);
    expect(foundIds(await sara.says('/search ۱۱'))).toEqual([id]);
  });

  it('GIVEN several matches THEN a word in the title ranks above one only in the text, and every word must occur', async () => {
    const inText = await approved('Weekly routine', 'We digitised the old catalogue cards.');
    const inTitle = await approved('Catalogue cleanup', 'Two volunteers worked through the drawers.');
    const both = await approved('Catalogue of theses', 'Digitised theses since 2010.');
    expect(foundIds(await sara.says('/search catalogue'))).toEqual([both, inTitle, inText]);
    expect(foundIds(await sara.says('/search catalogue digitised'))).toEqual([both, inText]);
    expect(texts(await sara.says('/search catalogue volunteers theses'))).toContain('No approved experience');
  });

  it('GIVEN more results than a page THEN Next and Previous page through them, and a number opens one in full', async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 7; i++)
      ids.push(await approved(`Outreach idea ${i}`, `Idea number ${i} for library outreach.`));
    const first = await sara.says('/search outreach', GROUP);
    expect(texts(first)).toContain('Experiences for “outreach”: 1–5 of 7.');
    const page1 = foundIds(first);
    expect(page1).toHaveLength(5);
    const labels = withButtons(first)
      .buttons!.flat()
      .map((b) => b.label);
    expect(labels).toEqual([...page1.map((id) => `#${id}`), 'Next ›']);
    for (const button of withButtons(first).buttons!.flat()) {
      expect(Buffer.byteLength(`${button.action}|${button.data ?? ''}`)).toBeLessThanOrEqual(64);
    }

    const second = await sara.presses(withButtons(first), 'Next ›', GROUP);
    expect(texts(second)).toContain('6–7 of 7');
    const page2 = foundIds(second);
    expect([...page1, ...page2].sort((a, b) => a - b)).toEqual(ids);
    const back = await sara.presses(withButtons(second), '‹ Previous', GROUP);
    expect(foundIds(back)).toEqual(page1);

    const opened = await sara.presses(withButtons(first), `#${page1[0]}`, GROUP);
    expect(texts(opened)).toContain(`Experience #${page1[0]}, approved`);
    expect(texts(opened)).toContain('Author: Sara');
    expect(texts(opened)).toMatch(/Idea number \d for library outreach\./);
  });

  it('GIVEN an anonymous experience THEN results and the full view do not name its author', async () => {
    const id = experienceId(texts(await sara.says('/share Quiet success | A story from a small library')));
    await h.prisma.experience.update({ where: { id }, data: { consent: 'anonymous' } });
    await community.curator.presses(withButtons(await community.curator.says('/review')), 'Approve');
    const results = await sara.says('/search quiet');
    expect(texts(results)).toContain('“Quiet success”, anonymous');
    expect(texts(results)).not.toContain('Sara');
    expect(texts(await sara.presses(withButtons(results), `#${id}`))).toContain('Author: anonymous');
  });

  it('GIVEN /search alone THEN it asks for the words and searches the next message', async () => {
    const id = await approved('Book club', 'Monthly book club for students.');
    expect(texts(await sara.says('/search'))).toBe('What are you looking for? Send a few words.');
    expect(foundIds(await sara.says('book club'))).toEqual([id]);
  });

  it('GIVEN paging or open buttons of another community, or forged THEN they are refused', async () => {
    const id = await approved('Ours', 'Our own experience.');
    const first = await sara.says('/search ours');
    const other = h.person('stranger');
    const otherAdmin = h.person('other-admin', { admin: true });
    await otherAdmin.says('/setup new Other', OTHER_GROUP);
    await other.says('/start', OTHER_GROUP);
    await other.says('/start', privateChat('stranger'));
    const button = withButtons(first).buttons!.flat()[0]!;
    const opened = await h.deliver(
      other.event({ type: 'action', action: button.action, data: button.data! }, OTHER_GROUP),
    );
    expect(texts(opened)).toBe(`There is no approved experience #${id} in this community.`);
    const paging = await h.deliver(other.event({ type: 'action', action: 'srch.pg', data: '1.5' }, OTHER_GROUP));
    expect(texts(paging)).toContain('This button is no longer valid');
    const forged = await h.deliver(sara.event({ type: 'action', action: 'srch.pg', data: '../../etc' }, GROUP));
    expect(texts(forged)).toContain('This button is no longer valid');
  });

  it("GIVEN another member's paging button, or its payload forged THEN their query is not shown", async () => {
    for (let i = 1; i <= 6; i++) await approved(`Outreach ${i}`, `Private outreach idea ${i}.`);
    const mine = await sara.says('/search private outreach');
    const next = withButtons(mine)
      .buttons!.flat()
      .find((b) => b.action === 'srch.pg')!;
    const reza = await member(h, 'reza', 'Reza');
    const pressed = await h.deliver(reza.event({ type: 'action', action: 'srch.pg', data: next.data! }, GROUP));
    expect(texts(pressed)).toBe('This button belongs to someone else.');
    expect(texts(pressed)).not.toContain('private outreach');
    // Sara's own press still pages.
    expect(texts(await sara.presses(withButtons(mine), 'Next ›', GROUP))).toContain('6–6 of 6');
  });

  it('GIVEN a query of punctuation only THEN the member is told what to send', async () => {
    expect(texts(await sara.says('/search ?!،'))).toBe('Send some words to look for, like /search digital library.');
  });

  it('GIVEN words written apart from their Persian affix THEN a space, a ZWNJ or nothing between them all find each other', async () => {
    const museums = await approved('موزه ها', 'بازدید از موزه ها در هفتهٔ کتاب.');
    const publicLibraries = await approved('كتابخانه هاي عمومي', 'شبکهٔ كتابخانه هاي عمومي استان.');
    const joined = await approved('موزهها و بزرگترین کتابخانهها', 'گزارش کوتاه.');
    const zwnj = await approved('موزه‌های شهر', 'می‌روم به موزه.');

    for (const query of ['موزه‌ها', 'موزهها', 'موزه ها']) {
      expect(foundIds(await sara.says(`/search ${query}`)).sort()).toEqual([museums, joined, zwnj].sort());
    }
    for (const query of ['کتابخانه‌های عمومی', 'کتابخانههای عمومی', 'کتابخانه های عمومی']) {
      expect(foundIds(await sara.says(`/search ${query}`))).toEqual([publicLibraries]);
    }
    for (const query of ['بزرگ ترین', 'بزرگ‌ترین', 'بزرگترین']) {
      expect(foundIds(await sara.says(`/search ${query}`))).toEqual([joined]);
    }
    for (const query of ['می روم', 'میروم', 'می‌روم']) {
      expect(foundIds(await sara.says(`/search ${query}`))).toEqual([zwnj]);
    }
  });

  it('GIVEN an entry indexed by an older normalizer THEN the search-reindex job rewrites it and the new forms find it', async () => {
    const id = await approved('موزه ها', 'بازدید از موزه ها.');
    // As an earlier version left it: the words apart only, and the old version number.
    await h.prisma.$executeRaw`
      UPDATE "ExperienceIndexEntry" SET "words" = array_to_tsvector(${['موزه', 'ها', 'بازدید', 'از']}::text[]),
             "tokensVersion" = 1
      WHERE "experienceId" = ${id}`;
    expect(foundIds(await sara.says('/search موزه‌ها'))).toEqual([]);

    expect(await reindexStaleEntries(h.prisma)).toBe(1);
    expect(foundIds(await sara.says('/search موزه‌ها'))).toEqual([id]);
    expect(await reindexStaleEntries(h.prisma)).toBe(0);
  });
});
