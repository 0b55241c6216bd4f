import { describe, expect, it } from 'vitest';
import { checkValues } from '../../../src/core/command.ts';
import { parseLibraryCsv } from '../../../src/features/libraries/library-csv.ts';
import { LIBRARY_ARGS, libraryForm, parseLibraryText } from '../../../src/features/libraries/library-grammar.ts';
import { kindFromText } from '../../../src/features/libraries/library-kinds.ts';
import { closeNames, nameKey } from '../../../src/features/libraries/library-names.ts';

const ZWNJ = '\u200c';

describe('library names', () => {
  it('GIVEN a Persian name in Arabic letters with a ZWNJ THEN its Persian spellings, with a space or nothing, are the same name', () => {
    const stored = `كتابخانه${ZWNJ}ي مركزي`; // Arabic kaf and yeh, ZWNJ before the ezafe
    for (const typed of [`کتابخانه${ZWNJ}ی مرکزی`, 'کتابخانه ی مرکزی', 'کتابخانهی مرکزی', ' کتابخانه‌ی  مرکزی ']) {
      expect(nameKey(typed), typed).toBe(nameKey(stored));
    }
    expect(nameKey('کتابخانهٔ ملی')).not.toBe(nameKey(stored));
  });

  it('GIVEN case, Vietnamese marks and punctuation THEN they do not tell names apart', () => {
    expect(nameKey('Thư viện Hà Nội')).toBe(nameKey('THU VIEN HA NOI'));
    expect(nameKey("St. Mary's Library")).toBe(nameKey('St Marys library'));
    expect(nameKey('Библиотека «Родник»')).toBe(nameKey('библиотека родник'));
  });

  it('GIVEN a misspelt name THEN the close names come closest first, and far ones not at all', () => {
    const items = ['Central Library', 'Central Medical Library', 'Music Library', 'Centre for Arts'].map((name) => ({
      name,
    }));
    expect(closeNames('Centrl Library', items).map((i) => i.name)).toEqual(['Central Library']);
    expect(closeNames('central', items).map((i) => i.name)).toEqual(['Central Library', 'Central Medical Library']);
    expect(closeNames('Zoology', items)).toEqual([]);
  });
});

describe('library kinds in four languages', () => {
  it('GIVEN a kind as its value, its label or a listed word in en, fa, vi or ru THEN it is read', () => {
    expect(kindFromText('University')).toBe('university');
    expect(kindFromText('academic')).toBe('university');
    expect(kindFromText('دانشگاهی')).toBe('university');
    expect(kindFromText('دانشگاه')).toBe('university');
    expect(kindFromText('Công cộng')).toBe('public');
    expect(kindFromText('cong cong')).toBe('public');
    expect(kindFromText('Больничная')).toBe('hospital');
    expect(kindFromText('مدرسه')).toBe('school');
    expect(kindFromText('Специальная')).toBe('special');
    expect(kindFromText('سایر')).toBe('other');
    expect(kindFromText('castle')).toBeNull();
  });
});

describe('the library CSV', () => {
  it('GIVEN CRLF line ends and a quoted cell over two lines THEN each problem is on the line its row starts', () => {
    const csv = 'name,city,kind\r\n"Central\r\nLibrary",Hanoi,public\r\n\r\nB,Hue,castle\r\n,Hue,\r\n';
    const { rows, problems } = parseLibraryCsv(csv);
    expect(rows).toEqual([{ line: 2, name: 'Central Library', city: 'Hanoi', kind: 'public' }]);
    expect(problems).toEqual([
      { line: 5, problem: 'unknown-kind', params: { value: 'castle' } },
      { line: 6, problem: 'empty-name' },
    ]);
  });

  it('GIVEN semicolons, the Arabic comma or tabs between cells THEN each is read as the separator', () => {
    for (const separator of [';', '،', '\t']) {
      const { rows, problems } = parseLibraryCsv(`name${separator}city\nA, B${separator}Hue\n`);
      expect(problems, JSON.stringify(separator)).toEqual([]);
      expect(rows).toEqual([{ line: 2, name: 'A, B', city: 'Hue' }]);
    }
  });

  it('GIVEN Russian and Vietnamese column names THEN they name the same columns', () => {
    expect(parseLibraryCsv('Название,Город,Тип\nБиблиотека №1,Казань,публичная\n').rows).toEqual([
      { line: 2, name: 'Библиотека №1', city: 'Казань', kind: 'public' },
    ]);
    expect(parseLibraryCsv('Tên thư viện,Thành phố,Loại\nThư viện Hà Nội,Hà Nội,công cộng\n').rows).toEqual([
      { line: 2, name: 'Thư viện Hà Nội', city: 'Hà Nội', kind: 'public' },
    ]);
  });

  it('GIVEN a quotation mark left open THEN the line where reading stopped is reported', () => {
    const { rows, problems } = parseLibraryCsv('name\nA\n"B\nC\n');
    expect(rows).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.problem).toBe('unreadable');
  });

  it('GIVEN a name of 120 code points THEN it is kept, and one of 121 is refused', () => {
    const ok = 'ک'.repeat(120);
    const long = 'ک'.repeat(121);
    const { rows, problems } = parseLibraryCsv(`name\n${ok}\n${long}\n`);
    expect(rows.map((r) => r.name)).toEqual([ok]);
    expect(problems).toEqual([{ line: 3, problem: 'name-long', params: { max: 120 } }]);
  });
});

describe('/library text grammar and Discord options', () => {
  const typed = (options: Record<string, string | boolean | { userId: string; displayName: string }>) =>
    checkValues(LIBRARY_ARGS, options);

  it('GIVEN each form as text and as options THEN both give the same values', () => {
    expect(parseLibraryText('add Central Library | Hanoi | دانشگاهی | North')).toEqual(
      typed({ add: 'Central Library', city: 'Hanoi', kind: 'university', committee: 'North' }),
    );
    expect(parseLibraryText('rename Old | New')).toEqual(typed({ rename: 'Old', to: 'New' }));
    expect(parseLibraryText('delegate Central | x', { target: { userId: '7', displayName: 'Sara' } })).toEqual(
      typed({ delegate: 'Central', member: { userId: '7', displayName: 'Sara' } }),
    );
    expect(parseLibraryText('list')).toEqual(typed({ list: true }));
    expect(parseLibraryText('import')).toEqual(typed({ import: true }));
    expect(parseLibraryText('Central Library')).toEqual(typed({ name: 'Central Library' }));
  });

  it('GIVEN the CSV after /library import THEN its lines are kept as typed', () => {
    expect(parseLibraryText('import\nname,city\n  A ,B')).toEqual({ import: true, csv: 'name,city\n  A ,B' });
  });

  it('GIVEN options of two forms, or a companion without its form THEN the usage is the answer', () => {
    expect(() => libraryForm(typed({ add: 'A', rename: 'B' }))).toThrow('library.usage');
    expect(() => libraryForm(typed({ name: 'A', city: 'Hue' }))).toThrow('library.usage');
    expect(libraryForm(typed({ csv: 'name\nA' }))).toBe('import');
    expect(libraryForm({})).toBe('show');
  });
});
