import { UserError } from '../../core/errors.ts';
import { ChangeSignal } from '../../core/change-signal.ts';
import type { Logger } from '../../logger.ts';
import type { CalendarName } from '../../i18n/when-types.ts';
import { toLatinDigits } from '../../i18n/digits.ts';
import { describeProblem, type TemplateProblem } from '../surveys/survey-template-loader.ts';
import type { RoundTemplate } from './round-template-schema.ts';
import type { PlannedChase, Recipient, RoundRepository, RoundRow } from './round-repository.ts';
import type { ChaseClock, ChaseRecipientClock } from './round-clock.ts';
import { MISSING_STAGE } from './round-chaser.ts';
import { nextPeriod, parsePeriod, periodRange, type Period } from './round-period.ts';
import { chaseStages, roundDates } from './round-schedule.ts';
import type { TemplateSource } from '../templates/template-store.ts';

/** Days after its due date that a round closes by itself (after the last reminder and the chair's list). */
export const CLOSE_AFTER_DAYS = 7;
const DAY_MS = 24 * 3600_000;
const DEFAULT_DUE_DAYS = 10;
const DEFAULT_OPEN_DAYS_BEFORE = 7;
export const REPEATS = ['quarter', 'month'] as const;
export type Repeat = (typeof REPEATS)[number];

export interface NewRoundInput {
  communityId: number;
  memberId: number;
  templateName: string;
  period: string;
  /** Days after the period's end (`10`), or a date as /meeting reads it. */
  due?: string;
  /** A repeating round opens this many days before its period ends (default: at once for the first). */
  openDaysBefore?: number;
  every?: Repeat;
  committeeId?: number | null;
  people?: boolean;
  calendar: CalendarName;
  timeZone: string;
  now: Date;
  /** Reads a typed due date (the member's calendar and zone); a UserError when it is not one. */
  readDate: (text: string) => Date;
}

/** Report rounds: made from a template for a period, opened (their first messages planned), closed. */
export class RoundService {
  /** Emitted when chasing messages were planned: the chaser looks at once instead of at its next tick. */
  readonly changes = new ChangeSignal();

  constructor(
    private readonly repo: RoundRepository,
    private readonly clock: ChaseClock,
    private readonly logger: Logger,
    /** The template store's shelf of this kind (read from its folders on first sight). */
    private readonly shelf: TemplateSource<RoundTemplate>,
  ) {}

  get templates(): ReadonlyMap<string, RoundTemplate> {
    return this.shelf.templates;
  }

  get problems(): readonly TemplateProblem[] {
    return this.shelf.problems;
  }

  template(name: string): RoundTemplate {
    const template = this.templates.get(name.trim().toLowerCase());
    if (template) return template;
    const broken = this.problems.find((p) => p.name === name.trim().toLowerCase());
    if (broken) throw new UserError('round.error.template-broken', { name, problem: describeProblem(broken) });
    throw new UserError('round.error.template-unknown', { name, names: [...this.templates.keys()].join(', ') });
  }

  /** A new round: checked whole before anything is written, so a wrong part leaves nothing behind. */
  async create(input: NewRoundInput): Promise<RoundRow> {
    const template = this.template(input.templateName);
    const calendar = input.calendar === 'persian' ? 'jalali' : 'gregorian';
    const period = parsePeriod(input.period, { calendar, timeZone: input.timeZone, now: input.now });
    if (!period) throw new UserError('round.error.period', { input: input.period });
    if (input.every && period.kind === 'range') throw new UserError('round.error.repeat-range');
    if (input.every && !period.kind.endsWith(input.every)) {
      throw new UserError('round.error.repeat-kind', { every: input.every, period: period.label });
    }
    const community = await this.repo.community(input.communityId);
    const range = periodRange(period, community.timeZone);
    const dueDaysAfter = this.dueDays(input, range.end);
    // A repeating round's later periods open a week before they end unless the chair says otherwise.
    const openDaysBefore = input.openDaysBefore ?? DEFAULT_OPEN_DAYS_BEFORE;
    const dates = roundDates({
      period,
      timeZone: community.timeZone,
      // The first round of a series opens now unless asked otherwise; later ones open before their end.
      openDaysBefore: input.openDaysBefore ?? Math.ceil((range.end.getTime() - range.start.getTime()) / DAY_MS),
      dueDaysAfter,
      now: input.now,
    });
    if (dates.dueAt.getTime() <= Math.max(dates.opensAt.getTime(), input.now.getTime())) {
      throw new UserError('round.error.due-past');
    }
    const audience = input.people ? 'members' : input.committeeId ? 'committee' : 'libraries';
    const round = await this.repo.create(
      {
        communityId: input.communityId,
        createdById: input.memberId,
        templateName: template.name,
        template: { title: template.title, intro: template.intro, sections: template.sections },
        periodKind: period.kind,
        periodLabel: period.label,
        periodStart: range.start,
        periodEnd: range.end,
        audience,
        committeeId: audience === 'committee' ? (input.committeeId ?? null) : null,
        opensAt: dates.opensAt,
        dueAt: dates.dueAt,
        repeatEvery: input.every ?? null,
        openDaysBefore,
        dueDaysAfter,
        seriesId: null,
      },
      input.memberId,
    );
    if (!round) throw new UserError('round.error.exists', { period: period.label });
    return round;
  }

