import { UserError } from '../../core/errors.ts';
import { ChangeSignal } from '../../core/change-signal.ts';
import type { DbTransaction } from '../../db/prisma-client.ts';
import { insertOutboxRows, type OutboxRow } from '../../db/stores/outbox-rows.ts';
import type { Translator } from '../../i18n/translator.ts';
import { inner, speakerFor } from '../meetings/meeting-text.ts';
import type {
  ActionRepository,
  ListedAction,
  LockedAction,
  OwnedAction,
  OwnerRow,
  OwnerState,
  PrivateReader,
} from './action-repository.ts';
import { initialChases } from './action-schedule.ts';
import { openOwnerNames, readerFrom } from './action-text.ts';

/** What `/action` (minutes) gives to make an action item. */
export interface NewActionInput {
  communityId: number;
  meetingId: number | null;
  /** The minutes entry that recorded it; null when made elsewhere. */
  entryId: number | null;
  text: string;
  /**
   * When it is due: a day without a time is due at its end, the start of the next day in the
   * community's zone (see `dueAtFromInput`); null: no due date (only the first message is sent).
   */
  dueAt: Date | null;
  ownerIds: number[];
  createdById: number | null;
}

/** What an owner's answer did. */
export interface AnswerResult {
  action: LockedAction;
  /** False when the owner had already given this answer (a second press). */
  changed: boolean;
  /** Every owner who has not declined is done: the action itself is done now. */
  complete: boolean;
  /** The chair was told, through the outbox, in the same transaction. */
  chairTold: boolean;
}

export const MAX_ACTION_TEXT = 1000;
export const MAX_DECLINE_REASON = 1000;
/** More open actions than any list shows; `/actions all` says how many it left out. */
const ALL_LIMIT = 1000;

/**
 * Action items: made with their owners and chasing in one transaction, answered by their owners
 * (accept, done, can't do) with the chair told in the transaction that records the answer, and listed.
 * The chasing itself is the ActionChaser's (action-chaser.ts), woken through `changes`.
 */
export class ActionService {
  /** Emitted when chasing rows were planned: the chaser hands the due ones over at once. */
  readonly changes = new ChangeSignal();

