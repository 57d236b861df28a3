import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FUNCTIONS_ARGUMENTS } from "./fake-slack/functions.ts";

/**
 * Read-only access to Slack's Web API OpenAPI (swagger 2.0) description, used by the fake Slack server
 * to decide which methods exist and which arguments they require.
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
  /** Every argument name the spec knows about (for information only: unknown arguments are not violations). */
  knownArgs: string[];
  /** True when the method is missing from the (dated) spec and comes from {@link SUPPLEMENTAL_METHODS}. */
  supplemental: boolean;
}

/**
 * Methods the app uses that the spec (v1.7.0, which predates them) does not describe.
 * Kept deliberately small; each entry documents the required arguments from docs.slack.dev.
 */
export const SUPPLEMENTAL_METHODS: Readonly<Record<string, { requiredArgs: string[]; knownArgs: string[] }>> =
  {
    "files.getUploadURLExternal": {
      requiredArgs: ["filename", "length"],
      knownArgs: ["filename", "length", "alt_txt", "alt_text", "snippet_type"],
    },
    "files.completeUploadExternal": {
      requiredArgs: ["files"],
      knownArgs: ["files", "channel_id", "channels", "initial_comment", "thread_ts", "blocks"],
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
    const knownArgs = new Set<string>();
    let requiresToken = false;
    for (const param of params) {
      if (param.name === "token") {
        requiresToken = true;
        continue;
      }
      knownArgs.add(param.name);
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
      knownArgs: [...knownArgs],
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
      knownArgs: [...supplemental.knownArgs],
      supplemental: true,
    };
  }
  return undefined;
}
