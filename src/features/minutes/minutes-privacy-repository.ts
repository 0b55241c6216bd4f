import type { Db, DbTransaction } from '../../db/prisma-client.ts';
import { Translator } from '../../i18n/translator.ts';
import { isLanguage } from '../../i18n/languages.ts';
import { replaceNames } from '../privacy/names-in-text.ts';

/**
 * The minutes' part of `/mydata` and `/forgetme` (called by privacy-repository.ts); the actions
 * feature has its own. What a member recorded, kept as secretary, attended and edited.
 */
export async function collectMinutesData(db: Db, memberId: number) {
  const meeting = { select: { id: true, title: true, communityId: true } } as const;
  const [minutesEntries, minutesKept, attendance, minutesEdits] = await Promise.all([
    db.minutesEntry.findMany({
      where: { authorId: memberId },
      orderBy: { id: 'asc' },
      select: {
        kind: true,
        text: true,
        decisionNumber: true,
        createdAt: true,
        removedAt: true,
        minutes: { select: { occurrence: { select: { startsAt: true, meeting } } } },
      },
    }),
    db.minutes.findMany({
      where: { secretaryId: memberId },
      orderBy: { id: 'asc' },
      select: { openedAt: true, closedAt: true, occurrence: { select: { startsAt: true, meeting } } },
    }),
    db.attendance.findMany({
      where: { memberId },
      orderBy: { at: 'asc' },
      select: { at: true, occurrence: { select: { startsAt: true, meeting } } },
    }),
    db.minutesVersion.findMany({
      where: { editedById: memberId },
      orderBy: { id: 'asc' },
      select: { version: true, editedAt: true, minutes: { select: { occurrence: { select: { meeting } } } } },
    }),
  ]);
  return { minutesEntries, minutesKept, attendance, minutesEdits };
}

let translator: Translator | undefined;

/** "a former member" in the community's language: what stands where the name stood. */
function formerMember(language: string): string {
  translator ??= new Translator();
  return translator.t(isLanguage(language) ? language : 'en', 'minutes.former-member');
}

/**
 * Runs inside /forgetme's transaction, before the member row goes. The minutes stay for the community:
 * the member's name is replaced in their entries, their posted texts and earlier versions, in every
 * community the member belonged to. Their authorship, secretary role and edits lose the member by the
 * rows' ON DELETE SET NULL; their attendance goes with them.
 */
export async function forgetMinutesData(tx: DbTransaction, memberId: number): Promise<number> {
  const member = await tx.member.findUnique({
    where: { id: memberId },
    select: {
      displayName: true,
      identities: { select: { displayName: true } },
      memberships: { select: { community: { select: { id: true, language: true } } } },
    },
  });
  if (!member) return 0;
  const names = [member.displayName, ...member.identities.map((i) => i.displayName)];
  let changed = 0;
  for (const { community } of member.memberships) {
    const replacement = formerMember(community.language);
    const inCommunity = { occurrence: { meeting: { communityId: community.id } } };
    const entries = await tx.minutesEntry.findMany({
      where: { minutes: inCommunity, OR: names.map((name) => ({ text: { contains: name } })) },
      select: { id: true, text: true },
    });
    for (const entry of entries) {
      const text = replaceNames(entry.text, names, replacement);
      if (text !== entry.text) await tx.minutesEntry.update({ where: { id: entry.id }, data: { text } });
    }
    const minutes = await tx.minutes.findMany({
      where: { ...inCommunity, OR: names.map((name) => ({ body: { contains: name } })) },
      select: { id: true, body: true },
    });
    for (const row of minutes) {
      const body = replaceNames(row.body ?? '', names, replacement);
      if (body !== row.body) {
        await tx.minutes.update({ where: { id: row.id }, data: { body } });
        changed++;
      }
    }
    const versions = await tx.minutesVersion.findMany({
      where: { minutes: inCommunity, OR: names.map((name) => ({ body: { contains: name } })) },
      select: { id: true, body: true },
    });
    for (const version of versions) {
      const body = replaceNames(version.body, names, replacement);
      if (body !== version.body) await tx.minutesVersion.update({ where: { id: version.id }, data: { body } });
    }
  }
  return changed;
}
