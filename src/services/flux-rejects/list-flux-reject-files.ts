import { oldestKeptFluxRejectDay } from "../../domain/flux-rejects.ts";
import { AppError } from "../../errors.ts";
import type { ServiceContext } from "../context.ts";
import { findManagedStructures } from "../requests/list-manager-requests.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";

/** Files listed at most: five groups of ten checkboxes, well within a modal's 100 blocks. */
export const MAX_LISTED_FLUX_REJECT_FILES = 50;

/** One downloadable file of rejects: one emitter structure, one day. */
export interface FluxRejectFileSummary {
  id: string;
  /** The Paris day the file gathers (UTC midnight, as `@db.Date` stores it). */
  day: Date;
  structure: { identifier: string; designation: string };
  rejectCount: number;
}

export interface FluxRejectFileList {
  /** The newest files first, at most MAX_LISTED_FLUX_REJECT_FILES. */
  files: FluxRejectFileSummary[];
  /** How many files are available in all, listed or not. */
  total: number;
  /** The structure the list was narrowed to, if any. */
  identifier: string | null;
}

/**
 * "Accéder aux rejets EDI": the files still kept of the structures the actor manages as principal
 * or secondary manager (optionally one of them), newest first. Anyone else is refused.
 */
export async function listFluxRejectFiles(
  ctx: ServiceContext,
  actor: Actor,
  input: { identifier: string | null },
): Promise<FluxRejectFileList> {
  const managed = await findManagedStructures(ctx.prisma, actor);
  if (managed.length === 0) throw new AppError("forbidden", ctx.messages.fluxRejects.managersOnly);
  const structures = input.identifier
    ? managed.filter((structure) => structure.identifier === input.identifier)
    : managed;
  if (input.identifier && structures.length === 0) {
    throw new AppError("forbidden", ctx.messages.errors.notManager(input.identifier));
  }
  const where = {
    structureId: { in: structures.map((structure) => structure.id) },
    day: { gte: oldestKeptFluxRejectDay(ctx.now()) },
  };
  const [files, total] = await Promise.all([
    ctx.prisma.fluxRejectFile.findMany({
      where,
      orderBy: [{ day: "desc" }, { structure: { designation: "asc" } }, { id: "asc" }],
      take: MAX_LISTED_FLUX_REJECT_FILES,
      select: {
        id: true,
        day: true,
        structure: { select: { identifier: true, designation: true } },
        _count: { select: { rejects: true } },
      },
    }),
    ctx.prisma.fluxRejectFile.count({ where }),
  ]);
  return {
    files: files.map(({ _count, ...file }) => ({ ...file, rejectCount: _count.rejects })),
    total,
    identifier: input.identifier,
  };
}
