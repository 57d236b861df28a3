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
  type SuccessorDesignation,
  successorField,
} from "./transfer-principal.ts";

/**
 * How many structures one "Désactiver mon compte" modal lists, one successor each: three blocks each,
 * within Slack's 100 blocks per modal. A principal of more designates one successor for all.
 */
export const MAX_STRUCTURES_AT_ONCE = 30;

/** The field of "Un seul nouveau gestionnaire principal pour toutes vos structures". */
export const SUCCESSOR_FOR_ALL_FIELD = "successor.all";

/** What "Désactiver mon compte" offers: a successor per structure (up to 30 listed), or one for all. */
export interface DeactivationChoices {
  /** The structures listed one by one; none beyond MAX_STRUCTURES_AT_ONCE. */
  choices: HandoverChoice[];
  /** How many structures the account is principal of. */
  total: number;
}

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
 * The field errors of structures designated through the one successor for all, moved under that
 * field and naming their structure (the others stay under their own).
 */
function underSuccessorForAll(
  error: unknown,
  structures: readonly PrincipalStructure[],
  own: readonly DesignatedSuccessor[],
): unknown {
  if (!(error instanceof AppError) || error.code !== "invalid_input") return error;
  const ownFields = new Set(
    own
      .filter((designated) => designated.designation.loginEmail || designated.designation.candidateId)
      .map((designated) => successorField(designated.structureId)),
  );
  const details = error.details.map((detail) => {
    if (ownFields.has(detail.field)) return detail;
    const structure = structures.find((candidate) => successorField(candidate.id) === detail.field);
    const named = structure ? `${structure.designation} (${structure.identifier}) : ` : "";
    return { field: SUCCESSOR_FOR_ALL_FIELD, message: `${named}${detail.message}` };
  });
  const forAll = details.filter((detail) => detail.field === SUCCESSOR_FOR_ALL_FIELD);
  const merged =
    forAll.length > 0
      ? [
          ...details.filter((detail) => detail.field !== SUCCESSOR_FOR_ALL_FIELD),
          { field: SUCCESSOR_FOR_ALL_FIELD, message: forAll.map((detail) => detail.message).join("\n") },
        ]
      : details;
  return new AppError("invalid_input", error.message, merged);
}

/**
 * `/chorus desactiver`: the structures the caller must first hand over (none: they can deactivate
 * directly), each with whom it may go to.
 */
export async function prepareDeactivation(ctx: ServiceContext, actor: Actor): Promise<DeactivationChoices> {
  return inTransaction(ctx.prisma, async (tx) => {
    const structures = await principalStructures(tx, actor.accountId);
    refuseIfOnPigp(ctx.messages, structures);
    const choices: HandoverChoice[] = [];
    // Beyond what a modal lists, the one successor for all is the way.
    if (structures.length <= MAX_STRUCTURES_AT_ONCE) {
      for (const structure of structures) {
        const candidates = await listSuccessorCandidates(tx, structure.id, actor.accountId, CANDIDATE_LIMIT);
        choices.push({ structure, candidates });
      }
    }
    return { choices, total: structures.length };
  });
}

/**
 * Each structure's designation: its own, or else the one successor for all. Errors about a structure
 * designated through the one for all are told under that field, naming the structure.
 */
function withSuccessorForAll(
  structures: readonly PrincipalStructure[],
  own: readonly DesignatedSuccessor[],
  forAll: SuccessorDesignation,
): DesignatedSuccessor[] {
  const designatedAlone = (designation: SuccessorDesignation | undefined) =>
    Boolean(designation?.loginEmail || designation?.candidateId);
  return structures.map((structure) => {
    const mine = own.find((designated) => designated.structureId === structure.id);
    return mine && designatedAlone(mine.designation)
      ? mine
      : { structureId: structure.id, designation: forAll };
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
  input: { successors: DesignatedSuccessor[]; successorForAll?: string | null },
): Promise<{ reactivableUntil: Date }> {
  const { messages } = ctx;
  const at = ctx.now();
  await inTransaction(ctx.prisma, async (tx) => {
    await lockStructures(
      tx,
      (await principalStructures(tx, actor.accountId)).map((structure) => structure.id),
    );
    const forAll = input.successorForAll?.trim() || null;
    // With one successor for all, the structures are those the account holds now, whatever was listed.
    const structures = forAll
      ? await principalStructures(tx, actor.accountId)
      : await principalStructuresAsDesignated(
          tx,
          ctx,
          actor,
          new Set(input.successors.map((successor) => successor.structureId)),
        );
    const designated = new Set(structures.map((structure) => structure.id));
    refuseIfOnPigp(messages, structures);
    const designations = forAll
      ? withSuccessorForAll(structures, input.successors, { loginEmail: forAll, candidateId: null })
      : input.successors;
    const successors = await resolveSuccessors(tx, messages, actor.accountId, designations).catch(
      (error: unknown) => {
        throw forAll ? underSuccessorForAll(error, structures, input.successors) : error;
      },
    );
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
