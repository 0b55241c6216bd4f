import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, texts } from '../../support/harness.ts';
import { buttonLabels, communityWithMember, libraryNameOf, memberIdOf, withButtons } from './support.ts';

/** `/library` in English: choosing one's library by button or name, and the admins' forms. */
let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

describe('/library add and list', () => {
  it('GIVEN an admin WHEN /library add NAME | city | kind THEN the library is stored with them and listed for everyone', async () => {
    const { admin, sara } = await communityWithMember(h);
    const reply = texts(await admin.says('/library add Central Library | Hanoi | public', GROUP));
    expect(reply).toContain('Library added: Central Library (Public, Hanoi)');
    const stored = await h.prisma.library.findFirstOrThrow();
    expect(stored).toMatchObject({ name: 'Central Library', city: 'Hanoi', kind: 'public', delegateId: null });

    await admin.says('/library add Medical Library | | hospital', GROUP);
    const list = texts(await sara.says('/library list'));
    expect(list).toContain('Member libraries (2):');
    expect(list).toContain('• Central Library (Hanoi) — Public; nobody answers for it yet');
    expect(list).toContain('• Medical Library — Hospital; nobody answers for it yet');
  });

  it('GIVEN a member who is not an admin WHEN /library add THEN it is refused and no library is written', async () => {
    const { sara } = await communityWithMember(h);
    const reply = texts(await sara.says('/library add Sara’s Library', GROUP));
    expect(reply).toContain('/library add is only for: admin');
    expect(await h.prisma.library.count()).toBe(0);
  });

  it('GIVEN an unknown kind THEN the admin hears the kinds and nothing is written', async () => {
    const { admin } = await communityWithMember(h);
    const reply = texts(await admin.says('/library add Central Library | Hanoi | castle', GROUP));
    expect(reply).toContain('“castle” is not a library kind. Kinds: university, public, hospital');
    expect(await h.prisma.library.count()).toBe(0);
  });

  it('GIVEN a library WHEN another is added under the same name in another case THEN it is refused', async () => {
    const { admin } = await communityWithMember(h);
    await admin.says('/library add Central Library', GROUP);
    const reply = texts(await admin.says('/library add CENTRAL  library', GROUP));
    expect(reply).toContain('There is already a library called “Central Library”.');
    expect(await h.prisma.library.count()).toBe(1);
  });
});

describe('/library: a member chooses the library they work for', () => {
  it('GIVEN libraries WHEN a member sends /library and presses one THEN they answer for it, and /library shows it with its details', async () => {
    const { admin, sara } = await communityWithMember(h);
    await admin.says('/library add Central Library | Hanoi | public', GROUP);
    await admin.says('/library add Medical Library | Hue | hospital', GROUP);

    const menu = withButtons(await sara.says('/library'));
    expect(menu.text).toContain('You have not said which library you work for');
    expect(buttonLabels(menu)).toEqual(['Central Library — Hanoi', 'Medical Library — Hue', 'None of these']);
    expect(texts(await sara.presses(menu, 'Medical Library — Hue'))).toContain('you answer for Medical Library');
    expect(await libraryNameOf(h, sara)).toBe('Medical Library');

    const shown = withButtons(await sara.says('/library'));
    expect(shown.text).toContain('Your library: Medical Library');
    expect(shown.text).toContain('Kind: Hospital');
    expect(shown.text).toContain('City: Hue');
    expect(shown.text).toContain('Delegate: none named');
    expect(buttonLabels(shown)).toContain('✓ Medical Library — Hue');
  });

  it('GIVEN a member with a library WHEN they choose another THEN they answer for the new one only (one library per member)', async () => {
    const { admin, sara } = await communityWithMember(h);
    await admin.says('/library add Central Library', GROUP);
    await admin.says('/library add Medical Library', GROUP);
    await sara.says('/library Central Library');
    expect(texts(await sara.says('/library medical library'))).toContain('you answer for Medical Library');
    const memberId = await memberIdOf(h, sara);
    const rows = await h.prisma.libraryRespondent.findMany({ where: { memberId }, include: { library: true } });
    expect(rows.map((r) => r.library.name)).toEqual(['Medical Library']);
  });

  it('GIVEN a member with a library WHEN they press “None of these” THEN they answer for none', async () => {
    const { admin, sara } = await communityWithMember(h);
    await admin.says('/library add Central Library', GROUP);
    await sara.says('/library Central Library');
    const menu = withButtons(await sara.says('/library'));
    expect(texts(await sara.presses(menu, 'None of these'))).toContain('you no longer answer for a library');
    expect(await libraryNameOf(h, sara)).toBeNull();
  });

  it('GIVEN a name that is not a library WHEN /library NAME THEN the close names are offered and nothing changes', async () => {
    const { admin, sara } = await communityWithMember(h);
    await admin.says('/library add Central Library', GROUP);
    await admin.says('/library add Central Medical Library', GROUP);
    await admin.says('/library add Music Library', GROUP);
    const reply = texts(await sara.says('/library Centrl Library'));
    expect(reply).toContain('There is no library called “Centrl Library”. Did you mean:\n• Central Library');
    expect(reply).not.toContain('Music Library');
    expect(await libraryNameOf(h, sara)).toBeNull();
    expect(texts(await sara.says('/library Atlantis'))).toContain(
      'There is no library called “Atlantis”. /library list shows them all.',
    );
  });

  it('GIVEN more libraries than fit on one page THEN the buttons come page by page and any of them can be chosen', async () => {
    const { admin, sara } = await communityWithMember(h);
    const names = Array.from({ length: 11 }, (_, i) => `Library ${String(i + 1).padStart(2, '0')}`);
    await admin.says(`/library import\nname\n${names.join('\n')}`, GROUP);
    const first = withButtons(await sara.says('/library'));
    expect(buttonLabels(first)).toEqual([...names.slice(0, 8), 'Next ›', 'None of these']);
    const second = withButtons(await sara.presses(first, 'Next ›'));
    expect(second.text).toContain('page 2 of 2');
    expect(buttonLabels(second)).toEqual([...names.slice(8), '‹ Previous', 'None of these']);
    await sara.presses(second, 'Library 10');
    expect(await libraryNameOf(h, sara)).toBe('Library 10');
  });

  it('GIVEN no library yet WHEN /library THEN the member is told an admin adds them', async () => {
    const { sara } = await communityWithMember(h);
    expect(texts(await sara.says('/library'))).toContain('This community has no member libraries yet.');
  });
});

