import { inTransaction, type Tx } from "../../db/transaction.ts";
import { searchKey } from "../../domain/search-key.ts";
import { AppError, type FieldError } from "../../errors.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { Space } from "../../generated/prisma/enums.ts";
import type { Messages } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import { isUuid } from "../requests/request-details.ts";
import { lockStructures } from "../row-locks.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { assertManagerOf } from "./manager-access.ts";
import { applyStructureSpaces } from "./structure-spaces.ts";

/** What "Modifier la structure" changes: the guide's fields of the structure's settings. */
export interface StructureEdit {
  designation: string;
  spaces: Space[];
  hasBillingMandate: boolean;
  pacageNumber: string | null;
  socialRegime: string | null;
  vatNumber: string | null;
  /** "Informations de raccordement", free text. */
  connectionInfo: string | null;
}

/** A structure as its principal manager edits it. */
export interface EditableStructure extends StructureEdit {
  id: string;
  identifier: string;
}

export const MAX_DESIGNATION = 200;
export const MAX_CONNECTION_INFO = 2000;
const MAX_SOCIAL_REGIME = 100;

/** The text of the stored connection information (written by this form as `{ text }`). */
function connectionText(value: unknown): string | null {
  if (value && typeof value === "object" && "text" in value && typeof value.text === "string")
    return value.text;
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** A structure row's settings, as the form shows and compares them. */
function settingsOf(structure: Prisma.StructureGetPayload<object>): StructureEdit {
  return {
    designation: structure.designation,
    spaces: structure.spaces,
    hasBillingMandate: structure.hasBillingMandate,
    pacageNumber: structure.pacageNumber,
    socialRegime: structure.socialRegime,
    vatNumber: structure.vatNumber,
    connectionInfo: connectionText(structure.connectionInfo),
  };
}

/** The structure, active, whose principal manager the actor is (only they configure it, as the guide says). */
export async function loadEditableStructure(tx: Tx, messages: Messages, actor: Actor, structureId: string) {
  const structure = isUuid(structureId)
    ? await tx.structure.findUnique({ where: { id: structureId } })
    : null;
  if (!structure) throw new AppError("not_found", messages.attachUser.structureNotFound);
  const role = await assertManagerOf(tx, messages, actor, structure);
  const named = `${structure.designation} (${structure.identifier})`;
  if (role !== "PRINCIPAL_MANAGER")
    throw new AppError("forbidden", messages.structureEdit.principalOnly(named));
  if (structure.status !== "ACTIVE") throw new AppError("conflict", messages.errors.structureInactive(named));
  return structure;
}

/** "Modifier la structure": the current settings, for the principal manager only. */
export async function prepareStructureEdit(
  ctx: ServiceContext,
  actor: Actor,
  structureId: string,
): Promise<EditableStructure> {
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await loadEditableStructure(tx, ctx.messages, actor, structureId);
    return { id: structure.id, identifier: structure.identifier, ...settingsOf(structure) };
  });
}

/** Checks the fields as typed; every field error at once. */
function checkEdit(messages: Messages, input: StructureEdit): StructureEdit {
  const labels = messages.structureEdit;
  const errors: FieldError[] = [];
  const designation = input.designation.trim();
  if (!designation) errors.push({ field: "designation", message: labels.designationRequired });
  else if (designation.length > MAX_DESIGNATION)
    errors.push({ field: "designation", message: messages.errors.textTooLong(MAX_DESIGNATION) });
  const blank = (value: string | null) => value?.trim() || null;
  const pacageNumber = blank(input.pacageNumber);
  if (pacageNumber && !/^\d{9}$/.test(pacageNumber))
    errors.push({ field: "pacageNumber", message: labels.pacageInvalid });
  const socialRegime = blank(input.socialRegime);
  if (socialRegime && socialRegime.length > MAX_SOCIAL_REGIME)
    errors.push({ field: "socialRegime", message: messages.errors.textTooLong(MAX_SOCIAL_REGIME) });
  const vatNumber = blank(input.vatNumber)?.replace(/\s/g, "").toUpperCase() ?? null;
  if (vatNumber && !/^[A-Z]{2}[A-Z0-9]{2,13}$/.test(vatNumber))
    errors.push({ field: "vatNumber", message: labels.vatInvalid });
  const connectionInfo = blank(input.connectionInfo);
  if (connectionInfo && connectionInfo.length > MAX_CONNECTION_INFO)
    errors.push({ field: "connectionInfo", message: messages.errors.textTooLong(MAX_CONNECTION_INFO) });
  const spaces = [...new Set(input.spaces)].filter((space) => space in Space);
  if (errors.length > 0) throw new AppError("invalid_input", messages.errors.invalidInput, errors);
  return {
    designation,
    spaces,
    hasBillingMandate: input.hasBillingMandate,
    pacageNumber,
    socialRegime,
    vatNumber,
    connectionInfo,
  };
}

/**
 * "Modifier la structure" by its principal manager: designation, spaces used, billing mandate, PACAGE,
 * social regime, VAT number and connection information. New spaces generate the automatic subscription
 * requests (as the API's settings do); the history records what changed, from and to. One
 * transaction; nothing is written when nothing changed.
 */
export async function editStructure(
  ctx: ServiceContext,
  actor: Actor,
  input: StructureEdit & { structureId: string },
): Promise<{ changed: string[]; generatedRequestIds: string[] }> {
  const { messages } = ctx;
  const wanted = checkEdit(messages, input);
  const at = ctx.now();
  const done = await inTransaction(ctx.prisma, async (tx) => {
    await lockStructures(tx, [input.structureId].filter(isUuid));
    const structure = await loadEditableStructure(tx, messages, actor, input.structureId);
    const before = settingsOf(structure);
    const same = (key: keyof StructureEdit) =>
      key === "spaces"
        ? [...before.spaces].sort().join() === [...wanted.spaces].sort().join()
        : before[key] === wanted[key];
    const changed = (Object.keys(wanted) as (keyof StructureEdit)[]).filter((key) => !same(key));
    if (changed.length === 0) return { changed, generatedRequestIds: [] };
    await tx.structure.update({
      where: { id: structure.id },
      data: {
        designation: wanted.designation,
        designationKey: searchKey(wanted.designation),
        spaces: wanted.spaces,
        hasBillingMandate: wanted.hasBillingMandate,
        pacageNumber: wanted.pacageNumber,
        socialRegime: wanted.socialRegime,
        vatNumber: wanted.vatNumber,
        connectionInfo: wanted.connectionInfo === null ? Prisma.DbNull : { text: wanted.connectionInfo },
      },
    });
    await appendHistory(tx, {
      structureId: structure.id,
      action: "STRUCTURE_UPDATED",
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      details: Object.fromEntries(changed.map((key) => [key, { from: before[key], to: wanted[key] }])),
      createdAt: at,
    });
    const spaces = { before: before.spaces, after: wanted.spaces };
    return { changed, generatedRequestIds: await applyStructureSpaces(tx, structure.id, spaces, at) };
  });
  if (done.generatedRequestIds.length > 0) ctx.outboxWritten();
  ctx.logger.info({ structureId: input.structureId, changed: done.changed }, "structure edited");
  return done;
}
