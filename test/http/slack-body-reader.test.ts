import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Gauge, Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createSlackBodyReader, type UnverifiedBodyError } from "../../src/http/slack-body-reader.ts";

const LIMITS = { bodyBytes: 100, unverifiedBytes: 250, readMs: 300 };

describe("Slack body reader", () => {
  let server: Server | null = null;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
    server = null;
  });

  /** A local HTTP server whose requests go through one reader; each outcome is reported. */
  async function serve() {
    const held = new Gauge({ name: "held", help: "held", registers: [new Registry()] });
    const reader = createSlackBodyReader(held, LIMITS);
    const outcomes: (string | Buffer)[] = [];
    server = createServer(async (req, res) => {
      try {
        const { body, release } = await reader.read(req);
        release();
        outcomes.push(body);
        res.end("ok");
      } catch (error) {
        outcomes.push((error as UnverifiedBodyError).reason);
        if (!res.destroyed) res.writeHead((error as UnverifiedBodyError).status).end();
      }
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const send = (headers: Record<string, string | number>, chunks: string[], end = true) => {
      const req = request({ port, method: "POST", headers });
      req.on("error", () => {});
      for (const chunk of chunks) req.write(chunk);
      if (end) req.end();
      return req;
    };
    const heldBytes = async () => (await held.get()).values[0]?.value ?? 0;
    return { outcomes, send, heldBytes };
  }

  it("gives a whole body within the limits back, and its bytes back to the budget once released", async () => {
    const { outcomes, send, heldBytes } = await serve();
    send({ "content-length": 5 }, ["hello"]);
    await expect.poll(() => outcomes).toEqual([Buffer.from("hello")]);
    expect(await heldBytes()).toBe(0);
  });

  it("cuts a body that has not arrived within its time, and gives its bytes back", async () => {
    const { outcomes, send, heldBytes } = await serve();
    send({ "content-length": 50 }, ["slow"], false);
    await expect.poll(() => heldBytes()).toBe(50);
    await expect.poll(() => outcomes, { timeout: 2000 }).toEqual(["read_timeout"]);
    expect(await heldBytes()).toBe(0);
  });

  it("refuses a chunked body past the limit, and reserves the whole limit for a body that declares no length", async () => {
    const { outcomes, send, heldBytes } = await serve();
    const open = send({ "transfer-encoding": "chunked" }, ["a"], false);
    await expect.poll(() => heldBytes()).toBe(100);
    send({ "transfer-encoding": "chunked" }, ["b".repeat(101)]);
    await expect.poll(() => outcomes).toEqual(["too_large"]);
    open.destroy();
  });

  it("refuses a body the budget has no room left for while the others are held", async () => {
    const { outcomes, send } = await serve();
    const first = send({ "content-length": 100 }, ["x"], false);
    const second = send({ "content-length": 100 }, ["x"], false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    send({ "content-length": 60 }, ["y".repeat(60)]);
    await expect.poll(() => outcomes).toEqual(["over_budget"]);
    send({ "content-length": 50 }, ["z".repeat(50)]);
    await expect.poll(() => outcomes).toEqual(["over_budget", Buffer.from("z".repeat(50))]);
    first.destroy();
    second.destroy();
  });
});
