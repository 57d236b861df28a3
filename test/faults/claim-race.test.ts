import { describe, expect, it } from "vitest";
import { inTransaction } from "../../src/db/transaction.ts";
import type { RequestType } from "../../src/domain/requests.ts";
import { refusalDecision, refusalRecord } from "../../src/services/requests/refuse-request.ts";
import {
  claimPendingRequest,
  loadDecidableRequest,
  recordDecision,
} from "../../src/services/requests/request-decision.ts";
import { useHarness } from "../support/app-harness.ts";
import {
  actorOf,
  fileRequest,
  makeSecondaryManager,
  principal,
  secondary,
  seedStructure,
} from "../support/scenario.ts";

/**
 * Two decisions interleaved the way a race does it, on every database: both managers read the request
 * while it is pending, then each claims it. The embedded database runs one transaction at a time, so
 * only this order of steps (each read before either claim) reaches the claim with a stale request.
 */
describe("two decisions that both read a pending request before either claims it", () => {
  const h = useHarness();

  async function pendingRequest(type: RequestType): Promise<string> {
    const structure = await seedStructure(h);
    await makeSecondaryManager(h, structure);
    if (type === "attachment") return fileRequest(h, structure);
    const created = await h.api("POST", "/api/v1/subscription-requests", {
      structureIdentifier: structure.identifier,
      userLoginEmail: secondary.email,
      spaces: [{ space: "FACTURES_EMISES" }],
    });
    if (created.status !== 201) throw new Error(JSON.stringify(created.json));
    return created.json.id as string;
  }

  it.each([
    ["an attachment", "attachment"],
    ["a subscription", "subscription"],
  ] as const)(
    "lets only the first claim of %s request decide it: the second is told 'déjà traitée' and writes nothing",
    async (_kind, type) => {
      const requestId = await pendingRequest(type);
      await h.settle();
      const { ctx } = h.runtime;
      const { prisma } = h.database;
      const [paule, sami] = await Promise.all([actorOf(h, principal), actorOf(h, secondary)]);
      const read = (actor: typeof paule) =>
        inTransaction(prisma, (tx) => loadDecidableRequest(tx, ctx.messages, actor, { type, requestId }));
      // Both read it pending (each has its modal open), before either decides.
      const [seenByPaule, seenBySami] = await Promise.all([read(paule), read(sami)]);
      expect([seenByPaule.status, seenBySami.status]).toEqual(["PENDING", "PENDING"]);
      const decide = (actor: typeof paule, seen: typeof seenByPaule, reason: string) =>
        inTransaction(prisma, async (tx) => {
          const decision = refusalDecision(actor, ctx.now(), reason);
          await claimPendingRequest(tx, ctx.messages, seen, decision);
          return recordDecision(tx, ctx.messages, refusalRecord(decision, seen));
        });

      const first = await decide(paule, seenByPaule, "Non, de Paule");
      await expect(decide(sami, seenBySami, "Non, de Sami")).rejects.toThrow(/déjà été traitée/);

      expect(first.status).toBe("REFUSED");
      const column = type === "attachment" ? "attachmentRequestId" : "subscriptionRequestId";
      const request =
        type === "attachment"
          ? await prisma.attachmentRequest.findUniqueOrThrow({ where: { id: requestId } })
          : await prisma.subscriptionRequest.findUniqueOrThrow({ where: { id: requestId } });
      expect([request.status, request.refusalReason, request.decidedById]).toEqual([
        "REFUSED",
        "Non, de Paule",
        paule.accountId,
      ]);
      expect(await prisma.historyEntry.count({ where: { [column]: requestId } })).toBe(1);
    },
    60_000,
  );
});
