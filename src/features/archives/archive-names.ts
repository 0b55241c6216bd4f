/** The archives `/export NAME` sends (`src/features/export-command.ts`); platforms offer them as choices. */
export const ARCHIVE_NAMES = ['experiences', 'polls', 'meetings'] as const;
export type ArchiveName = (typeof ARCHIVE_NAMES)[number];
