import type { Logger } from '../../logger.ts';
import type { OutboundMessage } from '../../core/event.ts';
import type { DbTransaction } from '../../db/prisma-client.ts';
import type { OutboxRow } from '../../db/stores/outbox-rows.ts';
import type { Translator } from '../../i18n/translator.ts';
import { isLanguage, type Language } from '../../i18n/languages.ts';
import { formatDate, type FormatOptions } from '../../i18n/date-format.ts';
import { localize } from '../surveys/survey-questions.ts';
import { roundTemplateSchema } from './round-template-schema.ts';
import type { ChaseOutcome, DueChaseRow, RoundChaseRepository } from './round-chase-repository.ts';
import { START_ROUND_ACTION } from './round-answer-flow.ts';
import type { ChaseClock, PeriodNamer } from './round-clock.ts';
import { REPORT_STAGE } from './round-repository.ts';

/** The compiled report of a round as chat messages (a summary, then its files), in one reader's settings. */
export interface ReportComposer {
  reportMessages(roundId: number, reader: FormatOptions & { language: Language }): Promise<OutboundMessage[]>;
}

/** A chase more than this late is not sent (a later stage says the same, or the bot was off for long). */
const STALE_AFTER_MS = 20 * 3600_000;
export const REMIND_NOW_ACTION = 'rnd.nudge';
export const MISSING_STAGE = 'missing';

/**
 * Hands due chasing messages of report rounds to the outbox, exactly once (RoundChaseRepository.handDue).
 * Only libraries that have not answered are chased; a chase that falls in its recipient's quiet hours
 * or on a holiday of the community waits for the next allowed time instead.
 */
export class RoundChaser {
  constructor(
    private readonly repo: RoundChaseRepository,
    private readonly translator: Translator,
    private readonly clock: ChaseClock,
    private readonly periodName: PeriodNamer,
    private readonly reports: ReportComposer,
    private readonly outbox: { wake(): void },
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly batchSize = 500,
  ) {}

  async tick(): Promise<{ handled: number; sent: number }> {
    const total = { handled: 0, sent: 0 };
    for (;;) {
      const now = this.now();
      const batch = await this.repo.handDue(now, this.batchSize, (rows, tx) => this.decide(rows, now, tx));
      total.handled += batch.claimed;
      total.sent += batch.sent;
      if (batch.sent > 0) this.outbox.wake();
      if (batch.claimed < this.batchSize) return total;
    }
  }

  nextDueAt(): Promise<Date | null> {
    return this.repo.nextDueAt();
  }

  private async decide(
    rows: DueChaseRow[],
    now: Date,
    tx: DbTransaction,
  ): Promise<{ outcomes: ChaseOutcome[]; extra: OutboxRow[] }> {
    const chairRows = rows.filter((row) => row.stage === MISSING_STAGE);
    const missing = chairRows.length > 0 ? await this.repo.missingNames(tx, chairRows) : new Map<number, string[]>();
    const outcomes: ChaseOutcome[] = [];
    const extra: OutboxRow[] = [];
    for (const row of rows) {
      const skip = this.skipReason(row, now);
      if (skip) {
        outcomes.push({ id: row.id, status: skip });
        continue;
      }
      const allowed = await this.clock.allowedFrom(now, {
        communityId: row.communityId,
        timeZone: row.memberTimeZone ?? row.communityTimeZone,
        quietStartMinute: row.quietStartMinute,
        quietEndMinute: row.quietEndMinute,
        holidayCountry: row.holidayCountry,
        communityLanguage: row.communityLanguage,
      });
      if (allowed.getTime() > now.getTime()) {
        outcomes.push({ id: row.id, status: 'deferred', dueAt: allowed });
        continue;
      }
      if (row.stage === REPORT_STAGE) {
        const [first, ...files] = await this.reports.reportMessages(row.roundId, readerOf(row));
        const target = { platform: row.privatePlatform!, chatId: row.privateChatId! };
        outcomes.push({ id: row.id, status: 'sent', message: { ...target, message: first! } });
        extra.push(...files.map((message) => ({ ...target, message })));
        continue;
      }
      const message =
        row.stage === MISSING_STAGE ? this.missingList(row, missing.get(row.roundId) ?? []) : this.chase(row);
      if (!message) {
        outcomes.push({ id: row.id, status: 'skipped' });
        continue;
      }
      outcomes.push({
        id: row.id,
        status: 'sent',
        message: { platform: row.privatePlatform!, chatId: row.privateChatId!, message },
      });
    }
    const missed = outcomes.filter((o) => o.status === 'missed').length;
    if (missed > 0) this.logger.warn({ missed }, 'round chases not sent: too late, or no private chat');
    return { outcomes, extra };
  }

