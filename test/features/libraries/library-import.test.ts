import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileDownload } from '../../../src/core/stored-files.ts';
import { GROUP, Harness, privateChat, texts } from '../../support/harness.ts';
import { communityWithMember, withButtons } from './support.ts';

/** `/library import`: a CSV file or pasted lines, all written or none. */
let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

/** The test platform's files, as an adapter that can download them would give them. */
function platformFiles(files: Record<string, Buffer>): void {
  h.app.files.add({
    platform: 'test',
    download: async (fileId: string): Promise<FileDownload> => {
      const bytes = files[fileId];
      return bytes ? { ok: true, bytes } : { ok: false, kind: 'gone', error: 'no such file' };
    },
  });
}

async function libraries() {
  return h.prisma.library.findMany({ orderBy: { name: 'asc' }, include: { committee: true } });
}

describe('/library import with the CSV after the command', () => {
  it('GIVEN a good list THEN every library is added, and a second list updates those it names and adds the others', async () => {
    const { admin } = await communityWithMember(h);
    await admin.says('/committee add North', GROUP);
    const first = [
      'name,city,kind,committee',
      'Central Library,Hanoi,public,North',
      '"Library of Medicine, Hue",Hue,hospital,',
      'School Library 5,,school,',
    ].join('\n');
    expect(texts(await admin.says(`/library import\n${first}`, GROUP))).toContain(
      'Imported: 3 new libraries, 0 updated.',
    );
    expect((await libraries()).map((l) => [l.name, l.city, l.kind, l.committee?.name ?? null])).toEqual([
      ['Central Library', 'Hanoi', 'public', 'North'],
      ['Library of Medicine, Hue', 'Hue', 'hospital', null],
      ['School Library 5', null, 'school', null],
    ]);

    // Only the columns the file has change: the city and committee of Central Library stay.
    const second = ['name;kind', 'central library;university', 'Technical Library;special'].join('\n');
    expect(texts(await admin.says(`/library import\n${second}`, GROUP))).toContain(
      'Imported: 1 new library, 1 updated.',
    );
    const central = await h.prisma.library.findFirstOrThrow({
      where: { name: 'central library' },
      include: { committee: true },
    });
    expect(central).toMatchObject({ city: 'Hanoi', kind: 'university' });
    expect(central.committee?.name).toBe('North');
    expect(await h.prisma.library.count()).toBe(4);
  });

  it('GIVEN a list with bad lines THEN the admin hears each line number and what is wrong there, and nothing is written', async () => {
    const { admin } = await communityWithMember(h);
    await admin.says('/library add Existing Library | Hanoi | public', GROUP);
    const csv = [
      'name,city,kind',
      'Good Library,Hanoi,public', // line 2: fine, but not written either
      'Castle Library,Hue,castle', // line 3: unknown kind
      ',Hue,public', // line 4: empty name
      'good library,Da Nang,school', // line 5: same name as line 2
      `${'L'.repeat(121)},Hue,public`, // line 6: too long
      'Existing Library,Saigon,school', // line 7: fine, an update, not written either
    ].join('\n');
    const reply = texts(await admin.says(`/library import\n${csv}`, GROUP));
    expect(reply).toContain('Nothing was imported: the list has 4 problems.');
    expect(reply).toContain('line 3: “castle” is not a kind');
    expect(reply).toContain('line 4: the name is empty');
    expect(reply).toContain('line 5: “good library” is already on line 2');
    expect(reply).toContain('line 6: the name is longer than 120 characters');
    expect(reply).not.toMatch(/line [27]:/);
    expect((await libraries()).map((l) => [l.name, l.city, l.kind])).toEqual([['Existing Library', 'Hanoi', 'public']]);
  });

  it('GIVEN an unknown committee or an unknown column THEN they are reported with their lines, and nothing is written', async () => {
    const { admin } = await communityWithMember(h);
    const reply = texts(await admin.says('/library import\nname,committee\nA,Nowhere\nB,', GROUP));
    expect(reply).toContain('line 2: there is no committee called “Nowhere”');
    const columns = texts(await admin.says('/library import\nname,kinds\nA,public', GROUP));
    expect(columns).toContain('line 1: “kinds” is not a column of this list');
    const headerless = texts(await admin.says('/library import\nCentral Library,Hanoi', GROUP));
    expect(headerless).toContain('line 1: the first line must name the columns');
    expect(await h.prisma.library.count()).toBe(0);
  });

  it('GIVEN Persian column names, a BOM, semicolons and Persian kinds THEN the list is read', async () => {
    const { admin } = await communityWithMember(h);
    const csv = '\uFEFFنام;شهر;نوع\r\nکتابخانهٔ مرکزی;تهران;دانشگاهی\r\nکتابخانهٔ ملی;تهران;عمومی\r\n';
    expect(texts(await admin.says(`/library import\n${csv}`, GROUP))).toContain('Imported: 2 new libraries');
    expect((await libraries()).map((l) => [l.name, l.city, l.kind])).toEqual([
      ['کتابخانهٔ مرکزی', 'تهران', 'university'],
      ['کتابخانهٔ ملی', 'تهران', 'public'],
    ]);
  });

  it('GIVEN a member who is not an admin WHEN /library import THEN it is refused and nothing is written', async () => {
    const { sara } = await communityWithMember(h);
    expect(texts(await sara.says('/library import\nname\nMine', GROUP))).toContain(
      '/library import is only for: admin',
    );
    expect(await h.prisma.library.count()).toBe(0);
  });
});

