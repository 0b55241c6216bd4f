import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { parseMeetingLine, splitTrailingDuration } from '../../../src/features/meetings/meeting-line-parser.ts';
import { checkRule, describeRule, nthWeekdayOf, ruleFor } from '../../../src/features/meetings/recurrence.ts';
import { planOccurrences, horizonFrom } from '../../../src/features/meetings/occurrence-planner.ts';
import { planReminders } from '../../../src/features/meetings/reminder-planner.ts';
import { normalizeLink } from '../../../src/features/meetings/meeting-link.ts';
import { parseOffsets, readMeetingWhen } from '../../../src/features/meetings/meeting-input.ts';
import { matchOccurrences } from '../../../src/features/meetings/meeting-planning.ts';
import { writeIcs } from '../../../src/features/meetings/ics-writer.ts';
import { rsvpButtons } from '../../../src/features/meetings/rsvp-buttons.ts';

describe('the one-line form', () => {
  it('GIVEN WHEN | Title | link | agenda and options THEN each part and option is read', () => {
    const result = parseMeetingLine(
      '1402/03/23 10:00 | Orientation | https://x.org/a--b | Welcome, rules --every 2w --committee "New heads" --duration 90m',
    );
    expect(result).toEqual({
      ok: true,
      value: {
        when: '1402/03/23 10:00',
        title: 'Orientation',
        link: 'https://x.org/a--b',
        agenda: 'Welcome, rules',
        recurrence: { kind: 'weekly', interval: 2 },
        audience: { kind: 'committee', name: 'New heads' },
        duration: '90m',
      },
    });
  });

  it('GIVEN the recurrence options THEN each becomes its spec', () => {
    const rec = (options: string) => {
      const r = parseMeetingLine(`tomorrow 10:00 | T | https://x.org ${options}`);
      return r.ok ? r.value.recurrence : r;
    };
    expect(rec('--weekly')).toEqual({ kind: 'weekly', interval: 1 });
    expect(rec('--daily')).toEqual({ kind: 'daily', interval: 1 });
    expect(rec('--every 3d')).toEqual({ kind: 'daily', interval: 3 });
    expect(rec('--every ۲ هفته')).toEqual({ kind: 'weekly', interval: 2 });
    expect(rec('--monthly')).toEqual({ kind: 'monthly' });
    expect(rec('--monthly 2nd tue')).toEqual({ kind: 'monthly', nth: 2, weekday: 'TU' });
    expect(rec('--monthly last friday')).toEqual({ kind: 'monthly', nth: -1, weekday: 'FR' });
    expect(rec('--rrule "FREQ=WEEKLY;BYDAY=MO,WE"')).toEqual({ kind: 'rrule', rule: 'FREQ=WEEKLY;BYDAY=MO,WE' });
    expect(rec('--every 90m')).toEqual({ ok: false, reason: 'bad-every', value: '90m' });
    expect(rec('--monthly sometimes')).toEqual({ ok: false, reason: 'bad-monthly', value: 'sometimes' });
    expect(rec('--weekly --daily')).toEqual({ ok: false, reason: 'two-recurrences' });
    expect(rec('--soon')).toEqual({ ok: false, reason: 'unknown-option', option: '--soon' });
  });

  it('GIVEN too few parts THEN usage; GIVEN the edit form THEN empty parts are allowed', () => {
    expect(parseMeetingLine('tomorrow 10:00')).toEqual({ ok: false, reason: 'usage' });
    expect(parseMeetingLine('tomorrow 10:00 | | https://x.org')).toEqual({ ok: false, reason: 'usage' });
    expect(parseMeetingLine('| New title', { partial: true })).toEqual({
      ok: true,
      value: { when: '', title: 'New title', link: '' },
    });
  });

  it('GIVEN a duration after the date THEN it is split off, and a time word is not taken for one', () => {
    expect(splitTrailingDuration('2025-06-13 10:00 90m')).toEqual({
      when: '2025-06-13 10:00',
      durationMs: 90 * 60_000,
    });
    expect(splitTrailingDuration('فردا ساعت ۱۰ ۲ ساعت')).toEqual({ when: 'فردا ساعت ۱۰', durationMs: 2 * 3600_000 });
    expect(splitTrailingDuration('tomorrow 10:00')).toEqual({ when: 'tomorrow 10:00' });
    const reader = { language: 'ru' as const, calendar: 'gregorian' as const, timeZone: 'Asia/Novokuznetsk' };
    const now = new Date('2025-11-01T00:00:00Z');
    // `в 10 часов` reads like "10 hours", but it is the time of day.
    expect(readMeetingWhen('10 ноября 2025 в 10 часов', undefined, reader, now)).toEqual({
      start: new Date('2025-11-10T03:00:00Z'),
      durationMinutes: 60,
    });
    expect(readMeetingWhen('10 ноября 2025 10:00-11:30', undefined, reader, now).durationMinutes).toBe(90);
  });
});

