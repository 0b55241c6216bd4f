import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { Logger } from '../../logger.ts';
import {
  DEFAULT_TEMPLATES_DIR,
  describeProblem,
  loadTemplates,
  parseTemplate,
  type TemplateParseResult,
  type TemplateProblem,
} from '../surveys/survey-template-loader.ts';
import { surveyTemplateSchema, type SurveyTemplate } from '../surveys/survey-template-schema.ts';
import { DEFAULT_ROUND_TEMPLATES_DIR } from '../rounds/round-templates.ts';
import { roundTemplateSchema, type RoundTemplate } from '../rounds/round-template-schema.ts';
import { DEFAULT_INTERVIEW_TEMPLATES_DIR } from '../interviews/interview-templates.ts';
import { interviewTemplateSchema, type InterviewTemplate } from '../interviews/interview-template-schema.ts';

/**
 * The templates of surveys, report rounds and interviews: those shipped with the bot
 * (`src/features/<feature>/templates/`) and those an admin uploaded from the web dashboard.
 *
 * Uploaded templates are files too, in `DATA_DIR/templates/<kind>/<name>.yaml` (surveys, rounds,
 * interviews): the same format and the same loader as the shipped ones, kept beside the database and
 * the instance secret, copied by whoever backs up DATA_DIR, and readable or removable by hand. An
 * uploaded template with a shipped one's name is used in its place.
 *
 * The services hold their kind's shelf, whose Map and problem list `reload()` refills, so a template
 * saved from the dashboard is usable at once by `/survey`, `/round new` and `/interview` without a
 * restart. The folders are read when a shelf is first looked at, not when the store is made: parsing
 * the YAML and checking it against the schemas took some 50 ms of every start, before "ready", for
 * something no start needs; the bot loads them just after it is ready (`load()`), which logs a
 * broken template then. Only the instance that took the upload reloads: several instances over one
 * database each read their own DATA_DIR at start. Without a folder (tests, a process without DATA_DIR)
 * uploads are kept in this process's memory only.
 */
