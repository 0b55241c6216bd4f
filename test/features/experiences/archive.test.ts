import path from 'node:path';
import { rm } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backup, restore } from '../../../src/db/backup/backup-commands.ts';
import { openDatabase } from '../../../src/db/database.ts';
import { buildExperienceServices } from '../../../src/features/experiences/register-experiences.ts';
import { Translator } from '../../../src/i18n/translator.ts';
import { silentLogger } from '../../../src/logger.ts';
import { makeTestDir } from '../../support/global-setup.ts';
import { GROUP, Harness, privateChat, texts } from '../../support/harness.ts';
import {
  experienceCommunity,
  experienceId,
  fileText,
  member,
  withButtons,
  type ExperienceCommunity,
} from '../../support/experiences.ts';

let h: Harness;
let c: ExperienceCommunity;
beforeEach(async () => {
  h = await Harness.create();
  c = await experienceCommunity(h);
});
afterEach(async () => {
  await h.close();
});

/** Sara's approved (named, with her library), pending and anonymous-approved experiences, and a search. */
async function saraWithHistory() {
  const sara = await member(h, 'sara', 'Sara Ahmadi');
  await h.prisma.member.updateMany({ where: { displayName: 'Sara Ahmadi' }, data: { organization: 'Tabriz Library' } });
  const approved = experienceId(texts(await sara.says('/share Friday opening | We opened on Fridays #outreach')));
  const item = await c.curator.says('/review');
  await c.curator.presses(withButtons(item), 'Approve');
  const shy = experienceId(texts(await sara.says('/share Quiet help | Helping shy readers')));
  await h.prisma.experience.update({ where: { id: shy }, data: { consent: 'anonymous' } });
  await c.curator.presses(withButtons(await c.curator.says('/review')), 'Approve');
  const pending = experienceId(texts(await sara.says('/share Draft idea | Not reviewed yet')));
  await sara.says('/search fridays');
  return { sara, approved, shy, pending };
}

describe('/export experiences', () => {
  it('GIVEN a curator WHEN /export experiences csv THEN a UTF-8 CSV with a BOM arrives privately, every status, authors only where named', async () => {
    const { approved, shy, pending } = await saraWithHistory();
    const replies = await c.curator.says('/export experiences csv', GROUP);
    const file = replies.find((m) => m.file)!;
    expect(file.chatId).toBe('dm-curator');
    expect(file.file!.mimeType).toBe('text/csv');
    const text = fileText(file);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [Number(r.id), r.status, r.author, r.consent])).toEqual([
      [approved, 'approved', 'Sara Ahmadi', 'named'],
      [shy, 'approved', '', 'anonymous'],
      [pending, 'pending', 'Sara Ahmadi', 'named'],
    ]);
    expect(rows[0]).toMatchObject({ title: 'Friday opening', tags: 'outreach', library: 'Tabriz Library' });
    expect(replies.some((m) => m.chatId === GROUP.chatId && m.text.includes('private chat'))).toBe(true);
  });

  it('GIVEN /export experiences json THEN every experience comes with its history, the anonymous one naming no author', async () => {
    const { shy } = await saraWithHistory();
    const [file] = (await c.curator.says('/export experiences json')).filter((m) => m.file);
    const data = JSON.parse(fileText(file!));
    expect(data.community).toBe('University Libraries Network');
    const anonymous = data.experiences.find((e: { id: number }) => e.id === shy);
    expect(anonymous.author).toBeNull();
    expect(anonymous.history.map((s: { to: string; by: string | null }) => [s.to, s.by])).toEqual([
      ['pending', null],
      ['approved', 'Curator'],
    ]);
  });

  it('GIVEN /export alone THEN buttons offer the archive, and pressing one sends it', async () => {
    await saraWithHistory();
    const menu = await c.curator.says('/export');
    expect(
      withButtons(menu)
        .buttons!.flat()
        .map((b) => b.label),
    ).toEqual([
      'Experiences (CSV)',
      'Experiences (JSON)',
      'Polls (CSV)',
      'Polls (JSON)',
      'Meetings (CSV)',
      'Meetings (JSON)',
    ]);
    const sent = await c.curator.presses(withButtons(menu), 'Experiences (JSON)');
    expect(sent.find((m) => m.file)!.file!.fileName).toMatch(/^experiences-\d{4}-\d{2}-\d{2}\.json$/);
  });

  it('GIVEN a member, an unknown format, or a curator asking for a poll by id THEN each is refused', async () => {
    const sara = await member(h, 'sara', 'Sara');
    expect(texts(await sara.says('/export experiences csv'))).toBe('/export is only for: chair and curator.');
    expect(texts(await c.curator.says('/export experiences xml'))).toBe(
      'Write /export experiences csv or /export experiences json.',
    );
    expect(texts(await c.curator.says('/export 12'))).toBe('/export is only for: chair.');
  });
});

