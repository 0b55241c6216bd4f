import { UserError } from '../../core/errors.ts';
import type { FileSources } from '../../core/stored-files.ts';
import { Rendered, type Translate } from '../../i18n/translator.ts';
import { csvProblemsError, parseLibraryCsv, type CsvProblem } from './library-csv.ts';
import { DEFAULT_LIBRARY_KIND, isLibraryKind, type LibraryKind } from './library-kinds.ts';
import { cleanText, closeNames, codePoints, MAX_LIBRARY_CITY, MAX_LIBRARY_NAME, nameKey } from './library-names.ts';
import type { AudienceLibrary, LibraryImportRow, LibraryRepository, LibraryRow } from './library-repository.ts';

export type { LibraryRow, AudienceLibrary };

/** A person named as a library's delegate: a platform account (a mention, a reply), or a name typed. */
export interface DelegateTarget {
  platform: string;
  /** Absent: the person was named, not pointed at; found by the name the community knows them by. */
  userId?: string;
  displayName: string;
  /** Named in a group of the community: someone there the bot has not met becomes its member. */
  inCommunityGroup: boolean;
}

/** A file a member sent, by its platform's reference. */
export interface SentFile {
  platform: string;
  fileId: string;
  fileName?: string;
  mimeType?: string;
}

/** The text of a CSV file, or why it cannot be had. */
export type CsvFileText =
  { ok: true; text: string } | { ok: false; reason: 'not-csv' | 'no-source' | 'too-big' | 'unavailable' | 'not-utf8' };

/** Far more than a list of libraries takes (a thousand lines are some 100 KB). */
export const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** Names of spreadsheets that are not CSV: the member is told to save the sheet as CSV. */
const SPREADSHEET = /\.(xlsx|xls|ods|numbers)$/i;
const CSV_NAME = /\.(csv|txt|tsv)$/i;
const CSV_TYPES = new Set(['text/csv', 'text/plain', 'application/csv', 'text/tab-separated-values']);
/** Windows sends a .csv as Excel's type; the name then says what it is. */
const AMBIGUOUS_TYPES = new Set(['application/vnd.ms-excel', 'application/octet-stream']);

/**
 * Member libraries: a community's libraries (added and renamed by its admins, imported from a CSV
 * file), the one library each member answers for, and a library's delegate. Names are unique in a
 * community as members would read them (see `nameKey`).
 */
export class LibraryService {
  constructor(
    private readonly repo: LibraryRepository,
    private readonly files?: FileSources,
  ) {}

  list(communityId: number): Promise<LibraryRow[]> {
    return this.repo.listWithCounts(communityId);
  }

  /** The library the member answers for in the community, or null. */
  mine(communityId: number, memberId: number): Promise<LibraryRow | null> {
    return this.repo.libraryOfMember(communityId, memberId);
  }

  /** The library of this name, or a UserError naming the close ones. */
  async find(communityId: number, name: string): Promise<LibraryRow> {
    const library = await this.repo.findByName(communityId, name);
    if (library) return library;
    const close = closeNames(name, await this.repo.names(communityId));
    if (close.length === 0) throw new UserError('library.error.not-found', { name: cleanText(name) });
    throw new UserError('library.error.not-found-close', {
      name: cleanText(name),
      close: new Rendered(close.map((l) => `• ${l.name}`).join('\n')),
    });
  }

  /** The member answers for the library named from now on (in place of any other). */
  async choose(communityId: number, memberId: number, name: string): Promise<LibraryRow> {
    const library = await this.find(communityId, name);
    await this.repo.setMemberLibrary(communityId, memberId, library.id);
    return library;
  }

  /** The same, for the library a button carries: one gone since is a stale button. */
  async chooseById(communityId: number, memberId: number, libraryId: number): Promise<LibraryRow> {
    const library = await this.repo.findById(communityId, libraryId);
    if (!library) throw new UserError('error.stale-button');
    await this.repo.setMemberLibrary(communityId, memberId, library.id);
    return library;
  }

  /** The member answers for no library; false when they answered for none. */
  clear(communityId: number, memberId: number): Promise<boolean> {
    return this.repo.clearMemberLibrary(communityId, memberId);
  }

  async add(
    communityId: number,
    actorId: number,
    given: { name: string; city?: string; kind?: string; committee?: string },
  ): Promise<LibraryRow> {
    const name = checkedName(given.name);
    const city = checkedCity(given.city);
    const kind = given.kind ?? DEFAULT_LIBRARY_KIND;
    if (!isLibraryKind(kind)) throw new UserError('library.error.kind-unknown', { value: kind });
    const committeeId = given.committee ? await this.committeeId(communityId, given.committee) : null;
    return this.repo.add(communityId, { name, city, kind, committeeId }, actorId);
  }

  /** The library named `from` is called `to` from now on; a UserError when another one is called so. */
  async rename(
    communityId: number,
    actorId: number,
    from: string,
    to: string,
  ): Promise<{ from: string; library: LibraryRow }> {
    const before = await this.find(communityId, from);
    const library = await this.repo.rename(communityId, before.id, checkedName(to), actorId);
    return { from: before.name, library };
  }

  /** Its kind, city or committee (a committee's name; '' for none); those not given stay. */
  async setDetails(
    communityId: number,
    name: string,
    details: { kind?: LibraryKind; city?: string; committee?: string },
  ): Promise<LibraryRow> {
    const library = await this.find(communityId, name);
    if (details.kind !== undefined && !isLibraryKind(details.kind))
      throw new UserError('library.error.kind-unknown', { value: details.kind });
    const committee = details.committee?.trim();
    const changes = {
      ...(details.kind !== undefined ? { kind: details.kind } : {}),
      ...(details.city !== undefined ? { city: checkedCity(details.city) } : {}),
      ...(committee !== undefined
        ? { committeeId: committee ? await this.committeeId(communityId, committee) : null }
        : {}),
    };
    return (await this.repo.setDetails(communityId, library.id, changes)) ?? library;
  }

