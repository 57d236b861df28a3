import { AppError } from "../../errors.ts";
import { parisIsoDay } from "../../export/excel-csv.ts";
import type { ServiceContext } from "../context.ts";
import { findManagedStructures } from "../requests/list-manager-requests.ts";
import { isUuid } from "../requests/request-details.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import type { CsvExport } from "./export-scope.ts";
import { structureUsersCsv } from "./export-structure-users.ts";

/**
 * "Exporter (CSV)" on users selected in the search: the users export's columns and the structure's
 * (a selection spans several), one row per validated
 * attachment of those accounts on the structures the actor manages. Attachments elsewhere never
 * appear, whatever ids the selection carried; a selection with nothing of the actor's is refused
 * before the first byte, so the manager gets a message rather than an empty file.
 */
export async function exportSelectedUsers(
  ctx: ServiceContext,
  actor: Actor,
  input: { accountIds: readonly string[] },
): Promise<CsvExport> {
  const { messages } = ctx;
  if (input.accountIds.length === 0) throw new AppError("invalid_input", messages.exports.emptySelection);
  // An id that is no account (a tampered button value) is simply not exported, like a foreign one.
  const accountIds = [...new Set(input.accountIds.filter(isUuid))];
  const structureIds = (await findManagedStructures(ctx.prisma, actor)).map(({ id }) => id);
  const exportedAccounts = await ctx.prisma.attachment.findMany({
    where: { userId: { in: accountIds }, structureId: { in: structureIds }, status: "VALIDATED" },
    distinct: ["userId"],
    select: { userId: true },
  });
  if (exportedAccounts.length === 0) {
    ctx.logger.warn(
      { by: actor.accountId, selected: input.accountIds.length },
      "selected users export refused: none attached to a managed structure",
    );
    throw new AppError("forbidden", messages.exports.selectionNotManaged);
  }
  ctx.logger.info(
    { by: actor.accountId, accounts: exportedAccounts.length, structures: structureIds.length },
    "selected users export",
  );
  return {
    filename: messages.exports.selectionFilename(parisIsoDay(ctx.now())),
    title: messages.exports.selectionTitle(exportedAccounts.length),
    stream: structureUsersCsv(ctx.exportReader, messages, {
      structureIds,
      accountIds: exportedAccounts.map(({ userId }) => userId),
      withStructure: true,
    }),
  };
}
