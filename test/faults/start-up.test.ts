import { createServer, type Server } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { killAppProcesses, startAppProcess } from "../support/app-process.ts";
import { createTestServerDatabase } from "../support/db.ts";
import { startFakeSlack } from "../support/fake-slack/index.ts";
import { startSmtpSink } from "../support/smtp-sink.ts";

/** A port another program listens on. */
async function takenPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "::", resolve));
  return { port: (server.address() as { port: number }).port, server };
}

describe("starting the app", () => {
  afterAll(killAppProcesses);

  it("stops on a port another program holds, saying so and what to do in both languages, without a stack trace", async () => {
    const [slack, smtp, database, taken] = await Promise.all([
      startFakeSlack(),
      startSmtpSink(),
      createTestServerDatabase(),
      takenPort(),
    ]);
    try {
      const error = await startAppProcess({
        slack,
        smtp,
        database: { url: database.url },
        env: { PORT: String(taken.port) },
      }).catch((e: Error) => e);

      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toContain(
        `Le port ${taken.port} est déjà utilisé par un autre programme : arrêtez-le, ou choisissez un autre port avec PORT.`,
      );
      expect(message).toContain(`Port ${taken.port} is already in use by another program`);
      expect(message).not.toMatch(/^\s+at /m);
    } finally {
      taken.server.close();
      await Promise.all([slack.close(), smtp.close(), database.drop()]);
    }
  });
});