  private skipReason(row: DueChaseRow, now: Date): 'skipped' | 'missed' | 'cancelled' | null {
    if (row.stage === REPORT_STAGE) return row.privatePlatform && row.privateChatId ? null : 'missed';
    if (row.roundClosedAt) return 'cancelled';
    if (row.stage !== MISSING_STAGE && row.submitted) return 'skipped';
    if (!row.privatePlatform || !row.privateChatId) return 'missed';
    if (row.stage !== 'open' && now.getTime() - row.dueAt.getTime() > STALE_AFTER_MS) return 'missed';
    return null;
  }

  /** A respondent's reminder: which round, for which library, by when, and the button to answer. */
  private chase(row: DueChaseRow): OutboundMessage {
    const reader = readerOf(row);
    const t = (key: string, params: Record<string, unknown> = {}) => this.translator.t(reader.language, key, params);
    const template = roundTemplateSchema.parse(row.template);
    const stage = row.stage.startsWith('now-') ? 'now' : row.stage;
    const text = t(`round.chase.${stage}`, {
      title: localize(template.title, reader.language),
      period: this.periodName(row.periodLabel, reader.language),
      library: row.libraryName ?? '',
      hasLibrary: row.libraryName ? 'yes' : 'no',
      // The due day is the community's, wherever the respondent is.
      due: formatDate(lastDueDay(row.roundDueAt), { ...reader, timeZone: row.communityTimeZone }),
      id: row.roundId,
    });
    return {
      text,
      buttons: [[{ label: t('round.button.start'), action: START_ROUND_ACTION, data: String(row.roundId) }]],
    };
  }

  /** The chair's list of libraries still missing after the last reminder, with a button to nudge them now. */
  private missingList(row: DueChaseRow, names: string[]): OutboundMessage | null {
    if (names.length === 0) return null;
    const reader = readerOf(row);
    const t = (key: string, params: Record<string, unknown> = {}) => this.translator.t(reader.language, key, params);
    const template = roundTemplateSchema.parse(row.template);
    return {
      text: t('round.chase.missing', {
        title: localize(template.title, reader.language),
        period: this.periodName(row.periodLabel, reader.language),
        count: names.length,
        names: names.join('\n'),
        id: row.roundId,
      }),
      buttons: [[{ label: t('round.button.remind'), action: REMIND_NOW_ACTION, data: String(row.roundId) }]],
    };
  }
}

/** The last day answers are due: dueAt is the start of the day after it. */
export function lastDueDay(dueAt: Date): Date {
  return new Date(dueAt.getTime() - 1);
}

function readerOf(row: DueChaseRow): FormatOptions & { language: Language } {
  const language = isLanguage(row.memberLanguage)
    ? row.memberLanguage
    : isLanguage(row.communityLanguage)
      ? row.communityLanguage
      : 'en';
  const calendar = (row.memberCalendar ?? row.communityCalendar) === 'persian' ? 'persian' : 'gregorian';
  return { language, calendar, timeZone: row.memberTimeZone ?? row.communityTimeZone };
}
