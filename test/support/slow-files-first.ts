import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that start real processes (bot processes, builds, browsers) run for a minute or more
 * each, mostly waiting: started last, one of them alone decides when the suite ends. Vitest orders files
 * by their last durations, but a fresh checkout (CI) has none, and then it orders by size. These start
 * early, one between every two others: three of them at once (bot processes, PostgreSQL servers and
 * fakes on two cores) starved each other into timeouts. Within each group vitest's own order stands.
 */
const SLOW_FILES = [/^test\/e2e\//, /^test\/build\//, /^test\/browser\//, /^test\/db\/crash-recovery\.test\.ts$/];
const OTHERS_BETWEEN = 2;

export class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isSlow = (file: TestSpecification) =>
      SLOW_FILES.some((pattern) => pattern.test(file.moduleId.slice(file.project.config.root.length + 1)));
    const slow = sorted.filter(isSlow);
    const others = sorted.filter((file) => !isSlow(file));
    const order: TestSpecification[] = [];
    while (slow.length > 0) order.push(slow.shift()!, ...others.splice(0, OTHERS_BETWEEN));
    return [...order, ...others];
  }
}
