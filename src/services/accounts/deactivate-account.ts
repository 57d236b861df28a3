import { inTransaction, type Tx } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import type { StructureKind } from "../../generated/prisma/enums.ts";
import type { Messages } from "../../i18n/index.ts";
import { enqueueDelivery } from "../../notify/outbox.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistoryOfAccount } from "../history/history.ts";
import { lockStructures } from "../row-locks.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { REACTIVATION_PERIOD_DAYS, reactivableUntil } from "./reactivate-account.ts";
import {
  CANDIDATE_LIMIT,
  type DesignatedSuccessor,
  type HandedOverStructure,
  type HandoverChoice,
  handOverPrincipal,
  listSuccessorCandidates,
  resolveSuccessors,
} from "./transfer-principal.ts";

/**
 * How many structures one "Désactiver mon compte" modal hands over: three blocks each, within Slack's
 * 100 blocks per modal. A principal of more structures hands some over first with /chorus transferer.
 */
export const MAX_STRUCTURES_AT_ONCE = 30;

/** A structure the account is principal of, with what decides whether it may leave it (the PIGP). */
type PrincipalStructure = HandedOverStructure & { kind: StructureKind; viaPigp: boolean };

/** The active structures whose principal manager the account is. */
async function principalStructures(tx: Tx, accountId: string): Promise<PrincipalStructure[]> {
  return tx.structure.findMany({
    where: {
      status: "ACTIVE",
      attachments: { some: { userId: accountId, role: "PRINCIPAL_MANAGER", status: "VALIDATED" } },
    },
    select: { id: true, identifier: true, designation: true, kind: true, viaPigp: true },
    orderBy: [{ designationKey: "asc" }, { identifier: "asc" }],
  });
}

/**
 * The guide's case B ("ne pas conserver son accès") is only for private structures and public ones
 * not going through the PIGP: the principal of one that does must hand it over keeping access.
 */
function refuseIfOnPigp(messages: Messages, structures: readonly PrincipalStructure[]): void {
  const onPigp = structures.filter((structure) => structure.kind === "PUBLIQUE" && structure.viaPigp);
  if (onPigp.length === 0) return;
  const named = onPigp.map((structure) => `${structure.designation} (${structure.identifier})`).join(", ");
  throw new AppError("conflict", messages.handover.deactivationRefusedPigp(named));
}

/** The structures the account is principal of, refused unless they are those the modal listed. */
async function principalStructuresAsDesignated(
  tx: Tx,
  ctx: ServiceContext,
  actor: Actor,
  designated: ReadonlySet<string>,
): Promise<PrincipalStructure[]> {
  const structures = await principalStructures(tx, actor.accountId);
  if (
    structures.length !== designated.size ||
    structures.some((structure) => !designated.has(structure.id))
  ) {
    throw new AppError("conflict", ctx.messages.handover.structuresChanged);
  }
  return structures;
}

/**
 * `/chorus desactiver`: the structures the caller must first hand over (none: they can deactivate
 * directly), each with whom it may go to.
 */
export async function prepareDeactivation(ctx: ServiceContext, actor: Actor): Promise<HandoverChoice[]> {
  return inTransaction(ctx.prisma, async (tx) => {
    const structures = await principalStructures(tx, actor.accountId);
    refuseIfOnPigp(ctx.messages, structures);
    if (structures.length > MAX_STRUCTURES_AT_ONCE) {
      throw new AppError(
        "conflict",
        ctx.messages.handover.tooManyStructures(structures.length, MAX_STRUCTURES_AT_ONCE),
      );
    }
    const choices: HandoverChoice[] = [];
    for (const structure of structures) {
      const candidates = await listSuccessorCandidates(tx, structure.id, actor.accountId, CANDIDATE_LIMIT);
      choices.push({ structure, candidates });
    }
    return choices;
  });
}

/**
 * Case B of the guide ("ne pas conserver son accès"): hands over every structure the caller is
 * principal of, to the successor designated for each, then deactivates the account (reactivable for
 * 60 days); its attachments stay as they are, the handed-over ones as simple user. All or nothing, in
 * one transaction holding the structures' locks: a structure that changed hands since the modal opened
 * (a concurrent handover) aborts the whole deactivation.
 */
export async function deactivateAccount(
  ctx: ServiceContext,
  actor: Actor,
  input: { successors: DesignatedSuccessor[] },
): Promise<{ reactivableUntil: Date }> {
  const { messages } = ctx;
  const at = ctx.now();
  await inTransaction(ctx.prisma, async (tx) => {
    await lockStructures(
      tx,
      (await principalStructures(tx, actor.accountId)).map((structure) => structure.id),
    );
    const designated = new Set(input.successors.map((successor) => successor.structureId));
    const structures = await principalStructuresAsDesignated(tx, ctx, actor, designated);
    refuseIfOnPigp(messages, structures);
    const successors = await resolveSuccessors(tx, messages, actor.accountId, input.successors);
    // Once the account is locked, nobody can make it principal elsewhere: a handover to it that
    // committed while this waited for the lock shows now.
    await principalStructuresAsDesignated(tx, ctx, actor, designated);
    for (const structure of structures) {
      const successor = successors.get(structure.id);
      if (!successor) throw new Error(`no successor resolved for structure ${structure.id}`);
      await handOverPrincipal(tx, messages, { structure, actor, successor, keepsAccess: false, at });
    }
    const deactivated = await tx.userAccount.updateMany({
      where: { id: actor.accountId, status: "ACTIVE" },
      data: { status: "DEACTIVATED", deactivatedAt: at },
    });
    if (deactivated.count === 0) throw new AppError("conflict", messages.handover.alreadyDeactivated);
    await appendHistoryOfAccount(tx, actor.accountId, {
      action: "ACCOUNT_DEACTIVATED",
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      details: { reactivationPeriodDays: REACTIVATION_PERIOD_DAYS },
      createdAt: at,
    });
    // No longer a manager anywhere: the Home tab empties.
    await enqueueDelivery(tx, "SLACK_PUBLISH_HOME", { accountId: actor.accountId });
  });
  ctx.outboxWritten();
  ctx.logger.info({ accountId: actor.accountId, handedOver: input.successors.length }, "account deactivated");
  return { reactivableUntil: reactivableUntil(at) };
}
