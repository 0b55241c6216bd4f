import type { Choice } from '../../core/command.ts';
import { valueNamed } from './library-words.ts';

/** What a library is: the rounds' reports group and compare libraries by it. */
export const LIBRARY_KINDS = ['university', 'public', 'hospital', 'school', 'special', 'other'] as const;
export type LibraryKind = (typeof LIBRARY_KINDS)[number];

/** A library added without a kind. */
export const DEFAULT_LIBRARY_KIND: LibraryKind = 'other';

export function isLibraryKind(value: unknown): value is LibraryKind {
  return typeof value === 'string' && (LIBRARY_KINDS as readonly string[]).includes(value);
}

/** A kind as stored: an unknown one (written by hand in the database) reads as `other`. */
export function storedKind(value: string): LibraryKind {
  return isLibraryKind(value) ? value : DEFAULT_LIBRARY_KIND;
}

/** The locale key of a kind's label (`University`, `دانشگاهی`). */
export function kindLabelKey(kind: LibraryKind): string {
  return `library.kind.${kind}`;
}

/** The kinds as Discord's choices, labelled in each language. */
export const KIND_CHOICES: readonly Choice[] = LIBRARY_KINDS.map((kind) => ({
  value: kind,
  labelKey: kindLabelKey(kind),
}));

/**
 * The kind a member typed, in any of the four languages: its English value, its label, or another word
 * the locales list for it (`library.kind-words.*`: `academic`, `دانشگاه`, `đại học`, `вузовская`).
 */
export function kindFromText(text: string): LibraryKind | null {
  return valueNamed(text, LIBRARY_KINDS, (kind) => [kindLabelKey(kind), `library.kind-words.${kind}`]);
}
