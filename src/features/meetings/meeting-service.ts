import { UserError, isUserError } from '../../core/errors.ts';
import { parseDuration } from '../../i18n/when-parser.ts';
import { readWhen } from '../when-input.ts';
import type { MeetingLine } from './meeting-line-parser.ts';
import { splitTrailingDuration } from './meeting-line-parser.ts';
import { readVenue } from './meeting-venue.ts';
import type { Reader } from './meeting-text.ts';
import {
  firstOccurrence,
  HORIZON_OCCURRENCES,
  horizonFrom,
  planOccurrences,
  wallClockOf,
  type PlannedOccurrence,
  type SeriesShape,
} from './occurrence-planner.ts';
import { checkRule, ruleFor } from './recurrence.ts';
import { planReminders } from './reminder-planner.ts';
import type {
  Audience,
  MeetingChanges,
  MeetingRepository,
  MeetingRow,
  OccurrenceChanges,
  ReminderPlan,
  RsvpAnswer,
} from './meeting-repository.ts';
import type { ReminderRepository } from './reminder-repository.ts';
import { writeIcs } from './ics-writer.ts';

export const MAX_TITLE = 200;
export const MAX_AGENDA = 1500;
export const DEFAULT_DURATION_MINUTES = 60;
const MAX_DURATION_MINUTES = 24 * 60;
const MAX_OFFSETS = 6;
const MAX_OFFSET_MINUTES = 30 * 24 * 60;

/** Who schedules, where, and in which settings (the meeting's zone is theirs). */
export interface ChairContext {
  communityId: number;
  memberId: number;
  chat: { platform: string; chatId: string; kind: 'private' | 'group' };
  /** Whether the chat is one of the community's groups. */
  chatBound: boolean;
  reader: Reader;
}

export interface ScheduledMeeting {
  meeting: MeetingRow;
  /** Occurrences stored ahead. */
  occurrences: number;
  /** Chats or members that get its reminders. */
  targets: number;
  offsets: number[];
  committeeName: string | null;
}

/** Tells whoever listens (the reminder dispatcher) that reminders were planned or changed. */
export class ChangeSignal {
  private readonly listeners = new Set<() => void>();

