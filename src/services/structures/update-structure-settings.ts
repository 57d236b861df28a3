import { inTransaction } from "../../db/transaction.ts";
import { searchKey } from "../../domain/search-key.ts";
import { AppError } from "../../errors.ts";
import type { Space } from "../../generated/prisma/enums.ts";
import type { ServiceContext } from "../context.ts";
import { checkPigpAllowed } from "./pigp.ts";
import { applyStructureSpaces } from "./structure-spaces.ts";

export interface StructureSettingsInput {
  identifier: string;
  designation?: string | undefined;
  /** The spaces the structure uses from now on. */
  spaces?: Space[] | undefined;
  /** The Slack workspace whose members may act on it from now on (see resolveSlackActor). */
  slackTeamId?: string | undefined;
  /** Whether it goes through the PIGP (a public structure only). */
  viaPigp?: boolean | undefined;
}

/**
 * Changes a structure's settings. When it starts using new spaces, every user attached to it gets an
 * automatic subscription request for those of the new spaces their role opens and they cannot reach yet (the guide:
 * "automatiquement suite au paramétrage de la structure"), for all services, in modification.
 */
export async function updateStructureSettings(ctx: ServiceContext, input: StructureSettingsInput) {
  const { messages } = ctx;
  const result = await inTransaction(ctx.prisma, async (tx) => {
    const structure = await tx.structure.findUnique({ where: { identifier: input.identifier } });
    if (!structure) throw new AppError("not_found", messages.errors.structureNotFound(input.identifier));
    if (structure.status !== "ACTIVE")
      throw new AppError("conflict", messages.errors.structureInactive(structure.identifier));
    if (input.viaPigp) checkPigpAllowed(messages, structure.kind);
    const updated = await tx.structure.update({
      where: { id: structure.id },
      data: {
        ...(input.designation !== undefined
          ? { designation: input.designation, designationKey: searchKey(input.designation) }
          : {}),
        ...(input.spaces !== undefined ? { spaces: [...new Set(input.spaces)] } : {}),
        ...(input.slackTeamId !== undefined ? { slackTeamId: input.slackTeamId } : {}),
        ...(input.viaPigp !== undefined ? { viaPigp: input.viaPigp } : {}),
      },
    });
    const generatedRequestIds = await applyStructureSpaces(
      tx,
      structure.id,
      { before: structure.spaces, after: updated.spaces },
      ctx.now(),
    );
    return { structure: updated, generatedRequestIds };
  });
  if (result.generatedRequestIds.length > 0) ctx.outboxWritten();
  ctx.logger.info(
    { structureId: result.structure.id, generated: result.generatedRequestIds.length },
    "structure settings updated",
  );
  return result;
}
