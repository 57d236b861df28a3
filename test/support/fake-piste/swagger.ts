import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/**
 * The PISTE Structures API's swagger (vendored in `vendor/chorus-pro/` with its licence), turned into
 * JSON Schema validators for the fake PISTE server: each operation's request body and its 200 answer.
 *
 * Swagger 2.0 schemas are JSON Schema draft 4 plus `example` and the `int32`/`int64` formats, so the
 * definitions compile as they are. One thing is added: objects refuse properties the swagger does not
 * name. The swagger leaves them open and Chorus Pro ignores what it does not know, so a misspelt field
 * (go-choruspro's `triSense`, `idStructure` for `idStructureCPP`) would pass silently; here it fails.
 */
export const STRUCTURES_SWAGGER_URL = new URL(
  "../vendor/chorus-pro/structures.swagger.json",
  import.meta.url,
);

interface SwaggerParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { $ref: string };
}

interface SwaggerSpec {
  basePath: string;
  paths: Record<
    string,
    {
      post: {
        operationId: string;
        parameters: SwaggerParameter[];
        responses: Record<string, { schema?: { $ref: string } }>;
      };
    }
  >;
  definitions: Record<string, unknown>;
}

export interface StructuresOperation {
  /** Under the API's base: `/cpro/structures/v1/rechercher`. */
  path: string;
  operationId: string;
  /** Header parameters the swagger marks required (`cpro-account`). */
  requiredHeaders: string[];
  validateRequest: ValidateFunction;
  validateResponse: ValidateFunction;
}

function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (typeof schema !== "object" || schema === null) return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, closeObjects(value)]));
  if (copy.type === "object" && copy.properties !== undefined && copy.additionalProperties === undefined)
    copy.additionalProperties = false;
  return copy;
}

let operations: Map<string, StructuresOperation> | undefined;

/** The six operations of the Structures API, by path (`/cpro/structures/v1/…`). */
export function structuresOperations(): Map<string, StructuresOperation> {
  if (operations) return operations;
  const spec = JSON.parse(readFileSync(fileURLToPath(STRUCTURES_SWAGGER_URL), "utf8")) as SwaggerSpec;
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats.default(ajv);
  ajv.addVocabulary(["example"]);
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
  });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addSchema({ $id: "structures.json", definitions: closeObjects(spec.definitions) });
  const compile = (ref: string) => ajv.compile({ $ref: `structures.json${ref}` });
  operations = new Map();
  for (const [path, { post }] of Object.entries(spec.paths)) {
    const body = post.parameters.find((parameter) => parameter.in === "body");
    const ok = post.responses["200"]?.schema;
    if (!body?.schema || !ok) throw new Error(`${path}: no body or no 200 schema in the swagger`);
    const fullPath = `${spec.basePath}${path}`;
    operations.set(fullPath, {
      path: fullPath,
      operationId: post.operationId,
      requiredHeaders: post.parameters
        .filter((parameter) => parameter.in === "header" && parameter.required)
        .map((parameter) => parameter.name.toLowerCase()),
      validateRequest: compile(body.schema.$ref),
      validateResponse: compile(ok.$ref),
    });
  }
  return operations;
}

/** Ajv's errors, one line each: "/parametres/triSense: must NOT have additional properties". */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((error) => {
      const extra =
        error.keyword === "additionalProperties" ? ` (${String(error.params.additionalProperty)})` : "";
      return `${error.instancePath || "/"}: ${error.message ?? error.keyword}${extra}`;
    })
    .join("; ");
}
