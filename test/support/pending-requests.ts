import { nameKeys } from "../../src/domain/search-key.ts";
import type { Space } from "../../src/generated/prisma/enums.ts";
import type { Harness } from "./app-harness.ts";
import { fileRequest, type SeededStructure, structureBody, validSiret } from "./scenario.ts";

/** A structure as the job and Home tests need it: with its id. */
export interface TestStructure extends SeededStructure {
  id: string;
}

export async function withId(h: Harness, structure: SeededStructure): Promise<TestStructure> {
  const found = await h.database.prisma.structure.findUniqueOrThrow({
    where: { identifier: structure.identifier },
  });
  return { ...structure, id: found.id };
}

/** Another structure of `principal` (seedStructure must have run), through the REST API. */
export async function addStructure(
  h: Harness,
  seed: number,
  options: { channel?: string | null; designation?: string } = {},
): Promise<TestStructure> {
  const identifier = validSiret(seed);
  const designation = options.designation ?? `Structure ${seed}`;
  const created = await h.api(
    "POST",
    "/api/v1/structures",
    structureBody(identifier, designation, options.channel),
  );
  if (created.status !== 201) throw new Error(`structure not created: ${JSON.stringify(created.json)}`);
  return withId(h, { identifier, designation });
}

/** An active account through the REST API; returns its login e-mail. */
export async function addRequester(h: Harness, index: number): Promise<string> {
  const email = `demandeur.${index}@exemple.fr`;
  const created = await h.api("POST", "/api/v1/users", {
    loginEmail: email,
    firstName: "Demandeur",
    lastName: `Numéro ${index}`,
  });
  if (created.status !== 201) throw new Error(`user not created: ${JSON.stringify(created.json)}`);
  return email;
}

/**
 * Files an attachment request through the API, lets the app post it (so its permalink is recorded),
 * then backdates it to `createdAt`.
 */
export async function fileAgedRequest(
  h: Harness,
  structure: SeededStructure,
  email: string,
  createdAt: Date,
): Promise<string> {
  const id = await fileRequest(h, structure, { email });
  await h.settle();
  await h.database.prisma.attachmentRequest.update({ where: { id }, data: { createdAt } });
  return id;
}

/** A pending subscription request written directly (no message in Slack, so no permalink). */
export async function insertSubscriptionRequest(
  h: Harness,
  structureId: string,
  email: string,
  createdAt: Date,
  spaces: Space[] = ["FACTURES_EMISES", "ENGAGEMENTS"],
): Promise<string> {
  const { prisma } = h.database;
  const user = await prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: email } });
  const created = await prisma.subscriptionRequest.create({
    data: { structureId, userId: user.id, createdAt, items: { create: spaces.map((space) => ({ space })) } },
  });
  return created.id;
}

/** Many pending attachment requests at once, written directly (new requesters, no Slack message). */
export async function insertAttachmentRequests(
  h: Harness,
  structureId: string,
  count: number,
  createdAt: Date,
): Promise<void> {
  const { prisma } = h.database;
  const users = Array.from({ length: count }, (_, index) => {
    const id = crypto.randomUUID();
    return {
      id,
      loginEmail: `${id}@exemple.fr`,
      firstName: "Personne",
      lastName: `Nº ${index}`,
      ...nameKeys({ firstName: "Personne", lastName: `Nº ${index}` }),
      status: "ACTIVE" as const,
    };
  });
  await prisma.userAccount.createMany({ data: users });
  await prisma.attachmentRequest.createMany({
    data: users.map((user) => ({
      structureId,
      userId: user.id,
      pendingKey: `${structureId}:${user.id}`,
      createdAt,
    })),
  });
}
