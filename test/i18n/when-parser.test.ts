import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseWhen, type ParseWhenOptions, type ParseWhenResult } from '../../src/i18n/when-parser.ts';
import { normalizeWhenInput } from '../../src/i18n/when-normalize.ts';

/** Saturday 10 June 2023, 08:00 UTC: 11:30 on 20 Khordad 1402 in Tehran, 15:00 in Ho Chi Minh City. */
const NOW = new Date('2023-06-10T08:00:00Z');

function at(timeZone: string, now: Date = NOW, calendar?: ParseWhenOptions['calendar']): ParseWhenOptions {
  return calendar ? { timeZone, now, calendar } : { timeZone, now };
}

/** The instants of a successful result, as ISO strings (fails the test with the reason otherwise). */
function instants(result: ParseWhenResult): { start: string; end?: string; hasTime: boolean } {
  if (!result.ok) throw new Error(`expected a date, got ${result.reason} for ${JSON.stringify(result.input)}`);
  return {
    start: result.start.toISOString(),
    ...(result.end ? { end: result.end.toISOString() } : {}),
    hasTime: result.hasTime,
  };
}

describe('parseWhen: Jalali dates', () => {
  it('GIVEN ۱۴۰۲/۰۳/۲۳ ۱۰:۰۰ in Asia/Tehran THEN 2023-06-13T06:30Z', () => {
    const result = parseWhen('۱۴۰۲/۰۳/۲۳ ۱۰:۰۰', at('Asia/Tehran'));
    expect(instants(result)).toEqual({ start: '2023-06-13T06:30:00.000Z', hasTime: true });
    expect(result.ok && result.understood).toEqual({
      calendar: 'persian',
      year: 1402,
      month: 3,
      day: 23,
      hour: 10,
      minute: 0,
    });
  });

  it('GIVEN 1402/03/23 10:00 with Latin digits THEN the same instant', () => {
    expect(instants(parseWhen('1402/03/23 10:00', at('Asia/Tehran')))).toEqual({
      start: '2023-06-13T06:30:00.000Z',
      hasTime: true,
    });
  });

  it('GIVEN ۱۴۰۲/۰۳/۲۳، ساعت ۱۰ الی ۱۱ THEN a range from 10:00 to 11:00 Tehran time', () => {
    expect(instants(parseWhen('۱۴۰۲/۰۳/۲۳، ساعت ۱۰ الی ۱۱', at('Asia/Tehran')))).toEqual({
      start: '2023-06-13T06:30:00.000Z',
      end: '2023-06-13T07:30:00.000Z',
      hasTime: true,
    });
  });

  it('GIVEN ۱۴۰۲/۰۳/۲۳ ۱۰ تا ۱۱:۳۰ THEN a range with the bare start hour', () => {
    expect(instants(parseWhen('۱۴۰۲/۰۳/۲۳ ۱۰ تا ۱۱:۳۰', at('Asia/Tehran')))).toEqual({
      start: '2023-06-13T06:30:00.000Z',
      end: '2023-06-13T08:00:00.000Z',
      hasTime: true,
    });
  });

  it('GIVEN ۳ تیر ۱۴۰۲ ساعت ۱۰ THEN 3 Tir 1402 = 2023-06-24, 10:00 Tehran', () => {
    expect(instants(parseWhen('۳ تیر ۱۴۰۲ ساعت ۱۰', at('Asia/Tehran')))).toEqual({
      start: '2023-06-24T06:30:00.000Z',
      hasTime: true,
    });
  });

  it('GIVEN 3 Tir 1402 10:00 THEN 2023-06-24T06:30Z', () => {
    expect(instants(parseWhen('3 Tir 1402 10:00', at('Asia/Tehran')))).toEqual({
      start: '2023-06-24T06:30:00.000Z',
      hasTime: true,
    });
  });

  it('GIVEN ۳ تیرماه ۱۰:۰۰ before 3 Tir THEN this year’s 3 Tir', () => {
    const result = parseWhen('۳ تیرماه ۱۰:۰۰', at('Asia/Tehran'));
    expect(instants(result)).toEqual({ start: '2023-06-24T06:30:00.000Z', hasTime: true });
    expect(result.ok && result.understood).toMatchObject({ calendar: 'persian', year: 1402, month: 4, day: 3 });
  });

  it('GIVEN ۳ تیرماه ۱۰:۰۰ after 3 Tir 1402 THEN 3 Tir 1403 = 2024-06-23', () => {
    expect(instants(parseWhen('۳ تیرماه ۱۰:۰۰', at('Asia/Tehran', new Date('2023-07-01T08:00:00Z'))))).toEqual({
      start: '2024-06-23T06:30:00.000Z',
      hasTime: true,
    });
  });

  it('GIVEN ۳ تیر ماه on 3 Tir itself, after 10:00 THEN still today (the caller refuses the past)', () => {
    const now = new Date('2023-06-24T09:00:00Z'); // 12:30 in Tehran
    expect(instants(parseWhen('۳ تیر ماه ساعت ۱۰', at('Asia/Tehran', now)))).toEqual({
      start: '2023-06-24T06:30:00.000Z',
      hasTime: true,
    });
  });

  it('GIVEN ۳۰ اسفند ۱۴۰۲ THEN impossible-date, understood as 30 Esfand 1402', () => {
    expect(parseWhen('۳۰ اسفند ۱۴۰۲', at('Asia/Tehran'))).toEqual({
      ok: false,
      reason: 'impossible-date',
      understood: { calendar: 'persian', year: 1402, month: 12, day: 30 },
      input: '۳۰ اسفند ۱۴۰۲',
    });
  });

  it('GIVEN ۳۰ اسفند ۱۴۰۳ (a leap year) THEN 20 March 2025, 00:00 in Tehran, without time', () => {
    const result = parseWhen('۳۰ اسفند ۱۴۰۳', at('Asia/Tehran'));
    expect(instants(result)).toEqual({ start: '2025-03-19T20:30:00.000Z', hasTime: false });
    expect(result.ok && result.understood).toEqual({ calendar: 'persian', year: 1403, month: 12, day: 30 });
  });

  it('GIVEN 1400/04/10 and 1402/04/10 at 10:00 THEN Tehran is +04:30 in July 2021 and +03:30 in July 2023', () => {
    expect(instants(parseWhen('1400/04/10 10:00', at('Asia/Tehran'))).start).toBe('2021-07-01T05:30:00.000Z');
    expect(instants(parseWhen('1402/04/10 10:00', at('Asia/Tehran'))).start).toBe('2023-07-01T06:30:00.000Z');
  });

  it('GIVEN a day-first Jalali date ۲۳/۰۳/۱۴۰۲ THEN 23 Khordad 1402', () => {
    expect(instants(parseWhen('۲۳/۰۳/۱۴۰۲ ۱۰:۰۰', at('Asia/Tehran'))).start).toBe('2023-06-13T06:30:00.000Z');
  });
});

