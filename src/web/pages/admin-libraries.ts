import { UserError } from '../../core/errors.ts';
import { LibraryCsvError } from '../../features/libraries/library-csv.ts';
import { DEFAULT_LIBRARY_KIND, LIBRARY_KINDS, kindLabelKey } from '../../features/libraries/library-kinds.ts';
import { decodeText } from '../../features/libraries/library-service.ts';
import { uploadedFile } from '../web-uploads.ts';
import type { Page, PageRegistry, PageResult } from '../web-pages.ts';
import { adminNav } from './admin-home.ts';
import { idFrom, refusalOf } from './chair-common.ts';

const DONE = ['added', 'renamed', 'imported'] as const;

/** What a refused form shows: the sentence, or each line of a CSV that is wrong; what was typed stays. */
interface LibrariesProblem {
  form: 'add' | 'rename' | 'import';
  message: string;
  lines?: string[];
  values?: Record<string, string>;
  /** The library a rename was for. */
  libraryId?: number;
}

/**
 * The community's member libraries: the list, adding one, renaming one, and importing a CSV (a file
 * or pasted lines) — `/library add|rename|import` through the same LibraryService, so a CSV with a
 * bad line writes nothing and each wrong line is listed with its number, as the chat lists them.
 */
export function registerAdminLibraryPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/admin/libraries',
    role: 'admin',
    handler: (page) => librariesPage(page),
  });

  pages.registerPage({
    method: 'POST',
    path: '/admin/libraries/add',
    role: 'admin',
    async handler(page) {
      const values = { name: page.field('name') ?? '', city: page.field('city') ?? '', kind: page.field('kind') ?? '' };
      let libraryId = 0;
      const problem = await refusalOf(page, async () => {
        const library = await page.services.libraries.add(page.community.id, page.member.id, {
          name: values.name,
          city: values.city,
          ...(values.kind ? { kind: values.kind } : {}),
        });
        libraryId = library.id;
      });
      if (problem) return librariesPage(page, { form: 'add', message: problem, values });
      await page.audit('web.library.add', { libraryId, name: values.name.trim() });
      return page.redirect(page.communityPath('/admin/libraries?done=added'));
    },
  });

  pages.registerPage({
    method: 'POST',
    path: '/admin/libraries/rename',
    role: 'admin',
    async handler(page) {
      const libraryId = idFrom(page, page.field('library'));
      const to = page.field('name') ?? '';
      const libraries = await page.services.libraries.list(page.community.id);
      // Another community's library, or one gone since: as missing.
      const library = libraries.find((l) => l.id === libraryId) ?? page.notFound();
      const problem = await refusalOf(page, () =>
        page.services.libraries.rename(page.community.id, page.member.id, library.name, to),
      );
      if (problem) return librariesPage(page, { form: 'rename', message: problem, values: { name: to }, libraryId });
      await page.audit('web.library.rename', { libraryId, from: library.name, to: to.trim() });
      return page.redirect(page.communityPath('/admin/libraries?done=renamed'));
    },
  });

  pages.registerPage({
    method: 'POST',
    path: '/admin/libraries/import',
    role: 'admin',
    async handler(page) {
      const pasted = page.field('text') ?? '';
      const file = uploadedFile(page.request, 'file');
      const text = file ? decodeText(file.bytes) : pasted;
      const refuse = (message: string, lines?: string[]) =>
        librariesPage(page, { form: 'import', message, ...(lines ? { lines } : {}), values: { text: pasted } });
      if (text === null) return refuse(page.t('library.import.not-utf8'));
      if (text.trim() === '') return refuse(page.t('web.admin.libraries.import-empty'));
      try {
        const result = await page.services.libraries.importCsv(page.community.id, page.member.id, text, page.chatT);
        await page.audit('web.library.import', { ...result, ...(file ? { file: file.fileName } : {}) });
        return page.redirect(
          page.communityPath(`/admin/libraries?done=imported&added=${result.added}&updated=${result.updated}`),
        );
      } catch (error) {
        if (error instanceof LibraryCsvError) {
          const lines = error.problems.map((p) =>
            page.t('library.csv.line', {
              line: p.line,
              problem: page.t(`library.csv.problem.${p.problem}`, p.params ?? {}),
            }),
          );
          return refuse(page.t('web.admin.libraries.import-bad', { count: error.problems.length }), lines);
        }
        if (error instanceof UserError) return refuse(page.t(error.key, error.params));
        throw error;
      }
    },
  });
}

async function librariesPage(page: Page, problem?: LibrariesProblem): Promise<PageResult> {
  const libraries = await page.services.libraries.list(page.community.id);
  const done = page.query('done');
  const count = (name: string) => Number(page.query(name) ?? 0) || 0;
  return page.render(
    'admin-libraries',
    {
      title: page.t('web.admin.libraries.title'),
      adminNav: adminNav(page, 'libraries'),
      base: page.communityPath(''),
      done:
        problem || !done || !(DONE as readonly string[]).includes(done)
          ? null
          : page.t(`web.admin.libraries.done.${done}`, { added: count('added'), updated: count('updated') }),
      problem: problem ?? null,
      libraries: libraries.map((library) => ({
        id: library.id,
        name: library.name,
        city: library.city ?? '',
        kind: page.t(kindLabelKey(library.kind)),
        committee: library.committeeName ?? '',
        respondents: page.number(library.respondents),
        renameValue:
          problem?.form === 'rename' && problem.libraryId === library.id ? (problem.values?.name ?? '') : library.name,
        renameProblem: problem?.form === 'rename' && problem.libraryId === library.id ? problem.message : null,
      })),
      kinds: LIBRARY_KINDS.map((kind) => ({
        value: kind,
        label: page.t(kindLabelKey(kind)),
        // What was chosen in a refused add form; otherwise the default kind.
        selected: problem?.form === 'add' ? problem.values?.kind === kind : kind === DEFAULT_LIBRARY_KIND,
      })),
      addValues: problem?.form === 'add' ? problem.values : { name: '', city: '' },
      importText: problem?.form === 'import' ? (problem.values?.text ?? '') : '',
      count: libraries.length,
    },
    problem ? 422 : 200,
  );
}
