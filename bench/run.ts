import { readdir } from "node:fs/promises";
import { type BenchFigure, QUICK, resultsTable } from "./support/results.ts";

/**
 * `npm run bench`: runs every bench module of this folder (each exports `run()`, which returns its
 * figures on each database), one after another, then prints one results table. A missed goal is a
 * measurement, not a failure: the exit code is non-zero only when a bench broke.
 */
const dir = new URL("./", import.meta.url);
const modules = (await readdir(dir)).filter((name) => name.endsWith(".ts") && name !== "run.ts").sort();
const figures: BenchFigure[] = [];
const failures: string[] = [];
for (const name of modules) {
  try {
    const bench = (await import(new URL(name, dir).href)) as { run?: () => Promise<BenchFigure[]> };
    if (typeof bench.run !== "function") throw new Error("it exports no run()");
    figures.push(...(await bench.run()));
  } catch (error) {
    console.error(`bench/${name} broke:`, error);
    failures.push(`bench/${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
console.log(`\nResults${QUICK ? " (BENCH_QUICK=1: small volumes, not figures)" : ""}:\n`);
console.log(resultsTable(figures, failures));
// Servers and pools of the benches may linger on keep-alive connections: the run is over.
process.exit(failures.length > 0 ? 1 : 0);
