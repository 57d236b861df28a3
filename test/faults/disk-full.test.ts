import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { errnoCode } from "../../src/db/errors.ts";
import { killAppProcesses, startAppProcess } from "../support/app-process.ts";
import { startFakeSlack } from "../support/fake-slack/index.ts";
import { startSmtpSink } from "../support/smtp-sink.ts";
import { onExternalServer } from "../support/test-server.ts";
import { eventually } from "../support/wait.ts";

/** A filesystem of its own to fill: a 160 MB tmpfs (root only; the embedded run only). */
function mountSmallDisk(): { dir: string; unmount(): void } | null {
  if (onExternalServer || process.getuid?.() !== 0) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), "chorus-small-disk-"));
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=160m,mode=0755", "tmpfs", dir]);
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    unmount: () => {
      spawnSync("umount", ["-l", dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Takes every free byte of the filesystem of `dir` with one file, whose path is returned. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, "filler");
  const fd = openSync(filler, "w");
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if (errnoCode(error) !== "ENOSPC") throw error;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

const disk = mountSmallDisk();

describe.skipIf(disk === null)("a disk that fills up under the embedded database", () => {
  afterAll(async () => {
    await killAppProcesses();
    disk?.unmount();
  });

  it("answers each write that finds no space with a 503 saying so, logs where to free space, writes nothing of it, and works again once space is freed", async () => {
    const dataDir = path.join((disk as { dir: string }).dir, "data");
    mkdirSync(dataDir);
    const [slack, smtp] = await Promise.all([startFakeSlack(), startSmtpSink()]);
    const app = await startAppProcess({ slack, smtp, database: { dataDir } });
    const createUser = (index: number) =>
      app.api("POST", "/api/v1/users", {
        loginEmail: `utilisateur.${index}@exemple.fr`,
        firstName: "Camille",
        lastName: `Plein ${index} ${"x".repeat(80)}`,
      });
    expect((await createUser(0)).status).toBe(201);

    const filler = fillDisk(dataDir);
    const answers: { status: number; json: any }[] = [];
    for (let index = 1; index <= 400 && !answers.some((answer) => answer.status === 503); index++)
      answers.push(await createUser(index));

    // Rows go in while the tables' last pages have room; the first that needs a new page is refused.
    expect(answers.every((answer) => answer.status === 201 || answer.status === 503)).toBe(true);
    const refused = answers.find((answer) => answer.status === 503);
    expect(refused?.json.error.code).toBe("storage_full");
    expect(refused?.json.error.message).toContain("n'a plus de place sur son disque");
    expect(refused?.json.error.message).toContain("Prévenez l'administrateur");
    // The child's log line comes through its stdout, maybe after its answer.
    const logged = await eventually(async () => app.logs.find((line) => line.databaseLocation === dataDir));
    expect(logged.level).toBe(50);
    expect(logged.msg).toContain(`the database has no disk space left (${dataDir}): free some space there`);

    unlinkSync(filler);
    const again = await createUser(1000);
    expect(again.status).toBe(201);
    await app.stop();
    await Promise.all([slack.close(), smtp.close()]);

    // Everything accepted is there, nothing of the refused one.
    const accepted = answers.filter((answer) => answer.status === 201).length + 2;
    const database = await openDatabase({ dataDir });
    try {
      expect(await database.prisma.userAccount.count()).toBe(accepted);
      expect(
        await database.prisma.userAccount.count({
          where: { loginEmail: `utilisateur.${answers.length}@exemple.fr` },
        }),
      ).toBe(0);
    } finally {
      await database.close();
    }
  }, 120_000);
});
