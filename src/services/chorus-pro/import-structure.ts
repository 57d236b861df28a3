import type { TechnicalAccount } from "../../chorus-pro/api.ts";
import type { BeforeCommit } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import type { IdentifierType } from "../../generated/prisma/enums.ts";
import type { NewAccount } from "../accounts/create-user.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import {
  type CreatedStructure,
  checkStructureIdentifier,
  createStructure,
} from "../structures/create-structure.ts";
import { askChorusPro, requireChorusPro, sealTechnicalPassword } from "./chorus-pro-link.ts";

export interface ImportStructureInput {
  identifier: string;
  identifierType: IdentifierType;
  technicalAccount: TechnicalAccount;
  /** From Slack, the caller; through the API, the account the system names. */
  principalManager: NewAccount;
  slackChannelId: string | null;
  slackTeamId?: string | undefined;
  /** Who imports it from Slack (their history line); null through the API. */
  actor: { accountId: string; slackUserId: string | null } | null;
}

/**
 * Imports a structure from Chorus Pro with its technical account: found by its identifier, read
 * (designation, kind, services with their state, spaces of the structure and of each service), then
 * registered here as a pushed structure is, with its principal manager, its connection (the password
 * sealed) and « Import de la structure depuis Chorus Pro » in its history, in one transaction.
 * Chorus Pro is read first, outside it: what it refuses (credentials, a structure the account cannot
 * see) is refused with its reason, and nothing is written.
 */
export async function importStructure(
  ctx: ServiceContext,
  input: ImportStructureInput,
  beforeCommit?: BeforeCommit<CreatedStructure>,
): Promise<CreatedStructure> {
  const { messages } = ctx;
  const link = requireChorusPro(ctx);
  const identifier = checkStructureIdentifier(messages, input.identifierType, input.identifier);
  const account = input.technicalAccount;
  const fields = { account: "technicalAccount", subject: "identifier" };
  const found = await askChorusPro(
    () => link.api.findStructure(account, identifier, input.identifierType),
    fields,
  );
  if (!found) {
    const message = messages.chorusProImport.notFound(identifier);
    throw new AppError("not_found", message, [{ field: "identifier", message }]);
  }
  const [structure, services, spaces] = await askChorusPro(
    () =>
      Promise.all([
        link.api.consultStructure(account, found.chorusProId),
        link.api.listServices(account, found.chorusProId),
        link.api.listSpaces(account, found.chorusProId),
      ]),
    fields,
  );
  const imported = await createStructure(
    ctx,
    {
      identifier,
      identifierType: input.identifierType,
      designation: structure.designation,
      // Chorus Pro names the kind of most structures; the app's users are mostly public bodies.
      kind: structure.kind ?? "PUBLIQUE",
      spaces: spaces.structure,
      services: services.map((service) => ({
        code: service.code,
        label: service.label,
        active: service.active,
        spaces: spaces.byService.get(service.code) ?? spaces.structure,
        chorusProId: BigInt(service.chorusProId),
      })),
      principalManager: input.principalManager,
      slackChannelId: input.slackChannelId,
      slackTeamId: input.slackTeamId,
    },
    async (tx, created) => {
      await tx.chorusProConnection.create({
        data: {
          structureId: created.id,
          chorusProId: BigInt(found.chorusProId),
          technicalLogin: account.login,
          technicalPassword: sealTechnicalPassword(link, created.id, account.password),
          passwordExpiresAt: structure.technicalPasswordExpiresAt,
          lastSyncedAt: ctx.now(),
        },
      });
      await appendHistory(tx, {
        structureId: created.id,
        action: "STRUCTURE_IMPORTED",
        actorId: input.actor?.accountId ?? null,
        actorSlackUserId: input.actor?.slackUserId ?? null,
        targetUserId: created.principalManager.id,
        comment: messages.chorusProImport.historyComment(String(found.chorusProId)),
        details: { identifier, services: services.length, spaces: spaces.structure },
        createdAt: ctx.now(),
      });
      await beforeCommit?.(tx, created);
    },
  );
  ctx.logger.info(
    { structureId: imported.id, chorusProId: found.chorusProId, services: services.length },
    "structure imported from Chorus Pro",
  );
  return imported;
}