  /** `--due 10` is days after the period's end; `--due 1405/10/10` a date, turned into those days. */
  private dueDays(input: NewRoundInput, periodEnd: Date): number {
    const due = toLatinDigits(input.due?.trim() ?? '');
    if (!due) return DEFAULT_DUE_DAYS;
    if (/^\+?\d{1,3}$/.test(due)) return Number(due);
    // Whole days from the period's last day (rounded: a zone's summer hour moves midnights by one).
    const lastDay = periodEnd.getTime() - DAY_MS;
    return Math.round((input.readDate(due).getTime() - lastDay) / DAY_MS);
  }

  find(id: number): Promise<RoundRow | null> {
    return this.repo.find(id);
  }

  /** The round by the id a member typed, in their community, or a UserError. */
  async require(id: number, communityId: number): Promise<RoundRow> {
    const round = await this.repo.find(id);
    if (!round || round.communityId !== communityId) throw new UserError('round.error.not-found', { id });
    return round;
  }

  list(communityId: number): Promise<Array<RoundRow & { submitted: number }>> {
    return this.repo.list(communityId, 15);
  }

  /**
   * Opens every round whose time has come, each once whichever instance gets there: its chasing
   * messages are planned for everyone it asks (the first is due at once), and a repeating round makes
   * its next period's round.
   */
  async openDue(now: Date): Promise<RoundRow[]> {
    const opened: RoundRow[] = [];
    for (;;) {
      const result = await this.repo.openNext(now, (round, recipients) => this.planChases(round, recipients, now));
      if (!result) break;
      opened.push(result.round);
      this.logger.info({ roundId: result.round.id, planned: result.planned }, 'report round opened');
    }
    if (opened.length > 0) this.changes.emit();
    await this.makeNextPeriods(now);
    return opened;
  }

  /** Every stage for every recipient, each moved out of their quiet hours and the community's holidays. */
  private async planChases(round: RoundRow, recipients: Recipient[], now: Date): Promise<PlannedChase[]> {
    const community = await this.repo.community(round.communityId);
    const stages = chaseStages(
      new Date(Math.max(round.opensAt.getTime(), now.getTime())),
      round.dueAt,
      community.timeZone,
    );
    const rows: PlannedChase[] = [];
    const allowed = cachedClock(this.clock);
    const who = (timeZone: string | null): ChaseRecipientClock => ({
      communityId: round.communityId,
      timeZone: timeZone ?? community.timeZone,
      quietStartMinute: community.quietStartMinute,
      quietEndMinute: community.quietEndMinute,
      holidayCountry: community.holidayCountry,
      communityLanguage: community.language,
    });
    for (const stage of stages) {
      if (stage.stage === MISSING_STAGE) {
        if (round.createdById !== null) {
          const chair = await this.repo.memberZone(round.createdById);
          rows.push({
            roundId: round.id,
            stage: stage.stage,
            memberId: round.createdById,
            libraryId: null,
            dueAt: await allowed(stage.at, who(chair)),
          });
        }
        continue;
      }
      for (const recipient of recipients) {
        rows.push({
          roundId: round.id,
          stage: stage.stage,
          memberId: recipient.memberId,
          libraryId: recipient.libraryId,
          dueAt: await allowed(stage.at, who(recipient.timeZone)),
        });
      }
    }
    return rows;
  }

  /** Repeating rounds that opened make their next period's round, once (the series key guards it). */
  private async makeNextPeriods(now: Date): Promise<void> {
    for (const round of await this.repo.dueToRepeat()) {
      const current = parsePeriod(round.periodLabel, {
        calendar: round.periodKind.startsWith('jalali') ? 'jalali' : 'gregorian',
        timeZone: 'UTC',
        now,
      });
      const next = current ? nextPeriod(current) : null;
      if (next) await this.createNext(round, next, now);
      await this.repo.markNextMade(round.id, now);
    }
  }

