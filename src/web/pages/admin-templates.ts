import { decodeText } from '../../features/libraries/library-service.ts';
import type { TemplateProblem } from '../../features/surveys/survey-template-loader.ts';
import { TEMPLATE_KINDS, TEMPLATE_NAME, type TemplateKind } from '../../features/templates/template-store.ts';
import { uploadedFile } from '../web-uploads.ts';
import type { Page, PageRegistry, PageResult } from '../web-pages.ts';
import { adminNav } from './admin-home.ts';
import { templatePreview } from './admin-template-preview.ts';

/** The most of a template's text a form takes (the shipped ones are some 20 KB). */
const MAX_TEMPLATE_CHARS = 200_000;

interface UploadProblem {
  message: string;
  /** The line the problem is on, and that line's text, when the problem has one. */
  line?: { number: string; text: string };
  values: { kind: string; name: string; text: string };
}

/**
 * The templates of surveys, report rounds and interviews: the ones shipped and uploaded, each kind's
 * broken files with their line, and uploading one — checked by the loader the bot reads templates
 * with (a problem names its line, shown with the line's text), previewed question by question, then
 * saved under DATA_DIR/templates/ and usable at once by `/survey`, `/round new` and `/interview` (see
 * features/templates/template-store.ts).
 */
export function registerAdminTemplatePages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/admin/templates',
    role: 'admin',
    handler: (page) => templatesPage(page),
  });

  pages.registerPage({
    method: 'POST',
    path: '/admin/templates/check',
    role: 'admin',
    async handler(page) {
      const kind = kindOf(page);
      const file = uploadedFile(page.request, 'file');
      const pasted = page.field('text') ?? '';
      const name = (page.field('name') ?? '').trim().toLowerCase() || nameFromFile(file?.fileName ?? '');
      const decoded = file ? decodeText(file.bytes) : pasted;
      const values = { kind, name, text: decoded ?? '' };
      const refuse = (message: string, line?: UploadProblem['line']) =>
        templatesPage(page, { message, values, ...(line ? { line } : {}) });
      if (decoded === null) return refuse(page.t('library.import.not-utf8'));
      if (decoded.trim() === '') return refuse(page.t('web.admin.templates.empty'));
      if (decoded.length > MAX_TEMPLATE_CHARS) return refuse(page.t('web.admin.templates.too-long'));
      if (!TEMPLATE_NAME.test(name)) return refuse(page.t('web.admin.templates.bad-name'));
      const result = page.services.templates.check(kind, name, decoded);
      if (!result.ok) return refuse(...problemText(page, result.problem, decoded));
      const origin = page.services.templates.shelf(kind).origins.get(name);
      return page.render('admin-template-preview', {
        title: page.t('web.admin.templates.preview-title', { name }),
        adminNav: adminNav(page, 'templates'),
        base: page.communityPath(''),
        kind,
        kindLabel: page.t(`web.admin.templates.kind-one.${kind}`),
        name,
        text: decoded,
        replaces: origin ? page.t(`web.admin.templates.replaces-${origin}`, { name }) : null,
        preview: templatePreview(page, kind, result.template),
        cancelHref: page.communityPath('/admin/templates'),
      });
    },
  });

  pages.registerPage({
    method: 'POST',
    path: '/admin/templates/save',
    role: 'admin',
    async handler(page) {
      const kind = kindOf(page);
      const name = page.field('name') ?? '';
      const text = page.field('text') ?? '';
      if (!TEMPLATE_NAME.test(name)) page.notFound();
      // Checked again: the text came back from the browser.
      const result = await page.services.templates.save(kind, name, text);
      if (!result.ok)
        return templatesPage(page, { values: { kind, name, text }, ...problemFields(page, result.problem, text) });
      await page.audit('web.template.save', { kind, name });
      return page.redirect(page.communityPath(`/admin/templates?done=saved&kind=${kind}&name=${name}`));
    },
  });

  pages.registerPage({
    method: 'POST',
    path: '/admin/templates/remove',
    role: 'admin',
    async handler(page) {
      const kind = kindOf(page);
      const name = page.field('name') ?? '';
      if (!(await page.services.templates.remove(kind, name))) page.notFound();
      await page.audit('web.template.remove', { kind, name });
      return page.redirect(page.communityPath(`/admin/templates?done=removed&kind=${kind}&name=${name}`));
    },
  });
}

function kindOf(page: Page): TemplateKind {
  const kind = page.field('kind') ?? '';
  return (TEMPLATE_KINDS as readonly string[]).includes(kind) ? (kind as TemplateKind) : page.notFound();
}

/** `Library-Needs 2.yaml` → `library-needs-2`: what a template is called when the form names none. */
function nameFromFile(fileName: string): string {
  return fileName
    .replace(/\.(ya?ml|json|txt)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/** The problem as a sentence with its line, and that line of the text to show under it. */
function problemText(page: Page, problem: TemplateProblem, text: string): [string, UploadProblem['line']?] {
  if (problem.line === null) return [page.t('web.admin.templates.problem', { message: problem.message })];
  const message = page.t('web.admin.templates.problem-line', { line: problem.line, message: problem.message });
  // A problem at the end of the text (a bracket never closed) is on a line after the last: nothing to show.
  const lineText = text.split(/\r\n|\r|\n/)[problem.line - 1];
  return lineText?.trim() ? [message, { number: page.number(problem.line), text: lineText }] : [message];
}

function problemFields(page: Page, problem: TemplateProblem, text: string): Omit<UploadProblem, 'values'> {
  const [message, line] = problemText(page, problem, text);
  return { message, ...(line ? { line } : {}) };
}

async function templatesPage(page: Page, problem?: UploadProblem): Promise<PageResult> {
  const store = page.services.templates;
  const done = page.query('done');
  const doneKind = page.query('kind') ?? '';
  const doneName = page.query('name') ?? '';
  return page.render(
    'admin-templates',
    {
      title: page.t('web.admin.templates.title'),
      adminNav: adminNav(page, 'templates'),
      base: page.communityPath(''),
      done:
        !problem &&
        (done === 'saved' || done === 'removed') &&
        (TEMPLATE_KINDS as readonly string[]).includes(doneKind) &&
        TEMPLATE_NAME.test(doneName)
          ? page.t(`web.admin.templates.done.${done}`, { name: doneName })
          : null,
      problem: problem ?? null,
      kinds: TEMPLATE_KINDS.map((kind) => {
        const shelf = store.shelf(kind);
        return {
          kind,
          label: page.t(`web.admin.templates.kind.${kind}`),
          command: page.t(`web.admin.templates.command.${kind}`),
          selected: (problem?.values.kind ?? 'survey') === kind,
          templates: [...shelf.templates.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, template]) => ({
              name,
              title: template.title[page.language] || template.title.en,
              origin: page.t(`web.admin.templates.origin.${shelf.origins.get(name) ?? 'shipped'}`),
              removable: shelf.origins.get(name) === 'uploaded',
              questions: page.number(templatePreview(page, kind, template).count),
            })),
          problems: shelf.problems.map((p) => ({
            file: p.file,
            message:
              p.line === null
                ? page.t('web.admin.templates.problem', { message: p.message })
                : page.t('web.admin.templates.problem-line', { line: p.line, message: p.message }),
          })),
        };
      }),
      values: problem?.values ?? { kind: 'survey', name: '', text: '' },
    },
    problem ? 422 : 200,
  );
}
