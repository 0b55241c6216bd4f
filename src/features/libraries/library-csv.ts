/**
 * A list of member libraries as a CSV file: a header row naming the columns (name, city, kind,
 * committee, in any of the four languages), then one library a line. Comma, semicolon, tab or the
 * Arabic comma separate the cells (Excel writes semicolons where the decimal mark is a comma); a BOM
 * is dropped. Every line is checked and every problem reported with its line number, so that a file is
 * fixed in one go and nothing is written while any line is wrong.
 */
import { parse } from 'csv-parse/sync';
import { UserError } from '../../core/errors.ts';
import { Rendered, type Translate } from '../../i18n/translator.ts';
import { kindFromText, type LibraryKind } from './library-kinds.ts';
import { cleanText, codePoints, MAX_LIBRARY_CITY, MAX_LIBRARY_NAME, nameKey } from './library-names.ts';
import { valueNamed } from './library-words.ts';

export const CSV_COLUMNS = ['name', 'city', 'kind', 'committee'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** More than any association has; a bigger file is a mistake (the wrong sheet exported). */
export const MAX_CSV_ROWS = 5000;

/** One library of the file. An optional cell left empty, or a column the file lacks, is undefined: not changed. */
export interface CsvLibraryRow {
  line: number;
  name: string;
  city?: string;
  kind?: LibraryKind;
  committee?: string;
}

/** What is wrong on a line: a locale key under `library.csv.problem.` and its parameters. */
export interface CsvProblem {
  line: number;
  problem: string;
  params?: Record<string, string | number>;
}

export interface ParsedLibraryCsv {
  rows: CsvLibraryRow[];
  problems: CsvProblem[];
}

const DELIMITERS = [',', ';', '\t', '،'] as const;

/** The libraries of a CSV text, and every problem found, line by line. */
export function parseLibraryCsv(text: string): ParsedLibraryCsv {
  const records = readRecords(text);
  if ('problem' in records) return { rows: [], problems: [records.problem] };
  const [header, ...lines] = records.list;
  if (!header) return { rows: [], problems: [{ line: 1, problem: 'empty' }] };
  const columns = readHeader(header.cells, header.line);
  if ('problems' in columns) return { rows: [], problems: columns.problems };
  if (lines.length === 0) return { rows: [], problems: [{ line: header.line, problem: 'no-rows' }] };
  if (lines.length > MAX_CSV_ROWS)
    return { rows: [], problems: [{ line: header.line, problem: 'too-many', params: { max: MAX_CSV_ROWS } }] };

  const rows: CsvLibraryRow[] = [];
  const problems: CsvProblem[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { cells, line } of lines) {
    const cell = (column: CsvColumn) => {
      const index = columns.index.get(column);
      return index === undefined ? undefined : cleanText(cells[index] ?? '') || undefined;
    };
    const name = cell('name');
    const city = cell('city');
    const kindText = cell('kind');
    const committee = cell('committee');
    const before = problems.length;
    if (!name) problems.push({ line, problem: 'empty-name' });
    else if (codePoints(name) > MAX_LIBRARY_NAME)
      problems.push({ line, problem: 'name-long', params: { max: MAX_LIBRARY_NAME } });
    else {
      const key = nameKey(name);
      const first = firstLineOf.get(key);
      if (first !== undefined) problems.push({ line, problem: 'duplicate', params: { name, first } });
      else firstLineOf.set(key, line);
    }
    if (city && codePoints(city) > MAX_LIBRARY_CITY)
      problems.push({ line, problem: 'city-long', params: { max: MAX_LIBRARY_CITY } });
    const kind = kindText === undefined ? undefined : kindFromText(kindText);
    if (kind === null) problems.push({ line, problem: 'unknown-kind', params: { value: kindText! } });
    if (problems.length > before || !name) continue;
    rows.push({
      line,
      name,
      ...(city !== undefined ? { city } : {}),
      ...(kind ? { kind } : {}),
      ...(committee !== undefined ? { committee } : {}),
    });
  }
  return { rows, problems };
}

/** At most this many problems are listed; the count says how many there are. */
const LISTED_PROBLEMS = 20;

/** A file refused for its problems: the chat shows the message, the dashboard lists `problems` line by line. */
export class LibraryCsvError extends UserError {
  constructor(
    key: string,
    params: Record<string, unknown>,
    /** Every problem, by line. */
    readonly problems: readonly CsvProblem[],
  ) {
    super(key, params);
  }
}

/** The refusal of a file: every problem's line and what is wrong there, in the member's language. */
export function csvProblemsError(problems: readonly CsvProblem[], t: Translate): UserError {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  const lines = sorted
    .slice(0, LISTED_PROBLEMS)
    .map((p) =>
      t('library.csv.line', { line: p.line, problem: t(`library.csv.problem.${p.problem}`, p.params ?? {}) }),
    );
  if (sorted.length > LISTED_PROBLEMS) lines.push(t('library.csv.more', { count: sorted.length - LISTED_PROBLEMS }));
  return new LibraryCsvError(
    'library.import.bad',
    { count: sorted.length, problems: new Rendered(lines.join('\n')) },
    sorted,
  );
}

interface CsvRecord {
  cells: string[];
  /** The line the record starts on, counting from 1 (a quoted cell may span lines). */
  line: number;
}

function readRecords(text: string): { list: CsvRecord[] } | { problem: CsvProblem } {
  // One kind of line end: csv-parse counts a CRLF inside a quoted cell as two lines.
  const lines = text.replace(/\r\n?/g, '\n');
  try {
    const parsed = parse(lines, {
      bom: true,
      delimiter: delimiterOf(lines),
      relax_column_count: true,
      skip_empty_lines: true,
      // A spreadsheet pads short rows with empty cells: a row of them is an empty line.
      skip_records_with_empty_values: true,
      trim: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    // `lines` is where a record ends; a quoted cell that spans lines puts its start that much earlier.
    return {
      list: parsed.map(({ record, info }) => ({
        cells: record,
        line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
      })),
    };
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    return { problem: { line: typeof line === 'number' ? line : 1, problem: 'unreadable' } };
  }
}

/** The separator the header line uses most, outside quotes; a comma when it uses none. */
function delimiterOf(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = unquoted.split(delimiter).length - 1;
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

function readHeader(
  cells: readonly string[],
  line: number,
): { index: Map<CsvColumn, number> } | { problems: CsvProblem[] } {
  const index = new Map<CsvColumn, number>();
  const problems: CsvProblem[] = [];
  cells.forEach((cell, position) => {
    if (!cleanText(cell)) return;
    const column = valueNamed(cell, CSV_COLUMNS, (c) => [`library.csv.column.${c}`]);
    if (!column) problems.push({ line, problem: 'unknown-column', params: { column: cleanText(cell) } });
    else if (index.has(column))
      problems.push({ line, problem: 'repeated-column', params: { column: cleanText(cell) } });
    else index.set(column, position);
  });
  // A file without a header (its first line a library) is told what the first line must be.
  if (!index.has('name')) return { problems: [{ line, problem: 'no-header' }] };
  return problems.length > 0 ? { problems } : { index };
}