  private async createNext(round: RoundRow, period: Period, now: Date): Promise<void> {
    const community = await this.repo.community(round.communityId);
    const range = periodRange(period, community.timeZone);
    const dates = roundDates({
      period,
      timeZone: community.timeZone,
      openDaysBefore: round.openDaysBefore,
      dueDaysAfter: round.dueDaysAfter,
      now,
    });
    const made = await this.repo.create(
      {
        communityId: round.communityId,
        createdById: round.createdById,
        templateName: round.templateName,
        template: round.template,
        periodKind: period.kind,
        periodLabel: period.label,
        periodStart: range.start,
        periodEnd: range.end,
        audience: round.audience,
        committeeId: round.committeeId,
        opensAt: dates.opensAt,
        dueAt: dates.dueAt,
        repeatEvery: round.repeatEvery,
        openDaysBefore: round.openDaysBefore,
        dueDaysAfter: round.dueDaysAfter,
        seriesId: round.seriesId ?? round.id,
      },
      null,
    );
    if (made) this.logger.info({ roundId: made.id, period: period.label }, 'next report round made');
  }

  /**
   * `/round remind`: the respondents of every library still missing are reminded now (or, at night
   * or on a holiday, at their next allowed time). Returns how many libraries and people.
   */
  async remindNow(round: RoundRow, now: Date): Promise<{ libraries: number; people: number; later: number }> {
    if (round.closedAt) throw new UserError('round.error.closed', { id: round.id });
    if (!round.openedAt) throw new UserError('round.error.not-open', { id: round.id });
    const submitted = await this.repo.submitted(round.id);
    const done = new Set(submitted.map((s) => (round.audience === 'members' ? s.subjectId : s.libraryId)));
    const waiting = (await this.repo.recipients(round)).filter(
      (r) => !done.has(round.audience === 'members' ? r.memberId : r.libraryId),
    );
    const stage = `now-${(await this.repo.manualStages(round.id)) + 1}`;
    const community = await this.repo.community(round.communityId);
    const allowed = cachedClock(this.clock);
    let later = 0;
    const rows: PlannedChase[] = [];
    for (const r of waiting) {
      const dueAt = await allowed(now, {
        communityId: round.communityId,
        timeZone: r.timeZone ?? community.timeZone,
        quietStartMinute: community.quietStartMinute,
        quietEndMinute: community.quietEndMinute,
        holidayCountry: community.holidayCountry,
        communityLanguage: community.language,
      });
      if (dueAt.getTime() > now.getTime()) later++;
      rows.push({ roundId: round.id, stage, memberId: r.memberId, libraryId: r.libraryId, dueAt });
    }
    await this.repo.plan(rows);
    this.changes.emit();
    const libraries = new Set(waiting.map((r) => r.libraryId ?? -r.memberId)).size;
    return { libraries, people: waiting.length, later };
  }

  close(round: RoundRow, now: Date, actorId: number | null): Promise<RoundRow | null> {
    return this.repo.close(round.id, now, actorId);
  }

  /** Rounds whose closing time has passed, closed once each (null rows: another instance was first). */
  async closeDue(now: Date): Promise<RoundRow[]> {
    const closed: RoundRow[] = [];
    for (const id of await this.repo.dueToClose(new Date(now.getTime() - CLOSE_AFTER_DAYS * DAY_MS))) {
      const round = await this.repo.close(id, now, null);
      if (round) closed.push(round);
    }
    return closed;
  }

  groupChats(communityId: number) {
    return this.repo.groupChats(communityId);
  }

  previous(round: RoundRow): Promise<RoundRow | null> {
    return this.repo.previous(round);
  }

  expectedLibraries(round: RoundRow) {
    return this.repo.expectedLibraries(round);
  }

  expectedMembers(round: RoundRow) {
    return this.repo.expectedMembers(round);
  }
}

/** Many recipients share a zone: the allowed time is worked out once per zone and instant. */
function cachedClock(clock: ChaseClock): (at: Date, who: ChaseRecipientClock) => Promise<Date> {
  const seen = new Map<string, Promise<Date>>();
  return (at, who) => {
    const key = `${at.getTime()}|${who.timeZone}`;
    let found = seen.get(key);
    if (!found) {
      found = clock.allowedFrom(at, who);
      seen.set(key, found);
    }
    return found;
  };
}
