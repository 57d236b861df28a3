import { describe, expect, it } from "vitest";
import { scopeKeyOf } from "../../../src/domain/attachment-scope.ts";
import { nameKeys } from "../../../src/domain/search-key.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { blockById, blocksOf, buttonsOf, lastModal } from "../../support/fake-slack/index.ts";
import { updatedModalText } from "../../support/handover-steps.ts";
import {
  fileRequest,
  makeSecondaryManager,
  outsider,
  principal,
  requester,
  type SeededStructure,
  STRUCTURE_CHANNEL,
  secondary,
  seedStructure,
  validSiret,
} from "../../support/scenario.ts";
import {
  blockActionsPayload,
  type SlackStateValues,
  sendInteraction,
  slackOption,
} from "../../support/slack-requests.ts";

const NEW_SIRET = validSiret(7654321);
const TECHNICAL_EMAIL = "technique@exemple.fr";

/** The same SIRET with a wrong check digit. */
function badChecksum(siret: string): string {
  return `${siret.slice(0, 13)}${(Number(siret.at(-1)) + 1) % 10}`;
}

describe("the SIRET change, Modifier l'identifiant", () => {
  const h = useHarness();

  /**
   * A private structure with the data a SIRET change must carry over or leave behind: services (one
   * inactive), the principal and a secondary manager, `requester` attached to RH with subscriptions
   * (one deactivated), a technical user account, a refused attachment, a pending request from
   * `outsider` for RH, and the settings not carried over (mandate, PACAGE, social regime, VAT,
   * connection information).
   */
  async function seedPrivateStructure(options: { hasBillingMandate?: boolean; seed?: number } = {}) {
    const structure = await seedStructure(h, {
      seed: options.seed,
      services: [
        { code: "COMPTA", label: "Comptabilité" },
        { code: "RH", label: "Ressources humaines" },
        { code: "ARCH", label: "Archives" },
      ],
    });
    await makeSecondaryManager(h, structure);
    const { prisma } = h.database;
    const found = await prisma.structure.update({
      where: { identifier: structure.identifier },
      data: {
        kind: "PRIVEE",
        hasBillingMandate: options.hasBillingMandate ?? true,
        pacageNumber: "012345678",
        socialRegime: "Régime agricole",
        vatNumber: "FR12345678901",
        connectionInfo: { edi: "partenaire-edi" },
        spaces: ["FACTURES_EMISES", "FACTURES_RECUES"],
      },
      include: { services: true },
    });
    const service = (code: string) => found.services.find((candidate) => candidate.code === code)?.id ?? "";
    await prisma.service.update({
      where: { id: service("ARCH") },
      data: { active: false, spaces: ["FACTURES_RECUES"] },
    });
    const account = (email: string) => prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: email } });
    const [principalAccount, requesterAccount, outsiderAccount] = await Promise.all([
      account(principal.email),
      account(requester.email),
      account(outsider.email),
    ]);
    const technical = await prisma.userAccount.create({
      data: {
        loginEmail: TECHNICAL_EMAIL,
        firstName: "Compte",
        lastName: "Technique",
        ...nameKeys({ firstName: "Compte", lastName: "Technique" }),
        status: "ACTIVE",
        technical: true,
      },
    });
    await prisma.attachment.createMany({
      data: [
        {
          userId: requesterAccount.id,
          structureId: found.id,
          serviceId: service("RH"),
          scopeKey: scopeKeyOf(service("RH")),
          startDate: new Date("2026-02-01"),
        },
        {
          userId: technical.id,
          structureId: found.id,
          scopeKey: scopeKeyOf(null),
          startDate: new Date("2026-02-01"),
        },
        {
          userId: outsiderAccount.id,
          structureId: found.id,
          scopeKey: scopeKeyOf(null),
          startDate: new Date("2026-02-01"),
          status: "REFUSED",
        },
      ],
    });
    await prisma.subscription.createMany({
      data: [
        {
          userId: requesterAccount.id,
          structureId: found.id,
          serviceId: service("RH"),
          scopeKey: scopeKeyOf(service("RH")),
          space: "FACTURES_RECUES",
          access: "CONSULTATION",
        },
        {
          userId: requesterAccount.id,
          structureId: found.id,
          scopeKey: scopeKeyOf(null),
          space: "ENGAGEMENTS",
          status: "DEACTIVATED",
        },
        {
          userId: principalAccount.id,
          structureId: found.id,
          scopeKey: scopeKeyOf(null),
          space: "FACTURES_EMISES",
        },
        { userId: technical.id, structureId: found.id, scopeKey: scopeKeyOf(null), space: "FACTURES_EMISES" },
      ],
    });
    const pendingRequestId = await fileRequest(h, structure, { email: outsider.email, serviceCodes: ["RH"] });
    return { ...structure, id: found.id, pendingRequestId };
  }

  /** `/chorus structure`, then "Modifier l'identifiant": returns the confirmation modal's metadata. */
  async function openIdentifierChange(userId: string, structure: SeededStructure) {
    await h.command({ userId, text: `structure ${structure.identifier}`, channelId: "CSIRET0001" });
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.open"));
    const card = lastModal(h.slack, "views.open");
    const stored = [...h.slack.views.values()].at(-1);
    const button = buttonsOf(blockById(card, BlockIds.structureCardActions)).find(
      (element) => element.action_id === ActionIds.changeStructureIdentifier,
    );
    expect(button?.text.text).toBe("Modifier l'identifiant");
    const updates = h.slack.callsTo("views.update").length;
    const click = blockActionsPayload({
      userId,
      actionId: ActionIds.changeStructureIdentifier,
      blockId: BlockIds.structureCardActions,
      value: button?.value ?? "",
      view: { id: stored?.id, hash: stored?.hash, callback_id: CallbackIds.structureCardModal },
    });
    await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload: click });
    await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.update").length > updates);
    return lastModal(h.slack, "views.update");
  }

  /** "Continuer" on the confirmation: returns the SIRET modal the answer puts in its place. */
  async function confirmChange(userId: string, privateMetadata: string) {
    const answer = await h.submitView({
      userId,
      callbackId: CallbackIds.identifierChangeConfirmModal,
      privateMetadata,
      values: {},
    });
    expect(answer.json.response_action).toBe("update");
    return answer.json.view;
  }

  function siretValues(siret: string, mandate?: "subscribe" | "continue_without"): SlackStateValues {
    const values: SlackStateValues = {
      [BlockIds.newIdentifier]: {
        [ActionIds.newIdentifierInput]: { type: "plain_text_input", value: siret },
      },
    };
    if (mandate) {
      values[BlockIds.billingMandateChoice] = {
        [ActionIds.billingMandateChoice]: { type: "radio_buttons", selected_option: slackOption(mandate) },
      };
    }
    return values;
  }

  function submitSiret(userId: string, privateMetadata: string, values: SlackStateValues) {
    return h.submitView({ userId, callbackId: CallbackIds.identifierChangeModal, privateMetadata, values });
  }

  /** The metadata of the SIRET modal of a structure, as the confirmation step would carry it. */
  function metadataOf(structureId: string): string {
    return JSON.stringify({ structureId });
  }

  it("duplicates the structure under its new SIRET with everything but the excluded data, deactivates the old one and records it on both", async () => {
    const structure = await seedPrivateStructure({ hasBillingMandate: true });
    const { prisma } = h.database;

    const confirmation = await openIdentifierChange(secondary.slackId, structure);
    expect(confirmation.callback_id).toBe(CallbackIds.identifierChangeConfirmModal);
    expect(JSON.stringify(confirmation.blocks)).toContain(
      "excepté le mandat de facturation, le compte utilisateur technique, le numéro PACAGE, le régime social, le numéro de TVA intracommunautaire et les informations de raccordement",
    );
    const siretModal = await confirmChange(secondary.slackId, confirmation.private_metadata ?? "");
    expect(siretModal.callback_id).toBe(CallbackIds.identifierChangeModal);
    // The structure has a mandate: no warning, no choice.
    expect(JSON.stringify(siretModal.blocks)).not.toContain("Aucun mandat de facturation");
    const typed = `${NEW_SIRET.slice(0, 9)} ${NEW_SIRET.slice(9)}`;
    const answer = await submitSiret(secondary.slackId, siretModal.private_metadata, siretValues(typed));

    // The modal now shows the new structure's card, with its origin.
    expect(answer.json.response_action).toBe("update");
    const card = JSON.stringify(answer.json.view.blocks);
    expect(card).toContain(`*Identifiant*\\n${NEW_SIRET} (SIRET)`);
    expect(card).toContain(
      `*Structure d'origine*\\n${structure.identifier} — Mairie de Saint-Exemple (Inactive)`,
    );
    expect(card).toContain(`L'ancienne structure ${structure.identifier} est désactivée`);

    const old = await prisma.structure.findUniqueOrThrow({
      where: { id: structure.id },
      include: { services: true },
    });
    const created = await prisma.structure.findUniqueOrThrow({
      where: { identifier: NEW_SIRET },
      include: { services: true },
    });
    expect(old.status).toBe("INACTIVE");
    // The old structure keeps everything it had.
    expect(old).toMatchObject({
      hasBillingMandate: true,
      pacageNumber: "012345678",
      vatNumber: "FR12345678901",
    });
    expect(created).toMatchObject({
      identifierType: "SIRET",
      designation: old.designation,
      designationKey: old.designationKey,
      kind: "PRIVEE",
      status: "ACTIVE",
      originStructureId: old.id,
      spaces: ["FACTURES_EMISES", "FACTURES_RECUES"],
      slackChannelId: STRUCTURE_CHANNEL,
      hasBillingMandate: false,
      pacageNumber: null,
      socialRegime: null,
      vatNumber: null,
      connectionInfo: null,
    });

    // Services: same codes, labels, flags and spaces, new ids.
    const shape = (services: typeof old.services) =>
      services
        .map(({ code, label, labelKey, active, spaces }) => ({ code, label, labelKey, active, spaces }))
        .sort((a, b) => a.code.localeCompare(b.code));
    expect(shape(created.services)).toEqual(shape(old.services));
    const oldIds = new Set(old.services.map((service) => service.id));
    expect(created.services.some((service) => oldIds.has(service.id))).toBe(false);
    const newRh = created.services.find((service) => service.code === "RH");

    // Validated attachments of real users only, on the copied services.
    const attachments = await prisma.attachment.findMany({
      where: { structureId: created.id },
      include: { user: true },
    });
    expect(
      attachments
        .map((attachment) => [attachment.user.loginEmail, attachment.role, attachment.serviceId])
        .sort(),
    ).toEqual(
      [
        [principal.email, "PRINCIPAL_MANAGER", null],
        [requester.email, "SIMPLE_USER", newRh?.id],
        [secondary.email, "SECONDARY_MANAGER", null],
      ].sort(),
    );
    expect(attachments.find((attachment) => attachment.serviceId)?.scopeKey).toBe(newRh?.id);

    // Active subscriptions of real users only.
    const subscriptions = await prisma.subscription.findMany({
      where: { structureId: created.id },
      include: { user: true },
    });
    expect(
      subscriptions
        .map((subscription) => [
          subscription.user.loginEmail,
          subscription.space,
          subscription.access,
          subscription.serviceId,
        ])
        .sort(),
    ).toEqual(
      [
        [principal.email, "ACTIVITES_GESTIONNAIRE", "MODIFICATION", null],
        [principal.email, "FACTURES_EMISES", "MODIFICATION", null],
        [requester.email, "FACTURES_RECUES", "CONSULTATION", newRh?.id],
      ].sort(),
    );
    const technical = await prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: TECHNICAL_EMAIL } });
    expect(await prisma.attachment.count({ where: { userId: technical.id } })).toBe(1);
    expect(await prisma.subscription.count({ where: { userId: technical.id } })).toBe(1);
    // The old structure's own authorisations are untouched.
    expect(await prisma.attachment.count({ where: { structureId: old.id } })).toBe(5);
    expect(await prisma.subscription.count({ where: { structureId: old.id } })).toBe(5);

    // The pending request follows the structure, on the copied service, and its message shows the new SIRET.
    const moved = await prisma.attachmentRequest.findUniqueOrThrow({
      where: { id: structure.pendingRequestId },
      include: { requestedServices: true },
    });
    expect(moved.structureId).toBe(created.id);
    expect(moved.pendingKey).toBe(`${created.id}:${moved.userId}`);
    expect(moved.requestedServices.map((service) => service.id)).toEqual([newRh?.id]);
    await h.settle();
    const updates = h.slack.callsTo("chat.update", { okOnly: true });
    expect(updates.some((update) => JSON.stringify(update.blocks).includes(NEW_SIRET))).toBe(true);

    // History on both, by the secondary manager.
    const history = await prisma.historyEntry.findMany({
      where: { action: "STRUCTURE_IDENTIFIER_CHANGED" },
      include: { actor: true },
    });
    expect(history.map((entry) => entry.structureId).sort()).toEqual([old.id, created.id].sort());
    for (const entry of history) {
      expect(entry.actor?.loginEmail).toBe(secondary.email);
      expect(entry.actorSlackUserId).toBe(secondary.slackId);
      expect(entry.details).toMatchObject({ from: structure.identifier, to: NEW_SIRET });
    }
  });

  it("keeps the old structure's card readable: inactive, without Modifier l'identifiant, linking to its duplicate", async () => {
    const structure = await seedPrivateStructure();
    await submitSiret(principal.slackId, metadataOf(structure.id), siretValues(NEW_SIRET));

    await h.command({
      userId: principal.slackId,
      text: `structure ${structure.identifier}`,
      channelId: "CSIRET0001",
    });
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.open"));
    const card = lastModal(h.slack, "views.open");
    const text = JSON.stringify(blocksOf(card));

    expect(text).toContain("*Statut*\\nInactive");
    expect(text).toContain(`${NEW_SIRET} — Mairie de Saint-Exemple (Active)`);
    expect(text).not.toContain(ActionIds.changeStructureIdentifier);
    expect(text).toContain(ActionIds.openStructureCard);
  });

  it("warns when the structure has no billing mandate, asks to choose, and continues without one", async () => {
    const structure = await seedPrivateStructure({ hasBillingMandate: false });

    const confirmation = await openIdentifierChange(principal.slackId, structure);
    const siretModal = await confirmChange(principal.slackId, confirmation.private_metadata ?? "");
    const text = JSON.stringify(siretModal.blocks);
    expect(text).toContain(
      "Aucun mandat de facturation n'est présent sur cette structure. Pour les mémoires de frais de justice et les demandes de remboursement TIC, le mandat de facturation n'est pas obligatoire.",
    );
    expect(text).toContain("Souscrire à un mandat de facturation");
    expect(text).toContain("Continuer sans mandat de facturation");

    const unanswered = await submitSiret(
      principal.slackId,
      siretModal.private_metadata,
      siretValues(NEW_SIRET),
    );
    expect(unanswered.json).toEqual({
      response_action: "errors",
      errors: {
        [BlockIds.billingMandateChoice]:
          "Choisissez de souscrire à un mandat de facturation ou de continuer sans.",
      },
    });
    expect(await h.database.prisma.structure.count()).toBe(1);

    const answer = await submitSiret(
      principal.slackId,
      siretModal.private_metadata,
      siretValues(NEW_SIRET, "continue_without"),
    );
    expect(answer.json.response_action).toBe("update");
    const created = await h.database.prisma.structure.findUniqueOrThrow({ where: { identifier: NEW_SIRET } });
    expect(created.hasBillingMandate).toBe(false);
  });

  it("creates the new structure with a billing mandate when the manager chooses Souscrire à un mandat de facturation", async () => {
    const structure = await seedPrivateStructure({ hasBillingMandate: false });

    const answer = await submitSiret(
      principal.slackId,
      metadataOf(structure.id),
      siretValues(NEW_SIRET, "subscribe"),
    );

    expect(answer.json.response_action).toBe("update");
    expect(JSON.stringify(answer.json.view.blocks)).toContain("*Mandat de facturation*\\nOui");
    const created = await h.database.prisma.structure.findUniqueOrThrow({ where: { identifier: NEW_SIRET } });
    expect(created.hasBillingMandate).toBe(true);
    const entry = await h.database.prisma.historyEntry.findFirstOrThrow({
      where: { structureId: created.id, action: "STRUCTURE_IDENTIFIER_CHANGED" },
    });
    expect(entry.details).toMatchObject({ billingMandateSubscribed: true });
  });

  it("answers an invalid, unchanged or already used SIRET with a field error and changes nothing", async () => {
    const structure = await seedPrivateStructure();
    const other = await seedStructure(h, { seed: 5555 });
    const metadata = metadataOf(structure.id);
    const fieldError = (message: string) => ({
      response_action: "errors",
      errors: { [BlockIds.newIdentifier]: message },
    });

    const cases: [string, string][] = [
      ["1234567890123", "Un SIRET compte 14 chiffres."],
      ["1234567890123A", "Un SIRET compte 14 chiffres."],
      [badChecksum(NEW_SIRET), "Ce SIRET n'est pas valide (clé de contrôle)."],
      [structure.identifier, "C'est déjà l'identifiant de cette structure : saisissez le nouveau SIRET."],
      [other.identifier, `Une structure porte déjà l'identifiant ${other.identifier}.`],
    ];
    for (const [siret, message] of cases) {
      const answer = await submitSiret(principal.slackId, metadata, siretValues(siret));
      expect(answer.json).toEqual(fieldError(message));
    }

    const { prisma } = h.database;
    expect(await prisma.structure.count()).toBe(2);
    expect((await prisma.structure.findUniqueOrThrow({ where: { id: structure.id } })).status).toBe("ACTIVE");
    expect(await prisma.historyEntry.count({ where: { action: "STRUCTURE_IDENTIFIER_CHANGED" } })).toBe(0);
  });

  it("refuses the change of a public structure and the change by a simple user, changing nothing", async () => {
    const structure = await seedPrivateStructure();
    const publicStructure = await seedStructure(h, { seed: 6666 });
    const { prisma } = h.database;
    const publicRow = await prisma.structure.findUniqueOrThrow({
      where: { identifier: publicStructure.identifier },
    });

    const publicAnswer = await submitSiret(
      principal.slackId,
      metadataOf(publicRow.id),
      siretValues(NEW_SIRET),
    );
    const userAnswer = await submitSiret(requester.slackId, metadataOf(structure.id), siretValues(NEW_SIRET));

    const notice = updatedModalText;
    expect(notice(publicAnswer)).toBe("Seule une structure privée peut changer de SIRET.");
    expect(notice(userAnswer)).toBe(
      `Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire de la structure Mairie de Saint-Exemple (${structure.identifier}) : vous ne pouvez pas effectuer cette action.`,
    );
    expect(await prisma.structure.count()).toBe(2);
    expect(await prisma.structure.count({ where: { status: "INACTIVE" } })).toBe(0);
    expect(await prisma.historyEntry.count({ where: { action: "STRUCTURE_IDENTIFIER_CHANGED" } })).toBe(0);
  });

  it("lets only one of two concurrent changes of a structure through and tells the other it already changed", async () => {
    const structure = await seedPrivateStructure();
    const otherSiret = validSiret(7654322);

    const answers = await Promise.all([
      submitSiret(principal.slackId, metadataOf(structure.id), siretValues(NEW_SIRET)),
      submitSiret(secondary.slackId, metadataOf(structure.id), siretValues(otherSiret)),
    ]);

    const { prisma } = h.database;
    const duplicates = await prisma.structure.findMany({ where: { originStructureId: structure.id } });
    expect(duplicates).toHaveLength(1);
    const winner = duplicates[0]?.identifier;
    const refused = answers
      .map((answer) => answer.json.view.blocks[0].text?.text)
      .filter((text) => text?.startsWith("La structure"));
    expect(refused).toEqual([
      `La structure ${structure.identifier} a déjà changé d'identifiant : elle a été dupliquée sous le SIRET ${winner} et n'est plus active.`,
    ]);
    expect(await prisma.historyEntry.count({ where: { action: "STRUCTURE_IDENTIFIER_CHANGED" } })).toBe(2);
  });
});
