import { describe, expect, it } from "vitest";
import { scopeKeyOf } from "../../../src/domain/attachment-scope.ts";
import { ActionIds, CallbackIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import {
  type ActionElement,
  blocksOf,
  buttonsOf,
  elementsOf,
  lastModal,
  type SlackView,
  viewOf,
} from "../../support/fake-slack/index.ts";
import { openStructureCard } from "../../support/modal-clicks.ts";
import {
  makeSecondaryManager,
  outsider,
  principal,
  requester,
  type SeededStructure,
  secondary,
  seedNumberedUsers,
  seedStructure,
  validSiret,
} from "../../support/scenario.ts";
import { blockActionsPayload, sendInteraction } from "../../support/slack-requests.ts";

const COMMAND_CHANNEL = "CCARD00001";

describe("the structure card, /chorus structure", () => {
  const h = useHarness();

  const openCard = (userId: string, identifier: string) =>
    openStructureCard(h, userId, identifier, COMMAND_CHANNEL);

  function buttons(view: SlackView): ActionElement[] {
    return blocksOf(view).flatMap((block) =>
      block.type === "actions" ? elementsOf(block) : buttonsOf(block),
    );
  }

  async function structureOf(structure: SeededStructure) {
    return h.database.prisma.structure.findUniqueOrThrow({ where: { identifier: structure.identifier } });
  }

  it("shows a manager the identifier, designation, kind, status, billing mandate, services and managers", async () => {
    const structure = await seedStructure(h, {
      services: [
        { code: "RH", label: "Ressources humaines" },
        { code: "COMPTA", label: "Comptabilité & <finances>" },
      ],
    });
    await makeSecondaryManager(h, structure);
    const found = await structureOf(structure);
    await h.database.prisma.structure.update({ where: { id: found.id }, data: { hasBillingMandate: true } });
    await h.database.prisma.service.update({
      where: { structureId_code: { structureId: found.id, code: "RH" } },
      data: { active: false },
    });

    const { view, text } = await openCard(secondary.slackId, structure.identifier);

    expect(view.callback_id).toBe(CallbackIds.structureCardModal);
    expect(view.title.text).toBe("Fiche structure");
    expect(text).toContain("*Désignation*\\nMairie de Saint-Exemple");
    expect(text).toContain(`*Identifiant*\\n${structure.identifier} (SIRET)`);
    expect(text).toContain("*Type*\\nPublique");
    expect(text).toContain("*Statut*\\nActive");
    expect(text).toContain("*Mandat de facturation*\\nOui");
    expect(text).toContain(
      "*Services (2)*\\n• Comptabilité &amp; &lt;finances&gt; (COMPTA)\\n• Ressources humaines (RH) _(inactif)_",
    );
    expect(text).toContain("*Gestionnaire principal*\\nPaule Principale (paule.principale@exemple.fr)");
    expect(text).toContain("*Gestionnaires secondaires (1)*\\n• Sami Second (sami.second@exemple.fr)");
    expect(text).not.toContain("Structure d'origine");
    // A public structure keeps its identifier: no "Modifier l'identifiant", only "Rattacher un utilisateur".
    expect(buttons(view).map((button) => button.action_id)).toEqual([ActionIds.attachUserOpen]);
  });

  it("lists the first services and managers of a large structure and counts the others, within Slack's limits", async () => {
    const services = Array.from({ length: 40 }, (_, index) => ({
      code: `S${String(index).padStart(2, "0")}`,
      label: `Service numéro ${index} ${"x".repeat(60)}`,
    }));
    const structure = await seedStructure(h, { services });
    await seedNumberedUsers(h, structure, {
      prefix: "Second",
      count: 23,
      attachment: () => ({ role: "SECONDARY_MANAGER" }),
    });

    const { text } = await openCard(principal.slackId, structure.identifier);

    expect(text).toContain("*Services (40)*");
    expect(text).toContain(`Service numéro 19 ${"x".repeat(31)}… (S19)`);
    expect(text).not.toContain("(S20)");
    expect(text).toContain("… et 20 autres services");
    expect(text).toContain("*Gestionnaires secondaires (23)*");
    expect(text).toContain("Second Numéro19");
    expect(text).not.toContain("Second Numéro20");
    expect(text).toContain("… et 3 autres");
  });

  it("offers Modifier l'identifiant on an active private structure to its principal and secondary managers", async () => {
    const structure = await seedStructure(h);
    await makeSecondaryManager(h, structure);
    const found = await structureOf(structure);
    await h.database.prisma.structure.update({ where: { id: found.id }, data: { kind: "PRIVEE" } });

    for (const manager of [principal, secondary]) {
      const { view, text } = await openCard(manager.slackId, structure.identifier);
      expect(text).toContain("*Type*\\nPrivée");
      expect(text).toContain("*Mandat de facturation*\\nNon");
      expect(buttons(view)).toEqual([
        expect.objectContaining({ action_id: ActionIds.attachUserOpen, value: found.id }),
        // « Modifier la structure »: its principal manager only.
        ...(manager === principal
          ? [
              expect.objectContaining({ action_id: ActionIds.editStructureOpen, value: found.id }),
              expect.objectContaining({ action_id: ActionIds.manageServicesOpen, value: found.id }),
              expect.objectContaining({ value: `technique ${structure.identifier}` }),
            ]
          : []),
        expect.objectContaining({
          action_id: ActionIds.changeStructureIdentifier,
          value: found.id,
          text: expect.objectContaining({ text: "Modifier l'identifiant" }),
        }),
      ]);
    }
  });

  it("opens the search of Rattacher un utilisateur on top of the card", async () => {
    const structure = await seedStructure(h);
    const found = await structureOf(structure);
    const card = await openCard(principal.slackId, structure.identifier);
    const pushed = h.slack.callsTo("views.push", { okOnly: true }).length;

    const click = blockActionsPayload({
      userId: principal.slackId,
      actionId: ActionIds.attachUserOpen,
      value: found.id,
      view: { type: "modal", id: card.id, hash: card.hash, callback_id: CallbackIds.structureCardModal },
    });
    await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload: click });
    await h.slack.waitFor(
      (calls) => calls.filter((call) => call.method === "views.push" && call.ok).length > pushed,
    );

    const search = lastModal(h.slack, "views.push", { okOnly: true });
    expect(search.callback_id).toBe(CallbackIds.attachUserSearchModal);
    expect(JSON.stringify(blocksOf(search))).toContain(structure.identifier);
  });

  it("refuses the card to a simple user and to a stranger, and explains an unknown identifier or a missing one", async () => {
    const structure = await seedStructure(h);
    const found = await structureOf(structure);
    const simpleUser = await h.database.prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: requester.email },
    });
    await h.database.prisma.attachment.create({
      data: {
        userId: simpleUser.id,
        structureId: found.id,
        scopeKey: scopeKeyOf(null),
        startDate: new Date("2026-01-01"),
      },
    });
    const refusal = `Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire de la structure Mairie de Saint-Exemple (${structure.identifier}) : vous ne pouvez pas effectuer cette action.`;

    expect(
      await h.commandAnswer(requester.slackId, `structure ${structure.identifier}`, COMMAND_CHANNEL),
    ).toBe(refusal);
    expect(
      await h.commandAnswer(outsider.slackId, `structure ${structure.identifier}`, COMMAND_CHANNEL),
    ).toBe(refusal);
    const unknown = validSiret(99);
    expect(await h.commandAnswer(principal.slackId, `structure ${unknown}`, COMMAND_CHANNEL)).toBe(
      `Aucune structure ne porte l'identifiant ${unknown}.`,
    );
    expect(await h.commandAnswer(principal.slackId, "structure", COMMAND_CHANNEL)).toBe(
      "Usage : `/chorus structure <identifiant de la structure>`",
    );
    expect(h.slack.callsTo("views.open")).toHaveLength(0);
  });

  it("shows a duplicate's origin and an origin's duplicates, and opens either card in place", async () => {
    const origin = await seedStructure(h, { seed: 1111 });
    const duplicate = await seedStructure(h, { seed: 2222 });
    const [originRow, duplicateRow] = await Promise.all([structureOf(origin), structureOf(duplicate)]);
    await h.database.prisma.structure.update({ where: { id: originRow.id }, data: { status: "INACTIVE" } });
    await h.database.prisma.structure.update({
      where: { id: duplicateRow.id },
      data: { originStructureId: originRow.id },
    });

    const card = await openCard(principal.slackId, origin.identifier);

    expect(card.text).toContain("*Statut*\\nInactive");
    expect(card.text).toContain(
      `*Structures dupliquées à partir de celle-ci*\\n${duplicate.identifier} — Mairie de Saint-Exemple (Active)`,
    );
    const [open] = buttons(card.view);
    expect(open).toMatchObject({ action_id: ActionIds.openStructureCard, value: duplicate.identifier });

    const click = blockActionsPayload({
      userId: principal.slackId,
      actionId: ActionIds.openStructureCard,
      value: duplicate.identifier,
      view: { id: card.id, hash: card.hash, callback_id: CallbackIds.structureCardModal },
    });
    await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload: click });
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.update" && call.ok));

    const updated = h.slack.callsTo("views.update").at(-1);
    expect(updated?.view_id).toBe(card.id);
    const text = JSON.stringify(blocksOf(viewOf(updated)));
    expect(text).toContain(`*Identifiant*\\n${duplicate.identifier} (SIRET)`);
    expect(text).toContain(
      `*Structure d'origine*\\n${origin.identifier} — Mairie de Saint-Exemple (Inactive)`,
    );
  });

  it("lets the principal manager change the structure from its card: the mandate warning until one is subscribed, field errors, then the saved card, the history and automatic requests", async () => {
    const structure = await seedStructure(h);
    await makeSecondaryManager(h, structure);
    const row = await structureOf(structure);
    expect(buttons((await openCard(secondary.slackId, structure.identifier)).view)).not.toContainEqual(
      expect.objectContaining({ action_id: ActionIds.editStructureOpen }),
    );
    const card = await openCard(principal.slackId, structure.identifier);
    expect(buttons(card.view)).toContainEqual(
      expect.objectContaining({ action_id: ActionIds.editStructureOpen, value: row.id }),
    );
    // « Utilisateur technique » on the card opens `/chorus technique` on top of it.
    const technical = buttonsOf(card.view).find(
      (button) => button.value === `technique ${structure.identifier}`,
    );
    await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId: principal.slackId,
        actionId: technical?.action_id ?? "",
        value: technical?.value ?? "",
        view: { id: card.id, hash: card.hash, callback_id: CallbackIds.structureCardModal },
      }),
    });
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.push" && call.ok));
    expect(viewOf(h.slack.callsTo("views.push").at(-1)).callback_id).toBe(
      CallbackIds.createTechnicalUserModal,
    );

    await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId: principal.slackId,
        actionId: ActionIds.editStructureOpen,
        value: row.id,
        view: { id: card.id, hash: card.hash, callback_id: CallbackIds.structureCardModal },
      }),
    });
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.update" && call.ok));
    const form = viewOf(h.slack.callsTo("views.update").at(-1));
    expect(form.callback_id).toBe(CallbackIds.editStructureModal);
    expect(JSON.stringify(blocksOf(form))).toContain(
      "Aucun mandat de facturation n'est souscrit pour cette structure",
    );
    const field = (action: string, value: string) => ({
      [`${action}_block`]: { [action]: { type: "plain_text_input", value } },
    });
    const submit = (values: Record<string, unknown>) =>
      h.submitView({
        userId: principal.slackId,
        callbackId: CallbackIds.editStructureModal,
        privateMetadata: form.private_metadata ?? "",
        values: {
          ...field(ActionIds.editStructureDesignation, "Mairie de Saint-Exemple-sur-Mer"),
          ...values,
        } as never,
      });

    const refused = await submit({
      ...field(ActionIds.editStructurePacage, "12"),
      ...field(ActionIds.editStructureVat, "123"),
    });
    expect(refused.json).toEqual({
      response_action: "errors",
      errors: {
        [`${ActionIds.editStructurePacage}_block`]: "Un numéro PACAGE compte 9 chiffres.",
        [`${ActionIds.editStructureVat}_block`]:
          "Un numéro de TVA intracommunautaire commence par le code du pays (FR, DE…) suivi de 2 à 13 lettres ou chiffres.",
      },
    });
    expect(await h.database.prisma.historyEntry.count({ where: { action: "STRUCTURE_UPDATED" } })).toBe(0);

    const saved = await submit({
      [`${ActionIds.editStructureSpaces}_block`]: {
        [ActionIds.editStructureSpaces]: {
          type: "checkboxes",
          selected_options: [{ value: "FACTURES_RECUES" }],
        },
      },
      [`${ActionIds.editStructureMandate}_block`]: {
        [ActionIds.editStructureMandate]: { type: "checkboxes", selected_options: [{ value: "mandate" }] },
      },
      ...field(ActionIds.editStructurePacage, "123456789"),
      ...field(ActionIds.editStructureVat, "fr 40 303265045"),
      ...field(ActionIds.editStructureConnection, "EDI via l'éditeur X"),
    });

    const shown = JSON.stringify(saved.json);
    expect(shown).toContain("La structure est modifiée.");
    expect(shown).toContain("Mairie de Saint-Exemple-sur-Mer");
    const after = await structureOf(structure);
    expect(after).toMatchObject({
      designation: "Mairie de Saint-Exemple-sur-Mer",
      spaces: ["FACTURES_RECUES"],
      hasBillingMandate: true,
      pacageNumber: "123456789",
      vatNumber: "FR40303265045",
      connectionInfo: { text: "EDI via l'éditeur X" },
    });
    const [line] = await h.database.prisma.historyEntry.findMany({ where: { action: "STRUCTURE_UPDATED" } });
    expect(line?.details).toMatchObject({
      designation: { from: "Mairie de Saint-Exemple", to: "Mairie de Saint-Exemple-sur-Mer" },
      hasBillingMandate: { from: false, to: true },
    });
    // The new space: an automatic subscription request for each attached user (principal, secondary).
    expect(
      await h.database.prisma.subscriptionRequest.count({
        where: { structureId: row.id, origin: "AUTOMATIC" },
      }),
    ).toBe(2);
  });
});
