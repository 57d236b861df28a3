import { describe, expect, it } from "vitest";
import { scopeKeyOf } from "../../../src/domain/attachment-scope.ts";
import { deactivateService } from "../../../src/services/structures/manage-services.ts";
import { ActionIds, CallbackIds } from "../../../src/slack/ids.ts";
import { useHarness } from "../../support/app-harness.ts";
import { buttonsOf } from "../../support/fake-slack/index.ts";
import { clickInModal, type OpenModal, openStructureCard, updatedModal } from "../../support/modal-clicks.ts";
import {
  actorOf,
  fileRequest,
  makeSecondaryManager,
  outsider,
  principal,
  requester,
  type SeededStructure,
  secondary,
  seedNumberedUsers,
  seedStructure,
  seedStructureWithSpaces,
  TWO_SERVICES,
  validateInModal,
} from "../../support/scenario.ts";

describe("the services of a structure, managed from its card", () => {
  const h = useHarness();

  const structureWithSpaces = () => seedStructureWithSpaces(h);

  const service = (code: string) => h.database.prisma.service.findFirstOrThrow({ where: { code } });

  /** The principal opens the card, then « Gérer les services ». */
  async function openServices(structure: SeededStructure, userId = principal.slackId): Promise<OpenModal> {
    const card = await openStructureCard(h, userId, structure.identifier);
    const row = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
    });
    return clickInModal(h, userId, card, { actionId: ActionIds.manageServicesOpen, value: row.id });
  }

  const menu = (modal: OpenModal, choice: string, serviceId: string) =>
    clickInModal(h, principal.slackId, modal, {
      actionId: ActionIds.serviceMenu,
      value: `${choice}:${serviceId}`,
      overflow: true,
    });

  const text = (action: string, value: string) => ({
    [`${action}_block`]: { [action]: { type: "plain_text_input", value } },
  });
  const spaces = (...values: string[]) => ({
    [`${ActionIds.serviceSpaces}_block`]: {
      [ActionIds.serviceSpaces]: {
        type: "checkboxes",
        selected_options: values.map((value) => ({ value, text: { type: "plain_text", text: value } })),
      },
    },
  });

  const submit = (form: OpenModal, callbackId: string, values: Record<string, unknown>) =>
    h.submitView({
      userId: principal.slackId,
      callbackId,
      privateMetadata: form.view.private_metadata ?? "",
      values: values as never,
    });

  async function historyOf(action: string) {
    const rows = await h.database.prisma.historyEntry.findMany({ where: { action: action as never } });
    return rows.map((row) => row.details);
  }

  it("lets the principal manager add a service: its code once, a label, the structure's spaces, with field errors and a history line", async () => {
    const structure = await structureWithSpaces();
    const list = await openServices(structure);
    expect(list.view.callback_id).toBe(CallbackIds.servicesModal);
    expect(list.text).toContain("2 services de la structure");
    expect(list.text).toContain(
      "*Comptabilité (COMPTA)*\\naucun utilisateur rattaché au service seul · Espaces : Factures émises, Factures reçues, Activités du gestionnaire",
    );
    const row = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
    });
    const form = await clickInModal(h, principal.slackId, list, {
      actionId: ActionIds.serviceAdd,
      value: row.id,
    });
    expect(form.view.callback_id).toBe(CallbackIds.serviceFormModal);
    // A new service is offered every space of the structure, all ticked.
    expect(form.text).toContain('"initial_options"');
    expect(form.text.match(/"value":"(FACTURES|ACTIVITES)_[A-Z]+"/g)).toHaveLength(6);

    const blank = await submit(form, CallbackIds.serviceFormModal, {
      ...text(ActionIds.serviceCode, "  "),
      ...text(ActionIds.serviceLabel, ""),
    });
    expect(blank.json).toEqual({
      response_action: "errors",
      errors: {
        [`${ActionIds.serviceCode}_block`]: "Saisissez le code du service.",
        [`${ActionIds.serviceLabel}_block`]: "Saisissez le libellé du service.",
      },
    });
    const taken = await submit(form, CallbackIds.serviceFormModal, {
      ...text(ActionIds.serviceCode, "RH"),
      ...text(ActionIds.serviceLabel, "Paie"),
    });
    expect(taken.json).toEqual({
      response_action: "errors",
      errors: {
        [`${ActionIds.serviceCode}_block`]: "Le code RH est déjà celui d'un service de la structure.",
      },
    });
    const outside = await submit(form, CallbackIds.serviceFormModal, {
      ...text(ActionIds.serviceCode, "PAIE"),
      ...text(ActionIds.serviceLabel, "Paie"),
      ...spaces("ENGAGEMENTS"),
    });
    expect(outside.json).toMatchObject({
      errors: { [`${ActionIds.serviceSpaces}_block`]: "La structure n'utilise pas l'espace Engagements." },
    });
    expect(await h.database.prisma.service.count()).toBe(2);

    const added = await submit(form, CallbackIds.serviceFormModal, {
      ...text(ActionIds.serviceCode, " PAIE "),
      ...text(ActionIds.serviceLabel, "Paie des agents"),
      ...spaces("FACTURES_RECUES"),
    });
    const after = updatedModal(h, form, added.json);
    expect(after.view.callback_id).toBe(CallbackIds.servicesModal);
    expect(after.text).toContain("Le service Paie des agents est ajouté.");
    expect(after.text).toContain("*Paie des agents (PAIE)*");
    expect(await service("PAIE")).toMatchObject({
      label: "Paie des agents",
      active: true,
      spaces: ["FACTURES_RECUES"],
    });
    expect(await historyOf("SERVICE_CREATED")).toEqual([
      { code: "PAIE", label: "Paie des agents", spaces: ["FACTURES_RECUES"] },
    ]);
  });

  it("opens to a user attached to a service only the spaces that service uses, and asks a space it starts using for them alone", async () => {
    const structure = await structureWithSpaces();
    const rh = await service("RH");
    const list = await openServices(structure);
    const form = await menu(list, "edit", rh.id);
    expect(form.text).toContain("*Code du service*\\nRH");
    const edited = await submit(form, CallbackIds.serviceFormModal, {
      ...text(ActionIds.serviceLabel, "RH et paie"),
      ...spaces("FACTURES_RECUES"),
    });
    const list2 = updatedModal(h, form, edited.json);
    expect(list2.text).toContain("Le service RH et paie est modifié.");
    expect(await historyOf("SERVICE_UPDATED")).toEqual([
      {
        code: "RH",
        label: { from: "Ressources humaines", to: "RH et paie" },
        spaces: {
          from: ["FACTURES_EMISES", "FACTURES_RECUES", "ACTIVITES_GESTIONNAIRE"],
          to: ["FACTURES_RECUES"],
        },
      },
    ]);

    const requestId = await fileRequest(h, structure, { serviceCodes: ["RH"] });
    const elsewhere = await fileRequest(h, structure, { serviceCodes: ["COMPTA"], email: outsider.email });
    await h.settle();
    await validateInModal(h, requestId, "SIMPLE_USER", [rh.id]);
    await validateInModal(h, elsewhere, "SIMPLE_USER", [(await service("COMPTA")).id]);
    const subscriptions = await h.database.prisma.subscription.findMany({
      where: { user: { loginEmail: requester.email } },
      select: { space: true, scopeKey: true, status: true },
    });
    expect(subscriptions).toEqual([{ space: "FACTURES_RECUES", scopeKey: rh.id, status: "ACTIVE" }]);

    const again = await menu(list2, "edit", rh.id);
    const widened = await submit(again, CallbackIds.serviceFormModal, {
      ...text(ActionIds.serviceLabel, "RH et paie"),
      ...spaces("FACTURES_RECUES", "FACTURES_EMISES"),
    });
    expect(updatedModal(h, again, widened.json).text).toContain("Le service RH et paie est modifié.");
    const automatic = await h.database.prisma.subscriptionRequest.findMany({
      where: { origin: "AUTOMATIC", status: "PENDING", items: { some: { serviceId: rh.id } } },
      select: { user: { select: { loginEmail: true } }, items: { select: { space: true, serviceId: true } } },
    });
    // Neither the principal (whole structure) nor a user of another service is asked anything.
    expect(automatic).toEqual([
      { user: { loginEmail: requester.email }, items: [{ space: "FACTURES_EMISES", serviceId: rh.id }] },
    ]);
    // Saving the same again writes nothing.
    const same = await submit(again, CallbackIds.serviceFormModal, {
      ...text(ActionIds.serviceLabel, "RH et paie"),
      ...spaces("FACTURES_RECUES", "FACTURES_EMISES"),
    });
    expect(updatedModal(h, again, same.json).text).toContain("Aucune modification.");
    expect(await historyOf("SERVICE_UPDATED")).toHaveLength(2);
  });

  it("asks for confirmation before deactivating a service users hold, says what happens, then ends those attachments, closes the requests on it and keeps the rest", async () => {
    const structure = await structureWithSpaces();
    const [rh, compta] = [await service("RH"), await service("COMPTA")];
    const onlyRh = await fileRequest(h, structure, { serviceCodes: ["RH"] });
    const both = await fileRequest(h, structure, { serviceCodes: ["RH", "COMPTA"], email: outsider.email });
    await h.settle();
    await validateInModal(h, onlyRh, "SIMPLE_USER", [rh.id]);
    await validateInModal(h, both, "SIMPLE_USER", [rh.id, compta.id]);
    const asked = await h.api("POST", "/api/v1/subscription-requests", {
      structureIdentifier: structure.identifier,
      userLoginEmail: outsider.email,
      spaces: [{ space: "ENGAGEMENTS", serviceCode: "RH" }],
    });
    expect(asked.status).toBe(201);
    const pendingAttachment = await fileRequest(h, structure, {
      serviceCodes: ["RH"],
      email: secondary.email,
    });
    await h.settle();

    // Without the confirmation, nothing changes.
    await expect(
      deactivateService(h.runtime.ctx, await actorOf(h, principal), { serviceId: rh.id, confirmed: false }),
    ).rejects.toThrow(
      "La désactivation du service Ressources humaines doit être confirmée : des utilisateurs ou des demandes en dépendent.",
    );
    expect((await service("RH")).active).toBe(true);

    const list = await openServices(structure);
    expect(list.text).toContain("*Ressources humaines (RH)*\\n2 utilisateurs rattachés au service seul");
    const confirm = await menu(list, "deactivate", rh.id);
    expect(confirm.view.callback_id).toBe(CallbackIds.serviceDeactivateModal);
    expect(confirm.text).toContain(
      "*2 utilisateurs rattachés à ce service seul* (Odile Dehors, René Demandeur) : le rattachement au service prend fin",
    );
    expect(confirm.text).toContain("*1 demande d'abonnement en attente* porte sur ce service");
    expect(confirm.text).toContain("*1 demande de rattachement en attente* demande ce service");
    expect(confirm.text).toContain(
      "Réactiver le service plus tard ne rattache pas de nouveau ces utilisateurs.",
    );

    const done = await submit(confirm, CallbackIds.serviceDeactivateModal, {});
    const after = updatedModal(h, confirm, done.json);
    expect(after.text).toContain("Le service Ressources humaines est désactivé.");
    expect(after.text).toContain("*Ressources humaines (RH)* _(inactif)_");

    const { prisma } = h.database;
    expect((await service("RH")).active).toBe(false);
    const attachments = await prisma.attachment.findMany({
      where: { user: { loginEmail: { in: [requester.email, outsider.email] } } },
      select: { user: { select: { loginEmail: true } }, scopeKey: true, status: true },
      orderBy: [{ user: { loginEmail: "asc" } }, { scopeKey: "asc" }],
    });
    expect(
      attachments
        .map((row) => `${row.user.loginEmail} ${row.scopeKey === rh.id ? "RH" : "COMPTA"} ${row.status}`)
        .sort(),
    ).toEqual([
      `${outsider.email} COMPTA VALIDATED`,
      `${outsider.email} RH DELETED`,
      `${requester.email} RH DELETED`,
    ]);
    const active = await prisma.subscription.findMany({
      where: { status: "ACTIVE", user: { loginEmail: { in: [requester.email, outsider.email] } } },
      select: { user: { select: { loginEmail: true } }, scopeKey: true },
    });
    expect(active.every((row) => row.user.loginEmail === outsider.email && row.scopeKey === compta.id)).toBe(
      true,
    );
    expect(active).toHaveLength(2);
    expect(
      await prisma.subscriptionRequest.findUniqueOrThrow({ where: { id: asked.json.id as string } }),
    ).toMatchObject({ status: "DEACTIVATED" });
    expect(
      await prisma.attachmentRequest.findUniqueOrThrow({ where: { id: pendingAttachment } }),
    ).toMatchObject({ status: "PENDING" });
    expect(await historyOf("SERVICE_DEACTIVATED")).toEqual([
      { code: "RH", label: "Ressources humaines", detachedUsers: 2, deactivatedRequests: 1 },
    ]);
    const ended = await prisma.historyEntry.findFirstOrThrow({
      where: { action: "ATTACHMENT_DELETED", targetUser: { loginEmail: requester.email } },
    });
    expect(ended.details).toEqual({
      role: "SIMPLE_USER",
      serviceIds: [rh.id],
      reason: "Désactivation du service Ressources humaines",
    });
    // The requester of the closed subscription request is told, as for a decision.
    await h.settle();
    const mails = await h.smtp.waitForMessages(1);
    expect(
      mails.some((mail) => mail.to.includes(outsider.email) && /désactivée/i.test(mail.text ?? "")),
    ).toBe(true);
  });

  it("deactivates at once a service nobody holds, reactivates it, and makes services follow the spaces their structure drops or adds", async () => {
    const structure = await structureWithSpaces();
    const compta = await service("COMPTA");
    const list = await openServices(structure);

    const deactivated = await menu(list, "deactivate", compta.id);
    expect(deactivated.view.callback_id).toBe(CallbackIds.servicesModal);
    expect(deactivated.text).toContain("Le service Comptabilité est désactivé.");
    expect(deactivated.text).toContain("*Comptabilité (COMPTA)* _(inactif)_");
    expect(JSON.stringify(deactivated.view.blocks)).toContain(`reactivate:${compta.id}`);
    const reactivated = await menu(deactivated, "reactivate", compta.id);
    expect(reactivated.text).toContain("Le service Comptabilité est réactivé.");
    expect((await service("COMPTA")).active).toBe(true);
    expect(await historyOf("SERVICE_REACTIVATED")).toEqual([{ code: "COMPTA", label: "Comptabilité" }]);

    const patched = await h.api("PATCH", `/api/v1/structures/${structure.identifier}`, {
      spaces: ["FACTURES_RECUES", "SUIVI_FLUX"],
    });
    expect(patched.status).toBe(200);
    for (const code of ["RH", "COMPTA"])
      expect((await service(code)).spaces).toEqual(["FACTURES_RECUES", "SUIVI_FLUX"]);
  });

  it("keeps « Gérer les services » to the principal manager: a secondary manager's click is refused with the reason", async () => {
    const structure = await structureWithSpaces();
    await makeSecondaryManager(h, structure);
    const card = await openStructureCard(h, secondary.slackId, structure.identifier);
    expect(buttonsOf(card.view).map((button) => button.action_id)).not.toContain(
      ActionIds.manageServicesOpen,
    );

    const refused = await openServices(structure, secondary.slackId);
    expect(refused.text).toContain(
      `Seul le gestionnaire principal de la structure Mairie de Saint-Exemple (${structure.identifier}) peut la modifier.`,
    );
  });
});

