import type { HolidayService } from '../holidays/holiday-service.ts';
import { nextAllowedTime } from './quiet-hours.ts';
import { addDays, dayIn } from './round-period.ts';
import type { ChaseClock, ChaseRecipientClock } from './round-clock.ts';

/** Days of holidays loaded past an instant: more than quiet hours and any run of days off can push it. */
const WINDOW_DAYS = 70;
/** A loaded holiday list is reused this long: a round's thousands of chases ask the same community. */
const CACHE_MS = 60_000;

/**
 * The clock chases keep: out of the recipient's quiet hours (in their zone) and off the community's
 * holidays (its country's public holidays and the days its admins added, less those they removed).
 */
export class HolidayChaseClock implements ChaseClock {
  private readonly cache = new Map<
    number,
    { loadedAt: number; fromDay: string; toDay: string; isHoliday: (day: string) => boolean }
  >();

  constructor(
    private readonly holidays: HolidayService,
    private readonly now: () => number = Date.now,
  ) {}

  async allowedFrom(at: Date, who: ChaseRecipientClock): Promise<Date> {
    const isHoliday = await this.holidaysAround(who.communityId, at, who.timeZone);
    return nextAllowedTime(at, {
      timeZone: who.timeZone,
      quietStartMinute: who.quietStartMinute,
      quietEndMinute: who.quietEndMinute,
      isHoliday,
    });
  }

  private async holidaysAround(communityId: number, at: Date, timeZone: string): Promise<(day: string) => boolean> {
    const day = dayIn(at, timeZone);
    const cached = this.cache.get(communityId);
    if (
      cached &&
      this.now() - cached.loadedAt < CACHE_MS &&
      cached.fromDay <= addDays(day, -1) &&
      addDays(day, WINDOW_DAYS - 5) <= cached.toDay
    ) {
      return cached.isHoliday;
    }
    const fromDay = addDays(day, -2);
    const toDay = addDays(day, WINDOW_DAYS);
    const isHoliday = await this.holidays.isHolidayFn(communityId, fromDay, toDay);
    this.cache.set(communityId, { loadedAt: this.now(), fromDay, toDay, isHoliday });
    return isHoliday;
  }
}