describe('parseWhen: a bare hour after a date', () => {
  it.each([
    ['۱۴۰۲/۰۳/۲۳ ۱۰', '2023-06-13T06:30:00.000Z'],
    ['1402/03/23 10', '2023-06-13T06:30:00.000Z'],
    ['2023-06-13 10', '2023-06-13T06:30:00.000Z'],
    ['۲۳ خرداد ۱۰', '2023-06-13T06:30:00.000Z'],
    ['فردا ساعت ۱۰', '2023-06-11T06:30:00.000Z'],
    ['فردا ۱۰', '2023-06-11T06:30:00.000Z'],
    ['tomorrow 10', '2023-06-11T06:30:00.000Z'],
  ])('GIVEN %s THEN the number is the hour', (input, start) => {
    expect(instants(parseWhen(input, at('Asia/Tehran')))).toEqual({ start, hasTime: true });
  });

  it('GIVEN a number that completes the date (june 13, ۲۳ خرداد) THEN it is still the day, with no time', () => {
    expect(instants(parseWhen('june 13', at('Asia/Tehran'))).hasTime).toBe(false);
    expect(instants(parseWhen('۲۳ خرداد', at('Asia/Tehran'))).hasTime).toBe(false);
  });

  it('GIVEN an hour past 23, or a number with no date THEN it is not read as an hour', () => {
    expect(parseWhen('1402/03/23 25', at('Asia/Tehran')).ok).toBe(false);
    expect(parseWhen('10', at('Asia/Tehran')).ok).toBe(false);
  });
});

