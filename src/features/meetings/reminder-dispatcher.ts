import type { Logger } from '../../logger.ts';
import type { OutboundMessage } from '../../core/event.ts';
import type { Translator } from '../../i18n/translator.ts';
import { isLanguage } from '../../i18n/languages.ts';
import type { DueReminderRow, Handoff, HandledStatus, OutboxRow, ReminderRepository } from './reminder-repository.ts';
import { inner, offsetText, speakerFor, when, whenLines, type Reader } from './meeting-text.ts';
import { rsvpButtons } from './rsvp-buttons.ts';
import { venueLines } from './meeting-venue.ts';
import { hereButton } from '../minutes/here-button.ts';

export interface DispatcherOptions {
  now?: () => Date;
  /** A reminder more than this late is not sent but reported to the chair as missed (default 6 h). */
  graceMs?: number;
  /**
   * A reminder more than this late is marked as late in its text: it was due while the bot was not
   * running. Default: two ticks (a tick may run a little behind), at least 30 s.
   */
  lateAfterMs?: number;
  /**
   * Reminders claimed per transaction (default 1,000). 10,000 due at once, on a 2-core machine busy with
   * other work (bench/reminders.ts, median p99 of five runs each): batches of 500 took 705 ms, 1,000
   * 342 ms, 1,500 404 ms (three at once).
   */
  batchSize?: number;
  /**
   * Transactions at once when many reminders are due together (default 3): the database does most of
   * the work, and while one transaction waits for its commit or is rendered, the others keep it busy
   * (two at once: 640 ms in the same runs as the 342 ms above).
   */
  parallel?: number;
}

export interface TickResult {
  /** Reminders handled (sent, late, missed, skipped or cancelled). */
  handled: number;
  /** For each handed-over reminder: when it was due and when its transaction committed (the bench reads this). */
  handedOver: Array<{ dueAt: Date; committedAt: Date }>;
}

export const DEFAULT_GRACE_MS = 6 * 3600_000;

/**
 * Hands due reminders to the outbox, exactly once: see ReminderRepository.handDue. Rendering is pure
 * (translator and date formatting with each target's settings, read with the row), so it runs inside
 * the transaction without any other I/O.
 */
export class ReminderDispatcher {
  private readonly now: () => Date;
  private readonly graceMs: number;
  private readonly lateAfterMs: number;
  private readonly batchSize: number;
  private readonly parallel: number;

  constructor(
    private readonly repo: ReminderRepository,
    private readonly translator: Translator,
    private readonly outbox: { wake(): void },
    private readonly logger: Logger,
    options: DispatcherOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.lateAfterMs = options.lateAfterMs ?? 30_000;
    this.batchSize = options.batchSize ?? 1000;
    this.parallel = options.parallel ?? 3;
  }

  /**
   * Hands over everything due now, batch after batch, and wakes the outbox after each commit. When the
   * first claim comes back full, more are due at once (a big community's reminders): `parallel`
   * transactions then claim at once, kept apart by SKIP LOCKED. They start as soon as that first
   * claim is read, not after its commit, so that its rendering, writes and commit overlap theirs.
   */
  async tick(): Promise<TickResult> {
    const result: TickResult = { handled: 0, handedOver: [] };
    const worker = async (whenFull?: () => void): Promise<void> => {
      for (;;) {
        const claimed = await this.handBatch(result, whenFull);
        whenFull = undefined;
        if (claimed < this.batchSize) return;
      }
    };
    let others: Promise<Array<PromiseSettledResult<void>>> | undefined;
    const first = await Promise.allSettled([
      worker(() => {
        others = Promise.allSettled(Array.from({ length: this.parallel - 1 }, () => worker()));
      }),
    ]);
    // Every transaction has ended before the tick does (the ticker runs one tick at a time), failed or not.
    const failed = [...first, ...((await others) ?? [])].find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return result;
  }

  /** One transaction's batch; `whenFull` runs once its claim came back with a full batch. */
  private async handBatch(result: TickResult, whenFull?: () => void): Promise<number> {
    const now = this.now();
    const batch = await this.repo.handDue(now, this.batchSize, (rows) => {
      if (rows.length === this.batchSize) whenFull?.();
      return this.decide(rows, now);
    });
    if (batch.claimed === 0) return 0;
    const committedAt = new Date();
    result.handled += batch.claimed;
    for (const r of batch.results) {
      if (r.message) result.handedOver.push({ dueAt: r.dueAt, committedAt });
    }
    if (batch.outboxIds.length > 0) this.outbox.wake();
    const missed = batch.results.filter((r) => r.status === 'missed').length;
    if (missed > 0) this.logger.warn({ missed }, 'reminders missed: due longer ago than the grace window');
    return batch.claimed;
  }

  nextDueAt(): Promise<Date | null> {
    return this.repo.nextDueAt();
  }

