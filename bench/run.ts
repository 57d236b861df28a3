import { readdir } from "node:fs/promises";

/** `npm run bench`: runs every bench module of this folder (each exports `run()`), one after another. */
const dir = new URL("./", import.meta.url);
const modules = (await readdir(dir)).filter((name) => name.endsWith(".ts") && name !== "run.ts").sort();
for (const name of modules) {
  const bench = (await import(new URL(name, dir).href)) as { run?: () => Promise<void> };
  if (typeof bench.run !== "function") throw new Error(`bench/${name} exports no run()`);
  await bench.run();
}
