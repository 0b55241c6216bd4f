/**
 * What action items say to one reader: the owner's chasing messages with their buttons, the chair's
 * notices and weekly digest, and the lines of `/actions`. Pure functions of a speaker (messages in the
 * reader's language) and the reader's calendar and zone, so that the chaser renders them inside its
 * transaction and handlers render them the same way.
 */
import type { ButtonSpec } from '../../core/context.ts';
import type { Button, OutboundMessage } from '../../core/event.ts';
import { formatDate, formatDateTime } from '../../i18n/date-format.ts';
import { isLanguage } from '../../i18n/languages.ts';
import { Rendered } from '../../i18n/translator.ts';
import { dayIn, startOfDay } from '../rounds/round-period.ts';
import { inner, type Reader, type Speaker } from '../meetings/meeting-text.ts';
import type { OwnerRow, OwnerState } from './action-repository.ts';
import { ASSIGNED_STAGE, DUE_SOON_STAGE, DUE_STAGE, daysOverdue } from './action-schedule.ts';

export const ACCEPT_ACTION = 'actions.accept';
export const DONE_ACTION = 'actions.done';
export const DECLINE_ACTION = 'actions.decline';

/** The facts a chasing message is written from. */
export interface ChaseFacts {
  stage: string;
  actionId: number;
  text: string;
  dueAt: Date | null;
  meetingId: number | null;
  meetingTitle: string | null;
  state: OwnerState;
}

/** A reader from stored settings: the member's own, or the community's. */
export function readerFrom(language: string, calendar: string, timeZone: string): Reader {
  return {
    language: isLanguage(language) ? language : 'en',
    calendar: calendar === 'persian' ? 'persian' : 'gregorian',
    timeZone,
  };
}

/**
 * When it is due, in the reader's calendar and zone: the day when it is due at the end of one (a date
 * without a time: the start of the next day, or the last millisecond of that day), else date and time.
 */
export function dueText(dueAt: Date, reader: Reader): string {
  const endOfDay = [dueAt.getTime(), dueAt.getTime() + 1].some(
    (t) => startOfDay(dayIn(new Date(t), reader.timeZone), reader.timeZone).getTime() === t,
  );
  return endOfDay ? formatDate(new Date(dueAt.getTime() - 1), reader) : formatDateTime(dueAt, reader);
}

/** Accept (while not yet answered), Done and Can't do; in a list, each names the action's number. */
export function ownerButtons(actionId: number, state: OwnerState, numbered = false): ButtonSpec[] {
  const data = String(actionId);
  const suffix = numbered ? '-n' : '';
  const labelParams = { id: actionId };
  const buttons: ButtonSpec[] = [];
  if (state === 'pending')
    buttons.push({ labelKey: `actions.button.accept${suffix}`, labelParams, action: ACCEPT_ACTION, data });
  buttons.push({ labelKey: `actions.button.done${suffix}`, labelParams, action: DONE_ACTION, data });
  buttons.push({ labelKey: `actions.button.decline${suffix}`, labelParams, action: DECLINE_ACTION, data });
  return buttons;
}

/** Buttons rendered outside a handler (the chaser), in the speaker's language. */
export function renderButtons(s: Speaker, specs: ButtonSpec[]): Button[] {
  return specs.map((b) => ({
    label: b.label ?? s.t(b.labelKey ?? b.action, b.labelParams),
    action: b.action,
    ...(b.data !== undefined ? { data: b.data } : {}),
  }));
}

/** The owner's message of a chasing stage, with the buttons that answer it. */
export function chaseMessage(s: Speaker, reader: Reader, facts: ChaseFacts, now: Date): OutboundMessage {
  const due = facts.dueAt ? dueText(facts.dueAt, reader) : '';
  const common = {
    id: facts.actionId,
    text: facts.text,
    due,
    hasDue: facts.dueAt ? 'yes' : 'no',
  };
  const lines: string[] = [];
  switch (facts.stage) {
    case ASSIGNED_STAGE:
      lines.push(s.t('actions.chase.assigned', common));
      break;
    case DUE_SOON_STAGE:
      lines.push(s.t('actions.chase.due-soon', common));
      break;
    case DUE_STAGE:
      lines.push(s.t('actions.chase.due', common));
      break;
    default:
      lines.push(
        s.t('actions.chase.overdue', {
          ...common,
          days: facts.dueAt ? daysOverdue(facts.dueAt, reader.timeZone, now) : 0,
        }),
      );
  }
  if (facts.meetingId !== null) {
    lines.push(s.t('actions.item.meeting', { id: facts.meetingId, title: facts.meetingTitle ?? '' }));
  }
  return { text: lines.join('\n'), buttons: [renderButtons(s, ownerButtons(facts.actionId, facts.state))] };
}

/** The owners of an action with where each stands, or "owner removed" when none is left (/forgetme). */
export function ownersText(s: Speaker, owners: readonly OwnerRow[]): string {
  if (owners.length === 0) return s.t('actions.owner-removed');
  return s.list(
    owners.map((o) =>
      s.t('actions.owner-line', { name: o.displayName, state: inner(s.t(`actions.owner-state.${o.state}`)) }),
    ),
  );
}

/** The names of the owners who still have it to do (neither done nor declined). */
export function openOwnerNames(owners: readonly OwnerRow[]): string[] {
  return owners.filter((o) => o.state === 'pending' || o.state === 'accepted').map((o) => o.displayName);
}

/** One action of a list: its number and text, when it is due (and how late), its meeting, its owners. */
export function actionLines(
  s: Speaker,
  reader: Reader,
  action: {
    id: number;
    text: string;
    dueAt: Date | null;
    meetingId: number | null;
    meetingTitle: string | null;
    owners?: readonly OwnerRow[];
  },
  now: Date,
): string {
  const lines = [s.t('actions.item', { id: action.id, text: action.text })];
  if (action.dueAt) {
    const due = dueText(action.dueAt, reader);
    lines.push(
      action.dueAt.getTime() < now.getTime()
        ? s.t('actions.item.overdue', { due, days: daysOverdue(action.dueAt, reader.timeZone, now) })
        : s.t('actions.item.due', { due }),
    );
  }
  if (action.meetingId !== null) {
    lines.push(s.t('actions.item.meeting', { id: action.meetingId, title: action.meetingTitle ?? '' }));
  }
  if (action.owners) lines.push(s.t('actions.item.owners', { owners: inner(ownersText(s, action.owners)) }));
  return lines.join('\n');
}

/** Lines joined as one parameter: already in the reader's language. */
export function block(lines: readonly string[]): Rendered {
  return new Rendered(lines.join('\n\n'));
}
