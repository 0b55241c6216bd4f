import type { OutboundMessage, OutboundTarget } from '../../core/event.ts';
import { formatDateTime } from '../../i18n/date-format.ts';
import { isLanguage } from '../../i18n/languages.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { CommunityRow } from './community-repository.ts';

/** A community admin as `CommunityRepository.findAdminsToTell` reads them. */
export interface AdminToTell {
  language: string | null;
  timeZone: string | null;
  calendar: string | null;
  identities: Array<{ platform: string; privateChatId: string | null }>;
}

/** What happened: which chat was bound, by whom, when. */
export interface Binding {
  community: CommunityRow;
  /** The chat's row id, carried by the Unbind button. */
  chatId: number;
  platform: string;
  chatTitle: string | null;
  by: string;
  at: Date;
}

/**
 * The private message each admin of the community gets when a chat was bound with a join code: a code
 * that leaked would otherwise bind a stranger's chat unseen. Each admin reads it in their own language,
 * zone and calendar, in their private chat on the bound chat's platform when they have one there (else
 * their first); an admin the bot cannot write to privately is skipped.
 */
export function bindingNotices(
  translator: Translator,
  admins: readonly AdminToTell[],
  binding: Binding,
): Array<{ target: OutboundTarget; message: OutboundMessage }> {
  const notices: Array<{ target: OutboundTarget; message: OutboundMessage }> = [];
  for (const admin of admins) {
    const reach = admin.identities.find((i) => i.platform === binding.platform) ?? admin.identities[0];
    if (!reach?.privateChatId) continue;
    const community = binding.community;
    const language = isLanguage(admin.language)
      ? admin.language
      : isLanguage(community.language)
        ? community.language
        : 'en';
    const calendar = (admin.calendar ?? community.calendar) === 'persian' ? 'persian' : 'gregorian';
    const t = translator.forLanguage(language);
    const when = formatDateTime(binding.at, { language, calendar, timeZone: admin.timeZone ?? community.timeZone });
    notices.push({
      target: { platform: reach.platform, chatId: reach.privateChatId },
      message: {
        text: t('setup.bind-notice', {
          chat: binding.chatTitle ?? t('setup.chat-untitled'),
          platform: binding.platform,
          community: community.name,
          who: binding.by,
          when,
        }),
        buttons: [[{ label: t('setup.button-unbind'), action: 'setup.unbind', data: String(binding.chatId) }]],
      },
    });
  }
  return notices;
}