  on(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Rules of meetings: scheduling, editing, cancelling, answers, reminders' planning, calendar files. */
export class MeetingService {
  readonly changes = new ChangeSignal();
  private readonly now: () => Date;

  constructor(
    private readonly meetings: MeetingRepository,
    private readonly reminders: ReminderRepository,
    options: { now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async schedule(line: MeetingLine, chair: ChairContext): Promise<ScheduledMeeting> {
    const now = this.now();
    const title = checkTitle(line.title);
    const { link, place } = readVenue(line.link);
    const agenda = checkAgenda(line.agenda);
    const { start, durationMinutes } = readMeetingWhen(line.when, line.duration, chair.reader, now);
    const timeZone = chair.reader.timeZone;
    const rrule = recurrenceRule(line.recurrence, start, timeZone);
    const audience = await this.resolveAudience(line.audience, chair);
    const shape: SeriesShape = { startsAt: start, timeZone, durationMinutes, rrule };
    const first = firstOccurrence(shape, start);
    if (!first) throw new UserError('meeting.error.recurrence-empty', { rule: rrule ?? '' });
    const occurrences = this.horizonOccurrences({ ...shape, startsAt: first.startsAt }, now, first);
    const chat = await this.meetings.findChatId(chair.chat.platform, chair.chat.chatId);
    const row = {
      communityId: chair.communityId,
      chairId: chair.memberId,
      title,
      link,
      place,
      agenda,
      timeZone,
      startsAt: first.startsAt,
      durationMinutes,
      rrule,
      audience: audience.kind,
      chatId: chat?.id ?? null,
      committeeId: audience.committeeId,
    };
    const offsets = await this.meetings.reminderOffsets(chair.communityId);
    const targets = await this.meetings.findTargets(row);
    const meeting = await this.meetings.create(row, occurrences, this.planFor(offsets, targets, now));
    this.changes.emit();
    return {
      meeting,
      occurrences: occurrences.length,
      targets: targets.length,
      offsets,
      committeeName: audience.committeeName,
    };
  }

  /**
   * `/meeting edit ID …`: empty parts keep what was there. A new time or recurrence changes the future
   * occurrences (a moved occurrence keeps its answers); every pending reminder is planned again.
   */
  async edit(meetingId: number, line: MeetingLine, chair: ChairContext): Promise<ScheduledMeeting> {
    const now = this.now();
    const meeting = await this.findOpenMeeting(chair.communityId, meetingId);
    const changes: MeetingChanges = {};
    if (line.title) changes.title = checkTitle(line.title);
    if (line.link) Object.assign(changes, readVenue(line.link));
    if (line.agenda) changes.agenda = checkAgenda(line.agenda);
    let startsAt = meeting.startsAt;
    let durationMinutes = meeting.durationMinutes;
    if (line.when) {
      ({ start: startsAt, durationMinutes } = readMeetingWhen(line.when, line.duration, chair.reader, now));
    } else if (line.duration) {
      durationMinutes = checkDuration(parseDuration(line.duration), line.duration);
    }
    let rrule = meeting.rrule;
    if (line.recurrence) rrule = recurrenceRule(line.recurrence, startsAt, meeting.timeZone);
    else if (line.when && rrule) rrule = recurrenceRule({ kind: 'rrule', rule: rrule }, startsAt, meeting.timeZone);
    let committeeName: string | null = null;
    if (line.audience) {
      const audience = await this.resolveAudience(line.audience, chair);
      changes.audience = audience.kind;
      changes.committeeId = audience.committeeId;
      committeeName = audience.committeeName;
      if (audience.kind === 'chat') {
        changes.chatId = (await this.meetings.findChatId(chair.chat.platform, chair.chat.chatId))?.id ?? null;
      }
    }

    const timingChanged =
      startsAt.getTime() !== meeting.startsAt.getTime() ||
      durationMinutes !== meeting.durationMinutes ||
      rrule !== meeting.rrule;
    const occurrenceChanges: OccurrenceChanges = { cancelIds: [], keep: [], add: [] };
    let planned = 0;
    if (timingChanged) {
      const shape: SeriesShape = { startsAt, timeZone: meeting.timeZone, durationMinutes, rrule };
      // A series that already began changes from now on; a single meeting must move to the future.
      const first = firstOccurrence(shape, rrule ? new Date(Math.max(startsAt.getTime(), now.getTime())) : startsAt);
      if (!first) throw new UserError('meeting.error.recurrence-empty', { rule: rrule ?? '' });
      if (!rrule && first.startsAt.getTime() <= now.getTime()) throw new UserError('meeting.error.past');
      const wanted = this.horizonOccurrences({ ...shape, startsAt: first.startsAt }, now, first);
      const existing = await this.meetings.futureOccurrences(meeting.id, now);
      Object.assign(occurrenceChanges, matchOccurrences(existing, wanted));
      planned = wanted.length;
      changes.startsAt = first.startsAt;
      changes.durationMinutes = durationMinutes;
      changes.rrule = rrule;
    }
    const offsets = await this.meetings.reminderOffsets(chair.communityId);
    const updated = { ...meeting, ...changes };
    const targets = await this.meetings.findTargets(updated);
    const stored = await this.meetings.applyEdit(
      meeting.id,
      changes,
      occurrenceChanges,
      now,
      chair.memberId,
      this.planFor(offsets, targets, now),
    );
    this.changes.emit();
    return {
      meeting: stored,
      occurrences: planned || (await this.meetings.futureOccurrences(meeting.id, now)).length,
      targets: targets.length,
      offsets,
      committeeName,
    };
  }

  /** `/meeting offsets 1d 1h 0`: the community's offsets, and every pending reminder planned again. */
  async setOffsets(communityId: number, text: string, actorId: number): Promise<number[]> {
    const offsets = parseOffsets(text);
    const now = this.now();
    await this.meetings.setReminderOffsets(communityId, offsets, actorId);
    await this.replan(await this.meetings.communityFutureOccurrences(communityId, now), offsets, now);
    return offsets;
  }

  /**
   * Someone joined or left a committee: the private reminders of its upcoming meetings are planned
   * again, so that a late joiner is reminded too and someone who left is not.
   */
  async committeeChanged(communityId: number, committeeId: number): Promise<void> {
    const now = this.now();
    const future = await this.meetings.communityFutureOccurrences(communityId, now);
    const ofCommittee = future.filter(
      (o) => o.meeting.audience === 'committee' && o.meeting.committeeId === committeeId,
    );
    if (ofCommittee.length === 0) return;
    await this.replan(ofCommittee, await this.meetings.reminderOffsets(communityId), now);
  }

  /** Pending reminders of these occurrences planned again for each meeting's current audience. */
  private async replan(
    future: ReadonlyArray<{ id: number; startsAt: Date; meeting: MeetingRow }>,
    offsets: number[],
    now: Date,
  ): Promise<void> {
    const byMeeting = new Map<number, { meeting: MeetingRow; occurrences: Array<{ id: number; startsAt: Date }> }>();
    for (const o of future) {
      const entry = byMeeting.get(o.meeting.id) ?? { meeting: o.meeting, occurrences: [] };
      entry.occurrences.push({ id: o.id, startsAt: o.startsAt });
      byMeeting.set(o.meeting.id, entry);
    }
    for (const { meeting, occurrences } of byMeeting.values()) {
      const targets = await this.meetings.findTargets(meeting);
      await this.meetings.replanReminders(occurrences, this.planFor(offsets, targets, now));
    }
    this.changes.emit();
  }

  async offsets(communityId: number): Promise<number[]> {
    return this.meetings.reminderOffsets(communityId);
  }

  /** A meeting of this community that a chair may still cancel, and its next occurrences to choose from. */
  async cancelChoices(communityId: number, meetingId: number) {
    const meeting = await this.findOpenMeeting(communityId, meetingId);
    const next = await this.meetings.futureOccurrences(meeting.id, this.now(), 3);
    if (next.length === 0) throw new UserError('meeting.error.over', { id: meeting.id });
    return { meeting, next };
  }

  /** Cancels one occurrence (a single meeting: the meeting itself). */
  async cancelOccurrence(communityId: number, occurrenceId: number, actorId: number) {
    const now = this.now();
    const occurrence = await this.meetings.findOccurrence(occurrenceId);
    if (!occurrence || occurrence.meeting.communityId !== communityId) throw new UserError('error.stale-button');
    if (occurrence.cancelledAt || occurrence.meeting.cancelledAt) {
      throw new UserError('meeting.error.cancelled', { id: occurrence.meeting.id });
    }
    if (occurrence.startsAt.getTime() <= now.getTime())
      throw new UserError('meeting.error.over', { id: occurrence.meeting.id });
    const series = !occurrence.meeting.rrule;
    const { notified } = await this.meetings.cancel(occurrence.meeting.id, [occurrence.id], {
      series,
      now,
      actorId,
      communityId,
    });
    this.changes.emit();
    return { meeting: occurrence.meeting, startsAt: occurrence.startsAt, series, notified };
  }

  /** Cancels the meeting and every occurrence still to come. */
  async cancelSeries(communityId: number, meetingId: number, actorId: number) {
    const now = this.now();
    const meeting = await this.findOpenMeeting(communityId, meetingId);
    const future = await this.meetings.futureOccurrences(meeting.id, now);
    const { notified } = await this.meetings.cancel(
      meeting.id,
      future.map((o) => o.id),
      { series: true, now, actorId, communityId },
    );
    this.changes.emit();
    return { meeting, notified };
  }

  /**
   * A member's answer, from a button. The occurrence must belong to the community of the chat the
   * button was pressed in, or, in a private chat, to one of the member's communities.
   */
  async answer(
    occurrenceId: number,
    memberId: number,
    answer: RsvpAnswer,
    chatCommunityId: number | null,
    /** The community the presser chairs in this chat, if any: its chairs see all its meetings. */
    chairOf: number | null = null,
  ) {
    const now = this.now();
    const occurrence = await this.meetings.findOccurrence(occurrenceId);
    if (!occurrence) throw new UserError('error.stale-button');
    const communityId = occurrence.meeting.communityId;
    const allowed =
      chatCommunityId !== null
        ? chatCommunityId === communityId
        : await this.meetings.isCommunityMember(communityId, memberId);
    if (!allowed) throw new UserError('error.stale-button');
    if (!(await this.maySee(occurrence.meeting, memberId, chairOf === communityId))) {
      throw new UserError('error.stale-button');
    }
    if (occurrence.cancelledAt || occurrence.meeting.cancelledAt) {
      throw new UserError('meeting.error.cancelled', { id: occurrence.meeting.id });
    }
    if (occurrence.endsAt.getTime() <= now.getTime())
      throw new UserError('meeting.error.over', { id: occurrence.meeting.id });
    await this.reminders.answer(occurrence.id, memberId, answer, now);
    return { meeting: occurrence.meeting, startsAt: occurrence.startsAt };
  }

  /**
   * The next occurrence of each meeting to come that this member may see (a weekly series is one entry,
   * not ten); chairs see every meeting and every answer.
   */
  async upcoming(communityId: number, memberId: number, seeAll: boolean, take = 10) {
    return (await this.upcomingPage(communityId, memberId, seeAll, { offset: 0, take })).rows;
  }

  /** A page of `upcoming` (/meetings), and whether another follows. */
  async upcomingPage(communityId: number, memberId: number, seeAll: boolean, page: { offset: number; take: number }) {
    // One more than the page tells whether another page follows.
    const wanted = page.offset + page.take + 1;
    const rows = await this.meetings.upcoming(communityId, memberId, seeAll, this.now(), wanted * HORIZON_OCCURRENCES);
    const seen = new Set<number>();
    const firsts = rows.filter((row) => !seen.has(row.meeting.id) && seen.add(row.meeting.id));
    return {
      rows: firsts.slice(page.offset, page.offset + page.take),
      more: firsts.length > page.offset + page.take,
    };
  }

  /** The meeting as an RFC 5545 file; a cancelled one as its cancellation, which takes it out of calendars. */
  async calendarFile(
    communityId: number,
    meetingId: number,
    viewer: { memberId: number; seeAll: boolean },
  ): Promise<{ meeting: MeetingRow; ics: string }> {
    const meeting = await this.meetings.findMeeting(communityId, meetingId);
    if (!meeting) throw new UserError('meeting.unknown', { id: meetingId });
    // A committee's meeting is as unknown to others here as in /meetings.
    if (!(await this.maySee(meeting, viewer.memberId, viewer.seeAll))) {
      throw new UserError('meeting.unknown', { id: meetingId });
    }
    const excluded = meeting.rrule ? (await this.meetings.cancelledOccurrences(meeting.id)).map((o) => o.startsAt) : [];
    const installationUid = await this.meetings.installationUid();
    const ics = writeIcs({ ...meeting, excluded, installationUid, stamp: this.now() });
    return { meeting, ics };
  }

  async committees(communityId: number) {
    return this.meetings.listCommittees(communityId);
  }

  /**
   * Stores the next occurrences of every running series up to the horizon, with their reminders:
   * the horizon job, also run at start.
   */
  async extendSeries(): Promise<number> {
    const now = this.now();
    let added = 0;
    for (const meeting of await this.meetings.activeSeries()) {
      const wanted = planOccurrences(meeting, horizonFrom(now));
      if (wanted.length === 0) continue;
      const offsets = await this.meetings.reminderOffsets(meeting.communityId);
      const targets = await this.meetings.findTargets(meeting);
      added += await this.meetings.extendSeries(meeting.id, wanted, this.planFor(offsets, targets, now));
    }
    if (added > 0) this.changes.emit();
    return added;
  }

  /** The planner for a set of occurrences: the community's offsets, the audience's targets, the clock. */
  private planFor(
    offsets: number[],
    targets: Awaited<ReturnType<MeetingRepository['findTargets']>>,
    now: Date,
  ): ReminderPlan {
    return (occurrences, declined) =>
      occurrences.flatMap((o) =>
        planReminders(o, offsets, targets, { now, declined: declined.get(o.id) ?? new Set() }),
      );
  }

  /** The stored horizon, and at least the first occurrence even when it lies beyond it. */
  private horizonOccurrences(shape: SeriesShape, now: Date, first: PlannedOccurrence): PlannedOccurrence[] {
    const planned = planOccurrences(shape, horizonFrom(now));
    return planned.length > 0 ? planned : [first];
  }

  /** The rule of /meetings (`visibleTo`): chairs see all, others not another committee's meetings. */
  private async maySee(meeting: MeetingRow, memberId: number, seeAll: boolean): Promise<boolean> {
    return seeAll || this.meetings.isVisibleTo(meeting.id, memberId);
  }

  private async findOpenMeeting(communityId: number, meetingId: number): Promise<MeetingRow> {
    const meeting = await this.meetings.findMeeting(communityId, meetingId);
    if (!meeting) throw new UserError('meeting.unknown', { id: meetingId });
    if (meeting.cancelledAt) throw new UserError('meeting.error.cancelled', { id: meeting.id });
    return meeting;
  }

  private async resolveAudience(
    choice: MeetingLine['audience'],
    chair: ChairContext,
  ): Promise<{ kind: Audience; committeeId: number | null; committeeName: string | null }> {
    const inGroup = chair.chat.kind === 'group' && chair.chatBound;
    const kind = choice?.kind ?? (inGroup ? 'chat' : 'community');
    if (kind === 'chat' && !inGroup) throw new UserError('meeting.error.chat-audience');
    if (choice?.kind === 'committee') {
      const committee = await this.meetings.findCommitteeByName(chair.communityId, choice.name);
      if (!committee) throw new UserError('committee.unknown', { name: choice.name });
      return { kind: 'committee', committeeId: committee.id, committeeName: committee.name };
    }
    return { kind, committeeId: null, committeeName: null };
  }

  /** A committee chosen by id (the guided flow's buttons), checked against the community. */
  async committeeName(communityId: number, id: number): Promise<string> {
    const committee = await this.meetings.findCommittee(communityId, id);
    if (!committee) throw new UserError('error.stale-button');
    return committee.name;
  }
}

/**
 * WHEN with its length: a range (`10:00-11:30`), a duration at its end (`… 90m`) or as an option, else
 * an hour. A meeting needs a time of day, and must be in the future.
 */
export function readMeetingWhen(
  text: string,
  durationText: string | undefined,
  reader: Reader,
  now: Date,
): { start: Date; durationMinutes: number } {
  let durationMs: number | null = null;
  if (durationText !== undefined) {
    durationMs = parseDuration(durationText);
    if (durationMs === null) throw new UserError('meeting.error.duration', { value: durationText });
  }
  const split = splitTrailingDuration(text);
  let fromSplit: ReturnType<typeof readWhen> | undefined;
  let splitError: unknown;
  if (split.durationMs !== undefined) {
    try {
      fromSplit = readWhen(split.when, reader, { future: true, now });
    } catch (error) {
      if (!isUserError(error)) throw error;
      splitError = error;
    }
  }
  let parsed: ReturnType<typeof readWhen>;
  if (fromSplit?.hasTime) {
    parsed = fromSplit;
    durationMs ??= split.durationMs!;
  } else {
    // `в 10 часов` ends with what reads as a duration but is the time of day: the whole text decides.
    try {
      parsed = readWhen(text, reader, { future: true, now });
    } catch (error) {
      const specific =
        isUserError(splitError) && !['date.error.unrecognized', 'date.error.empty'].includes(splitError.key);
      throw specific ? splitError : error;
    }
  }
  if (!parsed.hasTime) throw new UserError('meeting.error.time-missing', { input: text.trim() });
  if (parsed.end) durationMs = parsed.end.getTime() - parsed.start.getTime();
  const durationMinutes =
    durationMs === null ? DEFAULT_DURATION_MINUTES : checkDuration(durationMs, durationText ?? text.trim());
  return { start: parsed.start, durationMinutes };
}

function checkDuration(ms: number | null, typed: string): number {
  const minutes = ms === null ? NaN : Math.round(ms / 60_000);
  if (!(minutes >= 1 && minutes <= MAX_DURATION_MINUTES))
    throw new UserError('meeting.error.duration', { value: typed });
  return minutes;
}

function checkTitle(text: string): string {
  const title = text.trim().replace(/\s+/g, ' ');
  if (!title) throw new UserError('meeting.error.title-missing');
  if (title.length > MAX_TITLE) throw new UserError('error.too-long', { max: MAX_TITLE });
  return title;
}

function checkAgenda(text: string | undefined): string | null {
  const agenda = text?.trim() ?? '';
  if (agenda.length > MAX_AGENDA) throw new UserError('error.too-long', { max: MAX_AGENDA });
  return agenda || null;
}

/** The checked RRULE for a recurrence choice, or null for a single meeting. */
function recurrenceRule(spec: MeetingLine['recurrence'], start: Date, timeZone: string): string | null {
  if (!spec || spec.kind === 'none') return null;
  const typed = spec.kind === 'rrule' ? spec.rule : ruleFor(spec, wallClockOf(start, timeZone));
  const checked = checkRule(typed);
  if (checked.ok) return checked.rule;
  throw new UserError(`meeting.error.recurrence-${checked.reason}`, { rule: typed });
}

/** `1d 1h 0`, `2h 15m`, `۱ روز ۰`: minutes before the start, largest first. */
export function parseOffsets(text: string): number[] {
  const tokens = text
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean);
  if (tokens.length === 0 || tokens.length > MAX_OFFSETS) throw new UserError('meeting.offsets-usage');
  const minutes = tokens.map((token) => {
    if (/^[0۰٠]$/.test(token)) return 0;
    const ms = parseDuration(token);
    const value = ms === null ? NaN : ms / 60_000;
    if (!Number.isInteger(value) || value < 0 || value > MAX_OFFSET_MINUTES) {
      throw new UserError('meeting.offsets-invalid', { value: token });
    }
    return value;
  });
  return [...new Set(minutes)].sort((a, b) => b - a);
}

/**
 * Stored future occurrences against the wanted ones: same start → kept (its end may move); gone →
 * cancelled; new → added, inheriting in order the answers of the ones that moved away.
 */
export function matchOccurrences(
  existing: ReadonlyArray<{ id: number; startsAt: Date; endsAt: Date }>,
  wanted: readonly PlannedOccurrence[],
): OccurrenceChanges {
  const wantedAt = new Map(wanted.map((o) => [o.startsAt.getTime(), o]));
  const existingAt = new Set(existing.map((o) => o.startsAt.getTime()));
  const gone = existing.filter((o) => !wantedAt.has(o.startsAt.getTime()));
  const keep = existing
    .filter((o) => wantedAt.has(o.startsAt.getTime()))
    .map((o) => ({ id: o.id, endsAt: wantedAt.get(o.startsAt.getTime())!.endsAt }));
  const add = wanted
    .filter((o) => !existingAt.has(o.startsAt.getTime()))
    .map((o, i) => ({ ...o, answersFrom: gone[i]?.id ?? null }));
  return { cancelIds: gone.map((o) => o.id), keep, add };
}
