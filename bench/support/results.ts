import type { BenchDatabaseKind } from "./databases.ts";

/** One figure of one bench on one database, for the table `npm run bench` prints at the end. */
export interface BenchFigure {
  /** What is measured, e.g. "search: use case p95 / raw SQL p95"; the same text on both databases. */
  figure: string;
  database: BenchDatabaseKind;
  /** The measurement as shown, e.g. "0.96x (743 / 772 ms)". */
  value: string;
  /** The goal as shown, e.g. "≤ 1.5x"; empty when the figure has none. */
  goal: string;
  /** Whether the goal is met; undefined when the figure has none. */
  met?: boolean;
}

/** BENCH_QUICK=1: every bench on a small volume, to check in a couple of minutes that all of them run. */
export const QUICK = process.env.BENCH_QUICK === "1";

/** p-th percentile (0 < share ≤ 1), nearest rank. */
export function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? Number.NaN;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export const ms = (value: number) =>
  value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value).toLocaleString("en")} ms`;
export const ratio = (value: number) => `${value.toFixed(2)}x`;

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/**
 * The results table: one row per figure (in the order measured), its value on each database, the goal
 * (each database's, embedded / PostgreSQL, when they differ) and whether each database meets it. Markdown, so that it can go to bench/README.md as it is.
 */
export function resultsTable(figures: BenchFigure[], failures: string[]): string {
  const rows = new Map<string, Partial<Record<BenchDatabaseKind, BenchFigure>>>();
  for (const figure of figures) {
    const row = rows.get(figure.figure) ?? {};
    row[figure.database] = figure;
    rows.set(figure.figure, row);
  }
  const verdict = (figure: BenchFigure | undefined) =>
    figure?.met === undefined ? "" : figure.met ? "yes" : "**no**";
  const lines = [
    ["Figure", "Embedded", "PostgreSQL", "Goal", "Met? (embedded / PostgreSQL)"],
    ["---", "---", "---", "---", "---"],
  ];
  for (const [name, row] of rows) {
    // One goal, or each database's when they differ ("≤ 2.5x / ≤ 2x": embedded / PostgreSQL).
    const goals = [
      ...new Set([row.embedded?.goal, row.postgresql?.goal].filter((text) => text !== undefined)),
    ];
    const goal =
      goals.length > 1 ? `${row.embedded?.goal || "–"} / ${row.postgresql?.goal || "–"}` : (goals[0] ?? "");
    const met = goal ? [verdict(row.embedded) || "–", verdict(row.postgresql) || "–"].join(" / ") : "";
    lines.push([name, row.embedded?.value ?? "not run", row.postgresql?.value ?? "not run", goal, met]);
  }
  const table = lines.map((line) => `| ${line.map(cell).join(" | ")} |`).join("\n");
  const broken = failures.map((failure) => `BROKEN: ${failure}`).join("\n");
  return broken ? `${table}\n\n${broken}` : table;
}
