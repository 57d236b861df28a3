import type { Readable } from "node:stream";
import { inTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { assertManagerOf } from "../structures/manager-access.ts";

export interface ExportedStructure {
  id: string;
  identifier: string;
  designation: string;
}

/** A CSV export ready to stream: checked before its first byte, so a refusal is still a clean answer. */
export interface CsvExport {
  filename: string;
  title: string;
  stream: Readable;
}

/** Rows per cursor fetch: big enough to keep the round trips few, small enough to bound the memory. */
export const EXPORT_PAGE_SIZE = 1000;

/**
 * The structure an export is about, checked before anything is read: it must exist, and a manager
 * acting from Slack must be its principal or secondary manager. `actor` null: a system authenticated
 * by the API's bearer token, which may export any structure.
 */
export async function loadExportedStructure(
  ctx: ServiceContext,
  actor: Actor | null,
  identifier: string,
): Promise<ExportedStructure> {
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await tx.structure.findUnique({
      where: { identifier },
      select: { id: true, identifier: true, designation: true, slackTeamId: true },
    });
    if (!structure) throw new AppError("not_found", ctx.messages.errors.structureNotFound(identifier));
    if (actor) await assertManagerOf(tx, ctx.messages, actor, structure);
    return structure;
  });
}