  /** The member who speaks for the library named. */
  async setDelegate(
    communityId: number,
    actorId: number,
    libraryName: string,
    person: DelegateTarget,
  ): Promise<{ library: LibraryRow; delegate: string }> {
    const library = await this.find(communityId, libraryName);
    const delegate = await this.findPerson(communityId, person);
    const updated = await this.repo.setDelegate(communityId, library.id, delegate.id, actorId);
    return { library: updated ?? library, delegate: delegate.displayName };
  }

  /** Who answers for the library: member ids. */
  respondentIds(libraryId: number): Promise<number[]> {
    return this.repo.respondentIds(libraryId);
  }

  /** The libraries a round asks (see `LibraryRepository.librariesForAudience`). */
  librariesForAudience(communityId: number, committeeId: number | null): Promise<AudienceLibrary[]> {
    return this.repo.librariesForAudience(communityId, committeeId);
  }

  /**
   * The libraries of a CSV text, all written or none: a UserError lists every line that is wrong (in
   * the language of `t`) and nothing changes. Names the community has are updated, others added.
   */
  async importCsv(
    communityId: number,
    actorId: number,
    text: string,
    t: Translate,
  ): Promise<{ added: number; updated: number }> {
    const parsed = parseLibraryCsv(text);
    const problems: CsvProblem[] = [...parsed.problems];
    const committees = await this.repo.committees(communityId);
    const committeeByKey = new Map(committees.map((c) => [nameKey(c.name), c.id]));
    const rows: LibraryImportRow[] = [];
    for (const row of parsed.rows) {
      const committeeId = row.committee === undefined ? undefined : committeeByKey.get(nameKey(row.committee));
      if (row.committee !== undefined && committeeId === undefined) {
        problems.push({ line: row.line, problem: 'unknown-committee', params: { name: row.committee } });
        continue;
      }
      rows.push({
        name: row.name,
        ...(row.city !== undefined ? { city: row.city } : {}),
        ...(row.kind !== undefined ? { kind: row.kind } : {}),
        ...(committeeId !== undefined ? { committeeId } : {}),
      });
    }
    if (problems.length > 0) throw csvProblemsError(problems, t);
    return this.repo.importLibraries(communityId, rows, actorId);
  }

  /** The text of a CSV file a member sent, fetched from its platform. */
  async csvFileText(file: SentFile): Promise<CsvFileText> {
    if (!looksLikeCsv(file)) return { ok: false, reason: 'not-csv' };
    const download = this.files ? await this.files.download(file.platform, file.fileId, MAX_CSV_BYTES) : null;
    if (!download) return { ok: false, reason: 'no-source' };
    if (!download.ok) return { ok: false, reason: download.kind === 'too-big' ? 'too-big' : 'unavailable' };
    const text = decodeText(download.bytes);
    return text === null ? { ok: false, reason: 'not-utf8' } : { ok: true, text };
  }

  private async committeeId(communityId: number, name: string): Promise<number> {
    const key = nameKey(name);
    const committee = (await this.repo.committees(communityId)).find((c) => nameKey(c.name) === key);
    if (!committee) throw new UserError('committee.unknown', { name: cleanText(name) });
    return committee.id;
  }

  private async findPerson(communityId: number, person: DelegateTarget): Promise<{ id: number; displayName: string }> {
    if (person.userId) {
      const known = await this.repo.memberOfAccount(communityId, person.platform, person.userId);
      if (known?.inCommunity) return known;
      if (!person.inCommunityGroup) throw new UserError('library.error.delegate-unknown', { name: person.displayName });
      return this.repo.registerAccount(communityId, person.platform, person.userId, person.displayName);
    }
    const name = cleanText(person.displayName.replace(/^@/, ''));
    const matches = await this.repo.membersNamed(communityId, name);
    if (matches.length === 0) throw new UserError('library.error.delegate-unknown', { name });
    if (matches.length > 1) throw new UserError('library.error.delegate-ambiguous', { name });
    return matches[0]!;
  }
}

function checkedName(given: string): string {
  const name = cleanText(given);
  if (!name) throw new UserError('library.error.name-empty');
  if (codePoints(name) > MAX_LIBRARY_NAME) throw new UserError('library.error.name-long', { max: MAX_LIBRARY_NAME });
  return name;
}

function checkedCity(given: string | undefined): string | null {
  const city = cleanText(given ?? '');
  if (codePoints(city) > MAX_LIBRARY_CITY) throw new UserError('library.error.city-long', { max: MAX_LIBRARY_CITY });
  return city || null;
}

function looksLikeCsv(file: SentFile): boolean {
  const name = file.fileName ?? '';
  if (SPREADSHEET.test(name)) return false;
  if (CSV_NAME.test(name)) return true;
  const type = (file.mimeType ?? '').split(';')[0]!.trim().toLowerCase();
  if (CSV_TYPES.has(type)) return true;
  // Without a name or type to go by, the bytes tell: a CSV decodes as text, a photo does not.
  return type === '' && name === '' ? true : AMBIGUOUS_TYPES.has(type) && name === '';
}

/** UTF-8 (with or without a BOM), or UTF-16 with its BOM as Excel's "Unicode text" writes; null for anything else. */
export function decodeText(bytes: Buffer): string | null {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes);
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