  /** What to do with each claimed row, and the messages: pure, given the clock. */
  decide(rows: DueReminderRow[], now: Date): Handoff & { results: Array<{ dueAt: Date }> } {
    const results: Array<Handoff['results'][number] & { dueAt: Date }> = [];
    // Reminders of one occurrence read the same in every chat with the same settings: render once.
    const rendered = new Map<string, OutboundMessage>();
    const missedByOccurrence = new Map<number, DueReminderRow[]>();
    for (const row of rows) {
      const status = this.statusOf(row, now);
      const entry: Handoff['results'][number] & { dueAt: Date } = { id: row.id, status, dueAt: row.dueAt };
      if (status === 'sent' || status === 'late') {
        const reader = readerOf(row);
        const key = [
          row.occurrenceId,
          row.kind,
          row.offsetMinutes,
          status,
          reader.language,
          reader.calendar,
          reader.timeZone,
        ].join('|');
        let message = rendered.get(key);
        if (!message) {
          message = this.render(row, status === 'late', reader);
          rendered.set(key, message);
        }
        entry.message = { platform: row.targetPlatform, chatId: row.targetChatId, message };
      }
      if (status === 'missed') {
        const list = missedByOccurrence.get(row.occurrenceId) ?? [];
        list.push(row);
        missedByOccurrence.set(row.occurrenceId, list);
      }
      results.push(entry);
    }
    const extra: OutboxRow[] = [];
    for (const missed of missedByOccurrence.values()) {
      const summary = this.missedSummary(missed);
      if (summary) extra.push(summary);
    }
    return { results, extra };
  }

  private statusOf(row: DueReminderRow, now: Date): HandledStatus {
    if (row.kind !== 'reminder') return 'sent'; // a cancellation notice goes out however late
    if (row.meetingCancelledAt || row.occurrenceCancelledAt) return 'cancelled';
    if (row.memberId !== null && row.rsvp === 'no') return 'skipped';
    const lateness = now.getTime() - row.dueAt.getTime();
    // A reminder for a meeting that is already over helps no one, whatever the grace window says.
    if (lateness > this.graceMs || now.getTime() >= row.endsAt.getTime()) return 'missed';
    return lateness > this.lateAfterMs ? 'late' : 'sent';
  }

  private render(row: DueReminderRow, late: boolean, reader: Reader): OutboundMessage {
    const speaker = speakerFor(this.translator, reader.language);
    const t = speaker.t;
    const lines: string[] = [];
    let buttons: OutboundMessage['buttons'];
    if (row.kind === 'reminder') {
      if (late) lines.push(t('reminder.late'));
      lines.push(
        row.offsetMinutes === 0
          ? t('reminder.now', { title: row.title })
          : t('reminder.ahead', { title: row.title, time: inner(offsetText(speaker, row.offsetMinutes)) }),
      );
      lines.push(...whenLines(speaker, row.startsAt, row.meetingZone, reader));
      lines.push(...venueLines(speaker, row));
      if (row.agenda) lines.push(t('meeting.agenda-line', { agenda: row.agenda }));
      lines.push(t('reminder.rsvp-hint', { id: row.meetingId }));
      buttons = [rsvpButtons(row.occurrenceId).map((b) => ({ label: t(b.labelKey), action: b.action, data: b.data }))];
      // At the start, those present say so: the minutes' attendance.
      if (row.offsetMinutes === 0) buttons.push([hereButton(row.occurrenceId, t('minutes.button-here'))]);
    } else if (row.kind === 'cancelOne') {
      lines.push(t('reminder.cancelled-one', { title: row.title, when: when(row.startsAt, reader) }));
    } else {
      lines.push(t('reminder.cancelled-series', { title: row.title }));
    }
    const message: OutboundMessage = { text: lines.join('\n') };
    if (buttons) message.buttons = buttons;
    return message;
  }

  /** One message to the chair (privately if possible, else in the meeting's group) per occurrence. */
  private missedSummary(rows: DueReminderRow[]): OutboxRow | null {
    const first = rows[0]!;
    const target =
      first.chairPlatform && first.chairPrivateChatId
        ? { platform: first.chairPlatform, chatId: first.chairPrivateChatId }
        : first.chatPlatform && first.chatExternalId && first.chatKind === 'group'
          ? { platform: first.chatPlatform, chatId: first.chatExternalId }
          : null;
    if (!target) return null;
    const reader: Reader = {
      language: pickLanguage(first.chairLanguage, first.communityLanguage),
      calendar: pickCalendar(first.chairCalendar, first.communityCalendar),
      timeZone: first.chairTimeZone ?? first.communityTimeZone,
    };
    const text = this.translator.t(reader.language, 'reminder.missed-summary', {
      count: rows.length,
      title: first.title,
      when: when(first.startsAt, reader),
      id: first.meetingId,
    });
    return { ...target, message: { text } };
  }
}

/** A private reminder reads in the member's settings, a group's in the community's. */
function readerOf(row: DueReminderRow): Reader {
  const personal = row.memberId !== null;
  return {
    language: pickLanguage(personal ? row.memberLanguage : null, row.communityLanguage),
    calendar: pickCalendar(personal ? row.memberCalendar : null, row.communityCalendar),
    timeZone: (personal ? row.memberTimeZone : null) ?? row.communityTimeZone,
  };
}

function pickLanguage(own: string | null, fallback: string) {
  if (isLanguage(own)) return own;
  return isLanguage(fallback) ? fallback : 'en';
}

function pickCalendar(own: string | null, fallback: string): Reader['calendar'] {
  const value = own ?? fallback;
  return value === 'persian' ? 'persian' : 'gregorian';
}
