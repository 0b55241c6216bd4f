/**
 * The meetings a feed lists, as the text of its events. The description holds the agenda, in a Jalali
 * reader's feed the date in their calendar (calendar apps show Gregorian dates only), and the link,
 * which many apps do not show from URL.
 *
 * Every request of every subscriber renders the same meetings again, and formatting dates is most of
 * the cost (a Jalali date through Intl takes ~15 µs; 2,000 of them alone would spend a third of the
 * 100 ms a feed may take). So each event's text is kept, per process, under a key of everything it is
 * made of: the meeting and its `updatedAt` (every edit and cancellation, a cancelled occurrence
 * included, goes through Prisma and moves it), the dates left out, and the reader's language and
 * calendar.
 */
import { formatDateTime } from '../../i18n/date-format.ts';
import type { Language } from '../../i18n/languages.ts';
import { Rendered } from '../../i18n/translator.ts';
import type { CalendarName } from '../../i18n/when-parser.ts';
import { meetingUid } from '../meetings/ics-writer.ts';
import { inner, recurrenceText, type Speaker } from '../meetings/meeting-text.ts';
import { eventText, zoneSpans, type ZoneSpan } from './feed-calendar.ts';
import type { FeedMeetingRow } from './feed-repository.ts';

export interface FeedReader {
  language: Language;
  calendar: CalendarName;
  speaker: Speaker;
}

export interface FeedEvents {
  /** Each event's text, in the rows' order. */
  texts: string[];
  zones: ZoneSpan[];
}

/** About 600 bytes each: a few megabytes at most, for several big communities in several languages. */
const MAX_CACHED_EVENTS = 10_000;
const cachedTexts = new Map<string, string>();

export function feedEvents(rows: readonly FeedMeetingRow[], installationUid: string, reader: FeedReader): FeedEvents {
  const lines = new DescriptionLines(reader);
  const texts = rows.map((row) => {
    const excluded: Date[] = [];
    for (const occurrence of row.occurrences) {
      const answer = 'rsvps' in occurrence ? occurrence.rsvps[0] : undefined;
      // In "mine", a date of a series the reader said no to is not on their calendar either.
      if (occurrence.cancelledAt || answer?.answer === 'no') excluded.push(occurrence.startsAt);
    }
    const key = [
      installationUid,
      row.id,
      row.updatedAt.getTime(),
      row.icsSequence,
      reader.language,
      reader.calendar,
      ...excluded.map((d) => d.getTime()),
    ].join('|');
    let text = cachedTexts.get(key);
    if (text === undefined) {
      text = eventText({
        uid: meetingUid(row.id, installationUid),
        sequence: row.icsSequence,
        title: row.title,
        timeZone: row.timeZone,
        startsAt: row.startsAt,
        endsAt: new Date(row.startsAt.getTime() + row.durationMinutes * 60_000),
        rrule: row.rrule,
        excluded,
        link: row.link,
        place: row.place,
        description: description(row, reader, lines),
        cancelled: row.cancelledAt !== null,
        created: row.createdAt,
        lastModified: row.updatedAt,
      });
      if (cachedTexts.size >= MAX_CACHED_EVENTS) cachedTexts.delete(cachedTexts.keys().next().value!);
      cachedTexts.set(key, text);
    }
    return text;
  });
  return { texts, zones: zoneSpans(rows) };
}

function description(row: FeedMeetingRow, reader: FeedReader, lines: DescriptionLines): string {
  const parts: string[] = [];
  if (row.agenda) parts.push(row.agenda);
  if (reader.calendar === 'persian') {
    const when = formatDateTime(row.startsAt, {
      language: reader.language,
      calendar: 'persian',
      timeZone: row.timeZone,
    });
    parts.push(row.rrule ? `${lines.jalali(when)}\n${lines.recurrence(row.rrule)}` : lines.jalali(when));
  }
  if (row.link) parts.push(row.link);
  return parts.join('\n\n');
}

/** The translated lines of one request's descriptions, each message formatted once. */
class DescriptionLines {
  private readonly jalaliTemplate: string;
  private readonly recurrences = new Map<string, string>();

  constructor(private readonly reader: FeedReader) {
    // A value given as Rendered goes in as it is: the message is made once, the date put in after.
    this.jalaliTemplate = reader.speaker.t('feed.jalali-line', { when: new Rendered('\u0000') });
  }

  jalali(when: string): string {
    return this.jalaliTemplate.replace('\u0000', () => when);
  }

  recurrence(rule: string): string {
    let line = this.recurrences.get(rule);
    if (line === undefined) {
      const text = inner(recurrenceText(this.reader.speaker, rule));
      line = this.reader.speaker.t('meeting.recurs-line', { text });
      this.recurrences.set(rule, line);
    }
    return line;
  }
}