describe('/library rename and delegate', () => {
  it('GIVEN two libraries WHEN one is renamed to the other’s name THEN it is refused and both keep their names', async () => {
    const { admin } = await communityWithMember(h);
    await admin.says('/library add Central Library', GROUP);
    await admin.says('/library add City Library', GROUP);
    const refused = texts(await admin.says('/library rename City Library | central library', GROUP));
    expect(refused).toContain('There is already a library called “Central Library”.');
    const names = (await h.prisma.library.findMany({ orderBy: { name: 'asc' } })).map((l) => l.name);
    expect(names).toEqual(['Central Library', 'City Library']);

    expect(texts(await admin.says('/library rename City Library | Town Library', GROUP))).toContain(
      'Renamed: “City Library” is now “Town Library”.',
    );
    // The same library under another case of its own name is a rename, not a collision.
    expect(texts(await admin.says('/library rename town library | TOWN Library', GROUP))).toContain(
      '“Town Library” is now “TOWN Library”',
    );
  });

  it('GIVEN a member named by their name WHEN /library delegate NAME | member THEN they are the delegate, shown in the list and to respondents', async () => {
    const { admin, sara } = await communityWithMember(h);
    await admin.says('/library add Central Library | Hanoi', GROUP);
    await sara.says('/library Central Library');
    expect(texts(await admin.says('/library delegate Central Library | @Sara', GROUP))).toContain(
      'Sara is now the delegate of “Central Library”.',
    );
    const library = await h.prisma.library.findFirstOrThrow();
    expect(library.delegateId).toBe(await memberIdOf(h, sara));
    expect(texts(await sara.says('/library list'))).toContain('1 respondent; delegate: Sara');
    expect(texts(await sara.says('/library'))).toContain('Delegate: Sara');
  });

  it('GIVEN a reply to the person’s message WHEN /library delegate NAME THEN the person replied to is the delegate', async () => {
    const { admin } = await communityWithMember(h);
    await admin.says('/library add Central Library', GROUP);
    const event = admin.event(
      {
        type: 'command',
        name: 'library',
        args: 'delegate Central Library',
        target: { userId: 'omid-9', displayName: 'Omid' },
      },
      GROUP,
    );
    expect(texts(await h.deliver(event))).toContain('Omid is now the delegate of “Central Library”.');
    const library = await h.prisma.library.findFirstOrThrow({ include: { delegate: true } });
    expect(library.delegate?.displayName).toBe('Omid');
    // Named in the community's group, someone the bot had not met is now its member.
    const membership = await h.prisma.membership.findFirst({ where: { memberId: library.delegateId! } });
    expect(membership?.role).toBe('member');
  });

  it('GIVEN a name nobody in the community has THEN the admin is told, and no delegate is set', async () => {
    const { admin } = await communityWithMember(h);
    await admin.says('/library add Central Library', GROUP);
    expect(texts(await admin.says('/library delegate Central Library | Nobody Here', GROUP))).toContain(
      "I don't know anyone called “Nobody Here” in this community.",
    );
    expect((await h.prisma.library.findFirstOrThrow()).delegateId).toBeNull();
  });

  it('GIVEN a member who is not an admin WHEN /library rename or delegate THEN both are refused', async () => {
    const { admin, sara } = await communityWithMember(h);
    await admin.says('/library add Central Library', GROUP);
    expect(texts(await sara.says('/library rename Central Library | Mine', GROUP))).toContain(
      '/library rename is only for: admin',
    );
    expect(texts(await sara.says('/library delegate Central Library | Sara', GROUP))).toContain(
      '/library delegate is only for: admin',
    );
    expect(await h.prisma.library.findFirstOrThrow()).toMatchObject({ name: 'Central Library', delegateId: null });
  });
});

describe('/library as Discord sends it', () => {
  it('GIVEN typed options THEN they do what the text forms do, and a mix of forms is refused', async () => {
    const { admin, sara } = await communityWithMember(h);
    const add = admin.event(
      {
        type: 'command',
        name: 'library',
        args: '',
        options: { add: 'Central Library', city: 'Hanoi', kind: 'university' },
      },
      GROUP,
    );
    expect(texts(await h.deliver(add))).toContain('Library added: Central Library (University, Hanoi)');
    const choose = sara.event(
      { type: 'command', name: 'library', args: '', options: { name: 'central library' } },
      GROUP,
    );
    expect(texts(await h.deliver(choose))).toContain('you answer for Central Library');
    expect(await libraryNameOf(h, sara)).toBe('Central Library');

    const mixed = admin.event(
      { type: 'command', name: 'library', args: '', options: { add: 'Another', rename: 'Central Library' } },
      GROUP,
    );
    expect(texts(await h.deliver(mixed))).toContain('How to use /library');
    expect(await h.prisma.library.count()).toBe(1);
  });
});