describe("the users attached to a structure, on its card", () => {
  const h = useHarness();

  it("lists them ten at a time with their status, role, services and what is to come, and turns the pages", async () => {
    const structure = await seedStructure(h, { services: TWO_SERVICES });
    const rh = await h.database.prisma.service.findFirstOrThrow({ where: { code: "RH" } });
    await seedNumberedUsers(h, structure, {
      prefix: "Agent",
      count: 11,
      status: (index) => (index === 0 ? "PENDING_ACTIVATION" : "ACTIVE"),
      attachment: (index) => ({
        ...(index === 1 ? { serviceId: rh.id, scopeKey: scopeKeyOf(rh.id) } : {}),
        ...(index === 2 ? { startDate: new Date("2099-03-01"), status: "UPCOMING" as const } : {}),
      }),
    });

    const card = await openStructureCard(h, principal.slackId, structure.identifier);
    expect(card.text).toContain("*Utilisateurs rattachés à la structure (12)*");
    expect(card.text).toContain(
      "• *Numéro00 Agent* (agent0@exemple.fr) — En cours d'activation — Utilisateur simple — Toute la structure",
    );
    expect(card.text).toContain(
      "• *Numéro01 Agent* (agent1@exemple.fr) — Actif — Utilisateur simple — Ressources humaines (RH)",
    );
    expect(card.text).toContain(
      "• *Numéro02 Agent* (agent2@exemple.fr) — Actif — Utilisateur simple — Toute la structure — _à venir_ (à partir du 01/03/2099)",
    );
    expect(card.text).toContain("Utilisateurs : page 1 sur 2");
    expect(card.text).not.toContain("Principale Paule");
    expect(card.text).toContain(ActionIds.structureUsersNextPage);
    expect(card.text).not.toContain(ActionIds.structureUsersPreviousPage);

    const second = await clickInModal(h, principal.slackId, card, {
      actionId: ActionIds.structureUsersNextPage,
      value: "next",
    });
    expect(second.text).toContain("Utilisateurs : page 2 sur 2");
    expect(second.text).toContain(
      "• *Numéro10 Agent* (agent10@exemple.fr) — Actif — Utilisateur simple — Toute la structure",
    );
    expect(second.text).toContain(
      "• *Principale Paule* (paule.principale@exemple.fr) — Actif — Gestionnaire principal — Toute la structure",
    );
    expect(second.text).not.toContain("Numéro00");
    expect(second.text).toContain(ActionIds.structureUsersPreviousPage);
    expect(second.text).not.toContain(ActionIds.structureUsersNextPage);
  });
});
