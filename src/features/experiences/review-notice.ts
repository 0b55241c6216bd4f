import type { OutboundMessage, OutboundTarget } from '../../core/event.ts';
import type { Language } from '../../i18n/languages.ts';
import type { ExperienceRow } from './experience-repository.ts';
import type { Decision } from './experience-service.ts';
import type { ExperienceServices } from './register-experiences.ts';

/**
 * Tells whoever answers for a submission (see `authorContact`) what a curator decided, in their own
 * language: one message whether the curator pressed a button in chat or a form on the dashboard.
 * Asked for changes, a shared experience comes with the button that opens it for editing; an
 * interview's changes are made to its answers, through /interview (its text is their transcript).
 * False when there is nobody left to tell.
 */
export async function tellAuthorOfReview(
  experiences: Pick<ExperienceServices, 'submissions' | 'messages'>,
  send: (target: OutboundTarget, message: OutboundMessage) => Promise<unknown>,
  review: { experience: ExperienceRow; decision: Decision; note: string | null; fallbackLanguage: Language },
): Promise<boolean> {
  const { experience, decision, note } = review;
  const contact = await experiences.submissions.authorContact(experience);
  if (!contact) return false;
  const language = contact.language ?? review.fallbackLanguage;
  const id = String(experience.id);
  const interview = experience.kind === 'interview' ? experience.interview : null;
  const buttons =
    decision === 'changes' && !interview
      ? [[{ labelKey: 'experience.button.edit', action: 'exp.edit', data: id }]]
      : undefined;
  const message = experiences.messages.render(
    language,
    interview ? `interview.archive.notice-${decision}` : `experience.notice-${decision}`,
    { id, title: experience.title, note: note ?? '', interview: String(interview?.id ?? '') },
    buttons ? { buttons } : {},
  );
  await send(contact.target, message);
  return true;
}
