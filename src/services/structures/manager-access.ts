import type { Tx } from "../../db/transaction.ts";
import { isManagerRole, strongestRole } from "../../domain/roles.ts";
import { AppError } from "../../errors.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Role } from "../../generated/prisma/enums.ts";
import type { Messages } from "../../i18n/index.ts";

/** The attachments that give `accountId` a role on a structure: validated, its account active. */
export function rolesHeldBy(accountId: string) {
  return {
    userId: accountId,
    status: "VALIDATED",
    user: { status: "ACTIVE" },
  } as const satisfies Prisma.AttachmentWhereInput;
}

/** A structure's active principal manager, as a relation select: its attachment's user id, if any. */
export const activePrincipalOfStructure = {
  where: { role: "PRINCIPAL_MANAGER", status: "VALIDATED", user: { status: "ACTIVE" } },
  select: { userId: true },
  take: 1,
} as const satisfies Prisma.Structure$attachmentsArgs;

/**
 * Checked on the server for every manager action, whatever the button carried: the account must hold
 * a validated principal or secondary manager attachment on the structure, and act from the structure's
 * Slack workspace when it is bound to one (over OAuth, anyone in another workspace may show a
 * manager's e-mail). Returns that role.
 */
export async function assertManagerOf(
  tx: Tx,
  messages: Messages,
  actor: { accountId: string; teamId: string | null },
  structure: { id: string; designation: string; identifier: string; slackTeamId: string | null },
): Promise<Role> {
  const attachments = await tx.attachment.findMany({
    where: { ...rolesHeldBy(actor.accountId), structureId: structure.id },
    select: { role: true },
  });
  return checkManagerRole(
    messages,
    actor,
    structure,
    attachments.map((attachment) => attachment.role),
  );
}

/** assertManagerOf on the roles already read (`rolesHeldBy` the actor on the structure). */
export function checkManagerRole(
  messages: Messages,
  actor: { teamId: string | null },
  structure: { designation: string; identifier: string; slackTeamId: string | null },
  roles: readonly Role[],
): Role {
  const role = strongestRole(roles);
  const named = `${structure.designation} (${structure.identifier})`;
  if (!role || !isManagerRole(role)) throw new AppError("forbidden", messages.errors.notManager(named));
  if (actor.teamId !== null && structure.slackTeamId !== null && structure.slackTeamId !== actor.teamId) {
    throw new AppError("forbidden", messages.errors.structureInOtherWorkspace(named));
  }
  return role;
}

/**
 * The structures a Slack workspace may act on: bound to it, or to no workspace yet. `teamId` null
 * (an actor outside Slack, a job) is bound by nothing.
 */
export function actionableFrom(teamId: string | null): Prisma.StructureWhereInput {
  return teamId === null ? {} : { OR: [{ slackTeamId: null }, { slackTeamId: teamId }] };
}

/**
 * The active structures an account manages (a validated principal or secondary manager attachment)
 * that its workspace may act on: a manager of structures in two workspaces sees in each only its own.
 */
export function structuresManagedBy(manager: {
  accountId: string;
  teamId: string | null;
}): Prisma.StructureWhereInput {
  return {
    status: "ACTIVE",
    attachments: {
      some: {
        userId: manager.accountId,
        status: "VALIDATED",
        role: { in: ["PRINCIPAL_MANAGER", "SECONDARY_MANAGER"] },
        user: { status: "ACTIVE" },
      },
    },
    AND: [actionableFrom(manager.teamId)],
  };
}
