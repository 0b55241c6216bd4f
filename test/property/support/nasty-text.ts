import fc from 'fast-check';

/**
 * Arbitraries of hostile input for property tests: text a careless or malicious member could send,
 * built from small pieces so that fast-check shrinks a failure to the few characters that cause it.
 */

/** Characters that break naive code: bidi controls, joiners, NUL and C0/C1 controls, markup, separators. */
const SPECIAL_CHARACTERS = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E', // LRE RLE PDF LRO RLO
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069', // LRI RLI FSI PDI
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\uFEFF', // ZWNJ ZWJ LRM RLM BOM
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000B',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u009B',
  '\u009F',
  '\t',
  '\n',
  '\r',
  '\u2028',
  '\u2029',
  '\u00A0',
  '<',
  '>',
  '&',
  '"',
  "'",
  '|',
  '/',
  '\\',
  '--',
  '—',
  '#',
  '@',
  '%',
  '$',
  '{',
  '}',
  '`',
  '*',
  '_',
  '~',
  '<b>',
  '</b>',
  '<a href="x">',
  '</a>',
  '&amp;',
  '&lt;',
  '&#0;',
  '&bogus;',
  '<script>',
  '<tg-spoiler>',
  '<pre>',
  '{name}',
  '{count, plural, one {#} other {#}}',
  '\uD800',
  '\uDFFF',
  '\uDBFF\uDC00', // lone surrogates, and the last astral code point's pair
  '👩🏽‍💻',
  '🇮🇷',
  'ـ',
  'ي',
  'ك',
  'ی',
  'ک',
  '۱۴۰۲',
  '٣',
  'ế',
  'ё',
  'é',
  'e\u0301',
];

/** Words the command parsers look for, so that random input reaches past the first check. */
const PARSER_WORDS = [
  ' ',
  ' ',
  ' ',
  '|',
  ' | ',
  '--multi',
  '--anon',
  '--hide',
  '--everywhere',
  '--until',
  '—until',
  '--bogus',
  'tomorrow',
  'فردا',
  'ساعت',
  'تیر',
  'تیرماه',
  'اسفند',
  'Tir',
  'ноября',
  'Ngày',
  '10:00',
  '25:61',
  '1402/03/23',
  '۱۴۰۲/۰۳/۲۳',
  '2023-02-30',
  '13/13/2023',
  '0',
  '1',
  '-1',
  '99999999999999999999',
  '1e9',
  'NaN',
  'close',
  'add',
  'remove',
  'edit',
  'offsets',
  'new',
  'join',
  'csv',
  'json',
  'experiences',
  'polls',
  'meetings',
  'fa',
  'vi',
  'ru',
  'en',
  'Asia/Tehran',
  'Etc/GMT+99',
  'persian',
  'gregorian',
  'chair',
  'curator',
  'member',
  'admin',
];

/** One "character" of hostile text: any code point (astral included), a special one, or a parser word. */
export const nastyUnit: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_CHARACTERS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...PARSER_WORDS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 4 }) },
);

/** A short hostile text (up to a few hundred characters). */
export function nastyText(maxPieces = 40): fc.Arbitrary<string> {
  return fc.array(nastyUnit, { maxLength: maxPieces }).map((pieces) => pieces.join(''));
}

/** Tens of kilobytes: a short hostile text repeated to a random length (shrinks to the text and the length). */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(
    nastyText(12).filter((t) => t.length > 0),
    fc.integer({ min: 10_000, max: 50_000 }),
  )
  .map(([text, length]) => text.repeat(Math.ceil(length / text.length)).slice(0, length));

/** Argument text of a command: usually short, sometimes huge. */
export const argumentText: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: nastyText() },
  { weight: 1, arbitrary: hugeText },
);

/** Dates no calendar has, and things that only look like dates. */
export const malformedDate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '2023-02-30 10:00',
    '2023-13-01 10:00',
    '۳۰ اسفند ۱۴۰۲',
    '1402/12/30 10:00',
    '1402/13/01',
    '32/01/2024 10:00',
    '2024-01-01 25:00',
    '2024-01-01 10:61',
    '0000-00-00 00:00',
    '99999-01-01 10:00',
    'yesterday 10:00',
    '31 ноября 2030 10:00',
    '2020-01-01 10:00',
    '۱۴۰۰/۰۱/۰۱ ۱۰:۰۰',
  ),
  fc
    .tuple(fc.integer({ min: 32, max: 99 }), fc.integer({ min: 13, max: 99 }), fc.integer({ min: 0, max: 99_999 }))
    .map(([d, m, y]) => `${d}/${m}/${y} 10:00`),
  fc.tuple(fc.integer({ min: 1_000, max: 3_000 }), fc.integer({ min: 13, max: 99 })).map(([y, m]) => `${y}-${m}-01`),
);

/** Ids a member could forge: numbers out of range, negative, non-numeric, far too long. */
export const forgedId: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -5, max: 100_000 }).map(String),
  fc.constantFrom('0', '-0', '1.5', '1e3', '0x10', '99999999999999999999999', 'NaN', '', ' ', '١٢', '۱۲'),
  fc.uuid(),
  nastyText(6),
);
