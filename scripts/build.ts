// `npm run build`, also run by `npm start` (its prestart): the app bundled into dist/main.js, which
// `npm start` runs with plain Node. Run through tsx, the TypeScript sources held about 30 MB more
// (the loader, the transformed sources kept for their source maps); esbuild, tsx's own compiler,
// bundles src/ in well under a second, the dependencies staying in node_modules. Each file is
// written beside its place then renamed, so that a process starting meanwhile (two test runs at
// once) never reads half a bundle. dist/main.js.map maps it back: NODE_OPTIONS=--enable-source-maps
// puts the sources' lines in stack traces (it holds some 15 MB more, so it is not the default).
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Beside src/, one level under the root: src/app-root.ts finds the same root from it. */
const BUNDLE = path.join(ROOT, "dist", "main.js");

/**
 * Bundles `entry` (a path from the root) into `outfile` as `npm start`'s bundle is made: what is under
 * the root is bundled, node_modules stays where it is.
 */
export async function bundle(entry: string, outfile: string): Promise<void> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: true,
    outfile,
    write: false,
    logLevel: "warning",
  });
  mkdirSync(path.dirname(outfile), { recursive: true });
  for (const file of result.outputFiles) {
    const draft = `${file.path}.${process.pid}.tmp`;
    writeFileSync(draft, file.contents);
    renameSync(draft, file.path);
  }
}

export function buildApp(): Promise<void> {
  return bundle("src/main.ts", BUNDLE);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildApp();
