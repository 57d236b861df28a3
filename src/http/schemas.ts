import { z } from "zod";
import { AccessLevel, FluxChannel, IdentifierType, Space, StructureKind } from "../generated/prisma/enums.ts";

const name = z.string().trim().min(1).max(100);
const email = z.email().max(254);
const code = z.string().trim().min(1).max(50);

export const createUserBody = z.strictObject({
  loginEmail: email,
  lastName: name,
  firstName: name,
  contactEmail: email.optional(),
});

export const createStructureBody = z.strictObject({
  identifier: z.string().trim().min(1).max(50),
  identifierType: z.enum(IdentifierType).default("SIRET"),
  designation: z.string().trim().min(1).max(200),
  kind: z.enum(StructureKind),
  services: z
    .array(z.strictObject({ code, label: z.string().trim().min(1).max(200) }))
    .max(5000)
    .default([]),
  principalManager: z.strictObject({ loginEmail: email, lastName: name, firstName: name }),
  slackChannelId: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,}$/)
    .optional(),
});

export const createAttachmentRequestBody = z.strictObject({
  structureIdentifier: z.string().trim().min(1).max(50),
  userLoginEmail: email,
  serviceCodes: z.array(code).max(1000).default([]),
  comment: z.string().trim().max(1000).optional(),
});

export const createSubscriptionRequestBody = z.strictObject({
  structureIdentifier: z.string().trim().min(1).max(50),
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
  comment: z.string().trim().max(1000).optional(),
});

export const updateStructureBody = z
  .strictObject({
    designation: z.string().trim().min(1).max(200).optional(),
    spaces: z.array(z.enum(Space)).max(20).optional(),
  })
  .refine((body) => body.designation !== undefined || body.spaces !== undefined, {
    message: "designation, spaces",
  });

/** Rejects per batch: a day of one busy emitter fits in one call, and the body stays well under 1 MB. */
export const MAX_FLUX_REJECTS_PER_BATCH = 1000;

const fluxText = z.string().trim().min(1).max(200);

export const recordFluxRejectsBody = z.strictObject({
  rejects: z
    .array(
      z.strictObject({
        channel: z.enum(FluxChannel),
        fluxNumber: fluxText,
        fileName: z.string().trim().min(1).max(255),
        depositDate: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
        paymentRequestNumber: fluxText,
        emitterStructureIdentifier: z.string().trim().min(1).max(50),
        recipient: fluxText,
        rejectCode: z.string().trim().min(1).max(50),
        rejectLabel: z.string().trim().min(1).max(1000),
      }),
    )
    .min(1)
    .max(MAX_FLUX_REJECTS_PER_BATCH),
});