export const TEMPLATE_KINDS = ['survey', 'round', 'interview'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export interface TemplateOfKind {
  survey: SurveyTemplate;
  round: RoundTemplate;
  interview: InterviewTemplate;
}

/** Where a usable template comes from. */
export type TemplateOrigin = 'shipped' | 'uploaded';

/** What a feature's service reads of its kind: the usable templates by name, and the broken ones. */
export interface TemplateSource<T> {
  readonly templates: ReadonlyMap<string, T>;
  readonly problems: readonly TemplateProblem[];
}

/** The templates of one kind, as the store keeps them. */
export interface TemplateShelf<T> {
  readonly templates: Map<string, T>;
  readonly problems: TemplateProblem[];
  readonly origins: Map<string, TemplateOrigin>;
}

interface KindSpec {
  schema: z.ZodType<object>;
  shippedDir: string;
  /** The folder under the upload folder. */
  folder: string;
}

const SPECS: Record<TemplateKind, KindSpec> = {
  survey: { schema: surveyTemplateSchema, shippedDir: DEFAULT_TEMPLATES_DIR, folder: 'surveys' },
  round: { schema: roundTemplateSchema, shippedDir: DEFAULT_ROUND_TEMPLATES_DIR, folder: 'rounds' },
  interview: { schema: interviewTemplateSchema, shippedDir: DEFAULT_INTERVIEW_TEMPLATES_DIR, folder: 'interviews' },
};

/** A template's name: what `/survey NAME` types, and its file's name. */
export const TEMPLATE_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

export class TemplateStore {
  private readonly shelves: { [K in TemplateKind]: TemplateShelf<TemplateOfKind[K]> } = {
    survey: emptyShelf(),
    round: emptyShelf(),
    interview: emptyShelf(),
  };
  /** What shelf() hands out: the shelves, read from the folders on first sight. */
  private readonly views: { [K in TemplateKind]: TemplateShelf<TemplateOfKind[K]> } = {
    survey: this.loadingView('survey'),
    round: this.loadingView('round'),
    interview: this.loadingView('interview'),
  };
  private loaded = false;
  /** Without an upload folder: the texts saved in this process, by kind and name. */
  private readonly inMemory = new Map<TemplateKind, Map<string, string>>();

  constructor(
    /** `DATA_DIR/templates`; null: uploads live in memory only. */
    private readonly uploadDir: string | null,
    private readonly logger?: Logger,
    /** The shipped folders (tests point them elsewhere). */
    private readonly shippedDirs: Partial<Record<TemplateKind, string>> = {},
  ) {}

  shelf<K extends TemplateKind>(kind: K): TemplateShelf<TemplateOfKind[K]> {
    return this.views[kind];
  }

  /** Reads the folders unless already read (a first look at any shelf does the same). */
  load(): void {
    if (!this.loaded) this.reload();
  }

  /** Reads every folder again into the same maps and lists the services hold; logs what is broken. */
  reload(): void {
    this.loaded = true;
    for (const kind of TEMPLATE_KINDS) {
      const shelf = this.shelves[kind] as TemplateShelf<object>;
      const spec = SPECS[kind];
      shelf.templates.clear();
      shelf.origins.clear();
      shelf.problems.length = 0;
      const shipped = loadTemplates(this.shippedDirs[kind] ?? spec.shippedDir, spec.schema);
      this.take(shelf, shipped, 'shipped');
      const folder = this.folderOf(kind);
      if (folder && existsSync(folder)) this.take(shelf, loadTemplates(folder, spec.schema), 'uploaded');
      for (const [name, text] of this.inMemory.get(kind) ?? []) {
        const result = parseTemplate(`${name}.yaml`, text, spec.schema);
        if (result.ok) this.take(shelf, { templates: new Map([[name, result.template]]), problems: [] }, 'uploaded');
      }
      for (const problem of shelf.problems) {
        this.logger?.error({ template: problem.name, kind }, `template not usable: ${describeProblem(problem)}`);
      }
    }
  }

  /** A template's text checked against its kind's schema, as the loader checks files (a problem names its line). */
  check<K extends TemplateKind>(kind: K, name: string, text: string): TemplateParseResult<TemplateOfKind[K]> {
    return parseTemplate(`${name}.yaml`, text, SPECS[kind].schema) as TemplateParseResult<TemplateOfKind[K]>;
  }

  /**
   * Saves a checked template under its name (replacing an uploaded one of that name) and reloads, so
   * that the services use it at once. The text is checked again: nothing broken is ever written.
   */
  async save<K extends TemplateKind>(
    kind: K,
    name: string,
    text: string,
  ): Promise<TemplateParseResult<TemplateOfKind[K]>> {
    if (!TEMPLATE_NAME.test(name)) throw new RangeError(`not a template name: ${name}`);
    const result = this.check(kind, name, text);
    if (!result.ok) return result;
    const folder = this.folderOf(kind);
    if (folder) {
      await mkdir(folder, { recursive: true });
      const file = path.join(folder, `${name}.yaml`);
      // Written whole then renamed: a reload (or a start) never reads half a file.
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, text, 'utf8');
      await rename(temporary, file);
      // One file per name: an older upload of the same name in another extension would shadow nothing, but confuse.
      for (const other of ['yml', 'json']) await rm(path.join(folder, `${name}.${other}`), { force: true });
    } else {
      const texts = this.inMemory.get(kind) ?? new Map<string, string>();
      texts.set(name, text);
      this.inMemory.set(kind, texts);
    }
    this.reload();
    return result;
  }

  /** Removes an uploaded template (a shipped one of the same name, if any, is used again); false when none. */
  async remove(kind: TemplateKind, name: string): Promise<boolean> {
    if (!TEMPLATE_NAME.test(name) || this.shelves[kind].origins.get(name) !== 'uploaded') return false;
    const folder = this.folderOf(kind);
    if (folder) {
      for (const extension of ['yaml', 'yml', 'json']) {
        await rm(path.join(folder, `${name}.${extension}`), { force: true });
      }
    } else {
      this.inMemory.get(kind)?.delete(name);
    }
    this.reload();
    return true;
  }

  /** The shelf of `kind` as the services see it: the same Map and list, the folders read first. */
  private loadingView<K extends TemplateKind>(kind: K): TemplateShelf<TemplateOfKind[K]> {
    const shelf = () => {
      this.load();
      return this.shelves[kind];
    };
    return {
      get templates() {
        return shelf().templates;
      },
      get problems() {
        return shelf().problems;
      },
      get origins() {
        return shelf().origins;
      },
    };
  }

  private folderOf(kind: TemplateKind): string | null {
    return this.uploadDir === null ? null : path.join(this.uploadDir, SPECS[kind].folder);
  }

  private take(
    shelf: TemplateShelf<object>,
    loaded: { templates: Map<string, object>; problems: TemplateProblem[] },
    origin: TemplateOrigin,
  ): void {
    for (const [name, template] of loaded.templates) {
      shelf.templates.set(name, template);
      shelf.origins.set(name, origin);
    }
    shelf.problems.push(...loaded.problems);
  }
}

function emptyShelf<T>(): TemplateShelf<T> {
  return { templates: new Map(), problems: [], origins: new Map() };
}
