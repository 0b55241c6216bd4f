import type { Db, DbTransaction } from '../../db/prisma-client.ts';
import { UserError } from '../../core/errors.ts';
import { DEFAULT_LIBRARY_KIND, storedKind, type LibraryKind } from './library-kinds.ts';
import { nameKey } from './library-names.ts';

/** The only code of this feature that knows Prisma: finds and writes. */

const librarySelect = {
  id: true,
  communityId: true,
  name: true,
  city: true,
  kind: true,
  committeeId: true,
  committee: { select: { name: true } },
  delegateId: true,
  delegate: { select: { displayName: true } },
  _count: { select: { respondents: true } },
} as const;

/** A member library as the feature shows it. */
export interface LibraryRow {
  id: number;
  communityId: number;
  name: string;
  city: string | null;
  kind: LibraryKind;
  committeeId: number | null;
  committeeName: string | null;
  delegateId: number | null;
  delegateName: string | null;
  /** How many members answer for it. */
  respondents: number;
}

/** A library of an import: undefined fields are left as they are (a new library gets the defaults). */
export interface LibraryImportRow {
  name: string;
  city?: string | null;
  kind?: LibraryKind;
  committeeId?: number | null;
}

/** A library a round asks, and who answers for it. */
export interface AudienceLibrary {
  id: number;
  name: string;
  city: string | null;
  respondentIds: number[];
}

type SelectedLibrary = {
  id: number;
  communityId: number;
  name: string;
  city: string | null;
  kind: string;
  committeeId: number | null;
  committee: { name: string } | null;
  delegateId: number | null;
  delegate: { displayName: string } | null;
  _count: { respondents: number };
};

function toRow(row: SelectedLibrary): LibraryRow {
  return {
    id: row.id,
    communityId: row.communityId,
    name: row.name,
    city: row.city,
    kind: storedKind(row.kind),
    committeeId: row.committeeId,
    committeeName: row.committee?.name ?? null,
    delegateId: row.delegateId,
    delegateName: row.delegate?.displayName ?? null,
    respondents: row._count.respondents,
  };
}

/** An import of a thousand libraries writes a thousand rows: more than the default five seconds on a busy server. */
const IMPORT_TIMEOUT_MS = 60_000;

export class LibraryRepository {
  constructor(private readonly db: Db) {}

  /** The community's libraries by name, with how many members answer for each. */
  async listWithCounts(communityId: number): Promise<LibraryRow[]> {
    const rows = await this.db.library.findMany({
      where: { communityId },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      select: librarySelect,
    });
    return rows.map(toRow);
  }

  async findById(communityId: number, id: number): Promise<LibraryRow | null> {
    const row = await this.db.library.findFirst({ where: { communityId, id }, select: librarySelect });
    return row ? toRow(row) : null;
  }

  /**
   * The library of this name, compared as `nameKey` does (case, Arabic or Persian letters, ZWNJ or
   * space): the names are read and compared here, since the database keeps no compared form.
   */
  async findByName(communityId: number, name: string): Promise<LibraryRow | null> {
    const id = await idOfName(this.db, communityId, name);
    return id === null ? null : this.findById(communityId, id);
  }

  /** Every library's id and name, for the close names of one not found. */
  names(communityId: number): Promise<Array<{ id: number; name: string }>> {
    return this.db.library.findMany({
      where: { communityId },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      select: { id: true, name: true },
    });
  }

  /** A new library; a UserError when the community has one of the same name. */
  add(
    communityId: number,
    library: { name: string; city: string | null; kind: LibraryKind; committeeId: number | null },
    actorId: number | null,
  ): Promise<LibraryRow> {
    return this.db.$transaction(async (tx) => {
      await lockLibrariesOf(tx, communityId);
      await refuseTakenName(tx, communityId, library.name, null);
      const row = await tx.library.create({ data: { communityId, ...library }, select: librarySelect });
      await audit(tx, communityId, actorId, 'library.add', { libraryId: row.id, name: row.name });
      return toRow(row);
    });
  }