  constructor(
    private readonly repo: ActionRepository,
    private readonly translator: Translator,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Writes the action and its owners and plans every owner's chasing in one transaction: `assigned`
   * now (the private message with Accept / Done / Can't do), `due-3` and `due` at 09:00 in the owner's
   * zone (or the community's) while still ahead; overdue reminders follow one at a time.
   */
  async create(input: NewActionInput): Promise<{ id: number }> {
    const text = input.text.trim();
    if (!text) throw new UserError('actions.error.text-empty');
    if ([...text].length > MAX_ACTION_TEXT) throw new UserError('error.too-long', { max: MAX_ACTION_TEXT });
    const ownerIds = [...new Set(input.ownerIds)];
    if (ownerIds.length === 0) throw new UserError('actions.error.no-owner');
    const existing = await this.repo.existingMembers(ownerIds);
    if (existing.length !== ownerIds.length) throw new UserError('actions.error.no-owner');
    const now = this.now();
    const created = await this.repo.create({ ...input, text, ownerIds }, (timeZone) =>
      initialChases(input.dueAt, timeZone, now),
    );
    this.changes.emit();
    return created;
  }

  /** The owner takes it on. */
  accept(actionId: number, memberId: number): Promise<AnswerResult> {
    return this.answer(actionId, memberId, 'accepted', null);
  }

  /** The owner has done their part: when every owner has, the action is done; the chair is told. */
  done(actionId: number, memberId: number): Promise<AnswerResult> {
    return this.answer(actionId, memberId, 'done', null);
  }

  /** The owner cannot do it, and says why: the chair is told, with the reason. */
  decline(actionId: number, memberId: number, reason: string): Promise<AnswerResult> {
    const text = reason.trim();
    if (!text) throw new UserError('actions.error.reason-empty');
    if ([...text].length > MAX_DECLINE_REASON) throw new UserError('error.too-long', { max: MAX_DECLINE_REASON });
    return this.answer(actionId, memberId, 'declined', text);
  }

  /** An action the member owns and may still answer (before "Can't do" asks for the reason). */
  async ownOpenAction(actionId: number, memberId: number): Promise<{ action: LockedAction; state: OwnerState }> {
    return this.repo.transaction(async (tx) => {
      const { action, me } = await this.lockOwned(tx, actionId, memberId);
      if (action.status !== 'open') throw new UserError('actions.error.closed', { id: actionId });
      return { action, state: me.state };
    });
  }

  /** The member's open actions (in one community, or everywhere they own one), the earliest due first. */
  mine(memberId: number, communityId: number | null = null): Promise<OwnedAction[]> {
    return this.repo.openOwnedBy(memberId, communityId);
  }

  /** A community's open actions (of one committee's meetings), the overdue first. */
  all(communityId: number, committeeId: number | null = null): Promise<ListedAction[]> {
    return this.repo.openIn(communityId, committeeId, ALL_LIMIT);
  }

  /** Withdraws an open action (its minutes entry undone): nothing more is sent about it. */
  async cancel(actionId: number): Promise<boolean> {
    const now = this.now();
    return this.repo.transaction(async (tx) => {
      const action = await this.repo.lockAction(tx, actionId);
      if (!action || action.status !== 'open') return false;
      await this.repo.setStatus(tx, actionId, 'cancelled', now);
      return true;
    });
  }

  private async answer(
    actionId: number,
    memberId: number,
    state: Exclude<OwnerState, 'pending'>,
    reason: string | null,
  ): Promise<AnswerResult> {
    const now = this.now();
    // The chair's notice is written with the answer; the outbox's next pass (within half a second) sends it.
    return this.repo.transaction(async (tx) => {
      const { action, owners, me } = await this.lockOwned(tx, actionId, memberId);
      if (me.state === state) return { action, changed: false, complete: false, chairTold: false };
      if (action.status !== 'open') throw new UserError('actions.error.closed', { id: actionId });
      await this.repo.setOwnerState(tx, actionId, memberId, state, reason, now);
      const after = owners.map((o) => (o.memberId === memberId ? { ...o, state, reason } : o));
      // Done when every owner who has not declined is done: a declined owner leaves it to the others.
      const complete =
        after.some((o) => o.state === 'done') && after.every((o) => o.state === 'done' || o.state === 'declined');
      if (complete) await this.repo.setStatus(tx, actionId, 'done', now);
      const chairTold = state === 'accepted' ? false : await this.tellChair(tx, action, me, after, complete, reason);
      return { action, changed: true, complete, chairTold };
    });
  }

  private async lockOwned(
    tx: DbTransaction,
    actionId: number,
    memberId: number,
  ): Promise<{ action: LockedAction; owners: OwnerRow[]; me: OwnerRow }> {
    const action = await this.repo.lockAction(tx, actionId);
    if (!action) throw new UserError('actions.error.unknown', { id: actionId });
    const owners = await this.repo.owners(tx, actionId);
    const me = owners.find((o) => o.memberId === memberId);
    if (!me) throw new UserError('actions.error.not-owner', { id: actionId });
    return { action, owners, me };
  }

  /** The chair hears of a done or a "can't do" privately, through the outbox, in this transaction. */
  private async tellChair(
    tx: DbTransaction,
    action: LockedAction,
    owner: OwnerRow,
    owners: OwnerRow[],
    complete: boolean,
    reason: string | null,
  ): Promise<boolean> {
    if (action.chairId === null || action.chairId === owner.memberId) return false;
    const [chair] = await this.repo.privateReaders(tx, action.communityId, [action.chairId]);
    if (!chair) return false;
    await insertOutboxRows(tx, [this.notice(chair, action, owner, owners, complete, reason)]);
    return true;
  }

  private notice(
    chair: PrivateReader,
    action: LockedAction,
    owner: OwnerRow,
    owners: OwnerRow[],
    complete: boolean,
    reason: string | null,
  ): OutboxRow {
    const reader = readerFrom(chair.language, chair.calendar, chair.timeZone);
    const s = speakerFor(this.translator, reader.language);
    const common = { owner: owner.displayName, id: action.id, text: action.text };
    const lines =
      reason !== null
        ? [s.t('actions.notice.declined', { ...common, reason })]
        : [
            s.t('actions.notice.done', common),
            complete
              ? s.t('actions.notice.complete')
              : s.t('actions.notice.still-open', { names: inner(s.list(openOwnerNames(owners))) }),
          ];
    if (action.meetingId !== null) {
      lines.push(s.t('actions.item.meeting', { id: action.meetingId, title: action.meetingTitle ?? '' }));
    }
    return { platform: chair.platform, chatId: chair.chatId, message: { text: lines.join('\n') } };
  }
}