describe('links', () => {
  it('GIVEN web addresses THEN they are kept; a bare host gets https://; anything else is refused', () => {
    expect(normalizeLink('https://www.skyroom.online/ch/lib/orient')).toBe('https://www.skyroom.online/ch/lib/orient');
    expect(normalizeLink('meet.google.com/abc-defg-hij')).toBe('https://meet.google.com/abc-defg-hij');
    expect(normalizeLink('https://کتابخانه.ir/جلسه')).toBe('https://کتابخانه.ir/جلسه');
    for (const bad of [
      'not a link',
      'javascript:alert(1)',
      'ftp://x.org/f',
      'mailto:a@b.org',
      'https://',
      'localhost',
      'http://intranet',
    ]) {
      expect(normalizeLink(bad), bad).toBeNull();
    }
  });
});

describe('recurrence rules', () => {
  it('GIVEN rules THEN the library checks them; numbers that would make it loop, and sub-daily rules, are refused', () => {
    expect(checkRule('RRULE:freq=weekly;interval=2')).toEqual({ ok: true, rule: 'FREQ=WEEKLY;INTERVAL=2' });
    expect(checkRule('FREQ=MONTHLY;BYDAY=+2TU')).toEqual({ ok: true, rule: 'FREQ=MONTHLY;BYDAY=+2TU' });
    expect(checkRule('FREQ=WEEKLY;UNTIL=20991231T000000Z')).toMatchObject({ ok: true });
    for (const bad of [
      'every tuesday',
      'FREQ=SOMETIMES',
      'FREQ=WEEKLY;INTERVAL=abc',
      'FREQ=WEEKLY;BYDAY=XX',
      'FREQ=YEARLY;BYMONTH=13',
      '',
    ]) {
      expect(checkRule(bad), bad).toEqual({ ok: false, reason: 'unparseable' });
    }
    expect(checkRule('FREQ=HOURLY')).toEqual({ ok: false, reason: 'too-frequent' });
    expect(checkRule('FREQ=DAILY;BYHOUR=9,17')).toEqual({ ok: false, reason: 'too-frequent' });
    expect(checkRule('DTSTART:20240101T100000Z;FREQ=DAILY')).toEqual({ ok: false, reason: 'has-start' });
  });

  it('GIVEN a monthly choice THEN the Nth weekday comes from the first date (the 5th is the last)', () => {
    expect(ruleFor({ kind: 'monthly' }, Temporal.PlainDateTime.from('2025-06-10T10:00'))).toBe(
      'FREQ=MONTHLY;BYDAY=+2TU',
    );
    expect(ruleFor({ kind: 'monthly' }, Temporal.PlainDateTime.from('2025-06-30T10:00'))).toBe(
      'FREQ=MONTHLY;BYDAY=-1MO',
    );
    expect(nthWeekdayOf(Temporal.PlainDate.from('2025-06-22'))).toBe(4);
    expect(describeRule('FREQ=MONTHLY;BYDAY=-1FR')).toEqual({ kind: 'monthly', nth: -1, weekday: 'FR' });
    expect(describeRule('FREQ=WEEKLY;BYDAY=MO,WE')).toEqual({ kind: 'custom', rule: 'FREQ=WEEKLY;BYDAY=MO,WE' });
  });
});

