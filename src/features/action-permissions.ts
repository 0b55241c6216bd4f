import type { Audience } from '../core/roles.ts';

/**
 * Who may press each button: the one place button permissions are declared (a command declares its
 * own audience in its spec, `core/command.ts`). The router checks every action against it before a
 * handler runs, and a test walks every action.
 *
 * Roles (member, curator, chair, admin) come only from the community. `chat-admin` names the platform's
 * administrators of the chat the button is pressed in: it appears only where binding that chat is
 * concerned, and the handler lets them do only that (see `setup-commands.ts`).
 */
export const ACTION_PERMISSIONS = {
  'lang.set': 'anyone',
  'tz.set': 'anyone',
  'tz.other': 'anyone',
  'cal.set': 'anyone',
  /** Binding this unbound chat: its platform administrators (the handler checks; no community yet). */
  'setup.new': ['chat-admin'],
  'setup.join': ['chat-admin'],
  /** A new join code, sent privately. */
  'setup.code': ['admin'],
  /**
   * Pressed in an admin's private chat (the binding notice), where the active community may be another
   * one: the handler checks admin of the bound chat's community, or the chat's own administrator there.
   */
  'setup.unbind': 'anyone',
  'setup.lang': ['admin'],
  'setup.tz': ['admin'],
  'setup.cal': ['admin'],
  'cmt.join': ['member'],
  'cmt.leave': ['member'],
  'forget.yes': 'anyone',
  'forget.no': 'anyone',
  'rsvp.yes': ['member'],
  'rsvp.no': ['member'],
  'rsvp.maybe': ['member'],
  'mtg.flow': ['chair'],
  /** The next page of /meetings: the handler lists only what the presser may see. */
  'mtg.more': ['member'],
  'mtg.cancel-one': ['chair'],
  'mtg.cancel-all': ['chair'],
  /** Choosing what one's own calendar feed holds: the handler makes only the presser's feed. */
  'feed.set': ['member'],
  'poll.v': ['member'],
  'poll.fd': ['chair'],
  'poll.ft': ['chair'],
  'poll.fp': ['chair'],
  'svy.open': ['chair'],
  'svy.go': ['member'],
  'svy.a': ['member'],
  'share.next': ['member'],
  'share.back': ['member'],
  'share.cancel': ['member'],
  'share.fwd': ['member'],
  'share.topic': ['member'],
  'share.clear': ['member'],
  'share.nolib': ['member'],
  'share.consent': ['member'],
  'share.goto': ['member'],
  'share.submit': ['member'],
  'exp.anon': ['member'],
  'exp.edit': ['member'],
  'exp.show': ['member'],
  /** Every member; the handler lets only those who may see the experience open its file. */
  'exp.file': ['member'],
  'srch.pg': ['member'],
  'rev.ok': ['curator'],
  'rev.no': ['curator'],
  'rev.chg': ['curator'],
  'rev.cancel': ['curator'],
  'nl.pub': ['curator'],
  'nl.cancel': ['curator'],
  'topic.rm': ['curator'],
  'export.arch': ['chair', 'curator'],
  /** Choosing one's own library, or none, page by page: any member, for themselves. */
  'lib.set': ['member'],
  'lib.none': ['member'],
  'lib.page': ['member'],
  /** Importing the CSV lines pasted so far: the handler imports only the presser's own. */
  'lib.import': ['admin'],
  /** Answering a report round: the handlers let only a round's respondents (or, about people, its members) answer. */
  'rnd.go': ['member'],
  'rnd.a': ['member'],
  'rnd.edit': ['member'],
  /** A round's chair buttons: remind the missing libraries now, publish the compiled report, the guided form. */
  'rnd.nudge': ['chair'],
  'rnd.pub': ['chair'],
  'rnd.f': ['chair'],
  /** Answering an interview: the handlers let only its answerer (led: the interviewer; self-paced: the veteran). */
  'itv.go': ['member'],
  'itv.a': ['member'],
  /** Minutes: the owner an ambiguous `@Name` meant (the handler lets only the one who asked answer). */
  'min.own': ['member'],
  /** "I'm here" under the starting-now reminder, and the register's next page: any member, for themselves. */
  'min.here': ['member'],
  'min.dec': ['member'],
  /** An action item's owner answers it: the handlers let only its owners (see action-service.ts). */
  'actions.accept': ['member'],
  'actions.done': ['member'],
  'actions.decline': ['member'],
  /** Ending one of one's own dashboard sessions from `/dashboard sessions`: the handler ends only the presser's. */
  'dash.end': 'anyone',
} as const satisfies Record<string, Audience>;

export type ActionName = keyof typeof ACTION_PERMISSIONS;
