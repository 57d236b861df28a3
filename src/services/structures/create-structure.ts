import { isUniqueViolation } from "../../db/errors.ts";
import { type BeforeCommit, inTransaction } from "../../db/transaction.ts";
import { WHOLE_STRUCTURE_SCOPE } from "../../domain/attachment-scope.ts";
import { parisDay } from "../../domain/dates.ts";
import { searchKey } from "../../domain/search-key.ts";
import { identifierProblem, normalizeIdentifier } from "../../domain/structure-identifier.ts";
import { AppError, type FieldError } from "../../errors.ts";
import type { Prisma, UserAccount } from "../../generated/prisma/client.ts";
import type { IdentifierType, Space, StructureKind } from "../../generated/prisma/enums.ts";
import type { Messages } from "../../i18n/index.ts";
import { ensureAccount, type NewAccount } from "../accounts/create-user.ts";
import { alignAndRecordSubscriptions } from "../accounts/role-subscriptions.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import { checkPigpAllowed } from "./pigp.ts";

export interface CreateStructureInput {
  identifier: string;
  identifierType: IdentifierType;
  designation: string;
  kind: StructureKind;
  /** A public structure going through the PIGP (refused for a private one). */
  viaPigp?: boolean | undefined;
  services: NewService[];
  /** The spaces it uses (none by default: its principal manager sets them). */
  spaces?: Space[] | undefined;
  principalManager: NewAccount;
  slackChannelId: string | null;
  /** The Slack workspace whose members may act on it (several workspaces over OAuth). */
  slackTeamId?: string | undefined;
}

/** A service of a new structure: active, using every space of the structure, unless told otherwise. */
export interface NewService {
  code: string;
  label: string;
  active?: boolean;
  spaces?: Space[];
  /** Its id in Chorus Pro, for an imported structure. */
  chorusProId?: bigint;
}

/** A structure just registered, with its services and its principal manager's account. */
export type CreatedStructure = Prisma.StructureGetPayload<{ include: { services: true } }> & {
  principalManager: UserAccount;
};

/** An identifier must follow the rule of its kind (domain/structure-identifier.ts); returns it normalised. */
export function checkStructureIdentifier(
  messages: Messages,
  identifierType: IdentifierType,
  rawIdentifier: string,
  field = "identifier",
): string {
  const identifier = normalizeIdentifier(identifierType, rawIdentifier);
  const problem = identifierProblem(identifierType, identifier);
  if (!problem) return identifier;
  const message =
    problem === "siret_format"
      ? messages.errors.siretFormat
      : problem === "siret_checksum"
        ? messages.errors.siretChecksum
        : messages.errors.identifierFormat[identifierType];
  throw new AppError("invalid_input", message, [{ field, message }]);
}

/**
 * Registers a structure pushed by a system: its services, and its principal manager (an existing
 * account, or one created active), attached to the whole structure. `beforeCommit` ends its
 * transaction (the API's idempotent answer).
 */
export async function createStructure(
  ctx: ServiceContext,
  input: CreateStructureInput,
  beforeCommit?: BeforeCommit<CreatedStructure>,
) {
  const { messages } = ctx;
  const identifier = checkStructureIdentifier(messages, input.identifierType, input.identifier);
  if (input.viaPigp) checkPigpAllowed(messages, input.kind);
  const duplicates: FieldError[] = [];
  const seen = new Set<string>();
  input.services.forEach((service, index) => {
    if (seen.has(service.code)) {
      duplicates.push({
        field: `services[${index}].code`,
        message: messages.errors.serviceDuplicate(service.code),
      });
    }
    seen.add(service.code);
  });
  if (duplicates.length > 0) throw new AppError("invalid_input", messages.errors.invalidInput, duplicates);

  try {
    const structure = await inTransaction(ctx.prisma, async (tx) => {
      const principal = await ensureAccount(
        tx,
        messages,
        input.principalManager,
        "principalManager.loginEmail",
      );
      const created = await tx.structure.create({
        data: {
          identifier,
          identifierType: input.identifierType,
          designation: input.designation,
          designationKey: searchKey(input.designation),
          kind: input.kind,
          viaPigp: input.viaPigp ?? false,
          spaces: input.spaces ?? [],
          slackChannelId: input.slackChannelId,
          slackTeamId: input.slackTeamId ?? null,
          services: {
            create: input.services.map((service) => ({
              ...service,
              spaces: service.spaces ?? input.spaces ?? [],
              labelKey: searchKey(service.label),
            })),
          },
          attachments: {
            create: {
              userId: principal.id,
              scopeKey: WHOLE_STRUCTURE_SCOPE,
              role: "PRINCIPAL_MANAGER",
              status: "VALIDATED",
              startDate: parisDay(ctx.now()),
            },
          },
        },
        include: { services: { orderBy: { code: "asc" } } },
      });
      await appendHistory(tx, {
        structureId: created.id,
        action: "STRUCTURE_CREATED",
        targetUserId: principal.id,
        details: { identifier, principalManager: principal.loginEmail },
        createdAt: ctx.now(),
      });
      await alignAndRecordSubscriptions(
        tx,
        [{ userId: principal.id, structureId: created.id, serviceIds: null }],
        { actorId: null, actorSlackUserId: null, at: ctx.now() },
      );
      const structure = { ...created, principalManager: principal };
      await beforeCommit?.(tx, structure);
      return structure;
    });
    ctx.logger.info({ structureId: structure.id, identifier }, "structure created");
    return structure;
  } catch (error) {
    if (isUniqueViolation(error)) {
      const message = messages.errors.structureExists(identifier);
      throw new AppError("conflict", message, [{ field: "identifier", message }]);
    }
    throw error;
  }
}
