import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../support/test-database.ts';
import { LibraryRepository } from '../../../src/features/libraries/library-repository.ts';

/** The repository against a real database: what the rounds feature reads, and an import that fails midway. */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let repo: LibraryRepository;
let communityId: number;
let otherCommunityId: number;

beforeEach(async () => {
  db = await createTestDatabase();
  repo = new LibraryRepository(db.prisma);
  communityId = (await db.prisma.community.create({ data: { name: 'Network' } })).id;
  otherCommunityId = (await db.prisma.community.create({ data: { name: 'Other' } })).id;
});
afterEach(async () => {
  await db.drop();
});

async function member(name: string, inCommunity = communityId): Promise<number> {
  const { id } = await db.prisma.member.create({ data: { displayName: name } });
  await db.prisma.membership.create({ data: { memberId: id, communityId: inCommunity } });
  return id;
}

describe('librariesForAudience', () => {
  it('GIVEN libraries in committees and respondents THEN a round gets them by name, each with who answers for it', async () => {
    const north = await db.prisma.committee.create({ data: { communityId, name: 'North' } });
    const b = await repo.add(
      communityId,
      { name: 'B Library', city: 'Hue', kind: 'public', committeeId: north.id },
      null,
    );
    const a = await repo.add(communityId, { name: 'A Library', city: null, kind: 'school', committeeId: null }, null);
    await repo.add(otherCommunityId, { name: 'Elsewhere', city: null, kind: 'other', committeeId: null }, null);
    const [sara, omid, ivan] = [await member('Sara'), await member('Omid'), await member('Ivan')];
    await repo.setMemberLibrary(communityId, sara, b.id);
    await repo.setMemberLibrary(communityId, omid, b.id);
    await repo.setMemberLibrary(communityId, ivan, a.id);
    // Ivan moves: one library per member in a community.
    await repo.setMemberLibrary(communityId, ivan, b.id);

    expect(await repo.librariesForAudience(communityId, null)).toEqual([
      { id: a.id, name: 'A Library', city: null, respondentIds: [] },
      { id: b.id, name: 'B Library', city: 'Hue', respondentIds: [sara, omid, ivan] },
    ]);
    expect((await repo.librariesForAudience(communityId, north.id)).map((l) => l.name)).toEqual(['B Library']);
    expect(await repo.respondentIds(b.id)).toEqual([sara, omid, ivan]);
    expect((await repo.libraryOfMember(communityId, ivan))?.name).toBe('B Library');
    expect((await repo.findById(communityId, b.id))?.respondents).toBe(3);
  });

  it('GIVEN a member in two communities THEN they answer for one library in each', async () => {
    const here = await repo.add(communityId, { name: 'Here', city: null, kind: 'other', committeeId: null }, null);
    const there = await repo.add(
      otherCommunityId,
      { name: 'There', city: null, kind: 'other', committeeId: null },
      null,
    );
    const sara = await member('Sara');
    await repo.setMemberLibrary(communityId, sara, here.id);
    await repo.setMemberLibrary(otherCommunityId, sara, there.id);
    expect((await repo.libraryOfMember(communityId, sara))?.name).toBe('Here');
    expect((await repo.libraryOfMember(otherCommunityId, sara))?.name).toBe('There');
    expect(await repo.clearMemberLibrary(communityId, sara)).toBe(true);
    expect(await repo.libraryOfMember(communityId, sara)).toBeNull();
    expect((await repo.libraryOfMember(otherCommunityId, sara))?.name).toBe('There');
  });
});

describe('importLibraries', () => {
  it('GIVEN a row that cannot be written after others were THEN the whole import is undone', async () => {
    await repo.add(communityId, { name: 'Central Library', city: 'Hanoi', kind: 'public', committeeId: null }, null);
    const importing = repo.importLibraries(communityId, [
      { name: 'central library', city: 'Hue' }, // an update, done first
      { name: 'New Library' },
      { name: 'Broken Library', committeeId: 999_999 }, // no such committee: the database refuses it
    ]);
    await expect(importing).rejects.toThrow();
    expect(await db.prisma.library.findMany({ select: { name: true, city: true } })).toEqual([
      { name: 'Central Library', city: 'Hanoi' },
    ]);
  });

  it('GIVEN names the community has in another spelling THEN they are updated, not added twice', async () => {
    await repo.add(communityId, { name: 'كتابخانه مركزي', city: null, kind: 'other', committeeId: null }, null);
    const result = await repo.importLibraries(communityId, [
      { name: 'کتابخانه مرکزی', kind: 'university' },
      { name: 'Music Library' },
    ]);
    expect(result).toEqual({ added: 1, updated: 1 });
    expect(await db.prisma.library.findMany({ orderBy: { name: 'asc' }, select: { name: true, kind: true } })).toEqual([
      { name: 'Music Library', kind: 'other' },
      { name: 'کتابخانه مرکزی', kind: 'university' },
    ]);
  });
});
