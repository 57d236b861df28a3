import { inTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import type { IdentifierType, Role, StructureKind, StructureStatus } from "../../generated/prisma/enums.ts";
import { ACCOUNT_SUMMARY_SELECT, type AccountSummary } from "../accounts/account-summary.ts";
import { ATTACHMENT_LINE_SELECT, type FoundAttachment, groupByStructure } from "../accounts/search-users.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { identifierChangeProblem } from "./change-structure-identifier.ts";
import { assertManagerOf } from "./manager-access.ts";

/** How many services, secondary managers and duplicates a card lists (the rest are counted), and its users per page. */
export const CARD_LIMITS = { services: 20, secondaryManagers: 20, duplicates: 10, usersPerPage: 10 } as const;

export interface CardPerson {
  firstName: string;
  lastName: string;
  loginEmail: string;
}

export interface LinkedStructure {
  identifier: string;
  designation: string;
  status: StructureStatus;
}

/** A user attached to the structure, as its card lists them: role, scope, and what is "à venir". */
export interface CardUser extends AccountSummary {
  technical: boolean;
  /** One line when effective; a second one for what starts later (see groupByStructure). */
  attachments: FoundAttachment[];
}

/** The "fiche structure" as its managers see it. */
export interface StructureCard {
  id: string;
  identifier: string;
  identifierType: IdentifierType;
  designation: string;
  kind: StructureKind;
  status: StructureStatus;
  hasBillingMandate: boolean;
  /** The first services by code, and how many there are in all. */
  services: { code: string; label: string; active: boolean }[];
  serviceCount: number;
  principalManager: CardPerson | null;
  secondaryManagers: CardPerson[];
  secondaryManagerCount: number;
  /** The structure this one was duplicated from by a SIRET change. */
  origin: LinkedStructure | null;
  /** The structures duplicated from this one, newest first. */
  duplicates: LinkedStructure[];
  duplicateCount: number;
  /** "Utilisateurs rattachés à la structure" (validated or to come), by name, one page of them. */
  users: CardUser[];
  userCount: number;
  usersPage: number;
  usersPageCount: number;
  /** Whether "Modifier l'identifiant" is offered (checked again when submitted). */
  canChangeIdentifier: boolean;
  /** Whether "Modifier la structure" is offered: to its principal manager (checked again when submitted). */
  canEdit: boolean;
}

const personFields = { firstName: true, lastName: true, loginEmail: true } as const;
const linkFields = { identifier: true, designation: true, status: true } as const;

function managersWhere(structureId: string, role: Role) {
  return { attachments: { some: { structureId, role, status: "VALIDATED" as const } } };
}

/**
 * `/chorus structure <identifiant>`: the structure card, readable by its principal and secondary
 * managers only, inactive structures included (their history stays readable).
 */
export async function loadStructureCard(
  ctx: ServiceContext,
  actor: Actor,
  input: { identifier: string; usersPage?: number | undefined },
): Promise<StructureCard> {
  const { messages } = ctx;
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await tx.structure.findUnique({
      where: { identifier: input.identifier },
      include: { originStructure: { select: linkFields } },
    });
    if (!structure) throw new AppError("not_found", messages.errors.structureNotFound(input.identifier));
    const role = await assertManagerOf(tx, messages, actor, structure);
    const byName = [{ lastName: "asc" as const }, { firstName: "asc" as const }];
    // One after the other: a transaction is one connection, and pg no longer queues concurrent queries.
    const services = await tx.service.findMany({
      where: { structureId: structure.id },
      select: { code: true, label: true, active: true },
      orderBy: { code: "asc" },
      take: CARD_LIMITS.services,
    });
    const serviceCount = await tx.service.count({ where: { structureId: structure.id } });
    const principalManager = await tx.userAccount.findFirst({
      where: managersWhere(structure.id, "PRINCIPAL_MANAGER"),
      select: personFields,
    });
    const secondaryManagers = await tx.userAccount.findMany({
      where: managersWhere(structure.id, "SECONDARY_MANAGER"),
      select: personFields,
      orderBy: byName,
      take: CARD_LIMITS.secondaryManagers,
    });
    const secondaryManagerCount = await tx.userAccount.count({
      where: managersWhere(structure.id, "SECONDARY_MANAGER"),
    });
    const duplicates = await tx.structure.findMany({
      where: { originStructureId: structure.id },
      select: linkFields,
      orderBy: { createdAt: "desc" },
      take: CARD_LIMITS.duplicates,
    });
    const duplicateCount = await tx.structure.count({ where: { originStructureId: structure.id } });
    const attached = {
      structureId: structure.id,
      status: { in: ["VALIDATED" as const, "UPCOMING" as const] },
    };
    const userCount = await tx.userAccount.count({ where: { attachments: { some: attached } } });
    const usersPageCount = Math.max(1, Math.ceil(userCount / CARD_LIMITS.usersPerPage));
    const usersPage = Math.min(Math.max(0, Math.trunc(input.usersPage ?? 0) || 0), usersPageCount - 1);
    const userRows = await tx.userAccount.findMany({
      where: { attachments: { some: attached } },
      select: {
        ...ACCOUNT_SUMMARY_SELECT,
        technical: true,
        attachments: {
          where: attached,
          select: ATTACHMENT_LINE_SELECT,
        },
      },
      orderBy: [...byName, { id: "asc" }],
      skip: usersPage * CARD_LIMITS.usersPerPage,
      take: CARD_LIMITS.usersPerPage,
    });
    const thisStructure = new Map([[structure.id, structure]]);
    const users = userRows.map(({ attachments, ...user }) => ({
      ...user,
      attachments: groupByStructure(attachments, thisStructure),
    }));
    return {
      id: structure.id,
      identifier: structure.identifier,
      identifierType: structure.identifierType,
      designation: structure.designation,
      kind: structure.kind,
      status: structure.status,
      hasBillingMandate: structure.hasBillingMandate,
      services,
      serviceCount,
      principalManager,
      secondaryManagers,
      secondaryManagerCount,
      origin: structure.originStructure,
      duplicates,
      duplicateCount,
      users,
      userCount,
      usersPage,
      usersPageCount,
      canChangeIdentifier: identifierChangeProblem(messages, structure) === null,
      canEdit: role === "PRINCIPAL_MANAGER" && structure.status === "ACTIVE",
    };
  });
}
