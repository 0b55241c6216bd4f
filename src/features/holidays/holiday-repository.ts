import type { Db } from '../../db/prisma-client.ts';

/**
 * The only code of holidays that knows Prisma: a community's holiday settings and its changes to the
 * default list (CommunityHoliday: a day an admin added, `removed = false`, or a default day an admin
 * took off, `removed = true`). Days are ISO yyyy-mm-dd strings here and `@db.Date` columns in the
 * database (the session is UTC, so a date is read back as that day's UTC midnight).
 */

const settingsSelect = {
  language: true,
  timeZone: true,
  calendar: true,
  holidayCountry: true,
  quietStartMinute: true,
  quietEndMinute: true,
} as const;

export interface HolidaySettingsRow {
  language: string;
  timeZone: string;
  calendar: string;
  holidayCountry: string | null;
  quietStartMinute: number;
  quietEndMinute: number;
}

export interface HolidayChangeRow {
  day: string;
  name: string | null;
  removed: boolean;
}

function toDate(isoDay: string): Date {
  return new Date(`${isoDay}T00:00:00Z`);
}

function toIsoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export class HolidayRepository {
  constructor(private readonly db: Db) {}

  findSettings(communityId: number): Promise<HolidaySettingsRow | null> {
    return this.db.community.findUnique({ where: { id: communityId }, select: settingsSelect });
  }

  /** The community's changes to its default list from `fromDay` to `toDay` (both included). */
  async findChanges(communityId: number, fromDay: string, toDay: string): Promise<HolidayChangeRow[]> {
    const rows = await this.db.communityHoliday.findMany({
      where: { communityId, day: { gte: toDate(fromDay), lte: toDate(toDay) } },
      orderBy: { day: 'asc' },
      select: { day: true, name: true, removed: true },
    });
    return rows.map((row) => ({ day: toIsoDay(row.day), name: row.name, removed: row.removed }));
  }

  async findChange(communityId: number, day: string): Promise<HolidayChangeRow | null> {
    const row = await this.db.communityHoliday.findUnique({
      where: { communityId_day: { communityId, day: toDate(day) } },
      select: { day: true, name: true, removed: true },
    });
    return row && { day: toIsoDay(row.day), name: row.name, removed: row.removed };
  }

  /** Records the day as added (with its name) or as a default taken off, replacing what was recorded. */
  async saveChange(communityId: number, change: HolidayChangeRow, actorId: number | null): Promise<void> {
    const data = { name: change.name, removed: change.removed };
    await this.db.$transaction([
      this.db.communityHoliday.upsert({
        where: { communityId_day: { communityId, day: toDate(change.day) } },
        create: { communityId, day: toDate(change.day), ...data },
        update: data,
      }),
      this.audit(communityId, actorId, change.removed ? 'holiday.remove' : 'holiday.add', {
        day: change.day,
        name: change.name,
      }),
    ]);
  }

  /** Forgets the community's change of a day: the day is what the default list says again. */
  async deleteChange(communityId: number, day: string, actorId: number | null, action: string): Promise<void> {
    await this.db.$transaction([
      this.db.communityHoliday.deleteMany({ where: { communityId, day: toDate(day) } }),
      this.audit(communityId, actorId, action, { day }),
    ]);
  }

  async setCountry(communityId: number, country: string | null, actorId: number | null): Promise<void> {
    await this.db.$transaction([
      this.db.community.update({ where: { id: communityId }, data: { holidayCountry: country } }),
      this.audit(communityId, actorId, 'holiday.country', { country }),
    ]);
  }

  async setQuietHours(
    communityId: number,
    quiet: { startMinute: number; endMinute: number },
    actorId: number | null,
  ): Promise<void> {
    await this.db.$transaction([
      this.db.community.update({
        where: { id: communityId },
        data: { quietStartMinute: quiet.startMinute, quietEndMinute: quiet.endMinute },
      }),
      this.audit(communityId, actorId, 'holiday.quiet-hours', quiet),
    ]);
  }

  private audit(communityId: number, actorId: number | null, action: string, details: Record<string, unknown>) {
    return this.db.auditLog.create({
      data: { communityId, actorMemberId: actorId, action, details: JSON.parse(JSON.stringify(details)) },
    });
  }
}
