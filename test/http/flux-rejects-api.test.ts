import { describe, expect, it } from "vitest";
import { parisDay } from "../../src/domain/dates.ts";
import { dayKey } from "../../src/domain/pending-requests.ts";
import { useHarness } from "../support/app-harness.ts";
import { fluxReject } from "../support/flux-rejects.ts";
import { addStructure } from "../support/pending-requests.ts";
import { seedStructure } from "../support/scenario.ts";

describe("POST /api/v1/flux-rejects", () => {
  const h = useHarness({ FLUX_REJECT_PURGE_CRON: "off" });

  it("groups a batch into one file per emitter structure and Paris day of reception, and appends later batches to the day's file", async () => {
    const mairie = await seedStructure(h);
    const other = await addStructure(h, 7654321);
    const before = dayKey(parisDay(new Date()));

    const first = await h.api("POST", "/api/v1/flux-rejects", {
      rejects: [
        fluxReject(mairie.identifier, { paymentRequestNumber: "FAC-0001" }),
        fluxReject(other.identifier, { channel: "API", paymentRequestNumber: "FAC-0002" }),
        fluxReject(mairie.identifier, {
          channel: "PORTAIL_PDF_A3",
          paymentRequestNumber: "FAC-0003",
          depositDate: "2026-11-20T23:30:00Z",
        }),
      ],
    });

    expect(first.status).toBe(201);
    const day = dayKey(parisDay(new Date()));
    expect([before, day]).toContain(first.json.files[0].day);
    expect(first.json).toEqual({
      received: 3,
      files: expect.arrayContaining([
        {
          id: expect.any(String),
          emitterStructureIdentifier: mairie.identifier,
          day: expect.any(String),
          added: 2,
          total: 2,
        },
        {
          id: expect.any(String),
          emitterStructureIdentifier: other.identifier,
          day: expect.any(String),
          added: 1,
          total: 1,
        },
      ]),
    });
    expect(first.json.files).toHaveLength(2);
    const mairieFile = first.json.files.find(
      (file: { emitterStructureIdentifier: string }) => file.emitterStructureIdentifier === mairie.identifier,
    );

    const second = await h.api("POST", "/api/v1/flux-rejects", {
      rejects: [fluxReject(mairie.identifier, { paymentRequestNumber: "FAC-0004" })],
    });

    expect(second.status).toBe(201);
    expect(second.json.files).toEqual([{ ...mairieFile, added: 1, total: 3 }]);
    const { prisma } = h.database;
    expect(await prisma.fluxRejectFile.count()).toBe(2);
    const stored = await prisma.fluxReject.findMany({
      where: { fileId: mairieFile.id },
      orderBy: { paymentRequestNumber: "asc" },
    });
    expect(stored.map((reject) => reject.paymentRequestNumber)).toEqual(["FAC-0001", "FAC-0003", "FAC-0004"]);
    // The deposit of the 20th is filed with the day it was reported, not the day it was deposited.
    expect(stored[1]).toMatchObject({
      channel: "PORTAIL_PDF_A3",
      depositDate: new Date("2026-11-20T23:30:00Z"),
      fluxNumber: "FLUX-2026-0001",
      fileName: "factures-novembre.xml",
      recipient: "Direction régionale des finances publiques",
      rejectCode: "REJ_SIRET",
      rejectLabel: "Le SIRET du destinataire est inconnu.",
    });
  });

  it("refuses a malformed batch with the index and field of every bad line, and stores nothing of it", async () => {
    const mairie = await seedStructure(h);

    const answer = await h.api("POST", "/api/v1/flux-rejects", {
      rejects: [
        fluxReject(mairie.identifier),
        fluxReject(mairie.identifier, { channel: "FAX" }),
        fluxReject(mairie.identifier),
        fluxReject(mairie.identifier, { depositDate: "27/11/2026" }),
        fluxReject(mairie.identifier, { rejectLabel: undefined, fluxNumber: "  " }),
        fluxReject(mairie.identifier, { extra: "?" }),
      ],
    });

    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe("invalid_input");
    const fields = answer.json.error.details.map((detail: { field: string }) => detail.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "rejects[1].channel",
        "rejects[3].depositDate",
        "rejects[4].rejectLabel",
        "rejects[4].fluxNumber",
        "rejects[5]",
      ]),
    );
    expect(fields.some((field: string) => /^rejects\[[02]\]/.test(field))).toBe(false);
    for (const detail of answer.json.error.details) expect(detail.message).toEqual(expect.any(String));
    expect(await h.database.prisma.fluxReject.count()).toBe(0);
    expect(await h.database.prisma.fluxRejectFile.count()).toBe(0);
  });

  it("refuses a batch naming an unknown or an inactive emitter structure, line by line, and stores nothing of it", async () => {
    const mairie = await seedStructure(h);
    const closed = await addStructure(h, 7654321);
    await h.database.prisma.structure.update({ where: { id: closed.id }, data: { status: "INACTIVE" } });

    const answer = await h.api("POST", "/api/v1/flux-rejects", {
      rejects: [fluxReject(mairie.identifier), fluxReject("99999999999999"), fluxReject(closed.identifier)],
    });

    expect(answer.status).toBe(400);
    expect(answer.json.error.details).toEqual([
      {
        field: "rejects[1].emitterStructureIdentifier",
        message: "Aucune structure ne porte l'identifiant 99999999999999.",
      },
      {
        field: "rejects[2].emitterStructureIdentifier",
        message: `La structure ${closed.identifier} est inactive.`,
      },
    ]);
    expect(await h.database.prisma.fluxReject.count()).toBe(0);
    expect(await h.database.prisma.fluxRejectFile.count()).toBe(0);
  });

  it("refuses an empty batch, a batch over 1,000 rejects (400) and a body over 1 MB (413)", async () => {
    const mairie = await seedStructure(h);

    const empty = await h.api("POST", "/api/v1/flux-rejects", { rejects: [] });
    const tooMany = await h.api("POST", "/api/v1/flux-rejects", {
      rejects: Array.from({ length: 1001 }, () => fluxReject(mairie.identifier)),
    });
    const tooBig = await h.api("POST", "/api/v1/flux-rejects", {
      rejects: Array.from({ length: 1000 }, () =>
        fluxReject(mairie.identifier, { rejectLabel: "x".repeat(1000) }),
      ),
    });

    expect(empty.status).toBe(400);
    expect(empty.json.error.details.map((detail: { field: string }) => detail.field)).toEqual(["rejects"]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.details.map((detail: { field: string }) => detail.field)).toEqual(["rejects"]);
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error.code).toBe("invalid_input");
    expect(await h.database.prisma.fluxReject.count()).toBe(0);
  });

  it("stores a batch once when it is retried with the same Idempotency-Key", async () => {
    const mairie = await seedStructure(h);
    const body = { rejects: [fluxReject(mairie.identifier)] };
    const headers = { "Idempotency-Key": "lot-2026-11-28-001" };

    const first = await h.api("POST", "/api/v1/flux-rejects", body, headers);
    const retry = await h.api("POST", "/api/v1/flux-rejects", body, headers);

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(await h.database.prisma.fluxReject.count()).toBe(1);
  });
});
