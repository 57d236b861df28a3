import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FUNCTIONS_ARGUMENTS } from "./fake-slack/functions.ts";

/**
 * Read-only access to Slack's Web API OpenAPI (swagger 2.0) description, used by the fake Slack server
 * to decide which methods exist, which arguments they take, of which type, and which they require.
 *
 * The spec is vendored in `test/support/vendor/slack/` with its licence, so a fresh clone stands alone.
 */
export const SLACK_OPENAPI_URL = new URL("./vendor/slack/slack-web-api.openapi.json", import.meta.url);

interface SwaggerParameter {
  name: string;
  in: "header" | "query" | "formData" | "body" | "path";
  required?: boolean;
  type?: string;
}

interface SwaggerOperation {
  parameters?: SwaggerParameter[];
}

interface SwaggerSpec {
  swagger: string;
  paths: Record<string, Partial<Record<"get" | "post", SwaggerOperation>>>;
}

export interface SlackMethodSpec {
  method: string;
  /** HTTP verbs declared by the spec (the real Web API, and `@slack/web-api`, accept POST for all of them). */
  httpMethods: string[];
  /** Whether the method declares a `token` parameter at all (every method except api.test and oauth.*). */
  requiresToken: boolean;
  /** Non-token arguments marked `required: true` (formData or query), plus a few the spec forgets. */
  requiredArgs: string[];
  /**
   * The spec's `type` of each argument it knows: "string", "boolean", "integer", "number", or "json".
   * Any other argument is a violation (see {@link argumentProblems}).
   */
  argTypes: Record<string, ArgType>;
  /** True when the method is missing from the (dated) spec and comes from {@link SUPPLEMENTAL_METHODS}. */
  supplemental: boolean;
}

/**
 * The types an argument may have: the spec's own (swagger `type`), and "json" for an argument that is a
 * JSON object or array, sent JSON-encoded in a form body (only in {@link SUPPLEMENTAL_METHODS}: the spec
 * types such arguments, `blocks` or `view`, as "string").
 */
export type ArgType = "string" | "boolean" | "integer" | "number" | "json";

export interface SupplementalMethod {
  requiredArgs: string[];
  argTypes: Record<string, ArgType>;
}

/**
 * Methods the app uses that the spec (v1.7.0, which predates them) does not describe.
 * Kept deliberately small; each entry documents the required arguments from docs.slack.dev.
 */
export const SUPPLEMENTAL_METHODS: Readonly<Record<string, SupplementalMethod>> = {
  "files.getUploadURLExternal": {
    requiredArgs: ["filename", "length"],
    argTypes: {
      filename: "string",
      length: "integer",
      alt_txt: "string",
      alt_text: "string",
      snippet_type: "string",
    },
  },
  "files.completeUploadExternal": {
    requiredArgs: ["files"],
    argTypes: {
      files: "json",
      channel_id: "string",
      channels: "string",
      initial_comment: "string",
      thread_ts: "string",
      blocks: "string",
    },
  },
  // Workflow Builder steps' completions (fake-slack/functions.ts says where their definition comes from).
  ...FUNCTIONS_ARGUMENTS,
};

/**
 * Arguments that the real API requires although the spec does not flag them as required.
 * Missing ones are reported as violations exactly like spec-required arguments.
 */
const EXTRA_REQUIRED_ARGS: Readonly<Record<string, string[]>> = {
  "chat.scheduleMessage": ["channel", "post_at"],
  "users.info": ["user"],
  "views.update": ["view"],
};

/**
 * Arguments every method takes, although the spec names them on few: `team_id`, which `@slack/web-api`
 * adds to every call of a client made for one workspace (Bolt's, `WebClient`'s `teamId` option), and
 * which Slack reads on every method (the workspace of an org-wide app's call).
 */
const EVERY_METHOD_ARGS: Readonly<Record<string, ArgType>> = { team_id: "string" };

let cachedSpec: SwaggerSpec | undefined;
const methodCache = new Map<string, SlackMethodSpec | null>();

function loadSpec(): SwaggerSpec {
  if (cachedSpec === undefined) {
    const raw = readFileSync(fileURLToPath(SLACK_OPENAPI_URL), "utf8");
    const parsed = JSON.parse(raw) as SwaggerSpec;
    if (typeof parsed.paths !== "object" || parsed.paths === null) {
      throw new Error(`${SLACK_OPENAPI_URL.href} has no "paths" object`);
    }
    cachedSpec = parsed;
  }
  return cachedSpec;
}

