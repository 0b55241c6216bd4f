import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { questionsOf } from '../../../src/features/rounds/round-template-schema.ts';
import { DEFAULT_ROUND_TEMPLATES_DIR, loadRoundTemplates } from '../../../src/features/rounds/round-templates.ts';
import { LANGUAGES } from '../../../src/i18n/languages.ts';

const SHIPPED = path.join(DEFAULT_ROUND_TEMPLATES_DIR, 'quarterly-activity.yaml');
const folders: string[] = [];

/** A folder holding one template file with the given text. */
function folderWith(file: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'round-templates-'));
  folders.push(dir);
  writeFileSync(path.join(dir, file), text);
  return dir;
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('round templates', () => {
  it('GIVEN the shipped folder THEN the quarterly activity report loads with no problem', () => {
    const { templates, problems } = loadRoundTemplates();
    expect(problems).toEqual([]);
    const template = templates.get('quarterly-activity');
    expect(template?.sections.map((s) => s.key)).toEqual([
      'services',
      'training-events',
      'digital-library',
      'experience',
    ]);
    const byKey = new Map(questionsOf(template!).map(({ question }) => [question.key, question]));
    expect(byKey.get('visits')).toMatchObject({
      type: 'number',
      required: true,
      integer: true,
      unit: { en: 'visits' },
    });
    for (const key of ['loans', 'acquisitions', 'trainings', 'events', 'digital-items']) {
      expect(byKey.get(key)?.type, key).toBe('number');
    }
    expect(byKey.get('event-kinds')?.type).toBe('multi');
    expect(byKey.get('experience')?.type).toBe('text');
    expect(byKey.get('support')?.type).toBe('scale');
    expect(byKey.get('attachment')).toMatchObject({ type: 'file', required: false });
  });

  it('GIVEN the shipped template THEN every text is in the four languages and Persian keeps its ZWNJ', () => {
    const template = loadRoundTemplates().templates.get('quarterly-activity')!;
    const texts = [template.title, template.intro, ...template.sections.map((s) => s.title)];
    for (const { question } of questionsOf(template)) {
      texts.push(question.text);
      if (question.type === 'number' && question.unit) texts.push(question.unit);
      if (question.type === 'multi' || question.type === 'single') texts.push(...question.options);
      if (question.type === 'scale') texts.push(question.low, question.high);
    }
    for (const text of texts) for (const language of LANGUAGES) expect(text[language].length).toBeGreaterThan(0);
    const persian = texts.map((text) => text.fa).join('\n');
    expect(persian).toContain('کتابخانه\u200cهای');
    expect(persian).toContain('می\u200cتوانید');
    for (const broken of ['کتابخانهها', 'میتوانید', 'میخواهد', 'فعالیتهای', 'کتابخوانی']) {
      expect(persian, broken).not.toContain(broken);
    }
  });

  it('GIVEN a file with a YAML syntax error THEN it is reported with its line and the others still load', () => {
    const broken = readFileSync(SHIPPED, 'utf8').replace('  - key: services', '  - key: services\n   bad: [unclosed');
    const dir = folderWith('broken.yaml', broken);
    copyFileSync(SHIPPED, path.join(dir, 'quarterly-activity.yaml'));
    const { templates, problems } = loadRoundTemplates(dir);
    expect([...templates.keys()]).toEqual(['quarterly-activity']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ name: 'broken', file: 'broken.yaml' });
    const line = broken.split('\n').findIndex((l) => l.includes('bad: [unclosed')) + 1;
    expect(problems[0]!.line).toBeGreaterThanOrEqual(line);
    expect(problems[0]!.line).toBeLessThanOrEqual(line + 1);
  });

  it('GIVEN a number question whose max is below its min THEN the problem names that line', () => {
    const text = readFileSync(SHIPPED, 'utf8').replace(
      '      - key: loans\n        type: number\n',
      '      - key: loans\n        type: number\n        min: 10\n        max: 5\n',
    );
    const { problems } = loadRoundTemplates(folderWith('bounds.yaml', text));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('max is below min');
    expect(problems[0]!.line).toBe(text.split('\n').indexOf('        max: 5') + 1);
  });

  it('GIVEN a question of an unknown type THEN the problem is on its line', () => {
    const text = readFileSync(SHIPPED, 'utf8').replace('        type: scale', '        type: stars');
    const { problems } = loadRoundTemplates(folderWith('stars.yaml', text));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(text.split('\n').indexOf('        type: stars') + 1);
  });
});
