import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.ts';
import { parseMeetingLine } from '../../../src/features/meetings/meeting-line-parser.ts';
import {
  UNREADABLE_ID,
  lineFromValues,
  parseMeetingText,
  type MeetingValues,
} from '../../../src/features/meetings/meeting-values.ts';

/** The error key a text or values is refused with. */
function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof UserError) return error.key;
    throw error;
  }
  throw new Error('not refused');
}

describe('/meeting text → typed values → the meeting line', () => {
  it('GIVEN a full line with options THEN the values hold each part, and give back the line parser’s line', () => {
    const text =
      '۱۴۰۴/۰۳/۲۳ ۱۰:۰۰ | جلسهٔ توجیهی | https://www.skyroom.online/ch/lib/orient | Welcome; questions ' +
      '--monthly 2nd tue --duration 90m --committee Newsletter team';
    const values = parseMeetingText(text);
    expect(values).toEqual({
      when: '۱۴۰۴/۰۳/۲۳ ۱۰:۰۰',
      title: 'جلسهٔ توجیهی',
      link: 'https://www.skyroom.online/ch/lib/orient',
      agenda: 'Welcome; questions',
      repeat: 'monthly 2nd tue',
      duration: '90m',
      committee: 'Newsletter team',
    });
    const parsed = parseMeetingLine(text);
    expect(parsed.ok && lineFromValues(values, false)).toEqual(parsed.ok && parsed.value);
  });

  it('GIVEN each recurrence and audience option THEN the same line as the text parser reads', () => {
    const options = [
      '--weekly',
      '--daily --everywhere',
      '--every 2w --here',
      '--every 14d',
      '--monthly',
      '--once --community',
      '--rrule "FREQ=WEEKLY;BYDAY=MO,WE"',
      '--Weekly --committee Docs --chat',
      '--everywhere --committee Docs',
    ];
    for (const option of options) {
      const text = `tomorrow 10:00 | T | https://x.org ${option}`;
      const parsed = parseMeetingLine(text);
      expect(parsed.ok, option).toBe(true);
      expect(lineFromValues(parseMeetingText(text), false), option).toEqual(parsed.ok && parsed.value);
    }
  });

  it('GIVEN `edit ID …` THEN the id and the parts given, empty ones kept as empty', () => {
    expect(parseMeetingText('edit 12 | New title --weekly')).toEqual({
      edit: 12,
      when: '',
      title: 'New title',
      link: '',
      repeat: 'weekly',
    });
    expect(parseMeetingText('edit #۱۲ |')).toEqual({ edit: 12, when: '', title: '', link: '' });
    // Nothing to change, or no id: the command answers with the edit usage.
    expect(parseMeetingText('edit 12')).toEqual({ edit: 12 });
    expect(parseMeetingText('edit x | T')).toEqual({ edit: UNREADABLE_ID });
    expect(parseMeetingText('EDIT')).toEqual({ edit: UNREADABLE_ID });
  });

  it('GIVEN offsets THEN the rest as typed, empty to show the current ones', () => {
    expect(parseMeetingText('offsets 1d 1h 0')).toEqual({ offsets: '1d 1h 0' });
    expect(parseMeetingText('offsets')).toEqual({ offsets: '' });
  });

  it('GIVEN no meeting line THEN values without a title, which give no line (the usage)', () => {
    for (const text of ['tomorrow 10:00', '| T | https://x.org', 'a | b | c | d | e', '--weekly', 'edit 3 a|b|c|d|e']) {
      const values = parseMeetingText(text);
      expect(values, text).not.toHaveProperty('edit');
      expect(lineFromValues(values, false), text).toBeNull();
    }
  });

  it('GIVEN a malformed option THEN the line parser’s own refusal, in parse for text and in the line for values', () => {
    const line = 'tomorrow 10:00 | T | https://x.org';
    expect(refusal(() => parseMeetingText(`${line} --sometimes`))).toBe('meeting.error.unknown-option');
    expect(refusal(() => parseMeetingText(`${line} --every 3h`))).toBe('meeting.error.every');
    expect(refusal(() => parseMeetingText(`${line} --weekly --daily`))).toBe('meeting.error.two-recurrences');
    expect(refusal(() => parseMeetingText(`${line} --committee`))).toBe('meeting.error.option-value');
    const typed: MeetingValues = { when: 'tomorrow 10:00', title: 'T', repeat: 'monthly someday' };
    expect(refusal(() => lineFromValues(typed, false))).toBe('meeting.error.monthly');
  });

  it('GIVEN typed values with a “|” or a --word inside a part THEN the part keeps them', () => {
    const line = lineFromValues(
      {
        when: '2031-01-01 10:00',
        title: 'Plan A | Plan B --weekly',
        link: 'https://x.org/a--b',
        agenda: 'Intro\n--weekly review',
        repeat: '--weekly',
        committee: 'Docs --everywhere',
      },
      false,
    );
    expect(line).toEqual({
      when: '2031-01-01 10:00',
      title: 'Plan A | Plan B --weekly',
      link: 'https://x.org/a--b',
      agenda: 'Intro\n--weekly review',
      recurrence: { kind: 'weekly', interval: 1 },
      audience: { kind: 'committee', name: 'Docs --everywhere' },
    });
  });

  it('GIVEN committee and everywhere both typed THEN everywhere wins, as the options’ text form read', () => {
    const line = lineFromValues({ when: 'x', title: 'T', committee: 'Docs', everywhere: true }, false);
    expect(line?.audience).toEqual({ kind: 'community' });
  });
});