describe('occurrence planner', () => {
  const series = (startsAt: string, zone: string, rrule: string | null) => ({
    startsAt: new Date(startsAt),
    timeZone: zone,
    durationMinutes: 60,
    rrule,
  });

  it('GIVEN a monthly series on the 2nd Tuesday in Novokuznetsk THEN each one is at 10:00 local', () => {
    const planned = planOccurrences(series('2025-06-10T03:00:00Z', 'Asia/Novokuznetsk', 'FREQ=MONTHLY;BYDAY=+2TU'), {
      from: new Date('2025-06-01T00:00:00Z'),
      until: new Date('2025-10-01T00:00:00Z'),
      limit: 10,
    });
    expect(planned.map((o) => o.startsAt.toISOString())).toEqual([
      '2025-06-10T03:00:00.000Z',
      '2025-07-08T03:00:00.000Z',
      '2025-08-12T03:00:00.000Z',
      '2025-09-09T03:00:00.000Z',
    ]);
    expect(planned[0]!.endsAt.toISOString()).toBe('2025-06-10T04:00:00.000Z');
  });

  it('GIVEN a daily series THEN at most the horizon count is planned; a single meeting plans itself once', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    expect(planOccurrences(series('2025-01-02T09:00:00Z', 'UTC', 'FREQ=DAILY'), horizonFrom(now))).toHaveLength(10);
    expect(planOccurrences(series('2025-01-02T09:00:00Z', 'UTC', null), horizonFrom(now))).toHaveLength(1);
    expect(planOccurrences(series('2026-01-02T09:00:00Z', 'UTC', null), horizonFrom(now))).toHaveLength(0);
  });

  it('GIVEN a 02:30 meeting on the night Berlin skips 02:00–03:00 THEN it moves to 03:30 that day only', () => {
    const planned = planOccurrences(series('2099-03-22T01:30:00Z', 'Europe/Berlin', 'FREQ=WEEKLY'), {
      from: new Date('2099-03-01T00:00:00Z'),
      until: new Date('2099-04-10T00:00:00Z'),
      limit: 10,
    });
    const local = planned.map((o) =>
      Temporal.Instant.fromEpochMilliseconds(o.startsAt.getTime())
        .toZonedDateTimeISO('Europe/Berlin')
        .toPlainTime()
        .toString(),
    );
    expect(local).toEqual(['02:30:00', '03:30:00', '02:30:00']);
  });
});

describe('reminder planner', () => {
  it('GIVEN offsets and targets THEN one row per (offset, target), past ones left out, a "no" skipped', () => {
    const rows = planReminders(
      { id: 7, startsAt: new Date('2025-01-02T10:00:00Z') },
      [1440, 60, 0, 60],
      [
        { platform: 'telegram', chatId: '-100', memberId: null },
        { platform: 'telegram', chatId: '42', memberId: 3 },
      ],
      { now: new Date('2025-01-01T12:00:00Z'), declined: new Set([3]) },
    );
    expect(rows.map((r) => [r.offsetMinutes, r.targetChatId, r.status])).toEqual([
      [60, '-100', 'planned'],
      [60, '42', 'skipped'],
      [0, '-100', 'planned'],
      [0, '42', 'skipped'],
    ]);
  });

  it('GIVEN offset text THEN minutes, largest first; nonsense is refused', () => {
    expect(parseOffsets('1d 1h 0')).toEqual([1440, 60, 0]);
    expect(parseOffsets('30m, 2h')).toEqual([120, 30]);
    expect(() => parseOffsets('1d 1h 0 2h 3h 4h 5h')).toThrow('meeting.offsets-usage');
    expect(() => parseOffsets('31d')).toThrow('meeting.offsets-invalid');
  });

  it('GIVEN a moved occurrence THEN the new one inherits the answers of the one that moved away', () => {
    const at = (s: string) => new Date(s);
    const changes = matchOccurrences(
      [
        { id: 1, startsAt: at('2025-01-01T10:00Z'), endsAt: at('2025-01-01T11:00Z') },
        { id: 2, startsAt: at('2025-01-08T10:00Z'), endsAt: at('2025-01-08T11:00Z') },
      ],
      [
        { startsAt: at('2025-01-01T10:00Z'), endsAt: at('2025-01-01T11:30Z') },
        { startsAt: at('2025-01-09T10:00Z'), endsAt: at('2025-01-09T11:30Z') },
      ],
    );
    expect(changes).toEqual({
      cancelIds: [2],
      keep: [{ id: 1, endsAt: at('2025-01-01T11:30Z') }],
      add: [{ startsAt: at('2025-01-09T10:00Z'), endsAt: at('2025-01-09T11:30Z'), answersFrom: 2 }],
    });
  });

  it('GIVEN an RSVP button THEN action|data fits in Telegram’s 64 bytes', () => {
    for (const b of rsvpButtons(2_147_483_647))
      expect(Buffer.byteLength(`${b.action}|${b.data}`)).toBeLessThanOrEqual(64);
  });
});

