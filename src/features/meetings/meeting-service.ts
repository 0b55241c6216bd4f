import { UserError } from '../../core/errors.ts';
import { parseDuration } from '../../i18n/when-parser.ts';
import type { CommitteeRepository } from '../community/committee-repository.ts';
import { ChangeSignal } from '../../core/change-signal.ts';
import { writeIcs } from './ics-writer.ts';
import {
  checkAgenda,
  checkDuration,
  checkTitle,
  parseOffsets,
  readMeetingWhen,
  recurrenceRule,
} from './meeting-input.ts';
import type { MeetingLine } from './meeting-line-parser.ts';
import type { MeetingRepository } from './meeting-repository.ts';
import type {
  Audience,
  ChairContext,
  MeetingChanges,
  MeetingRow,
  OccurrenceChanges,
  RsvpAnswer,
  ScheduledMeeting,
} from './meeting-types.ts';
import { readVenue } from './meeting-venue.ts';
import { horizonOccurrences, matchOccurrences, reminderPlan } from './meeting-planning.ts';
import {
  firstOccurrence,
  HORIZON_OCCURRENCES,
  horizonFrom,
  planOccurrences,
  type SeriesShape,
} from './occurrence-planner.ts';
import type { ReminderRepository } from './reminder-repository.ts';

/** A chair's edit or cancellation of a meeting, told once stored (calendar feeds tell their subscribers). */
export type MeetingChange =
  | { kind: 'edited'; meetingId: number; actorId: number }
  | { kind: 'cancelled'; meetingId: number; actorId: number; occurrenceIds: number[] }
  | { kind: 'occurrence-cancelled'; meetingId: number; actorId: number; occurrenceIds: number[]; startsAt: Date };

/** Rules of meetings: scheduling, editing, cancelling, answers, reminders' planning, calendar files. */
export class MeetingService {
  readonly changes = new ChangeSignal();
  private readonly changeListeners = new Set<(change: MeetingChange) => Promise<void>>();
  private readonly now: () => Date;

  constructor(
    private readonly meetings: MeetingRepository,
    private readonly reminders: ReminderRepository,
    /** The community feature's committees: a meeting's audience may be one. */
    private readonly committeeLookup: CommitteeRepository,
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
    const occurrences = horizonOccurrences({ ...shape, startsAt: first.startsAt }, now, first);
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
    const meeting = await this.meetings.create(row, occurrences, reminderPlan(offsets, targets, now));
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
      const wanted = horizonOccurrences({ ...shape, startsAt: first.startsAt }, now, first);
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
      reminderPlan(offsets, targets, now),
    );
    this.changes.emit();
    await this.tell({ kind: 'edited', meetingId: meeting.id, actorId: chair.memberId });
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
      await this.meetings.replanReminders(occurrences, reminderPlan(offsets, targets, now));
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
    const told = { meetingId: occurrence.meeting.id, actorId, occurrenceIds: [occurrence.id] };
    await this.tell(
      series
        ? { kind: 'cancelled', ...told }
        : { kind: 'occurrence-cancelled', ...told, startsAt: occurrence.startsAt },
    );
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
    await this.tell({ kind: 'cancelled', meetingId: meeting.id, actorId, occurrenceIds: future.map((o) => o.id) });
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
    return this.committeeLookup.list(communityId);
  }

  /** Hears every edit and cancellation once stored; a listener handles its own failures (the change stands). */
  onMeetingChange(listener: (change: MeetingChange) => Promise<void>): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private async tell(change: MeetingChange): Promise<void> {
    for (const listener of this.changeListeners) await listener(change);
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
      added += await this.meetings.extendSeries(meeting.id, wanted, reminderPlan(offsets, targets, now));
    }
    if (added > 0) this.changes.emit();
    return added;
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
      const committee = await this.committeeLookup.findByName(chair.communityId, choice.name.trim());
      if (!committee) throw new UserError('committee.unknown', { name: choice.name });
      return { kind: 'committee', committeeId: committee.id, committeeName: committee.name };
    }
    return { kind, committeeId: null, committeeName: null };
  }

  /** A committee chosen by id (the guided flow's buttons), checked against the community. */
  async committeeName(communityId: number, id: number): Promise<string> {
    const committee = await this.committeeLookup.findById(communityId, id);
    if (!committee) throw new UserError('error.stale-button');
    return committee.name;
  }
}
