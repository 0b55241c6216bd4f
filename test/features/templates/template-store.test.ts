import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR } from '../../../src/features/surveys/survey-template-loader.ts';
import { TemplateStore } from '../../../src/features/templates/template-store.ts';
import { capturedLogger } from '../../support/captured-logger.ts';

/**
 * The store reads its folders when first looked at (or when the bot, once ready, calls load()), not
 * when it is made: a start does not pay for YAML it does not need, and a broken upload is still logged.
 */
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hamkar-templates-'));
  await mkdir(path.join(dir, 'surveys'));
  // `questions` must be a list: line 2 is what the log has to point at.
  await writeFile(path.join(dir, 'surveys', 'broken.yaml'), 'title: Broken\nquestions: 12\n', 'utf8');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const problemLines = (logs: string[]) => logs.filter((line) => line.includes('template not usable'));

describe('the template store', () => {
  it('GIVEN a broken upload THEN nothing is read or logged until load(), which logs it once with its file', () => {
    const { logs, logger } = capturedLogger();
    const store = new TemplateStore(dir, logger);
    expect(problemLines(logs)).toEqual([]);
    store.load();
    const logged = problemLines(logs);
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!)).toMatchObject({ template: 'broken', kind: 'survey' });
    // Already read: a second load() and a look at a shelf read nothing again.
    store.load();
    expect(store.shelf('survey').problems.map((p) => p.name)).toEqual(['broken']);
    expect(problemLines(logs)).toHaveLength(1);
    // reload() reads the folders again (a dashboard upload).
    store.reload();
    expect(problemLines(logs)).toHaveLength(2);
  });

  it('GIVEN a store never loaded THEN a first look at a shelf reads the folders: shipped and uploaded templates are there', async () => {
    await rm(path.join(dir, 'surveys', 'broken.yaml'));
    // A valid upload: the shipped survey under another name.
    await copyFile(
      path.join(DEFAULT_TEMPLATES_DIR, 'library-needs.yaml'),
      path.join(dir, 'surveys', 'needs-2027.yaml'),
    );
    const { logs, logger } = capturedLogger();
    const store = new TemplateStore(dir, logger);
    const shelf = store.shelf('survey');
    expect(shelf.origins.get('library-needs')).toBe('shipped');
    expect(shelf.origins.get('needs-2027')).toBe('uploaded');
    expect(shelf.templates.get('needs-2027')?.questions.length).toBe(
      shelf.templates.get('library-needs')?.questions.length,
    );
    expect(shelf.problems).toEqual([]);
    expect(problemLines(logs)).toEqual([]);
  });
});