describe('parseWhen: Gregorian dates', () => {
  it('GIVEN 2023-06-13 10:00 in Asia/Tehran THEN 2023-06-13T06:30Z', () => {
    expect(instants(parseWhen('2023-06-13 10:00', at('Asia/Tehran')))).toEqual({
      start: '2023-06-13T06:30:00.000Z',
      hasTime: true,
    });
  });

  it('GIVEN 13/06/2023 10:00 in Europe/Moscow THEN 2023-06-13T07:00Z', () => {
    expect(instants(parseWhen('13/06/2023 10:00', at('Europe/Moscow'))).start).toBe('2023-06-13T07:00:00.000Z');
  });

  it('GIVEN 02/9/2021 10:00 THEN day first: 2 September 2021 in Ho Chi Minh City', () => {
    const result = parseWhen('02/9/2021 10:00', at('Asia/Ho_Chi_Minh'));
    expect(instants(result).start).toBe('2021-09-02T03:00:00.000Z');
    expect(result.ok && result.understood).toMatchObject({ calendar: 'gregorian', year: 2021, month: 9, day: 2 });
  });

  it('GIVEN Ngày 02/9/2021 10:00 THEN the same instant', () => {
    expect(instants(parseWhen('Ngày 02/9/2021 10:00', at('Asia/Ho_Chi_Minh'))).start).toBe('2021-09-02T03:00:00.000Z');
  });

  it('GIVEN 10 ноября 2015 10:00 in Asia/Novokuznetsk THEN 2015-11-10T03:00Z', () => {
    expect(instants(parseWhen('10 ноября 2015 10:00', at('Asia/Novokuznetsk')))).toEqual({
      start: '2015-11-10T03:00:00.000Z',
      hasTime: true,
    });
  });

  it('GIVEN 10 ноября 2015 г. в 10:00 THEN the same instant', () => {
    expect(instants(parseWhen('10 ноября 2015 г. в 10:00', at('Asia/Novokuznetsk'))).start).toBe(
      '2015-11-10T03:00:00.000Z',
    );
  });

  it('GIVEN 10.11.2015 в 10.00 THEN Russian dotted date and time', () => {
    expect(instants(parseWhen('10.11.2015 в 10.00', at('Asia/Novokuznetsk'))).start).toBe('2015-11-10T03:00:00.000Z');
  });

  it('GIVEN June 13, 2023 at 3:30 pm and 13 June 2023 15:30 THEN both 15:30 UTC', () => {
    expect(instants(parseWhen('June 13, 2023 at 3:30 pm', at('UTC'))).start).toBe('2023-06-13T15:30:00.000Z');
    expect(instants(parseWhen('13 June 2023 15:30', at('UTC'))).start).toBe('2023-06-13T15:30:00.000Z');
  });

  it('GIVEN 2 tháng 9 năm 2021 lúc 10 giờ 30 THEN 10:30 on 2 September 2021', () => {
    expect(instants(parseWhen('2 tháng 9 năm 2021 lúc 10 giờ 30', at('Asia/Ho_Chi_Minh'))).start).toBe(
      '2021-09-02T03:30:00.000Z',
    );
  });

  it('GIVEN ۱۳ ژوئن ۲۰۲۳ ساعت ۱۰ THEN a Gregorian month in Persian', () => {
    expect(instants(parseWhen('۱۳ ژوئن ۲۰۲۳ ساعت ۱۰', at('Asia/Tehran'))).start).toBe('2023-06-13T06:30:00.000Z');
  });

  it('GIVEN 10 ноября without a year in June 2023 THEN 10 November 2023', () => {
    expect(instants(parseWhen('10 ноября', at('Asia/Novokuznetsk')))).toEqual({
      start: '2023-11-09T17:00:00.000Z',
      hasTime: false,
    });
  });

  it('GIVEN 2023-02-30 THEN impossible-date, understood as 30 February 2023', () => {
    expect(parseWhen('2023-02-30', at('UTC'))).toEqual({
      ok: false,
      reason: 'impossible-date',
      understood: { calendar: 'gregorian', year: 2023, month: 2, day: 30 },
      input: '2023-02-30',
    });
  });

  it('GIVEN 2023-02-30 10:00 THEN what was understood includes the time', () => {
    const result = parseWhen('2023-02-30 10:00', at('UTC'));
    expect(result.ok === false && result.understood).toEqual({
      calendar: 'gregorian',
      year: 2023,
      month: 2,
      day: 30,
      hour: 10,
      minute: 0,
    });
  });

  it('GIVEN month 13 or day 0 THEN impossible-date', () => {
    expect(parseWhen('2023-13-01', at('UTC'))).toMatchObject({ ok: false, reason: 'impossible-date' });
    expect(parseWhen('00/06/2023', at('UTC'))).toMatchObject({ ok: false, reason: 'impossible-date' });
  });
});

