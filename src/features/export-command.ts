import { UserError } from '../core/errors.ts';
import { checkAudience } from '../core/router.ts';
import type { ButtonSpec } from '../core/context.ts';
import { exportExperiences } from './experiences/export-commands.ts';
import { EXPORT_FORMATS } from './archives/archive-file.ts';
import { exportMeetings, exportPolls } from './archives/archive-exports.ts';
import type { ArchiveName } from './archives/archive-names.ts';
import { addAction, type AppRouter, type Ctx } from './services.ts';

/**
 * `/export` is one command with two kinds of argument:
 *   `/export ID`                       a poll's or survey's answers (chairs; results-command.ts)
 *   `/export ARCHIVE [csv|json]`       a whole archive of the community (chairs and curators)
 * The polls handler asks `exportArchive` first; an archive named here is handled here, and anything
 * else goes on to the polls' own code. A feature with an archive to export adds it to ARCHIVES.
 */
type ArchiveExport = (ctx: Ctx, format: string) => Promise<void>;

const ARCHIVES: Record<ArchiveName, ArchiveExport> = {
  experiences: exportExperiences,
  polls: exportPolls,
  meetings: exportMeetings,
};

/** Who may export a poll's or survey's own answers: the matrix lets curators in for the archives only. */
const BY_ID_AUDIENCE = ['chair'] as const;

/**
 * Handles `/export` when it is about an archive (or has no argument: then it offers the archives as
 * buttons) and returns true; returns false for `/export ID`, once the sender is known to be a chair.
 */
export async function exportArchive(ctx: Ctx, args: string): Promise<boolean> {
  const [first = '', format = '', ...rest] = args.trim().split(/\s+/);
  if (!first) {
    await showArchives(ctx);
    return true;
  }
  const name = first.toLowerCase();
  const archive = Object.hasOwn(ARCHIVES, name) ? ARCHIVES[name as ArchiveName] : undefined;
  if (archive) {
    if (rest.length > 0) throw new UserError('archive.usage');
    await archive(ctx, format);
    return true;
  }
  checkAudience(BY_ID_AUDIENCE, ctx, '/export');
  return false;
}

async function showArchives(ctx: Ctx): Promise<void> {
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
