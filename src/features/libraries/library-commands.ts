import { UserError, isUserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import type { FlowInput } from '../../core/router.ts';
import { checkAudience } from '../../core/router.ts';
import type { Language } from '../../i18n/languages.ts';
import { Rendered } from '../../i18n/translator.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';
import { LIBRARY_ARGS, NAMED_ONLY, libraryForm, parseLibraryText, type LibraryValues } from './library-grammar.ts';
import { kindLabelKey } from './library-kinds.ts';
import { MAX_CSV_BYTES, type LibraryRow } from './library-service.ts';

const IMPORT_FLOW = 'library-import';
const FLOW_TTL_MS = 30 * 60_000;
/** Libraries offered as buttons at once: more come page by page. */
export const LIBRARIES_PER_PAGE = 8;
/** Admins add, rename, name delegates and import; any member says which library they work for. */
const ADMINS = ['admin'] as const;
/** Pasted lines waiting for "Import": far more than a list of libraries takes. */
const MAX_PASTED_CHARS = 500_000;
/** A file sent with this caption is imported at once: `/library import` (on Telegram `/library@bot import`). */
const IMPORT_CAPTION = /^\/library(?:@\w+)?\s+import\s*$/i;
/** Platforms whose names the locales spell out. */
const NAMED_PLATFORMS = new Set(['telegram', 'bale', 'discord', 'console']);

/**
 * `/library`: the member's library and the buttons to choose one; `/library NAME` chooses by name;
 * admins' `add`, `rename`, `delegate`, `import`; anyone's `list` (see library-grammar.ts).
 */
export const libraryCommand = featureCommand({
  name: 'library',
  audience: ['member'],
  chats: 'any',
  args: LIBRARY_ARGS,
  parse: (text, input) => parseLibraryText(text, input),
  run: (ctx, values) => runLibrary(ctx, values),
});

async function runLibrary(ctx: Ctx, values: LibraryValues): Promise<void> {
  const community = ctx.requireCommunity();
  const libraries = ctx.services.libraries;
  switch (libraryForm(values)) {
    case 'show':
      return showMine(ctx);
    case 'name': {
      const library = await libraries.choose(community.id, ctx.member.id, values.name!);
      return ctx.reply('library.set', { name: library.name });
    }
    case 'list':
      return listAll(ctx);
    case 'add': {
      checkAudience(ADMINS, ctx, '/library add');
      const library = await libraries.add(community.id, ctx.member.id, {
        name: values.add!,
        ...(values.city !== undefined ? { city: values.city } : {}),
        ...(values.kind !== undefined ? { kind: values.kind } : {}),
        ...(values.committee !== undefined ? { committee: values.committee } : {}),
      });
      return ctx.reply('library.added', describe(ctx, library));
    }
    case 'rename': {
      checkAudience(ADMINS, ctx, '/library rename');
      if (!values.to) throw new UserError('library.usage');
      const { from, library } = await libraries.rename(community.id, ctx.member.id, values.rename!, values.to);
      return ctx.reply('library.renamed', { from, to: library.name });
    }
    case 'delegate': {
      checkAudience(ADMINS, ctx, '/library delegate');
      const person = values.member;
      if (!person) throw new UserError('library.usage');
      const { library, delegate } = await libraries.setDelegate(community.id, ctx.member.id, values.delegate!, {
        platform: ctx.event.chat.platform,
        ...(person.userId !== NAMED_ONLY ? { userId: person.userId } : {}),
        displayName: person.displayName,
        inCommunityGroup: ctx.chatBound,
      });
      return ctx.reply('library.delegate-set', { name: library.name, delegate });
    }
    case 'import': {
      checkAudience(ADMINS, ctx, '/library import');
      if (values.csv?.trim()) return importText(ctx, values.csv);
      await ctx.conversation.start(IMPORT_FLOW, 'csv', { text: '' }, FLOW_TTL_MS);
      return ctx.reply('library.import.send');
    }
  }
}

/** `/library`, its buttons, the import flow, and a CSV file sent with the caption `/library import`. */
export function registerLibraryCommands(router: AppRouter): void {
  router.command(libraryCommand);

  addAction(router, 'lib.set', async (ctx, data) => {
    const community = ctx.requireCommunity();
    const library = await ctx.services.libraries.chooseById(community.id, ctx.member.id, buttonNumber(data));
    await ctx.reply('library.set', { name: library.name });
  });
  addAction(router, 'lib.none', async (ctx) => {
    const community = ctx.requireCommunity();
    const cleared = await ctx.services.libraries.clear(community.id, ctx.member.id);
    await ctx.reply(cleared ? 'library.cleared' : 'library.cleared-already');
  });
  addAction(router, 'lib.page', async (ctx, data) => showPage(ctx, buttonNumber(data, 0)));
  addAction(router, 'lib.import', async (ctx) => {
    const state = await ctx.conversation.current();
    const text = state?.flow === IMPORT_FLOW ? state.data.text : undefined;
    if (typeof text !== 'string' || !text.trim()) throw new UserError('error.stale-button');
    try {
      await importText(ctx, text);
    } catch (error) {
      // The lines pasted so far are wrong: the next ones start a new list rather than add to them.
      if (isUserError(error)) await ctx.conversation.start(IMPORT_FLOW, 'csv', { text: '' }, FLOW_TTL_MS);
      throw error;
    }
  });

  router.flow({
    name: IMPORT_FLOW,
    steps: {
      csv: async (ctx, input, state) => {
        // The role is checked again: it may have changed while the flow waited.
        checkAudience(ADMINS, ctx, '/library import');
        if (input.type === 'file') return importText(ctx, await fileText(ctx, input));
        const text = `${String(state.data.text ?? '')}${input.text}\n`;
        if (text.length > MAX_PASTED_CHARS) throw new UserError('library.import.too-long');
        await ctx.conversation.start(IMPORT_FLOW, 'csv', { text }, FLOW_TTL_MS);
        const lines = text.split('\n').filter((line) => line.trim()).length;
        await ctx.reply(
          'library.import.received',
          { lines },
          { buttons: [[{ labelKey: 'library.button.import', action: 'lib.import' }]] },
        );
      },
    },
  });

  // A file whose caption is `/library import` comes as a file, not as a command: it is imported here.
  router.use(async (ctx, next) => {
    const payload = ctx.event.payload;
    if (payload.type !== 'file' || !IMPORT_CAPTION.test(payload.caption?.trim() ?? '')) return next();
    checkAudience(libraryCommand.audience, ctx, '/library');
    ctx.requireCommunity();
    checkAudience(ADMINS, ctx, '/library import');
    await importText(ctx, await fileText(ctx, payload));
  });
}

/** Imports the CSV text (all or nothing) and ends the import flow, if one was waiting. */
async function importText(ctx: Ctx, text: string): Promise<void> {
  const community = ctx.requireCommunity();
  const { added, updated } = await ctx.services.libraries.importCsv(community.id, ctx.member.id, text, ctx.t);
  const state = await ctx.conversation.current();
  if (state?.flow === IMPORT_FLOW) await ctx.conversation.end();
  await ctx.reply('library.import.done', { added, updated });
}

/** The text of the file the member sent, or a UserError saying why it cannot be read. */
async function fileText(ctx: Ctx, file: Extract<FlowInput, { type: 'file' }>): Promise<string> {
  const platform = ctx.event.chat.platform;
  const result = await ctx.services.libraries.csvFileText({
    platform,
    fileId: file.fileId,
    ...(file.fileName !== undefined ? { fileName: file.fileName } : {}),
    ...(file.mimeType !== undefined ? { mimeType: file.mimeType } : {}),
  });
  if (result.ok) return result.text;
  throw new UserError(`library.import.${result.reason}`, {
    platform: NAMED_PLATFORMS.has(platform) ? ctx.t(`platform.${platform}`) : platform,
    max: MAX_CSV_BYTES / (1024 * 1024),
  });
}

/** The member's library, and the first page of libraries to choose from. */
async function showMine(ctx: Ctx): Promise<void> {
  const community = ctx.requireCommunity();
  const [mine, all] = await Promise.all([
    ctx.services.libraries.mine(community.id, ctx.member.id),
    ctx.services.libraries.list(community.id),
  ]);
  if (all.length === 0) return ctx.reply('library.none-yet');
  const sorted = byName(all, ctx.language);
  const buttons = choiceButtons(sorted, 0, mine?.id ?? null);
  if (!mine) return ctx.reply('library.mine-none', { count: sorted.length }, { buttons });
  await ctx.reply('library.mine', describe(ctx, mine), { buttons });
}

async function showPage(ctx: Ctx, page: number): Promise<void> {
  const community = ctx.requireCommunity();
  const [mine, all] = await Promise.all([
    ctx.services.libraries.mine(community.id, ctx.member.id),
    ctx.services.libraries.list(community.id),
  ]);
  if (all.length === 0) return ctx.reply('library.none-yet');
  const pages = pageCount(all.length);
  const shown = Math.min(page, pages - 1);
  await ctx.reply(
    'library.page',
    { page: shown + 1, pages },
    { buttons: choiceButtons(byName(all, ctx.language), shown, mine?.id ?? null) },
  );
}

/** `/library list`: every library, its kind and city, how many answer for it, and its delegate. */
async function listAll(ctx: Ctx): Promise<void> {
  const community = ctx.requireCommunity();
  const all = byName(await ctx.services.libraries.list(community.id), ctx.language);
  if (all.length === 0) return ctx.reply('library.none-yet');
  const lines = all.map((library) => ctx.t('library.list-line', describe(ctx, library)));
  await ctx.reply('library.list', { count: all.length, list: new Rendered(lines.join('\n')) });
}

/** What the messages say of a library: its name, kind, city, delegate and respondents. */
function describe(ctx: Ctx, library: LibraryRow) {
  return {
    name: library.name,
    // Already in the reader's language: not isolated as a foreign name would be.
    kind: new Rendered(ctx.t(kindLabelKey(library.kind))),
    hasCity: library.city ? 'yes' : 'no',
    city: library.city ?? '',
    hasDelegate: library.delegateName ? 'yes' : 'no',
    delegate: library.delegateName ?? '',
    hasCommittee: library.committeeName ? 'yes' : 'no',
    committee: library.committeeName ?? '',
    count: library.respondents,
  };
}

/** One page of library buttons (the member's own marked), the way to the other pages, and "none". */
function choiceButtons(sorted: readonly LibraryRow[], page: number, mineId: number | null): ButtonSpec[][] {
  const pages = pageCount(sorted.length);
  const rows: ButtonSpec[][] = sorted
    .slice(page * LIBRARIES_PER_PAGE, (page + 1) * LIBRARIES_PER_PAGE)
    .map((library) => [
      {
        label: `${library.id === mineId ? '✓ ' : ''}${library.name}${library.city ? ` — ${library.city}` : ''}`,
        action: 'lib.set',
        data: String(library.id),
      },
    ]);
  const paging: ButtonSpec[] = [];
  if (page > 0) paging.push({ labelKey: 'library.button.previous', action: 'lib.page', data: String(page - 1) });
  if (page < pages - 1) paging.push({ labelKey: 'library.button.next', action: 'lib.page', data: String(page + 1) });
  if (paging.length > 0) rows.push(paging);
  rows.push([{ labelKey: 'library.button.none', action: 'lib.none' }]);
  return rows;
}

function pageCount(libraries: number): number {
  return Math.max(1, Math.ceil(libraries / LIBRARIES_PER_PAGE));
}

/** In the alphabetical order of the member's language (Persian's پ after ب, not after ی). */
function byName(libraries: readonly LibraryRow[], language: Language): LibraryRow[] {
  const collator = new Intl.Collator(language);
  return [...libraries].sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
}

/** Button data is untrusted: a forged or garbled number is refused like a stale button. */
function buttonNumber(data: string, min = 1): number {
  const n = Number(data);
  if (!/^\d{1,9}$/.test(data) || n < min) throw new UserError('error.stale-button');
  return n;
}
