import { type BeforeCommit, inTransaction } from "../../db/transaction.ts";
import { fluxRejectFileDay } from "../../domain/flux-rejects.ts";
import { dayKey } from "../../domain/pending-requests.ts";
import { AppError, type FieldError } from "../../errors.ts";
import type { FluxChannel } from "../../generated/prisma/enums.ts";
import type { ServiceContext } from "../context.ts";

/** One payment request sent by flux and rejected by Chorus Pro, as the emitting system reports it. */
export interface FluxRejectLine {
  channel: FluxChannel;
  fluxNumber: string;
  fileName: string;
  depositDate: Date;
  paymentRequestNumber: string;
  emitterStructureIdentifier: string;
  recipient: string;
  rejectCode: string;
  rejectLabel: string;
}

/** A file the batch added to: how many of the batch's rejects went there, and how many it holds now. */
export interface TouchedFluxRejectFile {
  id: string;
  emitterStructureIdentifier: string;
  /** "2026-11-28": the Paris day the file gathers. */
  day: string;
  added: number;
  total: number;
}

/**
 * Stores a batch of flux rejects in their emitters' files of the day of reception (created on the
 * first reject of the day, appended to after). Every line's emitter must be a known active structure,
 * or nothing of the batch is stored and each bad line is reported by index. `beforeCommit` ends its
 * transaction (the API's idempotent answer).
 */
export async function recordFluxRejects(
  ctx: ServiceContext,
  input: { rejects: FluxRejectLine[] },
  beforeCommit?: BeforeCommit<TouchedFluxRejectFile[]>,
): Promise<TouchedFluxRejectFile[]> {
  const { messages } = ctx;
  const now = ctx.now();
  const day = fluxRejectFileDay(now);
  const touched = await inTransaction(ctx.prisma, async (tx) => {
    const identifiers = [...new Set(input.rejects.map((reject) => reject.emitterStructureIdentifier))];
    const structures = await tx.structure.findMany({
      where: { identifier: { in: identifiers } },
      select: { id: true, identifier: true, status: true },
    });
    const byIdentifier = new Map(structures.map((structure) => [structure.identifier, structure]));
    const problems: FieldError[] = [];
    input.rejects.forEach(({ emitterStructureIdentifier: identifier }, index) => {
      const field = `rejects[${index}].emitterStructureIdentifier`;
      const structure = byIdentifier.get(identifier);
      if (!structure) problems.push({ field, message: messages.errors.structureNotFound(identifier) });
      else if (structure.status !== "ACTIVE")
        problems.push({ field, message: messages.errors.structureInactive(identifier) });
    });
    if (problems.length > 0) throw new AppError("invalid_input", messages.errors.invalidInput, problems);

    const structureIds = structures.map((structure) => structure.id);
    // The day's file may be created by a concurrent batch: the unique (structure, day) settles it.
    await tx.fluxRejectFile.createMany({
      data: structureIds.map((structureId) => ({ structureId, day, createdAt: now })),
      skipDuplicates: true,
    });
    const files = await tx.fluxRejectFile.findMany({
      where: { day, structureId: { in: structureIds } },
      select: { id: true, structureId: true },
    });
    const fileIdByStructure = new Map(files.map((file) => [file.structureId, file.id]));
    // Every emitter was checked above and has its file of the day now.
    const fileIdOf = (identifier: string) =>
      fileIdByStructure.get(byIdentifier.get(identifier)?.id ?? "") as string;
    await tx.fluxReject.createMany({
      data: input.rejects.map(({ emitterStructureIdentifier, ...reject }) => ({
        ...reject,
        fileId: fileIdOf(emitterStructureIdentifier),
        createdAt: now,
      })),
    });
    const totals = await tx.fluxReject.groupBy({
      by: ["fileId"],
      where: { fileId: { in: files.map((file) => file.id) } },
      _count: { _all: true },
    });
    const added = new Map<string, number>();
    for (const { emitterStructureIdentifier: identifier } of input.rejects) {
      added.set(identifier, (added.get(identifier) ?? 0) + 1);
    }
    const touchedFiles = structures.map((structure): TouchedFluxRejectFile => {
      const fileId = fileIdOf(structure.identifier);
      return {
        id: fileId,
        emitterStructureIdentifier: structure.identifier,
        day: dayKey(day),
        added: added.get(structure.identifier) ?? 0,
        total: totals.find((total) => total.fileId === fileId)?._count._all ?? 0,
      };
    });
    await beforeCommit?.(tx, touchedFiles);
    return touchedFiles;
  });
  ctx.logger.info({ rejects: input.rejects.length, files: touched.length }, "flux rejects recorded");
  return touched;
}
