import { dueText } from '../../features/actions/action-text.ts';
import type { AnswerResult } from '../../features/actions/action-service.ts';
import type { Page, PageRegistry, PageResult } from '../web-pages.ts';
import { idParam, orRefusal, pageLink, readPositive } from './member-page-parts.ts';

/**
 * The member's own open action items in this community, as `/actions` lists them, each with Accept
 * (while not yet answered) and Done: forms calling the same service as the chat's buttons, which
 * tells the chair in chat within the same transaction.
 */
export function registerActionPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/actions',
    role: 'member',
    nav: { labelKey: 'web.nav.actions', order: 40, descriptionKey: 'web.actions.offer' },
    handler: (page) => actionsPage(page, resultNotice(page), 200),
  });

  for (const answer of ['accept', 'done'] as const) {
    pages.registerPage({
      method: 'POST',
      path: `/actions/:id/${answer}`,
      role: 'member',
      async handler(page) {
        const id = idParam(page, 'id');
        await requireOwnedHere(page, id);
        const answered = await orRefusal(page, () =>
          answer === 'done'
            ? page.services.actions.done(id, page.member.id)
            : page.services.actions.accept(id, page.member.id),
        );
        if ('refusal' in answered) return actionsPage(page, { text: answered.refusal, error: true }, 409);
        const result: AnswerResult = answered.value;
        if (result.changed) await page.audit(`action.${answer}`, { actionId: id, complete: result.complete });
        return page.redirect(
          pageLink(page, '/actions', {
            answered: result.changed ? answer : 'unchanged',
            id,
            complete: result.complete ? 'yes' : null,
            told: result.chairTold ? 'yes' : null,
          }),
        );
      },
    });
  }
}

/**
 * 404 unless the member owns this open action of this community: the service checks the owner, the
 * page the community (an action of another community is as unknown here as a missing one).
 */
async function requireOwnedHere(page: Page, id: number): Promise<void> {
  const mine = await page.services.actions.mine(page.member.id, page.community.id);
  if (mine.some((action) => action.id === id)) return;
  // Already done by this owner, while others still work on it: the service answers "already done".
  const open = await page.services.actions.all(page.community.id);
  if (open.some((action) => action.id === id && action.owners.some((o) => o.memberId === page.member.id))) return;
  page.notFound();
}

/** What the last answer did, told after the redirect (the query names only an id and a word). */
function resultNotice(page: Page): { text: string; error: boolean } | null {
  const id = readPositive(page.query('id'));
  const answered = page.query('answered');
  if (id === undefined || !answered) return null;
  switch (answered) {
    case 'done':
      return {
        text: page.t('web.actions.done-result', {
          id: String(id),
          complete: page.query('complete') === 'yes' ? 'yes' : 'no',
          told: page.query('told') === 'yes' ? 'yes' : 'no',
        }),
        error: false,
      };
    case 'accept':
      return { text: page.t('web.actions.accepted-result', { id: String(id) }), error: false };
    case 'unchanged':
      return { text: page.t('web.actions.unchanged', { id: String(id) }), error: false };
    default:
      return null;
  }
}

async function actionsPage(
  page: Page,
  notice: { text: string; error: boolean } | null,
  status: number,
): Promise<PageResult> {
  const actions = await page.services.actions.mine(page.member.id, page.community.id);
  const now = Date.now();
  return page.render(
    'member-actions',
    {
      title: page.t('web.actions.title'),
      notice,
      actions: actions.map((action) => ({
        id: page.number(action.id),
        text: action.text,
        due: action.dueAt
          ? page.t(action.dueAt.getTime() < now ? 'web.actions.overdue' : 'web.actions.due', {
              due: dueText(action.dueAt, page.format),
            })
          : null,
        overdue: action.dueAt !== null && action.dueAt.getTime() < now,
        meeting:
          action.meetingId !== null
            ? page.t('actions.item.meeting', { id: String(action.meetingId), title: action.meetingTitle ?? '' })
            : null,
        state: page.t(`actions.owner-state.${action.state}`),
        accept:
          action.state === 'pending'
            ? {
                action: page.communityPath(`/actions/${action.id}/accept`),
                label: page.t('web.actions.accept', { id: String(action.id) }),
              }
            : null,
        done: {
          action: page.communityPath(`/actions/${action.id}/done`),
          label: page.t('web.actions.done', { id: String(action.id) }),
        },
      })),
    },
    status,
  );
}
