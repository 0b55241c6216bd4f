import type { Page, PageRegistry, PageResult } from '../web-pages.ts';
import { adminNav } from './admin-home.ts';
import { idFrom, refusalOf } from './chair-common.ts';

/** The asker of an unbinding from the web: in no chat, so never "the chat's own administrator". */
const FROM_THE_WEB = { chat: { platform: 'web', chatId: '', kind: 'private' as const }, isChatAdmin: false };

/**
 * The chats bound to the community (each platform's groups and channels), unbinding one as
 * `/setup unbind` does, and a new join code as `/setup code` makes it: shown on the page that made
 * it (never in a URL), valid for a day and one chat, replacing the one before.
 */
export function registerAdminChatPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/admin/chats',
    role: 'admin',
    handler: (page) => chatsPage(page),
  });

  pages.registerPage({
    method: 'POST',
    path: '/admin/chats/unbind',
    role: 'admin',
    async handler(page) {
      const chatId = idFrom(page, page.field('chat'));
      // Only a chat of this community: another's (or none) is as missing.
      if ((await page.services.administration.chatCommunity(chatId)) !== page.community.id) page.notFound();
      const problem = await refusalOf(page, () =>
        page.services.community.unbindChat(chatId, page.member, FROM_THE_WEB),
      );
      if (problem) return chatsPage(page, problem);
      await page.audit('web.chat.unbind', { chatId });
      return page.redirect(page.communityPath('/admin/chats?done=unbound'));
    },
  });

  pages.registerPage({
    method: 'POST',
    path: '/admin/chats/code',
    role: 'admin',
    async handler(page) {
      const { code, expiresAt } = await page.services.community.issueJoinCode(page.community.id, page.member.id);
      await page.audit('web.join-code.issue', { expiresAt: expiresAt.toISOString() });
      return page.render('admin-join-code', {
        title: page.t('web.admin.chats.code-title'),
        adminNav: adminNav(page, 'chats'),
        code,
        until: page.dateTime(expiresAt),
        command: `/setup join ${code}`,
        backHref: page.communityPath('/admin/chats'),
      });
    },
  });
}

async function chatsPage(page: Page, problem?: string): Promise<PageResult> {
  const chats = await page.services.administration.boundChats(page.community.id);
  return page.render(
    'admin-chats',
    {
      title: page.t('web.admin.chats.title'),
      adminNav: adminNav(page, 'chats'),
      base: page.communityPath(''),
      done: !problem && page.query('done') === 'unbound' ? page.t('web.admin.chats.done') : null,
      problem: problem ?? null,
      chats: chats.map((chat) => ({
        id: chat.id,
        title: chat.title ?? page.t('setup.chat-untitled'),
        platform: page.t(`web.platform.${platformKey(chat.platform)}`, { platform: chat.platform }),
        kind: page.t(`web.admin.chats.kind.${chat.kind}`),
        state: chat.unreachableAt
          ? page.t('web.admin.chats.unreachable', { when: page.date(chat.unreachableAt) })
          : page.t(chat.active ? 'web.admin.chats.active' : 'web.admin.chats.inactive'),
        since: page.date(chat.createdAt),
      })),
    },
    problem ? 422 : 200,
  );
}

const PLATFORMS = new Set(['telegram', 'bale', 'discord', 'console']);

function platformKey(platform: string): string {
  return PLATFORMS.has(platform) ? platform : 'other';
}
