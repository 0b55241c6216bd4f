import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { writeIcs, type CalendarMeeting } from '../../../src/features/meetings/ics-writer.ts';
import { readVenue } from '../../../src/features/meetings/meeting-venue.ts';
import { parseMeetingLine } from '../../../src/features/meetings/meeting-line-parser.ts';
import { exampleDates } from '../../../src/features/meetings/example-date.ts';
import { readMoreOffset, moreMeetingsButton } from '../../../src/features/meetings/meetings-paging.ts';
import { parseWhen } from '../../../src/i18n/when-parser.ts';

const INSTALLATION = '3f0c2a9e-7b1d-4e6a-9c58-1d2e3f4a5b6c';

function meeting(overrides: Partial<CalendarMeeting> = {}): CalendarMeeting {
  return {
    id: 7,
    title: 'Reading club',
    link: null,
    place: 'Central Library, room 2',
    agenda: null,
    timeZone: 'Asia/Tehran',
    startsAt: new Date('2027-01-10T06:30:00Z'),
    durationMinutes: 60,
    rrule: null,
    icsSequence: 0,
    cancelledAt: null,
    installationUid: INSTALLATION,
    excluded: [],
    stamp: new Date('2026-12-07T00:00:00Z'),
    ...overrides,
  };
}

/** The file read by a real iCalendar parser (ical.js): its calendar and its one event. */
function parsed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return { calendar, event: new ICAL.Event(calendar.getFirstSubcomponent('vevent')!) };
}

describe('where a meeting is', () => {
  it('GIVEN a web address THEN a link; other text THEN a place; nothing THEN neither', () => {
    expect(readVenue('meet.google.com/abc-defg-hij')).toEqual({
      link: 'https://meet.google.com/abc-defg-hij',
      place: null,
    });
    expect(readVenue('  کتابخانهٔ مرکزی،   سالن ۲ ')).toEqual({ link: null, place: 'کتابخانهٔ مرکزی، سالن ۲' });
    expect(readVenue('')).toEqual({ link: null, place: null });
  });

  it('GIVEN an address that is not a web page THEN it is refused rather than stored as a place', () => {
    expect(() => readVenue('ftp://files.example.org/x')).toThrow(
      expect.objectContaining({ key: 'meeting.error.link' }),
    );
    expect(() => readVenue('javascript:alert(1)')).toThrow(expect.objectContaining({ key: 'meeting.error.link' }));
  });

  it('GIVEN WHEN | Title alone THEN the line is read (a meeting without a link)', () => {
    expect(parseMeetingLine('فردا ساعت ۱۰ | جلسهٔ حضوری')).toEqual({
      ok: true,
      value: { when: 'فردا ساعت ۱۰', title: 'جلسهٔ حضوری', link: '' },
    });
    expect(parseMeetingLine('tomorrow 10:00 | Board | Room 4 | Budget')).toMatchObject({
      ok: true,
      value: { link: 'Room 4', agenda: 'Budget' },
    });
    expect(parseMeetingLine('tomorrow 10:00')).toEqual({ ok: false, reason: 'usage' });
  });
});

describe('calendar file versions', () => {
  it('GIVEN an in-person meeting THEN LOCATION holds the place and there is no URL', () => {
    const { event } = parsed(writeIcs(meeting()));
    expect(event.location).toBe('Central Library, room 2');
    expect(event.component.getFirstPropertyValue('url')).toBeNull();
  });

  it('GIVEN the installation id THEN the UID carries it, and the same meeting elsewhere has another UID', () => {
    const here = parsed(writeIcs(meeting())).event.uid;
    const elsewhere = parsed(writeIcs(meeting({ installationUid: 'aa2f6c4e-0d7a-4c55-8f0e-2a1d3c4b5e6f' }))).event.uid;
    expect(here).toBe(`meeting-7.${INSTALLATION}@hamkar`);
    expect(elsewhere).not.toBe(here);
  });

  it('GIVEN an edited meeting THEN its SEQUENCE is the stored counter, under the same UID', () => {
    const first = parsed(writeIcs(meeting())).event;
    const edited = parsed(writeIcs(meeting({ icsSequence: 2, title: 'Reading club (moved)' }))).event;
    expect(first.sequence).toBe(0);
    expect(edited.sequence).toBe(2);
    expect(edited.uid).toBe(first.uid);
  });

  it('GIVEN a cancelled meeting THEN a cancellation: METHOD:CANCEL and STATUS:CANCELLED; a planned one is PUBLISH and CONFIRMED', () => {
    const cancelled = parsed(writeIcs(meeting({ cancelledAt: new Date('2026-12-08T00:00:00Z'), icsSequence: 1 })));
    expect(cancelled.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancelled.event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    const planned = parsed(writeIcs(meeting()));
    expect(planned.calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(planned.event.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('GIVEN any file THEN every line ends with CRLF, the last one too', () => {
    const text = writeIcs(meeting({ link: 'https://x.org/a', place: null, rrule: 'FREQ=WEEKLY' }));
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(
      text
        .split('\r\n')
        .slice(0, -1)
        .every((line) => !line.includes('\n')),
    ).toBe(true);
  });
});

describe('example dates in usage texts', () => {
  const now = new Date('2026-12-07T02:00:00Z');

  it.each([
    [{ language: 'fa', calendar: 'persian', timeZone: 'Asia/Tehran' }, '۱۴۰۵/۱۰/۱۶'],
    [{ language: 'en', calendar: 'gregorian', timeZone: 'UTC' }, '2027-01-06'],
    [{ language: 'vi', calendar: 'gregorian', timeZone: 'Asia/Ho_Chi_Minh' }, '6/1/2027'],
    [{ language: 'ru', calendar: 'gregorian', timeZone: 'Europe/Moscow' }, '06.01.2027'],
  ] as const)('GIVEN %j THEN a month ahead, %s, which the parser reads back as that future day', (reader, date) => {
    const examples = exampleDates(reader, now);
    expect(examples.date).toBe(date);
    expect(examples.isoDate).toBe('2027-01-06');
    for (const typed of [`${examples.date} 10:00`, `${examples.date} 10`, `${examples.isoDate} 10`]) {
      const read = parseWhen(typed, { timeZone: reader.timeZone, now, calendar: reader.calendar });
      expect(read.ok && read.start.getTime() > now.getTime() && read.hasTime).toBe(true);
    }
  });
});

describe('/meetings paging buttons', () => {
  it('GIVEN the largest offset THEN action|data fits in 64 bytes and reads back; a forged one is refused', () => {
    const button = moreMeetingsButton(10_000);
    expect(Buffer.byteLength(`${button.action}|${button.data}`)).toBeLessThanOrEqual(64);
    expect(readMoreOffset(button.data!)).toBe(10_000);
    expect(() => readMoreOffset('-1')).toThrow();
    expect(() => readMoreOffset('99999')).toThrow();
  });
});
