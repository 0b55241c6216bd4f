import { UserError } from '../../core/errors.ts';
import type { OutboundMessage, TargetPerson } from '../../core/event.ts';
import type { OutboxRow } from '../../db/stores/outbox-rows.ts';
import type { CommunityView } from '../../core/ports.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { FormatOptions } from '../../i18n/date-format.ts';
import { decisionPrefix, decisionYear, formatDecisionNumber, NO_COMMITTEE } from './decision-number.ts';
import { buildMinutesDocument } from './minutes-document.ts';
import type { MinutesFacts } from './minutes-facts.ts';
import { loadMinutesFacts } from './minutes-facts-repository.ts';
import { renderMinutesHtml, renderMinutesMarkdown, renderMinutesText } from './minutes-renderer.ts';
import type { EntryKind, MinutesRepository, MinutesRow } from './minutes-repository.ts';
import { hasAllWords, minutesQueryWords } from './minutes-search.ts';
import { leadingOwners, type NamedMember, type OwnerReference } from './action-input.ts';

/** Minutes close by themselves this long after their occurrence ends (`--auto-close`). */
export const AUTO_CLOSE_AFTER_MS = 30 * 60_000;
/** `/here` counts from a little before the start until a while after the end. */
const HERE_BEFORE_MS = 15 * 60_000;
const HERE_AFTER_MS = 30 * 60_000;
export const MAX_ENTRY = 2000;

/** Who acts: their member id, and whether the community made them a chair (or admin). */
export interface Actor {
  memberId: number;
  chair: boolean;
}

export interface ChatKey {
  platform: string;
  chatId: string;
}

type Meeting = NonNullable<Awaited<ReturnType<MinutesRepository['findMeeting']>>>;

/** The minutes a chat records now, and of what. */
export interface Recording {
  meeting: Meeting;
  occurrence: { id: number; startsAt: Date; endsAt: Date };
  minutes: MinutesRow;
  /** Where it is recorded: an edit of closed minutes is posted there when the meeting has no group. */
  chat?: ChatKey;
}

/**
 * Rules of minutes: which minutes a chat records, who may record (the chair — the meeting's or any of
 * the community's — and the secretary the chair named), numbered decisions, closing and posting once,
 * versions of edits after closing, the decision register, and what the next meeting takes over.
 */
export class MinutesService {
  private readonly now: () => Date;

