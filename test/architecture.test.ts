import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layers of `src/`, top to bottom: a module may import from a lower layer only. The entry point
 * starts the runtime, which wires everything; jobs, Slack and HTTP are the ways in (Slack's endpoint builds on the HTTP server's
 * pieces); use cases (`services/`) sit on the outbox and e-mail (`notify/`), which know nothing of
 * Slack or of use cases; the rest is the base every layer may use (pure domain rules, database,
 * messages, configuration), whose folders import one another without cycles.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["main.ts"],
  ["runtime.ts"],
  ["jobs"],
  ["slack"],
  ["http"],
  ["services"],
  ["notify", "chorus-pro"],
  [
    "domain",
    "db",
    "i18n",
    "security",
    "export",
    "generated",
    "config.ts",
    "errors.ts",
    "logger.ts",
    "metrics.ts",
    "app-root.ts",
  ],
];
const BASE = LAYERS.length - 1;

const SRC = path.resolve(import.meta.dirname, "../src");

/** The top folder (or top-level file) of `src/` a path is in. */
function unitOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0] ?? "";
}

function layerOf(unit: string): number {
  const layer = LAYERS.findIndex((units) => units.includes(unit));
  if (layer === -1)
    throw new Error(`src/${unit} is in no layer: add it to LAYERS in test/architecture.test.ts`);
  return layer;
}

/** Every relative import of every module of `src/` (generated code aside), as unit to unit edges. */
function importsOfSrc(): { from: string; to: string; where: string }[] {
  const edges: { from: string; to: string; where: string }[] = [];
  const files = readdirSync(SRC, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.startsWith(`generated${path.sep}`))
    .map((file) => path.join(SRC, file));
  for (const file of files) {
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
      const target = path.resolve(path.dirname(file), match[1] ?? "");
      const [from, to] = [unitOf(file), unitOf(target)];
      if (from !== to) edges.push({ from, to, where: `${path.relative(SRC, file)} imports ${match[1]}` });
    }
  }
  return edges;
}

/** Imports that run back up the layers (or sideways between the layers above the base). */
function upwardImports(edges: { from: string; to: string; where: string }[]): string[] {
  return edges
    .filter(({ from, to }) => {
      const [a, b] = [layerOf(from), layerOf(to)];
      return a === BASE && b === BASE ? false : b <= a;
    })
    .map(({ where }) => where);
}

/** Units that reach themselves through the imports (each cycle named once, by its units sorted). */
function folderCycles(edges: { from: string; to: string }[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) next.set(from, (next.get(from) ?? new Set()).add(to));
  const reach = (start: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [...(next.get(start) ?? [])];
    while (stack.length > 0) {
      const unit = stack.pop() as string;
      if (seen.has(unit)) continue;
      seen.add(unit);
      stack.push(...(next.get(unit) ?? []));
    }
    return seen;
  };
  const cycles = new Set<string>();
  for (const unit of next.keys()) {
    const reached = reach(unit);
    if (!reached.has(unit)) continue;
    const members = [...reached].filter((other) => reach(other).has(unit));
    cycles.add(members.sort().join(" ↔ "));
  }
  return [...cycles].sort();
}

describe("the layers of src/", () => {
  it("has no import that runs back up a layer: slack/ and http/ use services/, which use notify/, and every layer the base", () => {
    expect(upwardImports(importsOfSrc())).toEqual([]);
  });

  it("has no cycle between folders, the base's included", () => {
    expect(folderCycles(importsOfSrc())).toEqual([]);
  });

  it("would catch a use case rendering a Slack view, a delivery calling a use case, and two base folders importing each other", () => {
    const planted = [
      { from: "services", to: "slack", where: "services/x.ts imports ../slack/blocks/y.ts" },
      { from: "notify", to: "services", where: "notify/x.ts imports ../services/y.ts" },
      { from: "domain", to: "i18n", where: "domain/x.ts imports ../i18n/y.ts" },
      { from: "i18n", to: "domain", where: "i18n/x.ts imports ../domain/y.ts" },
      { from: "slack", to: "services", where: "slack/x.ts imports ../services/y.ts" },
    ];
    expect(upwardImports(planted)).toEqual([
      "services/x.ts imports ../slack/blocks/y.ts",
      "notify/x.ts imports ../services/y.ts",
    ]);
    expect(folderCycles(planted)).toEqual(["domain ↔ i18n", "services ↔ slack"]);
  });
});

/**
 * The exported `find…` use cases of `src/services/` whose body throws: a `find…` may return nothing
 * (null, an empty list), while a read that checks and throws is a `load…` (src/services/README.md).
 */
function throwingFinds(files: { path: string; source: string }[]): string[] {
  return files.flatMap(({ path: file, source }) =>
    [...source.matchAll(/^export async function (find\w*)[\s\S]*?\n}\n/gm)]
      .filter(([body]) => /\bthrow\b/.test(body))
      .map(([, name]) => `${file}: ${name}`),
  );
}

describe("the names of the use cases' reads", () => {
  const services = readdirSync(path.join(SRC, "services"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => ({ path: file, source: readFileSync(path.join(SRC, "services", file), "utf8") }));

  it("keep find… for reads that may return nothing: none of them throws", () => {
    expect(throwingFinds(services)).toEqual([]);
  });

  it("would catch a find… that throws when nothing is found", () => {
    const planted = {
      path: "x.ts",
      source: [
        "export async function findUser(id: string) {",
        "  const user = await read(id);",
        '  if (!user) throw new AppError("not_found", "none");',
        "  return user;",
        "}",
        "export async function findOther(id: string) {",
        "  return read(id);",
        "}",
        "",
      ].join("\n"),
    };
    expect(throwingFinds([planted])).toEqual(["x.ts: findUser"]);
  });
});
