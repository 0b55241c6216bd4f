import { UserError } from '../core/errors.ts';
import type { ButtonSpec } from '../core/context.ts';
import type { Choice } from '../core/command.ts';
import { exportExperiences } from './experiences/export-commands.ts';
import { EXPORT_FORMATS } from './archives/archive-file.ts';
import { exportMeetings, exportPolls } from './archives/archive-exports.ts';
import { ARCHIVE_NAMES, type ArchiveName } from './archives/archive-names.ts';
import { type AppRouter, type Ctx } from './services.ts';
import { addAction } from './feature-action.ts';

/**
 * `/export` is one command with two kinds of argument:
 *   `/export ID`                       a poll's or survey's answers (chairs; results-command.ts)
 *   `/export ARCHIVE [csv|json]`       a whole archive of the community (chairs and curators)
 * The command (results-command.ts) reads an archive's name and format here and sends it from here;
 * anything else is the polls' own. A feature with an archive to export adds it to ARCHIVES.
 */
type ArchiveExport = (ctx: Ctx, format: string) => Promise<void>;

const ARCHIVES: Record<ArchiveName, ArchiveExport> = {
  experiences: exportExperiences,
  polls: exportPolls,
  meetings: exportMeetings,
};

/** `/export`'s `archive` and `format` choices, as Discord offers them. */
export const ARCHIVE_CHOICES: readonly Choice[] = ARCHIVE_NAMES.map((a) => ({
  value: a,
  labelKey: `discord.choice.archive.${a}`,
}));
export const FORMAT_CHOICES: readonly Choice[] = EXPORT_FORMATS.map((f) => ({ value: f, label: f.toUpperCase() }));

/**
 * `ARCHIVE [FORMAT]` when the text names an archive (the format as typed: the archive checks it), or
 * null when it names none; more words after the format are refused with the archives' usage.
 */
export function readArchiveText(text: string): { archive: ArchiveName; format?: string } | null {
  const [first = '', format = '', ...rest] = text.trim().split(/\s+/);
  const name = first.toLowerCase();
  if (!Object.hasOwn(ARCHIVES, name)) return null;
  if (rest.length > 0) throw new UserError('archive.usage');
  return { archive: name as ArchiveName, ...(format ? { format } : {}) };
}

/** Sends a whole archive of the asker's community; `format` as given (empty: the archive's default). */
export async function exportNamedArchive(ctx: Ctx, name: string, format: string): Promise<void> {
  const archive = Object.hasOwn(ARCHIVES, name) ? ARCHIVES[name as ArchiveName] : undefined;
  if (!archive) throw new UserError('archive.usage');
  await archive(ctx, format);
}

/** `/export` alone: every archive in every format, as buttons. */
export async function showArchives(ctx: Ctx): Promise<void> {
  const buttons: ButtonSpec[][] = Object.keys(ARCHIVES).map((name) =>
    EXPORT_FORMATS.map((format) => ({
      labelKey: `experience.export.button.${name}`,
      labelParams: { format: format.toUpperCase() },
      action: 'export.arch',
      data: `${name}.${format}`,
    })),
  );
  await ctx.reply('experience.export.choose', {}, { buttons });
}

export function registerExportArchiveButtons(router: AppRouter): void {
  addAction(router, 'export.arch', async (ctx, data) => {
    const [name = '', format = ''] = data.split('.');
    const archive = Object.hasOwn(ARCHIVES, name) ? ARCHIVES[name as ArchiveName] : undefined;
    if (!archive || !(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UserError('error.stale-button');
    await archive(ctx, format);
  });
}
