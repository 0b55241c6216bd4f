import type { Translate } from '../../i18n/translator.ts';
import type { CsvClock } from './csv-file.ts';

/** Where a CSV's times come from: the community's zone and calendar. */
export interface CommunityClock {
  timeZone: string;
  calendar: string;
}

/** For the archives, whose column names are fixed English words: `submitted_at` → `submitted_at_jalali`. */
export function archiveClock(community: CommunityClock): CsvClock {
  return { timeZone: community.timeZone, calendar: community.calendar, jalaliHeader: (column) => `${column}_jalali` };
}

/** For a poll's or survey's CSV, whose column names are in the reader's language. */
export function localizedClock(community: CommunityClock, t: Translate): CsvClock {
  return {
    timeZone: community.timeZone,
    calendar: community.calendar,
    jalaliHeader: (column) => t('csv.jalali-column', { column }),
  };
}
