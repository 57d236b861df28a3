import { z } from "zod";
import { AccessLevel, FluxChannel, IdentifierType, Space, StructureKind } from "../generated/prisma/enums.ts";

/** Marks the issue `parseBody` words with `messages.errors.nulCharacter`. */
export const NUL_CHARACTER_ISSUE = "nul_character";

/**
 * Trimmed text of `min` to `max` characters. PostgreSQL text cannot hold NUL, so it is refused here
 * rather than failing the insert.
 */
function text(max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !value.includes("\u0000"), { params: { problem: NUL_CHARACTER_ISSUE } });
}

const name = text(100);
const email = z.email().max(254);
const code = text(50);
const identifier = text(50);

export const createUserBody = z.strictObject({
  loginEmail: email,
  lastName: name,
  firstName: name,
  contactEmail: email.optional(),
});

/** A Slack workspace's id (team_id): the only workspace whose members may act on the structure. */
const slackTeamId = z.string().regex(/^T[A-Z0-9]{2,}$/);

export const createStructureBody = z.strictObject({
  identifier,
  identifierType: z.enum(IdentifierType).default("SIRET"),
  designation: text(200),
  kind: z.enum(StructureKind),
  viaPigp: z.boolean().default(false),
  services: z
    .array(z.strictObject({ code, label: text(200) }))
    .max(5000)
    .default([]),
  principalManager: z.strictObject({ loginEmail: email, lastName: name, firstName: name }),
  slackChannelId: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,}$/)
    .optional(),
  slackTeamId: slackTeamId.optional(),
});

/** A structure imported from Chorus Pro with its technical account (never echoed, never logged). */
export const importStructureBody = z.strictObject({
  identifier,
  identifierType: z.enum(IdentifierType).default("SIRET"),
  technicalAccount: z.strictObject({ login: text(200), password: z.string().min(1).max(200) }),
  principalManager: z.strictObject({ loginEmail: email, lastName: name, firstName: name }),
  slackChannelId: createStructureBody.shape.slackChannelId,
  slackTeamId: slackTeamId.optional(),
});

export const createAttachmentRequestBody = z.strictObject({
  structureIdentifier: identifier,
  userLoginEmail: email,
  serviceCodes: z.array(code).max(1000).default([]),
  comment: text(1000, 0).optional(),
});

export const createSubscriptionRequestBody = z.strictObject({
  structureIdentifier: identifier,
  userLoginEmail: email,
  spaces: z
    .array(
      z.strictObject({
        space: z.enum(Space),
        serviceCode: code.optional(),
        access: z.enum(AccessLevel).default("MODIFICATION"),
      }),
    )
    .min(1)
    .max(100),
  comment: text(1000, 0).optional(),
});

export const updateStructureBody = z
  .strictObject({
    designation: text(200).optional(),
    spaces: z.array(z.enum(Space)).max(20).optional(),
    slackTeamId: slackTeamId.optional(),
    viaPigp: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: "designation, spaces, slackTeamId, viaPigp",
  });

/** Rejects per batch: a day of one busy emitter fits in one call, and the body stays well under 1 MB. */
export const MAX_FLUX_REJECTS_PER_BATCH = 1000;

const fluxText = text(200);

export const recordFluxRejectsBody = z.strictObject({
  rejects: z
    .array(
      z.strictObject({
        channel: z.enum(FluxChannel),
        fluxNumber: fluxText,
        fileName: text(255),
        depositDate: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
        paymentRequestNumber: fluxText,
        emitterStructureIdentifier: identifier,
        recipient: fluxText,
        rejectCode: text(50),
        rejectLabel: text(1000),
      }),
    )
    .min(1)
    .max(MAX_FLUX_REJECTS_PER_BATCH),
});
