import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { surveyTemplateSchema, type SurveyTemplate } from './survey-template-schema.ts';

export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('./templates/', import.meta.url));

/** What is wrong with one template file, where: shown to chairs and logged at start. */
export interface TemplateProblem {
  name: string;
  file: string;
  line: number | null;
  message: string;
}

export type TemplateParseResult<T = SurveyTemplate> =
  { ok: true; template: T } | { ok: false; problem: TemplateProblem };

const TEMPLATE_FILE = /^([a-z0-9][a-z0-9-]{0,39})\.(ya?ml|json)$/;

/**
 * The survey templates of a folder, each read and checked once (at start). A broken file does not
 * stop the bot: it is reported by name and line, and `/survey` tells chairs the same.
 */
export function loadSurveyTemplates(dir: string = DEFAULT_TEMPLATES_DIR): {
  templates: Map<string, SurveyTemplate>;
  problems: TemplateProblem[];
} {
  return loadTemplates(dir, surveyTemplateSchema);
}

/**
 * The templates of a folder in one format (surveys, report rounds): the same files, the same checks
 * and the same problem reports, whatever the schema.
 */
export function loadTemplates<T extends object>(
  dir: string,
  schema: z.ZodType<T>,
): { templates: Map<string, T & { name: string }>; problems: TemplateProblem[] } {
  const templates = new Map<string, T & { name: string }>();
  const problems: TemplateProblem[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!TEMPLATE_FILE.test(file)) continue;
    const result = parsedOnce(file, readFileSync(path.join(dir, file), 'utf8'), schema);
    if (result.ok) templates.set(result.template.name, result.template);
    else problems.push(result.problem);
  }
  return { templates, problems };
}

/**
 * A file's parse, kept by schema, name and text: the shipped templates are read at every start of an
 * app and again at every reload after an upload, and parsing YAML with positions and checking it is
 * most of what building an app costs. A changed file has another text, and is parsed again. Frozen,
 * since every app that loads the file shares it.
 */
const parses = new WeakMap<object, Map<string, TemplateParseResult<object>>>();

function parsedOnce<T extends object>(
  file: string,
  text: string,
  schema: z.ZodType<T>,
): TemplateParseResult<T & { name: string }> {
  let bySchema = parses.get(schema);
  if (!bySchema) parses.set(schema, (bySchema = new Map()));
  const key = `${file}\0${text}`;
  let result = bySchema.get(key);
  if (!result) {
    result = deepFreeze(parseTemplate(file, text, schema));
    bySchema.set(key, result);
  }
  return result as TemplateParseResult<T & { name: string }>;
}

function deepFreeze<V>(value: V): V {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** One survey template file's text (YAML, or JSON, which YAML reads too, with positions). */
export function parseSurveyTemplate(file: string, text: string): TemplateParseResult {
  return parseTemplate(file, text, surveyTemplateSchema);
}

/** One template file's text checked against a schema; a problem names the line it is on. */
export function parseTemplate<T extends object>(
  file: string,
  text: string,
  schema: z.ZodType<T>,
): TemplateParseResult<T & { name: string }> {
  const name = TEMPLATE_FILE.exec(file)?.[1] ?? file;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0].line ?? lineCounter.linePos(syntax.pos[0]).line;
    return fail(name, file, line, syntax.message.split('\n')[0]!);
  }
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return { ok: true, template: { name, ...parsed.data } };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.map(String).join('.');
  const offset = nearestNodeOffset(doc, issue.path);
  const line = offset === null ? null : lineCounter.linePos(offset).line;
  return fail(name, file, line, where ? `${where}: ${issue.message}` : issue.message);
}

/** Where the node at `path` starts, or its nearest parent when it is missing (a key left out). */
function nearestNodeOffset(doc: Document, issuePath: readonly PropertyKey[]): number | null {
  for (let length = issuePath.length; length >= 0; length--) {
    const node = doc.getIn(issuePath.slice(0, length) as unknown[], true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return null;
}

function fail(
  name: string,
  file: string,
  line: number | null,
  message: string,
): { ok: false; problem: TemplateProblem } {
  return { ok: false, problem: { name, file, line, message } };
}

export function describeProblem(problem: TemplateProblem): string {
  return `${problem.file}${problem.line === null ? '' : ` line ${problem.line}`}: ${problem.message}`;
}