describe('parseWhen: relative days and times alone', () => {
  it('GIVEN tomorrow 10:00 in UTC THEN 2023-06-11T10:00Z', () => {
    expect(instants(parseWhen('tomorrow 10:00', at('UTC')))).toEqual({
      start: '2023-06-11T10:00:00.000Z',
      hasTime: true,
    });
  });

  it('GIVEN فردا ساعت ۱۰ in Tehran THEN 2023-06-11T06:30Z, understood in the Jalali calendar', () => {
    const result = parseWhen('فردا ساعت ۱۰', at('Asia/Tehran'));
    expect(instants(result).start).toBe('2023-06-11T06:30:00.000Z');
    expect(result.ok && result.understood).toEqual({
      calendar: 'persian',
      year: 1402,
      month: 3,
      day: 21,
      hour: 10,
      minute: 0,
    });
  });

  it('GIVEN завтра в 10:00 in Moscow THEN 2023-06-11T07:00Z', () => {
    expect(instants(parseWhen('завтра в 10:00', at('Europe/Moscow'))).start).toBe('2023-06-11T07:00:00.000Z');
  });

  it('GIVEN ngày mai 10:00 in Ho Chi Minh City THEN 2023-06-11T03:00Z', () => {
    expect(instants(parseWhen('ngày mai 10:00', at('Asia/Ho_Chi_Minh'))).start).toBe('2023-06-11T03:00:00.000Z');
  });

  it('GIVEN today 18:30 THEN today in the zone', () => {
    expect(instants(parseWhen('today 18:30', at('UTC'))).start).toBe('2023-06-10T18:30:00.000Z');
  });

  it('GIVEN امروز with no time THEN 00:00 today in Tehran, hasTime false', () => {
    expect(instants(parseWhen('امروز', at('Asia/Tehran')))).toEqual({
      start: '2023-06-09T20:30:00.000Z',
      hasTime: false,
    });
  });

  it('GIVEN a date near midnight UTC THEN "tomorrow" is counted from the zone’s date, not UTC’s', () => {
    const now = new Date('2023-06-10T21:00:00Z'); // already 11 June, 00:30 in Tehran
    expect(instants(parseWhen('فردا ساعت ۱۰', at('Asia/Tehran', now))).start).toBe('2023-06-12T06:30:00.000Z');
  });

  it('GIVEN پس‌فردا ساعت ۱۰ و نیم THEN 10:30 the day after tomorrow', () => {
    expect(instants(parseWhen('پس‌فردا ساعت ۱۰ و نیم', at('Asia/Tehran'))).start).toBe('2023-06-12T07:00:00.000Z');
  });

  it('GIVEN 18:30 alone THEN today at 18:30', () => {
    expect(instants(parseWhen('18:30', at('UTC'))).start).toBe('2023-06-10T18:30:00.000Z');
  });

  it('GIVEN tomorrow 10am and tomorrow 3pm THEN 10:00 and 15:00', () => {
    expect(instants(parseWhen('tomorrow 10am', at('UTC'))).start).toBe('2023-06-11T10:00:00.000Z');
    expect(instants(parseWhen('tomorrow 3 pm', at('UTC'))).start).toBe('2023-06-11T15:00:00.000Z');
    expect(instants(parseWhen('tomorrow 12am', at('UTC'))).start).toBe('2023-06-11T00:00:00.000Z');
  });

  it('GIVEN فردا ساعت ۱۰ شب and mai 10h30 THEN 22:00 and 10:30', () => {
    expect(instants(parseWhen('فردا ساعت ۱۰ شب', at('Asia/Tehran'))).start).toBe('2023-06-11T18:30:00.000Z');
    expect(instants(parseWhen('ngày mai 10h30', at('Asia/Ho_Chi_Minh'))).start).toBe('2023-06-11T03:30:00.000Z');
  });
});

