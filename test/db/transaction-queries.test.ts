import pg from "pg";
import { describe, expect, it } from "vitest";
import { inTransaction } from "../../src/db/transaction.ts";
import { openTestDatabase } from "../support/db.ts";
import { validSiret } from "../support/scenario.ts";

type Query = typeof pg.Client.prototype.query;

/**
 * Runs `use` while counting, per pg connection, the queries sent and not yet answered; resolves to
 * the most one connection had at once.
 */
async function mostQueriesAtOnceOnOneConnection(use: () => Promise<unknown>): Promise<number> {
  const original = pg.Client.prototype.query;
  const outstanding = new Map<pg.Client, number>();
  let most = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: Parameters<Query>) {
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) {
      const count = (outstanding.get(this) ?? 0) + 1;
      outstanding.set(this, count);
      most = Math.max(most, count);
      const answered = () => outstanding.set(this, (outstanding.get(this) ?? 1) - 1);
      result.then(answered, answered);
    }
    return result;
  } as Query;
  try {
    await use();
    return most;
  } finally {
    pg.Client.prototype.query = original;
  }
}

describe("queries inside a transaction", () => {
  it("go to the transaction's connection one after another, even for a read joining several relations", async () => {
    const database = await openTestDatabase();
    try {
      const { prisma } = database;
      await prisma.structure.create({
        data: {
          identifier: validSiret(910_001),
          designation: "Commune de Jointure",
          designationKey: "commune de jointure",
          kind: "PUBLIQUE",
          services: { create: [{ code: "S1", label: "Service 1", labelKey: "service 1" }] },
        },
      });

      const most = await mostQueriesAtOnceOnOneConnection(() =>
        inTransaction(prisma, (tx) =>
          tx.structure.findMany({ include: { services: true, attachments: true, history: true } }),
        ),
      );

      // Prisma sends a join's child queries together; pg 9 refuses a query on a busy connection.
      expect(most).toBe(1);
    } finally {
      await database.close();
    }
  });
});
