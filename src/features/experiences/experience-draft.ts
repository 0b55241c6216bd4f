import { z } from 'zod';

/**
 * An experience being written in the guided flow: the conversation's data, kept in the database
 * between messages (and restarts), checked with zod when read back.
 */
const attachmentSchema = z.object({
  platform: z.string(),
  fileId: z.string(),
  fileName: z.string().nullable(),
  mimeType: z.string(),
  caption: z.string().nullable(),
});

export const CONSENTS = ['named', 'anonymous'] as const;
export type Consent = (typeof CONSENTS)[number];

export const draftSchema = z.object({
  communityId: z.number().int(),
  /** Set when the author edits a submission a curator sent back for changes. */
  editingId: z.number().int().nullable().default(null),
  title: z.string().default(''),
  story: z.string().default(''),
  /** The next story message replaces the story instead of adding to it (editing it from the preview). */
  replaceStory: z.boolean().default(false),
  attachments: z.array(attachmentSchema).default([]),
  tags: z.array(z.string()).default([]),
  library: z.string().nullable().default(null),
  consent: z.enum(CONSENTS).nullable().default(null),
  /** A forwarded message: its original author and when they wrote it (ISO). */
  source: z.object({ name: z.string(), date: z.string() }).nullable().default(null),
  /** A step opened from the preview goes back to the preview when done. */
  returnToPreview: z.boolean().default(false),
});

export type Draft = z.infer<typeof draftSchema>;

export function newDraft(fields: Partial<Draft> & { communityId: number }): Draft {
  return draftSchema.parse(fields);
}

export function readDraft(data: unknown): Draft {
  return draftSchema.parse(data);
}

/** The steps in order; `forward` only comes first for a forwarded message. */
export const STEPS = ['forward', 'title', 'story', 'attachments', 'tags', 'library', 'consent', 'preview'] as const;
export type Step = (typeof STEPS)[number];

export function isStep(value: string): value is Step {
  return (STEPS as readonly string[]).includes(value);
}

/** Where Next leads from a step. */
export function nextStep(step: Step, draft: Draft): Step {
  if (draft.returnToPreview) return 'preview';
  return STEPS[Math.min(STEPS.indexOf(step) + 1, STEPS.length - 1)]!;
}

/** Where Back leads from a step, or null at the first one. */
export function previousStep(step: Step, draft: Draft): Step | null {
  if (draft.returnToPreview && step !== 'preview') return 'preview';
  const before = STEPS[STEPS.indexOf(step) - 1];
  if (!before) return null;
  // Only a forwarded message that is not yet a submission has the question before the title.
  if (before === 'forward' && (draft.source === null || draft.editingId !== null)) return null;
  return before;
}
