import type { IncomingMessage } from "node:http";
import { isRecord } from "./args.ts";
import type { SlackArgs } from "./types.ts";

/** How a Web API call arrives: query, form, JSON or multipart body, and its token. */
export interface ParsedRequest {
  args: SlackArgs;
  token: string | undefined;
  problems: string[];
  /** The arguments that came in a JSON body, typed by JSON (the others are text). */
  fromJson: Set<string>;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks);
}

export async function parseMultipart(contentType: string, raw: Buffer): Promise<FormData> {
  const request = new Request("http://fake.slack.test/", {
    method: "POST",
    headers: { "content-type": contentType },
    body: raw,
  });
  return request.formData();
}

export async function parseRequestArgs(req: IncomingMessage, raw: Buffer, url: URL): Promise<ParsedRequest> {
  const args: SlackArgs = Object.fromEntries(url.searchParams);
  const problems: string[] = [];
  const fromJson = new Set<string>();
  const contentType = (req.headers["content-type"] ?? "").toLowerCase();
  if (raw.length > 0) {
    if (contentType.startsWith("application/json")) {
      try {
        const parsed: unknown = JSON.parse(raw.toString("utf8"));
        if (isRecord(parsed)) {
          Object.assign(args, parsed);
          for (const name of Object.keys(parsed)) fromJson.add(name);
        } else {
          problems.push("the JSON body must be an object");
        }
      } catch {
        problems.push("the JSON body is not valid JSON");
      }
    } else if (contentType.startsWith("multipart/form-data")) {
      const form = await parseMultipart(req.headers["content-type"] ?? "", raw);
      for (const [key, value] of form.entries()) {
        args[key] = typeof value === "string" ? value : Buffer.from(await value.arrayBuffer());
      }
    } else {
      // application/x-www-form-urlencoded (also the fallback when no content type is sent).
      Object.assign(args, Object.fromEntries(new URLSearchParams(raw.toString("utf8"))));
    }
  }
  const authorization = req.headers.authorization;
  let token: string | undefined;
  if (typeof authorization === "string" && authorization.startsWith("Bearer ")) {
    token = authorization.slice("Bearer ".length).trim();
  } else if (typeof args.token === "string") {
    token = args.token;
  }
  delete args.token;
  return { args, token, problems, fromJson };
}

export function parseJsonFields(args: SlackArgs, fields: readonly string[], problems: string[]): void {
  for (const field of fields) {
    const value = args[field];
    if (typeof value !== "string") {
      continue;
    }
    try {
      args[field] = JSON.parse(value);
    } catch {
      problems.push(`"${field}" is not valid JSON: ${value.slice(0, 80)}`);
    }
  }
}
