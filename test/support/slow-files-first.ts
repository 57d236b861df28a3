import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The test files that take a minute or so each (hundreds of requests through real processes, at
 * Slack's pace). Started first, they run beside the short ones; started last (vitest orders a fresh
 * clone's files by size), one of them alone made the tail of the run.
 */
const SLOW_FILES = [
  "test/faults/replica-crash.test.ts",
  "test/faults/slack-pressure.test.ts",
  "test/faults/two-replicas.test.ts",
];

export class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = SLOW_FILES.findIndex((slow) => file.moduleId.endsWith(slow));
      return index === -1 ? SLOW_FILES.length : index;
    };
    // Array.prototype.sort is stable: the other files keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
