import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { questionsOf } from '../../../src/features/interviews/interview-template-schema.ts';
import {
  DEFAULT_INTERVIEW_TEMPLATES_DIR,
  loadInterviewTemplates,
} from '../../../src/features/interviews/interview-templates.ts';
import { LANGUAGES } from '../../../src/i18n/languages.ts';

const SHIPPED = path.join(DEFAULT_INTERVIEW_TEMPLATES_DIR, 'veteran-career.yaml');
const folders: string[] = [];

/** A folder holding one template file with the given text. */
function folderWith(file: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'interview-templates-'));
  folders.push(dir);
  writeFileSync(path.join(dir, file), text);
  return dir;
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A small valid template, its lines easy to count, with `extra` appended to the second section. */
function template(extra = ''): string {
  const text = (words: string) => `{ en: ${words}, fa: ${words}, vi: ${words}, ru: ${words} }`;
  return [
    `title: ${text('Career')}`,
    `intro: ${text('About you')}`,
    'sections:',
    '  - key: start',
    `    title: ${text('Start')}`,
    '    questions:',
    '      - key: cards',
    '        type: choice',
    `        text: ${text('Cards?')}`,
    `        options: [${text('Yes')}, ${text('No')}]`,
    '  - key: then',
    `    title: ${text('Then')}`,
    '    questions:',
    '      - key: move',
    '        type: long-text',
    `        text: ${text('The move')}`,
    extra,
  ].join('\n');
}

describe('interview templates', () => {
  it('GIVEN the shipped folder THEN the veteran librarian’s career loads, in sections, with its follow-up and media', () => {
    const { templates, problems } = loadInterviewTemplates();
    expect(problems).toEqual([]);
    const career = templates.get('veteran-career')!;
    expect(career.sections.map((s) => s.key)).toEqual(['beginnings', 'changes', 'hard-problem', 'advice', 'then']);
    const byKey = new Map(questionsOf(career).map(({ question }) => [question.key, question]));
    expect(byKey.get('began')?.type).toBe('date');
    expect(byKey.get('why-libraries')?.type).toBe('long-text');
    expect(byKey.get('card-catalogue')?.type).toBe('choice');
    expect(byKey.get('catalogue-move')).toMatchObject({
      type: 'long-text',
      when: { key: 'card-catalogue', equals: 0 },
    });
    expect(byKey.get('problem-voice')).toMatchObject({ type: 'media', accept: ['voice', 'audio'], max: 1 });
    expect(byKey.get('library-photo')).toMatchObject({ type: 'media', accept: ['photo', 'document'], max: 3 });
    expect(byKey.get('advice')?.type).toBe('long-text');
  });

  it('GIVEN the shipped template THEN every text is in the four languages, and the Persian keeps its ZWNJ', () => {
    const career = loadInterviewTemplates().templates.get('veteran-career')!;
    const texts = [career.title, career.intro, ...career.sections.map((s) => s.title)];
    for (const { question } of questionsOf(career)) {
      texts.push(question.text);
      if (question.type === 'choice') texts.push(...question.options);
    }
    for (const text of texts) for (const language of LANGUAGES) expect(text[language].trim().length).toBeGreaterThan(0);
    const persian = texts.map((t) => t.fa).join('\n');
    for (const word of ['کتابخانه‌ای', 'می‌گویید', 'سال‌ها', 'راه‌هایی', 'برگه‌دان', 'تازه‌کار']) {
      expect(persian).toContain(word);
    }
    for (const broken of ['میگویید', 'سالهای', 'کتابخانهای', 'میتوانید']) expect(persian).not.toContain(broken);
    expect(readFileSync(SHIPPED, 'utf8')).not.toMatch(/\\u200c/i);
  });

  it('GIVEN a follow-up whose condition looks at a later question THEN the file is reported with its line', () => {
    const dir = folderWith(
      'broken.yaml',
      template().replace('        type: choice\n', '        type: choice\n        when: { key: move, equals: 0 }\n'),
    );
    const { templates, problems } = loadInterviewTemplates(dir);
    expect(templates.size).toBe(0);
    expect(problems).toEqual([
      {
        name: 'broken',
        file: 'broken.yaml',
        line: 9,
        message: 'sections.0.questions.0.when: when: "move" is not a question asked before this one',
      },
    ]);
  });

  it('GIVEN a follow-up on an option the choice does not have THEN its line is named', () => {
    const dir = folderWith(
      'broken.yaml',
      template().replace(
        '        type: long-text\n',
        '        type: long-text\n        when: { key: cards, in: [0, 2] }\n',
      ),
    );
    const [problem] = loadInterviewTemplates(dir).problems;
    expect(problem).toMatchObject({ line: 16, message: 'sections.1.questions.0.when: when: "cards" has no option 2' });
  });

  it('GIVEN a YAML syntax error or a media question with no kind THEN each is reported by line; good files still load', () => {
    const dir = folderWith('good.yaml', template());
    writeFileSync(path.join(dir, 'syntax.yaml'), 'title: [unclosed\nintro: x\n');
    writeFileSync(
      path.join(dir, 'media.yaml'),
      template(
        '      - key: photo\n        type: media\n        accept: []\n        text: { en: a, fa: a, vi: a, ru: a }\n',
      ),
    );
    const { templates, problems } = loadInterviewTemplates(dir);
    expect([...templates.keys()]).toEqual(['good']);
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      ['media.yaml', 19],
      ['syntax.yaml', 2],
    ]);
  });
});
