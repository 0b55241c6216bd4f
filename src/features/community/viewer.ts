import type { Viewer } from '../../core/command.ts';
import type { Actor, ChatRef } from '../../core/event.ts';
import { DEFAULT_LANGUAGE, isLanguage, languageFromHint } from '../../i18n/languages.ts';
import type { CommunityRepository } from './community-repository.ts';

/**
 * Who is typing, and where, for suggestions: read, not registered — typing is not yet writing in the
 * chat, so nothing is stored until the command itself is sent. Their community is the chat's, or in a
 * private chat the active one, else the first they joined (as the resolver picks).
 */
export async function readViewer(repo: CommunityRepository, actor: Actor, chat: ChatRef): Promise<Viewer> {
  const row = await repo.findEventContext(chat.platform, chat.chatId, actor.userId);
  let community = row.communityId;
  let role = row.role;
  let communitySettings = {
    language: row.communityLanguage,
    timeZone: row.communityTimeZone,
    calendar: row.communityCalendar,
  };
  if (community === null && chat.kind === 'private' && row.memberId !== null) {
    const first = await repo.firstMembership(row.memberId);
    if (first) {
      community = first.community.id;
      role = first.role;
      communitySettings = first.community;
    }
  }
  const language =
    (isLanguage(row.memberLanguage) ? row.memberLanguage : undefined) ??
    (isLanguage(communitySettings.language) ? communitySettings.language : undefined) ??
    languageFromHint(actor.languageHint) ??
    DEFAULT_LANGUAGE;
  const calendar = row.memberCalendar ?? communitySettings.calendar ?? (language === 'fa' ? 'persian' : 'gregorian');
  return {
    communityId: community,
    memberId: row.memberId ?? -1,
    role,
    language,
    timeZone: row.memberTimeZone ?? communitySettings.timeZone ?? 'UTC',
    calendar: calendar === 'persian' ? 'persian' : 'gregorian',
  };
}
