/**
 * Durations members type: `90m`, `2h`, `1h30m`, `1h30`, `3d`, `1.5h`, `۹۰ دقیقه`, `۱ ساعت و ۳۰ دقیقه`,
 * `2 часа`, `1 giờ 30 phút`, `2 weeks`. A bare number has no unit and is not a duration.
 */
import { alternation, normalizeWhenInput } from './when-normalize.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS: readonly [number, readonly string[]][] = [
  [MINUTE, ['m', 'min', 'mins', 'minute', 'minutes', 'دقیقه', 'мин', 'минута', 'минуты', 'минут', 'phút']],
  [HOUR, ['h', 'hr', 'hrs', 'hour', 'hours', 'ساعت', 'ч', 'час', 'часа', 'часов', 'giờ', 'tiếng']],
  [DAY, ['d', 'day', 'days', 'روز', 'день', 'дня', 'дней', 'сутки', 'суток', 'ngày']],
  [7 * DAY, ['w', 'week', 'weeks', 'هفته', 'неделя', 'недели', 'недель', 'tuần']],
];

const UNIT_OF = new Map(UNITS.flatMap(([ms, words]) => words.map((w) => [w, ms] as const)));

/** One `<number><unit>` at the start of the text; the unit must end the word (`2hx` is not `2h`). */
const PART = new RegExp(`^(\\d+(?:[.,]\\d+)?)\\s*(${alternation(UNIT_OF.keys())})\\.?(?![\\p{L}\\p{M}])\\s*`, 'u');
/** `1h30`: minutes without their unit after hours. */
const TRAILING_MINUTES = /^(\d{1,2})$/;
const CONNECTORS = /(?<![\p{L}\p{M}])(?:and|و|и|và)(?![\p{L}\p{M}])|,/gu;

/** Milliseconds in a duration, or null when the text is not one (or is zero). */
export function parseDuration(input: string): number | null {
  let text = normalizeWhenInput(input).replace(CONNECTORS, ' ').replace(/\s+/g, ' ').trim();
  let total = 0;
  let lastUnit: number | undefined;
  while (text !== '') {
    const part = PART.exec(text);
    if (part) {
      lastUnit = UNIT_OF.get(part[2] ?? '');
      total += Number((part[1] ?? '').replace(',', '.')) * (lastUnit ?? 0);
      text = text.slice(part[0].length);
      continue;
    }
    const minutes = lastUnit === HOUR ? TRAILING_MINUTES.exec(text) : null;
    if (!minutes) return null;
    total += Number(minutes[1]) * MINUTE;
    text = '';
  }
  return total > 0 ? Math.round(total) : null;
}
