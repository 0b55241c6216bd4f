import { isUserError } from '../../core/errors.ts';
import { cleanNote } from '../../features/experiences/experience-limits.ts';
import type { ExperienceRow } from '../../features/experiences/experience-repository.ts';
import type { Decision } from '../../features/experiences/experience-service.ts';
import { authorNameOf } from '../../features/experiences/experience-view.ts';
import { REVIEW_AUDIENCE } from '../../features/experiences/review-audience.ts';
import { tellAuthorOfReview } from '../../features/experiences/review-notice.ts';
import type { Page, PageRegistry, PageResult } from '../web-pages.ts';
import { experienceDetailView } from './member-experience-view.ts';
import { idParam, pageLink, readPositive, refusalText } from './member-page-parts.ts';

/** Submissions the queue lists; more wait behind them (the count says how many). */
const QUEUE_SHOWN = 100;
const DECISIONS: readonly Decision[] = ['approve', 'reject', 'changes'];
/** Who reviews: as `/review` declares it (a curator, or an admin). */
const REVIEWER = REVIEW_AUDIENCE[0];

/**
 * The curators' review queue: the submissions waiting, each shown whole with Approve / Reject / Ask
 * for changes and a note. A decision is the same `decide()` as the chat's buttons, and the author is
 * told in chat by the same message (review-notice.ts).
 */
export function registerReviewPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/curate/review',
    role: REVIEWER,
    nav: { labelKey: 'web.nav.review', order: 50, descriptionKey: 'web.review.offer' },
    async handler(page) {
      const { submissions } = page.services.experiences;
      const [queue, { pending }] = await Promise.all([
        submissions.pendingList(page.community.id, QUEUE_SHOWN),
        submissions.nextForReview(page.community.id),
      ]);
      return page.render('curator-review-queue', {
        title: page.t('web.review.title'),
        notice: decisionNotice(page),
        summary: pending === 0 ? page.t('web.review.none') : page.t('web.review.waiting', { count: pending }),
        queue: queue.map((row) => ({
          id: page.number(row.id),
          href: page.communityPath(`/curate/review/${row.id}`),
          title: row.title,
          author: page.t('web.experience.author-curator', { author: authorNameOf(row) ?? '—', consent: row.consent }),
          submitted: page.dateTime(row.submittedAt),
          interview: row.kind === 'interview',
          resubmitted: row.statusChanges[0]?.toStatus === 'changes_requested',
        })),
      });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/curate/review/:id',
    role: REVIEWER,
    async handler(page) {
      return submissionPage(page, idParam(page, 'id'), { note: '', problem: null }, 200);
    },
  });

  pages.registerPage({
    method: 'POST',
    path: '/curate/review/:id',
    role: REVIEWER,
    async handler(page) {
      const id = idParam(page, 'id');
      const decision = DECISIONS.find((d) => d === page.field('decision'));
      const typed = page.field('note') ?? '';
      if (!decision) return submissionPage(page, id, { note: typed, problem: page.t('web.review.choose') }, 400);
      let experience: ExperienceRow;
      let note: string | null;
      try {
        // As in chat: rejecting or asking for changes needs a note for the author; approving does not.
        note = decision === 'approve' && !typed.trim() ? null : cleanNote(typed);
        experience = await page.services.experiences.submissions.decide(
          page.community.id,
          id,
          decision,
          page.member.id,
          note,
        );
      } catch (error) {
        if (!isUserError(error)) throw error;
        // A missing note is the form's to fix (400); a submission decided meanwhile is a conflict (409).
        const status = error.key === 'review.error.note-empty' || error.key === 'error.too-long' ? 400 : 409;
        return submissionPage(page, id, { note: typed, problem: refusalText(page, error) }, status);
      }
      const told = await tellAuthorOfReview(
        page.services.experiences,
        (target, message) => page.messenger.enqueue(target, message),
        { experience, decision, note, fallbackLanguage: page.community.language },
      );
      await page.audit('experience.review', { experienceId: id, decision, told });
      return page.redirect(pageLink(page, '/curate/review', { decided: decision, id, told: told ? 'yes' : 'no' }));
    },
  });
}

/** One submission waiting, whole, with the decision form; a decided or unknown one says so instead. */
async function submissionPage(
  page: Page,
  id: number,
  form: { note: string; problem: string | null },
  status: number,
): Promise<PageResult> {
  let experience: ExperienceRow;
  try {
    experience = await page.services.experiences.submissions.pendingInCommunity(page.community.id, id);
  } catch (error) {
    if (!isUserError(error)) throw error;
    if (error.key === 'review.error.not-found') page.notFound();
    return page.render(
      'curator-review-gone',
      {
        title: page.t('web.review.gone-title'),
        message: form.problem ?? refusalText(page, error),
        back: page.communityPath('/curate/review'),
      },
      status,
    );
  }
  const earlier = experience.statusChanges[0];
  return page.render(
    'curator-review-item',
    {
      title: page.t('web.review.item-title', { title: experience.title }),
      experience: experienceDetailView(page, experience, 'curator'),
      earlierNote:
        earlier?.toStatus === 'changes_requested' && earlier.note
          ? page.t('web.review.earlier-note', { note: earlier.note })
          : null,
      form,
      action: page.communityPath(`/curate/review/${experience.id}`),
      back: page.communityPath('/curate/review'),
    },
    status,
  );
}

/** The last decision, told after the redirect: the query carries only the decision, the id and a yes/no. */
function decisionNotice(page: Page): string | null {
  const id = readPositive(page.query('id'));
  const decision = DECISIONS.find((d) => d === page.query('decided'));
  if (id === undefined || !decision) return null;
  return page.t('web.review.decided', { decision, id: String(id), told: page.query('told') === 'yes' ? 'yes' : 'no' });
}
