import { readFileSync } from "node:fs";
import { buildApp } from "../../scripts/build.ts";
/** How `npm start` runs the app (package.json's `start`), as `node <options> <script>` with no wrapper in between. */
export interface NpmStart {
  nodeOptions: string[];
  /** Relative to the repository's root, where `npm start` runs. */
  script: string;
  /** As package.json says it. */
  text: string;
}

/** `npm start`'s command, read from package.json so that the tests and benches run what operators run. */
export function npmStart(): NpmStart {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    scripts?: Record<string, string>;
  };
  const text = manifest.scripts?.start ?? "";
  const [program, ...rest] = text.trim().split(/\s+/);
  const script = rest.at(-1);
  if (program !== "node" || !script || script.startsWith("-"))
    throw new Error(`npm start is "${text}": the tests start "node [options] <file>" only`);
  return { nodeOptions: rest.slice(0, -1), script, text };
}

let built: Promise<void> | undefined;

/**
 * What `npm start` does first (its prestart, `npm run build`), once per process: the bundle it runs,
 * built from the sources as they are now. Each build replaces the files whole, so processes of other
 * test workers starting meanwhile read the previous bundle or this one.
 */
export function buildOnceForNpmStart(): Promise<void> {
  built ??= buildApp();
  return built;
}