/** A meeting as first scheduled: online, never changed, not cancelled. */
const CALENDAR_DEFAULTS = {
  place: null,
  icsSequence: 0,
  cancelledAt: null,
  installationUid: '9b2f6c4e-0d7a-4c55-8f0e-2a1d3c4b5e6f',
};

describe('calendar files', () => {
  function parse(text: string) {
    const calendar = new ICAL.Component(ICAL.parse(text));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    return new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  }

  it('GIVEN a weekly Tehran meeting in March 2021 THEN a parser finds the zone, each start instant across that DST change, and the cancelled one excluded', () => {
    const ics = writeIcs({
      id: 5,
      title: 'Sync',
      ...CALENDAR_DEFAULTS,
      link: 'https://x.org',
      agenda: 'Agenda',
      timeZone: 'Asia/Tehran',
      startsAt: new Date('2021-03-10T06:30:00Z'),
      durationMinutes: 60,
      rrule: 'FREQ=WEEKLY;COUNT=4',
      excluded: [new Date('2021-03-17T06:30:00Z')],
      stamp: new Date('2021-03-01T00:00:00Z'),
    });
    expect(ics).toContain('DTSTART;TZID=Asia/Tehran:20210310T100000');
    expect(ics).toContain('DTSTAMP:20210301T000000Z');
    const event = parse(ics);
    expect(event.startDate.zone?.tzid).toBe('Asia/Tehran');
    const iterator = event.iterator();
    const starts: string[] = [];
    for (let next = iterator.next(); next; next = iterator.next()) starts.push(next.toJSDate().toISOString());
    expect(
      starts.filter(
        (s) =>
          !event.component
            .getAllProperties('exdate')
            .some((p) => p.getValues().some((v: ICAL.Time) => v.toJSDate().toISOString() === s)),
      ),
    ).toEqual(['2021-03-10T06:30:00.000Z', '2021-03-24T05:30:00.000Z', '2021-03-31T05:30:00.000Z']);
  });

  it('GIVEN a single meeting THEN no RRULE, and DTEND follows the length', () => {
    const event = parse(
      writeIcs({
        ...CALENDAR_DEFAULTS,
        id: 6,
        title: 'Once',
        link: 'https://x.org',
        agenda: null,
        timeZone: 'Asia/Ho_Chi_Minh',
        startsAt: new Date('2025-09-02T03:00:00Z'),
        durationMinutes: 90,
        rrule: null,
        excluded: [],
        stamp: new Date(),
      }),
    );
    expect(event.isRecurring()).toBe(false);
    expect(event.startDate.toJSDate().toISOString()).toBe('2025-09-02T03:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2025-09-02T04:30:00.000Z');
    expect(event.startDate.zone?.tzid).toBe('Asia/Ho_Chi_Minh');
  });
});