describe('/mydata and /forgetme with experiences', () => {
  it('GIVEN a member who shared and searched WHEN /mydata THEN the file holds their experiences, searches and library', async () => {
    const { sara, approved } = await saraWithHistory();
    const [file] = (await sara.says('/mydata')).filter((m) => m.file);
    const data = JSON.parse(fileText(file!));
    expect(data.member.organization).toBe('Tabriz Library');
    expect(data.experiences.map((e: { title: string }) => e.title)).toEqual([
      'Friday opening',
      'Quiet help',
      'Draft idea',
    ]);
    expect(data.experiences[0].id).toBe(approved);
    expect(data.experienceSearches.map((s: { query: string }) => s.query)).toEqual(['fridays']);
  });

  it('GIVEN a member WHEN they forget themselves THEN what was approved stays anonymized and searchable, the rest is gone', async () => {
    const { sara, approved, shy, pending } = await saraWithHistory();
    const [confirm] = await sara.says('/forgetme');
    await sara.presses(confirm, 'Yes, delete');

    const left = await h.prisma.experience.findMany({ orderBy: { id: 'asc' } });
    expect(left.map((e) => e.id)).toEqual([approved, shy]);
    for (const e of left) {
      expect(e).toMatchObject({ authorId: null, consent: 'anonymous', library: null, chatId: null });
    }
    expect(await h.prisma.experience.count({ where: { id: pending } })).toBe(0);
    expect(await h.prisma.experienceStatusChange.count({ where: { experienceId: pending } })).toBe(0);
    expect(await h.prisma.experienceSearch.count()).toBe(0);
    // The curator's part of the history is theirs and stays.
    const history = await h.prisma.experienceStatusChange.findMany({
      where: { experienceId: approved },
      orderBy: { id: 'asc' },
    });
    expect(history.map((s) => s.toStatus)).toEqual(['pending', 'approved']);
    expect(history[0]!.actorId).toBeNull();

    // Still found, and shown as anonymous.
    const reader = await member(h, 'reza', 'Reza');
    const results = await reader.says('/search fridays');
    expect(texts(results)).toContain('“Friday opening”, anonymous');
    expect(texts(results)).not.toContain('Sara');
  });

  it('GIVEN a curator who forgets themselves THEN their decisions stay, without their name', async () => {
    const { approved } = await saraWithHistory();
    await c.curator.says('/newsletter', privateChat('curator'));
    const [confirm] = await c.curator.says('/forgetme');
    await c.curator.presses(confirm, 'Yes, delete');
    const decision = await h.prisma.experienceStatusChange.findFirstOrThrow({
      where: { experienceId: approved, toStatus: 'approved' },
    });
    expect(decision.actorId).toBeNull();
    expect((await h.prisma.experience.findUniqueOrThrow({ where: { id: approved } })).status).toBe('approved');
  });
});

describe('/topics', () => {
  it('GIVEN a curator THEN topics are added once in any spelling, listed with remove buttons, and removed', async () => {
    expect(texts(await c.curator.says('/topics'))).toContain('There are no topics yet');
    const added = await c.curator.says('/topics add کتابخانه دیجیتال, Training, #training');
    expect(texts(added)).toContain('Added: کتابخانه دیجیتال, Training.');
    expect(texts(await c.curator.says('/topics add كتابخانه ديجيتال'))).toBe('Those topics are on the list already.');
    const list = withButtons(await c.curator.says('/topics'));
    expect(list.buttons!.flat().map((b) => b.label)).toEqual(['Remove Training', 'Remove کتابخانه دیجیتال']);
    expect(texts(await c.curator.presses(list, 'Remove Training'))).toContain('The topic “Training” is removed');
    expect(texts(await c.curator.says('/topics remove كتابخانه ديجيتال'))).toContain('is removed');
    expect(await h.prisma.experienceTopic.count()).toBe(0);
  });

  it('GIVEN a member THEN /topics is refused', async () => {
    const sara = await member(h, 'sara', 'Sara');
    expect(texts(await sara.says('/topics add Mine'))).toBe('/topics is only for: curator.');
    expect(await h.prisma.experienceTopic.count()).toBe(0);
  });
});

describe('backup and restore with experiences', () => {
  it('GIVEN an approved experience WHEN the database is backed up and restored THEN search still finds it', async () => {
    const root = await makeTestDir();
    const options = { databaseUrl: undefined, dataDir: path.join(root, 'data'), logger: silentLogger() };
    const file = path.join(root, 'backup.jsonl.gz');
    try {
      const db = await openDatabase(options);
      const services = buildExperienceServices(db.prisma, new Translator());
      const community = await db.prisma.community.create({ data: { name: 'Network', joinCode: 'BACKUP01' } });
      const author = await db.prisma.member.create({ data: { displayName: 'Sara' } });
      const { id } = await services.submissions.submit({
        communityId: community.id,
        authorId: author.id,
        platform: 'test',
        chatId: 'dm-sara',
        title: 'کتابخانه‌های دیجیتال',
        body: 'Thư viện số',
        tags: [],
        library: null,
        consent: 'named',
        sourceName: null,
        sourceDate: null,
        attachments: [],
      });
      await services.submissions.decide(community.id, id, 'approve', author.id, null);
      await backup(options, file);
      await db.prisma.experience.deleteMany();
      await db.close();

      await restore(options, file);
      const reopened = await openDatabase(options);
      try {
        const { search } = buildExperienceServices(reopened.prisma, new Translator());
        expect((await search.find(community.id, 'كتابخانه thu vien')).results.map((r) => r.id)).toEqual([id]);
      } finally {
        await reopened.close();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
