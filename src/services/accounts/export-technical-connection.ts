import { AppError } from "../../errors.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { loadTechnicalUser, type TechnicalStructure, type TechnicalUser } from "./create-technical-user.ts";

/**
 * "Exporter les informations de connexion" of a structure's technical user, on demand: what the
 * connection PDF states without the password, which is never stored (it is handed over only at
 * creation and reset). Principal manager only, as every technical user function; writes nothing.
 */
export async function exportTechnicalConnection(
  ctx: ServiceContext,
  actor: Actor,
  input: { structureId: string; userId: string },
): Promise<{ structure: TechnicalStructure; account: TechnicalUser; at: Date }> {
  const { structure, technicalUser } = await loadTechnicalUser(ctx, actor, { id: input.structureId });
  if (technicalUser?.id !== input.userId)
    throw new AppError("not_found", ctx.messages.technicalUser.notFound);
  return { structure, account: technicalUser, at: ctx.now() };
}
