import type { ChorusProUserAttachment } from "../../chorus-pro/api.ts";
import { type AttachmentScopeByCode, sameScope, validatedScope } from "../../domain/chorus-pro-sync.ts";
import { parisDay } from "../../domain/dates.ts";
import { isoDay } from "../../domain/start-date.ts";
import { AppError } from "../../errors.ts";
import type { Role } from "../../generated/prisma/enums.ts";
import { attachExistingUser } from "../accounts/attach-existing-user.ts";
import { detachUsers } from "../accounts/detach-users.ts";
import { modifyAttachment } from "../accounts/modify-attachment.ts";
import { loadManagedUser } from "../accounts/search-users.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { askChorusPro, requireChorusPro, technicalAccountOf } from "./chorus-pro-link.ts";

/** A user's attachment to a structure, here and as Chorus Pro holds it. */
export interface AttachmentComparison {
  structure: { id: string; identifier: string; designation: string };
  user: { id: string; name: string; loginEmail: string };
  /** What this app grants them there (effective attachments); null when nothing. */
  here: (AttachmentScopeByCode & { role: Role }) | null;
  /** Every per-service line Chorus Pro lists for them, whatever its status. */
  chorusPro: ChorusProUserAttachment[];
  /** What Chorus Pro's validated lines grant; null when none is validated. */
  chorusProScope: AttachmentScopeByCode | null;
  differs: boolean;
}

/**
 * « Statut dans Chorus Pro » in a user's detail: their attachment to one of the manager's structures
 * imported from Chorus Pro, beside the status Chorus Pro holds (`lister/rattachementsutilisateur`),
 * and whether the two differ. Chorus Pro out of reach says « Chorus Pro injoignable ».
 */
export async function compareWithChorusPro(
  ctx: ServiceContext,
  actor: Actor,
  target: { structureId: string; userId: string },
): Promise<AttachmentComparison> {
  const link = requireChorusPro(ctx);
  const user = await loadManagedUser(ctx, actor, target.userId);
  const attachment = user.attachments.find(
    (one) => one.structure.id === target.structureId && one.startsOn === null,
  );
  const connection = await ctx.prisma.chorusProConnection.findUnique({
    where: { structureId: target.structureId },
    include: { structure: { select: { id: true, identifier: true, designation: true } } },
  });
  if (!connection) throw new AppError("not_found", ctx.messages.chorusProStatus.notConnected);
  const lines = await askChorusPro(
    () =>
      link.api.listUserAttachments(
        technicalAccountOf(link, connection),
        Number(connection.chorusProId),
        user.loginEmail,
      ),
    { account: "technicalAccount", subject: "user" },
  );
  const here = attachment
    ? {
        role: attachment.role,
        wholeStructure: attachment.wholeStructure,
        serviceCodes: attachment.services.map((service) => service.code).sort(),
      }
    : null;
  const chorusProScope = validatedScope(lines);
  return {
    structure: connection.structure,
    user: { id: user.id, name: `${user.firstName} ${user.lastName}`, loginEmail: user.loginEmail },
    here,
    chorusPro: lines,
    chorusProScope,
    differs: !sameScope(here, chorusProScope),
  };
}

export type Alignment = "attached" | "modified" | "detached" | "unchanged";

/**
 * « Aligner sur Chorus Pro »: this app's attachment follows what Chorus Pro validated, through the
 * manager's own use cases (their checks, history, e-mails and spaces): attached (as a simple user)
 * when only Chorus Pro has it, changed to Chorus Pro's services when both have it, detached when
 * Chorus Pro validates nothing. The principal manager's attachment is never touched. Chorus Pro is
 * read again first: the decision rests on what it says now.
 */
export async function alignWithChorusPro(
  ctx: ServiceContext,
  actor: Actor,
  target: { structureId: string; userId: string },
): Promise<Alignment> {
  const comparison = await compareWithChorusPro(ctx, actor, target);
  const { here, chorusProScope: wanted } = comparison;
  if (!comparison.differs) return "unchanged";
  if (here?.role === "PRINCIPAL_MANAGER")
    throw new AppError("conflict", ctx.messages.chorusProStatus.principalUntouched);
  const comment = ctx.messages.chorusProStatus.alignedComment;
  if (!wanted) {
    await detachUsers(ctx, actor, { structureId: target.structureId, userIds: [target.userId] });
    return "detached";
  }
  const services = await ctx.prisma.service.findMany({
    where: { structureId: target.structureId, code: { in: wanted.serviceCodes }, active: true },
    select: { id: true },
  });
  const scope = { wholeStructure: wanted.wholeStructure, serviceIds: services.map((service) => service.id) };
  if (!here) {
    await attachExistingUser(ctx, actor, {
      ...target,
      ...scope,
      role: "SIMPLE_USER",
      startDate: isoDay(parisDay(ctx.now())),
      comment,
    });
    return "attached";
  }
  await modifyAttachment(ctx, actor, { ...target, ...scope, role: here.role, comment });
  return "modified";
}
