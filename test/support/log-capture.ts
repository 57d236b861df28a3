import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/logger.ts";

/** One line the app logged, parsed (pino levels: 40 warn, 50 error, 60 fatal). */
export interface LoggedLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/**
 * A logger that keeps what the app logs (from `level` up) for the test to read: pass `logger` to
 * `useHarness`, then look at `lines` or `errors()`; `clear()` between tests.
 */
export function captureLogs(level = "warn"): {
  logger: Logger;
  lines: LoggedLine[];
  errors(): LoggedLine[];
  clear(): void;
} {
  const lines: LoggedLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim()) lines.push(JSON.parse(line) as LoggedLine);
      }
      done();
    },
  });
  return {
    // The app's own logger (its redaction included), writing where the test reads.
    logger: createLogger(level, destination),
    lines,
    errors: () => lines.filter((line) => line.level >= 50),
    clear: () => {
      lines.length = 0;
    },
  };
}