  constructor(
    private readonly repo: MinutesRepository,
    private readonly translator: Translator,
    options: { now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** A meeting of the community this member may see. */
  async meeting(communityId: number, meetingId: number, actor: Actor): Promise<Meeting> {
    const meeting = await this.repo.findMeeting(communityId, meetingId);
    if (!meeting || !(actor.chair || (await this.repo.isVisibleTo(meeting.id, actor.memberId)))) {
      throw new UserError('meeting.unknown', { id: meetingId });
    }
    return meeting;
  }

  mayRecord(actor: Actor, meeting: Meeting, secretaryId: number | null): boolean {
    return actor.chair || meeting.chairId === actor.memberId || secretaryId === actor.memberId;
  }

  /** The chair of the meeting or of the community: who names the secretary and turns auto-close on. */
  isChair(actor: Actor, meeting: Meeting): boolean {
    return actor.chair || meeting.chairId === actor.memberId;
  }

  /**
   * `/minutes ID`: the meeting's current (or next) occurrence and its minutes if they exist yet, and
   * whether this person may record them (the secretary of the meeting's last minutes counts for new
   * ones). Nothing is written: a refused or reading member makes no minutes.
   */
  async locate(communityId: number, meetingId: number, actor: Actor) {
    const meeting = await this.meeting(communityId, meetingId, actor);
    if (meeting.cancelledAt) throw new UserError('meeting.error.cancelled', { id: meeting.id });
    const occurrence = await this.repo.currentOccurrence(meeting.id, this.now());
    if (!occurrence) throw new UserError('minutes.error.no-occurrence', { id: meeting.id });
    const minutes = await this.repo.findMinutesOf(occurrence.id);
    const secretaryId = minutes ? minutes.secretaryId : await this.repo.inheritedSecretary(meeting.id);
    return { meeting, occurrence, minutes, mayRecord: this.mayRecord(actor, meeting, secretaryId) };
  }

  /** The minutes of a located occurrence, made if need be: for someone who may record them (or the chair). */
  async opened(located: Awaited<ReturnType<MinutesService['locate']>>): Promise<Recording> {
    const minutes = located.minutes ?? (await this.repo.ensureMinutes(located.occurrence.id, located.meeting.id));
    return { meeting: located.meeting, occurrence: located.occurrence, minutes };
  }

  /** From now on, this chat records these minutes. */
  async recordHere(communityId: number, actor: Actor, chat: ChatKey, recording: Recording): Promise<void> {
    if (!this.mayRecord(actor, recording.meeting, recording.minutes.secretaryId)) throw refusal(recording.meeting);
    await this.repo.recordHere(
      communityId,
      actor.memberId,
      `${chat.platform}:${chat.chatId}`,
      recording.occurrence.id,
      this.now(),
    );
  }

  /** The minutes this chat records now, checked for this person's right to record them before any is made. */
  async recording(community: CommunityView, chat: ChatKey, actor: Actor): Promise<Recording> {
    const occurrenceId = await this.repo.recordingIn(community.id, chat, this.now());
    const occurrence = occurrenceId === null ? null : await this.repo.findOccurrence(occurrenceId);
    if (!occurrence || occurrence.meeting.communityId !== community.id) {
      throw new UserError('minutes.error.not-recording');
    }
    const existing = await this.repo.findMinutesOf(occurrence.id);
    const secretaryId = existing ? existing.secretaryId : await this.repo.inheritedSecretary(occurrence.meeting.id);
    if (!this.mayRecord(actor, occurrence.meeting, secretaryId)) throw refusal(occurrence.meeting);
    const minutes = existing ?? (await this.repo.ensureMinutes(occurrence.id, occurrence.meeting.id));
    return { meeting: occurrence.meeting, occurrence, minutes, chat };
  }

  /**
   * `/note`, `/decision`, `/topic`: one entry, a decision with its number, in one transaction; after
   * closing, the same transaction keeps the old text as a version and posts the new one.
   */
  async record(
    community: CommunityView,
    recording: Recording,
    kind: Exclude<EntryKind, 'action'>,
    text: string,
    editorId: number,
  ) {
    const clean = checkEntry(text);
    const counter = kind === 'decision' ? await this.counterFor(community, recording) : undefined;
    const now = this.now();
    const compose = await this.reviser(recording);
    return this.repo.transaction(async (tx) => {
      const entry = await this.repo.addEntry(
        tx,
        { minutesId: recording.minutes.id, kind, text: clean, authorId: editorId },
        counter,
      );
      const version = await this.repo.revise(tx, recording.minutes.id, editorId, now, compose, loadMinutesFacts);
      return { ...entry, version };
    });
  }

  /**
   * The entry of an `/action`, without the revision of closed minutes: that follows once the action
   * exists (see record-action.ts, which removes the entry again if the action cannot be made).
   */
  async recordActionEntry(recording: Recording, text: string, editorId: number) {
    const clean = checkEntry(text);
    return this.repo.transaction((tx) =>
      this.repo.addEntry(tx, { minutesId: recording.minutes.id, kind: 'action', text: clean, authorId: editorId }),
    );
  }

  dropEntry(entryId: number): Promise<void> {
    return this.repo.deleteEntry(entryId);
  }

  /** After an action was made for closed minutes: the new version, posted. */
  async revised(recording: Recording, editorId: number): Promise<number | null> {
    const now = this.now();
    const compose = await this.reviser(recording);
    return this.repo.transaction((tx) =>
      this.repo.revise(tx, recording.minutes.id, editorId, now, compose, loadMinutesFacts),
    );
  }

  /** `/undo`: the last entry standing is removed (kept, marked); closed minutes get a new version. */
  async undo(recording: Recording, editorId: number) {
    const now = this.now();
    const compose = await this.reviser(recording);
    const result = await this.repo.transaction(async (tx) => {
      const removed = await this.repo.undoLast(tx, recording.minutes.id, now);
      if (!removed) return null;
      const version = await this.repo.revise(tx, recording.minutes.id, editorId, now, compose, loadMinutesFacts);
      return { removed, version };
    });
    if (!result) throw new UserError('minutes.error.nothing-to-undo');
    return result;
  }

  /** `/topic done`: the last topic is finished and will not come back on the next agenda. */
  async finishTopic(recording: Recording, editorId: number) {
    const now = this.now();
    const compose = await this.reviser(recording);
    const result = await this.repo.transaction(async (tx) => {
      const topic = await this.repo.finishLastTopic(tx, recording.minutes.id);
      if (!topic) return null;
      const version = await this.repo.revise(tx, recording.minutes.id, editorId, now, compose, loadMinutesFacts);
      return { topic, version };
    });
    if (!result) throw new UserError('minutes.error.no-topic');
    return result;
  }

  async setSecretary(communityId: number, recording: Recording, secretaryId: number, actor: Actor): Promise<void> {
    if (!this.isChair(actor, recording.meeting)) throw new UserError('minutes.error.chair-only');
    await this.repo.setSecretary(recording.minutes.id, secretaryId, communityId, actor.memberId);
  }

  async setAutoClose(communityId: number, meeting: Meeting, on: boolean, actor: Actor): Promise<void> {
    if (!this.isChair(actor, meeting)) throw new UserError('minutes.error.chair-only');
    await this.repo.setAutoClose(meeting.id, on, communityId, actor.memberId);
  }

  /** `--follows ID` names one of the community's meetings, not the meeting itself: checked before it is stored. */
  async checkFollows(communityId: number, follows: number | undefined, self?: number): Promise<void> {
    if (follows === undefined) return;
    const followed = await this.repo.findMeeting(communityId, follows);
    if (!followed || followed.id === self) throw new UserError('meeting.unknown', { id: follows });
  }

  /** `/meeting … --auto-close` and `--follows ID` (checked), once the meeting is stored. */
  async configureMeeting(
    communityId: number,
    meetingId: number,
    options: { autoClose?: boolean; follows?: number },
    actorId: number,
  ): Promise<void> {
    if (options.follows !== undefined) await this.repo.setFollows(meetingId, options.follows);
    if (options.autoClose !== undefined)
      await this.repo.setAutoClose(meetingId, options.autoClose, communityId, actorId);
  }

  /**
   * Closes the minutes once and hands their text and files to the outbox in the same transaction:
   * to the meeting's group, else to `fallback` (the chat where they were closed), else to the chair.
   * Null when they were closed already.
   */
  async close(recording: Recording, actor: Actor | null, fallback: ChatKey | null) {
    if (actor && !this.mayRecord(actor, recording.meeting, recording.minutes.secretaryId))
      throw refusal(recording.meeting);
    const target = await this.postTarget(recording.meeting.id, fallback);
    const closed = await this.repo.close(recording.minutes.id, this.now(), this.composer(target), loadMinutesFacts);
    return closed ? { ...closed, target } : null;
  }

  /** The job: minutes of `--auto-close` meetings whose occurrence ended half an hour ago. */
  async closeDue(): Promise<number> {
    let closed = 0;
    for (const { id } of await this.repo.dueToClose(new Date(this.now().getTime() - AUTO_CLOSE_AFTER_MS))) {
      const minutes = await this.repo.findMinutes(id);
      if (!minutes) continue;
      const occurrence = await this.repo.findOccurrence(minutes.occurrenceId);
      if (!occurrence) continue;
      const result = await this.close({ meeting: occurrence.meeting, occurrence, minutes }, null, null);
      if (result) closed++;
    }
    return closed;
  }

  /** The text so far, in the reader's language and calendar. */
  async textSoFar(minutesId: number, reader: FormatOptions): Promise<string> {
    const facts = await loadMinutesFacts(this.repo.db, minutesId);
    const doc = buildMinutesDocument(
      facts,
      (key, params) => this.translator.t(reader.language, key, params),
      (items) => this.translator.list(reader.language, items),
      reader,
    );
    return renderMinutesText(doc);
  }

  /**
   * `/here`: the member is present at the occurrence under way — of the meeting given, of the meetings
   * scheduled in this chat, or the one this chat records —, from a quarter of an hour before it starts
   * until half an hour after it ends.
   */
  async here(
    communityId: number,
    memberId: number,
    where: { chat: ChatKey } | { meetingId: number } | { occurrenceId: number },
  ) {
    const now = this.now();
    const startsBefore = new Date(now.getTime() + HERE_BEFORE_MS);
    const endsAfter = new Date(now.getTime() - HERE_AFTER_MS);
    let occurrenceId: number | null;
    if ('occurrenceId' in where) occurrenceId = where.occurrenceId;
    else if ('meetingId' in where) {
      occurrenceId = await this.repo.occurrenceAround(communityId, where, startsBefore, endsAfter);
    } else {
      occurrenceId =
        (await this.repo.occurrenceAround(communityId, where, startsBefore, endsAfter)) ??
        (await this.repo.recordingIn(communityId, where.chat, now));
    }
    const occurrence = occurrenceId === null ? null : await this.repo.findOccurrence(occurrenceId);
    // A button from a private reminder may be pressed while another community is the active one.
    const ours =
      occurrence !== null &&
      (occurrence.meeting.communityId === communityId ||
        ('occurrenceId' in where && (await this.repo.isCommunityMember(occurrence.meeting.communityId, memberId))));
    if (!occurrence || !ours) throw new UserError('minutes.error.no-meeting-now');
    if (occurrence.cancelledAt || occurrence.meeting.cancelledAt) {
      throw new UserError('meeting.error.cancelled', { id: occurrence.meeting.id });
    }
    if (occurrence.startsAt > startsBefore || occurrence.endsAt < endsAfter) {
      throw new UserError('minutes.error.no-meeting-now');
    }
    const minutes = await this.repo.ensureMinutes(occurrence.id, occurrence.meeting.id);
    if (minutes.closedAt) throw new UserError('minutes.error.closed-already', { id: occurrence.meeting.id });
    const added = await this.repo.markPresent(occurrence.id, memberId, now);
    return { meeting: occurrence.meeting, added };
  }

  /**
   * A person a command points at, as a member of the community: by the platform (a reply, a Discord
   * user option) or by the name the community knows them by (`secretary Sara Ahmadi`).
   */
  async memberFor(communityId: number, platform: string, person: TargetPerson): Promise<NamedMember> {
    if (person.userId) {
      return this.repo.memberForPlatformUser(communityId, platform, person.userId, person.displayName);
    }
    const { owners, rest } = leadingOwners(
      `@${person.displayName.replace(/^@/, '')}`,
      await this.membersOf(communityId),
    );
    const [owner] = owners;
    if (owners.length !== 1 || rest || !owner || owner.kind === 'platform') {
      throw new UserError('minutes.error.owner-unknown', { name: person.displayName });
    }
    if (owner.kind === 'ambiguous') {
      throw new UserError('minutes.error.name-ambiguous', {
        name: owner.typed,
        names: owner.candidates.map((c) => c.displayName).join(', '),
      });
    }
    return (await this.repo.findMember(owner.memberId))!;
  }

  membersOf(communityId: number): Promise<NamedMember[]> {
    return this.repo.membersOf(communityId);
  }

  /**
   * The owners an `/action` names: members as they are, platform mentions looked up (only people the
   * community knows); ambiguous names are left for the handler to ask about.
   */
  async ownersOf(
    communityId: number,
    platform: string,
    references: readonly OwnerReference[],
  ): Promise<{ ids: number[]; ambiguous: Array<Extract<OwnerReference, { kind: 'ambiguous' }>> }> {
    const ids: number[] = [];
    const ambiguous: Array<Extract<OwnerReference, { kind: 'ambiguous' }>> = [];
    for (const reference of references) {
      if (reference.kind === 'member') ids.push(reference.memberId);
      else if (reference.kind === 'ambiguous') ambiguous.push(reference);
      else {
        const member = await this.repo.findPlatformMember(communityId, platform, reference.userId);
        if (!member) throw new UserError('minutes.error.owner-unknown', { name: `<@${reference.userId}>` });
        ids.push(member.id);
      }
    }
    return { ids, ambiguous };
  }

  /** Names of members, for replies. */
  async namesOf(ids: readonly number[]): Promise<string[]> {
    const names: string[] = [];
    for (const id of ids) {
      const member = await this.repo.findMember(id);
      if (member) names.push(member.displayName);
    }
    return names;
  }

  /** `/decisions`: the register, newest first, of the decisions this member may see. */
  async decisions(
    communityId: number,
    viewer: { memberId: number; seeAll: boolean },
    options: { committeeId?: number; words?: string },
  ) {
    const rows = await this.repo.decisions(communityId, {
      memberId: viewer.memberId,
      seeAll: viewer.seeAll,
      ...(options.committeeId !== undefined ? { committeeId: options.committeeId } : {}),
    });
    const words = options.words ? minutesQueryWords(options.words) : [];
    if (options.words && words.length === 0) throw new UserError('search.error.no-words');
    return words.length === 0 ? rows : rows.filter((row) => hasAllWords(words, row.text, row.decisionNumber ?? ''));
  }

  /** A page of the closed minutes this member may see, the latest meeting first, and whether more follow. */
  async closedMinutes(
    communityId: number,
    viewer: { memberId: number; seeAll: boolean },
    page: { offset: number; take: number },
  ) {
    const rows = await this.repo.closedMinutes(communityId, viewer, page.offset, page.take);
    return { rows: rows.slice(0, page.take), more: rows.length > page.take };
  }

  /** Closed minutes with their text (Markdown, as posted); null when not closed, not here, or not for this member. */
  readMinutes(communityId: number, minutesId: number, viewer: { memberId: number; seeAll: boolean }) {
    return this.repo.findClosedMinutes(communityId, minutesId, viewer);
  }

  /** Decisions and notes of closed minutes with every word of the query: /search's second source. */
  async search(communityId: number, viewer: { memberId: number; seeAll: boolean }, query: string) {
    const words = minutesQueryWords(query);
    if (words.length === 0) return [];
    const rows = await this.repo.searchable(communityId, viewer.memberId, viewer.seeAll);
    return rows
      .filter((row) => hasAllWords(words, row.text, row.decisionNumber ?? ''))
      .map((row) => ({
        entryId: row.id,
        kind: row.kind as 'decision' | 'note',
        text: row.text,
        decisionNumber: row.decisionNumber,
        meetingId: row.minutes.occurrence.meeting.id,
        meetingTitle: row.minutes.occurrence.meeting.title,
        startsAt: row.minutes.occurrence.startsAt,
      }));
  }

  /** What the occurrence's agenda starts with: open actions and unfinished topics of the one before. */
  async carriedAgenda(occurrenceId: number) {
    const occurrence = await this.repo.findOccurrence(occurrenceId);
    if (!occurrence) return { actions: [], topics: [] };
    return this.repo.carriedOver(occurrence, occurrence.meeting);
  }

  /** The counter a decision of these minutes counts in, and how its number reads. */
  private async counterFor(community: CommunityView, recording: Recording) {
    const committee = recording.meeting.committee;
    const prefix = committee
      ? decisionPrefix(committee, await this.repo.committeesOf(community.id))
      : decisionPrefix(null, []);
    // A decision is dated by its meeting: one recorded the day after still counts in the meeting's year.
    const year = decisionYear(recording.occurrence.startsAt, community.calendar, community.timeZone);
    return {
      communityId: community.id,
      committeeId: committee?.id ?? NO_COMMITTEE,
      year,
      format: (n: number) => formatDecisionNumber(prefix, year, n),
    };
  }

  /** How an edit of closed minutes is composed: posted where closed minutes of this meeting go. */
  private async reviser(recording: Recording) {
    return this.composer(await this.postTarget(recording.meeting.id, recording.chat ?? null));
  }

  private async postTarget(meetingId: number, fallback: ChatKey | null): Promise<ChatKey | null> {
    const row = await this.repo.meetingChat(meetingId);
    const chat = row?.chat;
    if (chat && chat.kind === 'group' && chat.active && !chat.unreachableAt) {
      return { platform: chat.platform, chatId: chat.externalId };
    }
    if (fallback) return fallback;
    const identity = row?.chair?.identities[0];
    return identity?.privateChatId ? { platform: identity.platform, chatId: identity.privateChatId } : null;
  }

  /**
   * The text of the minutes in the community's language and calendar, and its posts: the message and
   * the Markdown and HTML files. An edit after closing posts where the first text went.
   */
  private composer(target: ChatKey | null) {
    return (facts: MinutesFacts): { body: string; posts: OutboxRow[] } => {
      const language = facts.community.language;
      const t = (key: string, params?: Record<string, unknown>) => this.translator.t(language, key, params);
      const doc = buildMinutesDocument(facts, t, (items) => this.translator.list(language, items));
      const body = renderMinutesMarkdown(doc);
      const text = renderMinutesText(doc);
      return { body, posts: target ? posts(target, text, body, renderMinutesHtml(doc), facts, t) : [] };
    };
  }
}

function posts(
  target: ChatKey,
  text: string,
  markdown: string,
  html: string,
  facts: MinutesFacts,
  t: (key: string, params?: Record<string, unknown>) => string,
): OutboxRow[] {
  const name = `minutes-${facts.meeting.id}-${facts.occurrence.startsAt.toISOString().slice(0, 10)}${
    facts.version > 1 ? `-v${facts.version}` : ''
  }`;
  const file = (extension: string, mimeType: string, content: string): OutboundMessage => ({
    text: t('minutes.file-caption', { title: facts.meeting.title, format: extension === 'md' ? 'Markdown' : 'HTML' }),
    file: { fileName: `${name}.${extension}`, mimeType, contentBase64: Buffer.from(content).toString('base64') },
  });
  return [
    { ...target, message: { text } },
    { ...target, message: file('md', 'text/markdown', markdown) },
    { ...target, message: file('html', 'text/html', html) },
  ];
}

function checkEntry(text: string): string {
  const clean = text.trim();
  if (!clean) throw new UserError('minutes.error.empty');
  if ([...clean].length > MAX_ENTRY) throw new UserError('error.too-long', { max: MAX_ENTRY });
  return clean;
}

function refusal(meeting: Meeting): UserError {
  return new UserError('minutes.error.not-secretary', { id: meeting.id, title: meeting.title });
}