  /** A library's new name; a UserError when another library of the community has it. */
  rename(communityId: number, id: number, name: string, actorId: number | null): Promise<LibraryRow> {
    return this.db.$transaction(async (tx) => {
      await lockLibrariesOf(tx, communityId);
      await refuseTakenName(tx, communityId, name, id);
      const before = await tx.library.findFirstOrThrow({ where: { communityId, id }, select: { name: true } });
      const row = await tx.library.update({ where: { id }, data: { name }, select: librarySelect });
      await audit(tx, communityId, actorId, 'library.rename', { libraryId: id, from: before.name, to: name });
      return toRow(row);
    });
  }

  /** Its kind, city or committee; those not given stay. */
  async setDetails(
    communityId: number,
    id: number,
    details: { kind?: LibraryKind; city?: string | null; committeeId?: number | null },
  ): Promise<LibraryRow | null> {
    const { count } = await this.db.library.updateMany({ where: { communityId, id }, data: details });
    return count === 0 ? null : this.findById(communityId, id);
  }

  /** The member who speaks for the library (null: nobody). */
  async setDelegate(
    communityId: number,
    id: number,
    delegateId: number | null,
    actorId: number | null,
  ): Promise<LibraryRow | null> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.library.updateMany({ where: { communityId, id }, data: { delegateId } });
      if (count === 0) return null;
      await audit(tx, communityId, actorId, 'library.delegate', { libraryId: id });
      const row = await tx.library.findUniqueOrThrow({ where: { id }, select: librarySelect });
      return toRow(row);
    });
  }

  /** The member answers for this library from now on: one library per member in a community. */
  async setMemberLibrary(communityId: number, memberId: number, libraryId: number): Promise<void> {
    await this.db.libraryRespondent.upsert({
      where: { communityId_memberId: { communityId, memberId } },
      create: { communityId, memberId, libraryId },
      update: { libraryId, since: new Date() },
    });
  }

  /** True when the member answered for a library. */
  async clearMemberLibrary(communityId: number, memberId: number): Promise<boolean> {
    const { count } = await this.db.libraryRespondent.deleteMany({ where: { communityId, memberId } });
    return count > 0;
  }

  async libraryOfMember(communityId: number, memberId: number): Promise<LibraryRow | null> {
    const respondent = await this.db.libraryRespondent.findUnique({
      where: { communityId_memberId: { communityId, memberId } },
      select: { library: { select: librarySelect } },
    });
    return respondent ? toRow(respondent.library) : null;
  }

  /** The members who answer for the library, in the order they said so. */
  async respondentIds(libraryId: number): Promise<number[]> {
    const rows = await this.db.libraryRespondent.findMany({
      where: { libraryId },
      orderBy: [{ since: 'asc' }, { memberId: 'asc' }],
      select: { memberId: true },
    });
    return rows.map((r) => r.memberId);
  }

  /**
   * The libraries a round asks: every library of the community, or those of one committee, by name,
   * each with the members who answer for it (none yet: an empty list, and the round counts it missing).
   */
  async librariesForAudience(communityId: number, committeeId: number | null): Promise<AudienceLibrary[]> {
    const rows = await this.db.library.findMany({
      where: { communityId, ...(committeeId !== null ? { committeeId } : {}) },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        name: true,
        city: true,
        respondents: { orderBy: [{ since: 'asc' }, { memberId: 'asc' }], select: { memberId: true } },
      },
    });
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      city: r.city,
      respondentIds: r.respondents.map((x) => x.memberId),
    }));
  }

  /**
   * The libraries of a file, in one transaction: all are written or none. A name the community has
   * (compared as `nameKey` does) updates that library, taking the file's spelling; any other is added.
   */
  importLibraries(
    communityId: number,
    rows: readonly LibraryImportRow[],
    actorId: number | null = null,
  ): Promise<{ added: number; updated: number }> {
    return this.db.$transaction(
      async (tx) => {
        await lockLibrariesOf(tx, communityId);
        const existing = await tx.library.findMany({ where: { communityId }, select: { id: true, name: true } });
        const idByKey = new Map(existing.map((l) => [nameKey(l.name), l.id]));
        const added: LibraryImportRow[] = [];
        let updated = 0;
        for (const row of rows) {
          const id = idByKey.get(nameKey(row.name));
          if (id === undefined) {
            added.push(row);
            idByKey.set(nameKey(row.name), -1); // a second spelling of it in the same rows is the same library
            continue;
          }
          if (id === -1) continue;
          const { name, city, kind, committeeId } = row;
          await tx.library.update({
            where: { id },
            data: {
              name,
              ...(city !== undefined ? { city } : {}),
              ...(kind !== undefined ? { kind } : {}),
              ...(committeeId !== undefined ? { committeeId } : {}),
            },
          });
          updated++;
        }
        if (added.length > 0) {
          await tx.library.createMany({
            data: added.map((row) => ({
              communityId,
              name: row.name,
              city: row.city ?? null,
              kind: row.kind ?? DEFAULT_LIBRARY_KIND,
              committeeId: row.committeeId ?? null,
            })),
          });
        }
        await audit(tx, communityId, actorId, 'library.import', { added: added.length, updated });
        return { added: added.length, updated };
      },
      { timeout: IMPORT_TIMEOUT_MS },
    );
  }

  /** The community's committees, for a committee named in a file or a command. */
  committees(communityId: number): Promise<Array<{ id: number; name: string }>> {
    return this.db.committee.findMany({ where: { communityId }, select: { id: true, name: true } });
  }

  /** A member of the community by the name they go by, as /role finds one (at most two: ambiguous). */
  membersNamed(communityId: number, name: string): Promise<Array<{ id: number; displayName: string }>> {
    return this.db.member.findMany({
      where: { displayName: { equals: name, mode: 'insensitive' }, memberships: { some: { communityId } } },
      select: { id: true, displayName: true },
      take: 2,
    });
  }

  /** The member behind a platform account, and whether they belong to the community. */
  async memberOfAccount(
    communityId: number,
    platform: string,
    externalId: string,
  ): Promise<{ id: number; displayName: string; inCommunity: boolean } | null> {
    const identity = await this.db.identity.findUnique({
      where: { platform_externalId: { platform, externalId } },
      select: {
        member: {
          select: { id: true, displayName: true, memberships: { where: { communityId }, select: { id: true } } },
        },
      },
    });
    if (!identity) return null;
    const { id, displayName, memberships } = identity.member;
    return { id, displayName, inCommunity: memberships.length > 0 };
  }

  /**
   * Someone in a group of the community the bot has not heard from, or not as a member yet: registered
   * and made a member, as their first message there would have.
   */
  registerAccount(communityId: number, platform: string, externalId: string, displayName: string) {
    return this.db.$transaction(async (tx) => {
      const identity = await tx.identity.findUnique({
        where: { platform_externalId: { platform, externalId } },
        select: { memberId: true },
      });
      const memberId =
        identity?.memberId ??
        (
          await tx.member.create({
            data: { displayName, identities: { create: { platform, externalId, displayName } } },
            select: { id: true },
          })
        ).id;
      await tx.membership.upsert({
        where: { memberId_communityId: { memberId, communityId } },
        create: { memberId, communityId },
        update: {},
      });
      return { id: memberId, displayName };
    });
  }
}

/** Names are unique per community in their compared form, which no index enforces: writers take turns. */
async function lockLibrariesOf(tx: DbTransaction, communityId: number): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Community" WHERE id = ${communityId} FOR NO KEY UPDATE`;
}

async function idOfName(db: Db | DbTransaction, communityId: number, name: string): Promise<number | null> {
  const key = nameKey(name);
  const names = await db.library.findMany({ where: { communityId }, select: { id: true, name: true } });
  return names.find((l) => nameKey(l.name) === key)?.id ?? null;
}

async function refuseTakenName(
  tx: DbTransaction,
  communityId: number,
  name: string,
  exceptId: number | null,
): Promise<void> {
  const id = await idOfName(tx, communityId, name);
  if (id !== null && id !== exceptId) {
    const taken = await tx.library.findUniqueOrThrow({ where: { id }, select: { name: true } });
    throw new UserError('library.error.name-taken', { name: taken.name });
  }
}

function audit(
  tx: DbTransaction,
  communityId: number,
  actorMemberId: number | null,
  action: string,
  details: Record<string, string | number>,
) {
  return tx.auditLog.create({ data: { communityId, actorMemberId, action, details } });
}