describe('parseWhen: time ranges', () => {
  it('GIVEN 2023-06-13 10:00-11:00 THEN start and end', () => {
    expect(instants(parseWhen('2023-06-13 10:00-11:00', at('UTC')))).toEqual({
      start: '2023-06-13T10:00:00.000Z',
      end: '2023-06-13T11:00:00.000Z',
      hasTime: true,
    });
  });

  it('GIVEN с 10 до 12 завтра and 9-11am tomorrow THEN ranges on 11 June', () => {
    expect(instants(parseWhen('завтра с 10 до 12', at('UTC')))).toEqual({
      start: '2023-06-11T10:00:00.000Z',
      end: '2023-06-11T12:00:00.000Z',
      hasTime: true,
    });
    expect(instants(parseWhen('9-11am tomorrow', at('UTC')))).toEqual({
      start: '2023-06-11T09:00:00.000Z',
      end: '2023-06-11T11:00:00.000Z',
      hasTime: true,
    });
  });

  it('GIVEN tomorrow 11:00-10:00 THEN end-before-start with what was understood', () => {
    expect(parseWhen('tomorrow 11:00-10:00', at('UTC'))).toEqual({
      ok: false,
      reason: 'end-before-start',
      understood: { calendar: 'gregorian', year: 2023, month: 6, day: 11, hour: 11, minute: 0 },
      input: 'tomorrow 11:00-10:00',
    });
  });
});

describe('parseWhen: the calendar for year-less numeric dates', () => {
  it('GIVEN 23/03 with the persian calendar THEN 23 Khordad 1402', () => {
    expect(instants(parseWhen('23/03', at('Asia/Tehran', NOW, 'persian'))).start).toBe('2023-06-12T20:30:00.000Z');
  });

  it('GIVEN 23/03 with the gregorian calendar in June 2023 THEN 23 March 2024', () => {
    expect(instants(parseWhen('23/03', at('UTC', NOW, 'gregorian'))).start).toBe('2024-03-23T00:00:00.000Z');
  });

  it('GIVEN ۲۳/۰۳ without a calendar THEN Persian digits choose the Jalali calendar', () => {
    expect(instants(parseWhen('۲۳/۰۳', at('Asia/Tehran'))).start).toBe('2023-06-12T20:30:00.000Z');
  });

  it('GIVEN a 4-digit year THEN the year decides the calendar, whatever is preferred', () => {
    expect(instants(parseWhen('1402/03/23', at('UTC', NOW, 'gregorian'))).start).toBe('2023-06-13T00:00:00.000Z');
    expect(instants(parseWhen('2023/06/13', at('UTC', NOW, 'persian'))).start).toBe('2023-06-13T00:00:00.000Z');
  });
});