describe('/library import with a file', () => {
  it('GIVEN /library import THEN the CSV file sent next is fetched from its platform and imported', async () => {
    const { admin } = await communityWithMember(h);
    platformFiles({ 'file-1': Buffer.from('\uFEFFname,city\nCentral Library,Hanoi\nMedical Library,Hue\n') });
    const chat = privateChat(admin.userId);
    expect(texts(await admin.says('/library import', chat))).toContain('Send the CSV file now');
    const file = admin.event({ type: 'file', fileId: 'file-1', fileName: 'libraries.csv', mimeType: 'text/csv' }, chat);
    expect(texts(await h.deliver(file))).toContain('Imported: 2 new libraries, 0 updated.');
    expect((await libraries()).map((l) => l.name)).toEqual(['Central Library', 'Medical Library']);
    expect(await h.prisma.conversation.count()).toBe(0);
  });

  it('GIVEN a file sent with the caption /library import THEN it is imported at once', async () => {
    const { admin } = await communityWithMember(h);
    platformFiles({ 'file-2': Buffer.from('name\nCentral Library\n') });
    const file = admin.event(
      { type: 'file', fileId: 'file-2', fileName: 'list.csv', caption: '/library import' },
      privateChat(admin.userId),
    );
    expect(texts(await h.deliver(file))).toContain('Imported: 1 new library');
    expect(await h.prisma.library.count()).toBe(1);
  });

  it('GIVEN a bad file THEN its problems are listed, nothing is written, and a corrected file sent next is imported', async () => {
    const { admin } = await communityWithMember(h);
    platformFiles({
      bad: Buffer.from('name,kind\nA,public\nB,castle\n'),
      good: Buffer.from('name,kind\nA,public\nB,special\n'),
    });
    const chat = privateChat(admin.userId);
    await admin.says('/library import', chat);
    const bad = admin.event({ type: 'file', fileId: 'bad', fileName: 'a.csv' }, chat);
    expect(texts(await h.deliver(bad))).toContain('line 3: “castle” is not a kind');
    expect(await h.prisma.library.count()).toBe(0);
    const good = admin.event({ type: 'file', fileId: 'good', fileName: 'a.csv' }, chat);
    expect(texts(await h.deliver(good))).toContain('Imported: 2 new libraries');
  });

  it('GIVEN a platform whose files cannot be fetched here THEN the admin is told to paste the lines instead', async () => {
    const { admin } = await communityWithMember(h);
    const chat = privateChat(admin.userId);
    await admin.says('/library import', chat);
    const file = admin.event({ type: 'file', fileId: 'x', fileName: 'libraries.csv' }, chat);
    expect(texts(await h.deliver(file))).toContain(
      'I cannot fetch files sent on test here. Paste the lines of the CSV after /library import instead.',
    );
    expect(await h.prisma.library.count()).toBe(0);
  });

  it('GIVEN a spreadsheet or a file that is not UTF-8 THEN the admin is told how to save it', async () => {
    const { admin } = await communityWithMember(h);
    platformFiles({ latin1: Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xe9, 0xff, 0x0a]) });
    const chat = privateChat(admin.userId);
    await admin.says('/library import', chat);
    const sheet = admin.event({ type: 'file', fileId: 'latin1', fileName: 'libraries.xlsx' }, chat);
    expect(texts(await h.deliver(sheet))).toContain('This is not a CSV file. Save the sheet as CSV (UTF-8)');
    const latin1 = admin.event({ type: 'file', fileId: 'latin1', fileName: 'libraries.csv' }, chat);
    expect(texts(await h.deliver(latin1))).toContain('Save it as “CSV UTF-8”');
    expect(await h.prisma.library.count()).toBe(0);
  });
});

describe('/library import with lines pasted one message at a time (the console)', () => {
  it('GIVEN lines sent after /library import THEN pressing Import imports them all at once', async () => {
    const { admin } = await communityWithMember(h);
    const chat = privateChat(admin.userId);
    await admin.says('/library import', chat);
    await admin.says('name,city', chat);
    await admin.says('Central Library,Hanoi', chat);
    const received = withButtons(await admin.says('Medical Library,Hue', chat));
    expect(received.text).toContain('3 lines received');
    expect(await h.prisma.library.count()).toBe(0);
    expect(texts(await admin.presses(received, 'Import', chat))).toContain('Imported: 2 new libraries');
    expect((await libraries()).map((l) => [l.name, l.city])).toEqual([
      ['Central Library', 'Hanoi'],
      ['Medical Library', 'Hue'],
    ]);
  });
});