/** Loads the spec eagerly (useful to pay the parsing cost before the first request). */
export function preloadSlackOpenApi(): void {
  loadSpec();
}

/** Returns the description of a Web API method, or `undefined` if Slack has no such method. */
export function getSlackMethodSpec(method: string): SlackMethodSpec | undefined {
  const cached = methodCache.get(method);
  if (cached !== undefined) {
    return cached ?? undefined;
  }
  const result = computeMethodSpec(method);
  methodCache.set(method, result ?? null);
  return result;
}

function computeMethodSpec(method: string): SlackMethodSpec | undefined {
  const spec = loadSpec();
  const path = spec.paths[`/${method}`];
  const extra = EXTRA_REQUIRED_ARGS[method] ?? [];
  if (path !== undefined) {
    const httpMethods = Object.keys(path);
    const params = Object.values(path).flatMap((operation) => operation?.parameters ?? []);
    const requiredArgs = new Set<string>();
    const argTypes: Record<string, ArgType> = { ...EVERY_METHOD_ARGS };
    let requiresToken = false;
    for (const param of params) {
      if (param.name === "token") {
        requiresToken = true;
        continue;
      }
      argTypes[param.name] = asArgType(param.type);
      if (param.required === true && (param.in === "formData" || param.in === "query")) {
        requiredArgs.add(param.name);
      }
    }
    for (const name of extra) {
      requiredArgs.add(name);
    }
    return {
      method,
      httpMethods,
      requiresToken,
      requiredArgs: [...requiredArgs],
      argTypes,
      supplemental: false,
    };
  }
  const supplemental = SUPPLEMENTAL_METHODS[method];
  if (supplemental !== undefined) {
    return {
      method,
      httpMethods: ["post"],
      requiresToken: true,
      requiredArgs: [...supplemental.requiredArgs, ...extra],
      argTypes: { ...EVERY_METHOD_ARGS, ...supplemental.argTypes },
      supplemental: true,
    };
  }
  return undefined;
}

function asArgType(type: string | undefined): ArgType {
  if (type === "boolean" || type === "integer" || type === "number") return type;
  // Every other parameter of the spec is a "string" (or untyped, which the real API reads as a string).
  return "string";
}

/**
 * What is wrong with the arguments of a call to `spec`'s method: an argument the method does not take
 * (a misspelt `blokcs` is ignored by Slack, silently), or one whose value is not of its type.
 *
 * `fromJson` names the arguments that came in a JSON body, where JSON gives them their type: there a
 * boolean must be `true` or `false`, an integer a whole number. In a query or form body (what
 * `@slack/web-api` sends) everything is text: a boolean must be "true" or "false" (the client's
 * encoding of the booleans it is given), an integer digits. A "number" (a message `ts`, which Slack
 * itself writes as a string) may be either. `encoded` names the arguments that carry JSON as a string
 * (`blocks`, `view`...): they were decoded before, and are checked for what they hold elsewhere.
 */
export function argumentProblems(
  spec: SlackMethodSpec,
  args: Readonly<Record<string, unknown>>,
  fromJson: ReadonlySet<string>,
  encoded: readonly string[],
): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(args)) {
    const type = spec.argTypes[name];
    if (type === undefined) {
      out.push(`unknown argument "${name}" (${spec.method} takes ${Object.keys(spec.argTypes).join(", ")})`);
      continue;
    }
    if (value === undefined || encoded.includes(name)) continue;
    if (!hasType(value, type, fromJson.has(name))) {
      out.push(`"${name}" must be ${a(type)}, got ${JSON.stringify(value)?.slice(0, 80)}`);
    }
  }
  return out;
}

function hasType(value: unknown, type: ArgType, fromJson: boolean): boolean {
  switch (type) {
    case "boolean":
      return fromJson ? typeof value === "boolean" : value === "true" || value === "false";
    case "integer":
      return fromJson ? Number.isInteger(value) : typeof value === "string" && /^-?\d+$/.test(value);
    case "number":
      return (
        (typeof value === "number" && Number.isFinite(value)) ||
        (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
      );
    case "json":
      return typeof value === "object" && value !== null;
    default:
      return typeof value === "string";
  }
}

function a(type: ArgType): string {
  return type === "integer" ? "an integer" : type === "json" ? "a JSON object or array" : `a ${type}`;
}