describe('parseWhen: what members really type', () => {
  it('GIVEN RLM/LRM marks, extra spaces and a trailing space THEN they are ignored', () => {
    expect(instants(parseWhen('\u200f ۱۴۰۲/۰۳/۲۳\u200e   ۱۰:۰۰ ', at('Asia/Tehran'))).start).toBe(
      '2023-06-13T06:30:00.000Z',
    );
  });

  it('GIVEN Arabic-Indic digits and Arabic yeh THEN ٣ تير ١٤٠٢ ساعت ١٠ reads as 3 Tir 1402', () => {
    expect(instants(parseWhen('٣ تير ١٤٠٢ ساعت ١٠', at('Asia/Tehran'))).start).toBe('2023-06-24T06:30:00.000Z');
  });

  it('GIVEN ZWNJ in تیر‌ماه and ارديبهشت with Arabic yeh THEN both months are read', () => {
    expect(instants(parseWhen('۳ تیر\u200cماه ۱۴۰۲', at('Asia/Tehran'))).start).toBe('2023-06-23T20:30:00.000Z');
    expect(instants(parseWhen('۱ ارديبهشت ۱۴۰۲', at('Asia/Tehran'))).start).toBe('2023-04-20T20:30:00.000Z');
  });

  it('GIVEN Arabic kaf and yeh THEN normalisation folds them to Persian letters', () => {
    expect(normalizeWhenInput('كتابخانه‌ي')).toBe('کتابخانه ی');
  });

  it('GIVEN an ISO date-time 2023-06-13T10:00 THEN 10:00 in the zone', () => {
    expect(instants(parseWhen('2023-06-13T10:00', at('Asia/Tehran'))).start).toBe('2023-06-13T06:30:00.000Z');
  });

  it('GIVEN a time before the date THEN it reads the same', () => {
    expect(instants(parseWhen('۱۰:۰۰ ۱۴۰۲/۰۳/۲۳', at('Asia/Tehran'))).start).toBe('2023-06-13T06:30:00.000Z');
  });

  it('GIVEN a date with no time THEN 00:00 in the zone and hasTime false', () => {
    expect(instants(parseWhen('2023-06-13', at('Asia/Tehran')))).toEqual({
      start: '2023-06-12T20:30:00.000Z',
      hasTime: false,
    });
  });
});

describe('parseWhen: refusals', () => {
  it('GIVEN nothing, spaces or only marks THEN empty', () => {
    for (const input of ['', '   ', '\u200f\u200e']) {
      expect(parseWhen(input, at('UTC'))).toEqual({ ok: false, reason: 'empty', input });
    }
  });

  it('GIVEN 25:00, ساعت ۲۵, 10:75 or 13pm THEN impossible-time', () => {
    for (const input of ['25:00', 'فردا ساعت ۲۵', 'tomorrow 10:75', 'tomorrow 13pm']) {
      expect(parseWhen(input, at('UTC')), input).toMatchObject({ ok: false, reason: 'impossible-time', input });
    }
  });

  it('GIVEN words and forms that are no date THEN unrecognized', () => {
    const inputs = ['hello', 'next week', 'June 2023', '10 ноябряx', '2023-06-13 10:00 11:00', 'ساعت', '10', '1/2/3'];
    for (const input of inputs) {
      expect(parseWhen(input, at('UTC')), input).toEqual({ ok: false, reason: 'unrecognized', input });
    }
  });

  it('GIVEN an unknown zone THEN unrecognized, not an exception', () => {
    expect(parseWhen('tomorrow 10:00', at('Foo/Bar'))).toMatchObject({ ok: false, reason: 'unrecognized' });
  });

  it('GIVEN any text at all THEN parseWhen returns a result and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (input) => {
        const result = parseWhen(input, at('Asia/Tehran'));
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
