import { describe, expect, it } from "vitest";
import { ActionIds, BlockIds, CallbackIds } from "../../../src/slack/ids.ts";
import { type Harness, SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { blockById, lastModal, optionsOf } from "../../support/fake-slack/index.ts";
import {
  fileRequest,
  principal,
  requester,
  type SeededStructure,
  seedStructure,
  validateInModal,
} from "../../support/scenario.ts";
import { blockActionsPayload, sendInteraction, slackOption } from "../../support/slack-requests.ts";

/** Attaches `requester` to the structure through a validated attachment request. */
async function attachRequester(h: Harness, structure: SeededStructure): Promise<void> {
  const requestId = await fileRequest(h, structure);
  await h.settle();
  await validateInModal(h, requestId, "SIMPLE_USER", []);
  h.smtp.reset();
}

describe("the subscription-request flow", () => {
  const h = useHarness();

  async function fileSubscription(structure: SeededStructure, spaces: unknown[], comment?: string) {
    const created = await h.api("POST", "/api/v1/subscription-requests", {
      structureIdentifier: structure.identifier,
      userLoginEmail: requester.email,
      spaces,
      ...(comment ? { comment } : {}),
    });
    expect(created.status).toBe(201);
    await h.settle();
    return created.json.id as string;
  }

  /** The manager clicks « Valider » on the request's message; resolves once the modal is open. */
  async function clickValidate(requestId: string, message: { channel: string; ts: string }) {
    await h.clickButton({
      userId: principal.slackId,
      actionId: ActionIds.validateSubscriptionRequest,
      value: requestId,
      channelId: message.channel,
      messageTs: message.ts,
    });
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.open"));
  }

  async function shownMessage(requestId: string) {
    const shown = await h.database.prisma.requestMessage.findFirstOrThrow({
      where: { subscriptionRequestId: requestId },
    });
    return {
      channel: shown.channelId,
      ts: shown.ts,
      blocks: JSON.stringify(h.slack.message(shown.channelId, shown.ts)?.blocks),
    };
  }

  it("shows a subscription request with its spaces, lets the manager lower one to Consultation, and grants the subscriptions", async () => {
    const structure = await seedStructure(h, { services: [{ code: "RH", label: "Ressources humaines" }] });
    await attachRequester(h, structure);
    const requestId = await fileSubscription(
      structure,
      [
        { space: "FACTURES_RECUES" },
        { space: "FACTURES_EMISES", serviceCode: "RH" },
        { space: "ENGAGEMENTS", access: "CONSULTATION" },
      ],
      "Pour la saisie des factures",
    );
    const { channel, ts, blocks } = await shownMessage(requestId);
    expect(blocks).toContain("Nouvelle demande d'abonnement");
    expect(blocks).toContain("Factures reçues — tous les services — Modification");
    expect(blocks).toContain("Factures émises — Ressources humaines (RH) — Modification");
    expect(blocks).toContain("Engagements — tous les services — Consultation");
    expect(blocks).toContain(ActionIds.validateSubscriptionRequest);

    await clickValidate(requestId, { channel, ts });
    const view = lastModal(h.slack, "views.open");
    expect(view.callback_id).toBe(CallbackIds.validateSubscriptionModal);
    const modification = optionsOf(blockById(view, BlockIds.modification));
    expect(modification.initial).toHaveLength(2);
    const keep = modification.options.find((option) => option.text.text.startsWith("Factures reçues"));

    const answer = await h.submitView({
      userId: principal.slackId,
      callbackId: CallbackIds.validateSubscriptionModal,
      privateMetadata: view.private_metadata ?? "",
      values: {
        [BlockIds.modification]: {
          [ActionIds.modificationInput]: {
            type: "checkboxes",
            selected_options: [slackOption(keep?.value ?? "")],
          },
        },
        [BlockIds.comment]: {
          [ActionIds.commentInput]: { type: "plain_text_input", value: "Émises en consultation" },
        },
      },
    });
    expect(answer.json).toBeNull();
    await h.settle();

    const subscriptions = await h.database.prisma.subscription.findMany({
      where: { user: { loginEmail: requester.email } },
      select: { space: true, access: true, scopeKey: true, status: true },
      orderBy: { space: "asc" },
    });
    expect(subscriptions.map(({ space, access }) => [space, access])).toEqual([
      ["FACTURES_EMISES", "CONSULTATION"],
      ["FACTURES_RECUES", "MODIFICATION"],
      ["ENGAGEMENTS", "CONSULTATION"],
    ]);
    const updated = JSON.stringify(h.slack.message(channel, ts)?.blocks);
    expect(updated).toContain("Accès accordés");
    expect(updated).toContain("Factures émises — Ressources humaines (RH) — Consultation");
    expect(updated).not.toContain(ActionIds.validateSubscriptionRequest);
    await h.smtp.waitForMessages(1);
    expect(h.smtp.messages[0]?.subject).toContain("demande d'abonnement");
    expect(h.smtp.messages[0]?.text).toContain("• Factures reçues — tous les services — Modification");
    expect(
      await h.database.prisma.historyEntry.count({
        where: { action: "SUBSCRIPTION_VALIDATED", subscriptionRequestId: requestId },
      }),
    ).toBe(1);
    expect((await h.api("GET", `/api/v1/subscription-requests/${requestId}`)).json).toMatchObject({
      status: "VALIDATED",
      origin: "USER",
      decision: { outcome: "VALIDATED", decidedBy: "Paule Principale", comment: "Émises en consultation" },
    });
  });

  it("refuses a subscription request with the same modal and e-mail as an attachment request", async () => {
    const structure = await seedStructure(h);
    await attachRequester(h, structure);
    const requestId = await fileSubscription(structure, [{ space: "SUIVI_FLUX" }]);
    const answer = await h.submitView({
      userId: principal.slackId,
      callbackId: CallbackIds.refuseRequestModal,
      privateMetadata: JSON.stringify({ type: "subscription", requestId }),
      values: {
        [BlockIds.reason]: { [ActionIds.reasonInput]: { type: "plain_text_input", value: "Espace réservé" } },
      },
    });
    expect(answer.json).toBeNull();
    await h.settle();
    expect((await shownMessage(requestId)).blocks).toContain("Refusée par");
    await h.smtp.waitForMessages(1);
    expect(h.smtp.messages[0]?.text).toContain("Motif du refus : Espace réservé");
    expect(
      await h.database.prisma.subscription.count({ where: { user: { loginEmail: requester.email } } }),
    ).toBe(0);
  });

  it("turns the validation modal into the refusal one with « Refuser la demande », and refuses with the reason given there", async () => {
    const structure = await seedStructure(h);
    await attachRequester(h, structure);
    const requestId = await fileSubscription(structure, [{ space: "SUIVI_FLUX" }]);
    const { channel, ts } = await shownMessage(requestId);
    await clickValidate(requestId, { channel, ts });
    const opened = [...h.slack.views.values()].at(-1);
    if (!opened) throw new Error("no validation modal");
    expect(opened.view.callback_id).toBe(CallbackIds.validateSubscriptionModal);
    expect(JSON.stringify(opened.view.blocks)).toContain("Refuser la demande");

    await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId: principal.slackId,
        actionId: ActionIds.refuseFromValidation,
        blockId: BlockIds.refuseFromValidation,
        value: "refuse",
        view: {
          id: opened.id,
          hash: opened.hash,
          private_metadata: String(opened.view.private_metadata),
          callback_id: CallbackIds.validateSubscriptionModal,
        },
      }),
    });
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.update" && call.ok));
    const refusal = lastModal(h.slack, "views.update", { okOnly: true });
    expect(refusal.callback_id).toBe(CallbackIds.refuseRequestModal);
    const answer = await h.submitView({
      userId: principal.slackId,
      callbackId: CallbackIds.refuseRequestModal,
      privateMetadata: String(refusal.private_metadata),
      values: {
        [BlockIds.reason]: { [ActionIds.reasonInput]: { type: "plain_text_input", value: "Espace inutile" } },
      },
    });

    expect(answer.json).toBeNull();
    const refused = await h.database.prisma.subscriptionRequest.findUniqueOrThrow({
      where: { id: requestId },
    });
    expect([refused.status, refused.refusalReason]).toEqual(["REFUSED", "Espace inutile"]);
    expect(
      await h.database.prisma.subscription.count({ where: { user: { loginEmail: requester.email } } }),
    ).toBe(0);
  });

  it("generates automatic requests for the attached users when the structure starts using new spaces", async () => {
    const structure = await seedStructure(h);
    await attachRequester(h, structure);

    const patched = await h.api("PATCH", `/api/v1/structures/${structure.identifier}`, {
      spaces: ["FACTURES_RECUES", "FACTURES_EMISES"],
    });
    expect(patched.status).toBe(200);
    // The principal manager and the requester are attached: one automatic request each.
    expect(patched.json.generatedSubscriptionRequests).toHaveLength(2);
    await h.settle();
    const generated = await h.api(
      "GET",
      `/api/v1/subscription-requests/${patched.json.generatedSubscriptionRequests[0]}`,
    );
    expect(generated.json).toMatchObject({ origin: "AUTOMATIC", status: "PENDING" });
    expect(generated.json.spaces.map((item: { space: string }) => item.space).sort()).toEqual([
      "FACTURES_EMISES",
      "FACTURES_RECUES",
    ]);
    expect((await shownMessage(generated.json.id)).blocks).toContain("Demande d'abonnement automatique");

    // Same settings again, or a space already pending: nothing new.
    const again = await h.api("PATCH", `/api/v1/structures/${structure.identifier}`, {
      spaces: ["FACTURES_EMISES", "FACTURES_RECUES"],
    });
    expect(again.json.generatedSubscriptionRequests).toEqual([]);
    // The manager's space: the principal holds it already, the simple user's role does not open it.
    const managers = await h.api("PATCH", `/api/v1/structures/${structure.identifier}`, {
      spaces: ["FACTURES_EMISES", "FACTURES_RECUES", "ACTIVITES_GESTIONNAIRE"],
    });
    expect(managers.json.generatedSubscriptionRequests).toEqual([]);
  });

  it("answers bad subscription requests with a 4xx naming the field, and creates nothing", async () => {
    const structure = await seedStructure(h, { services: [{ code: "RH", label: "RH" }] });
    const base = { structureIdentifier: structure.identifier, userLoginEmail: requester.email };
    const notAttached = await h.api("POST", "/api/v1/subscription-requests", {
      ...base,
      spaces: [{ space: "FACTURES_RECUES" }],
    });
    expect(notAttached.status).toBe(409);
    expect(notAttached.json.error.details[0].field).toBe("userLoginEmail");
    await attachRequester(h, structure);

    const cases: [unknown, number, string][] = [
      [[{ space: "CANTINE" }], 400, "spaces[0].space"],
      [[{ space: "FACTURES_RECUES" }, { space: "FACTURES_RECUES" }], 400, "spaces[1].space"],
      [[{ space: "FACTURES_RECUES", serviceCode: "NOPE" }], 400, "spaces[0].serviceCode"],
      [[{ space: "FACTURES_RECUES", access: "TOTAL" }], 400, "spaces[0].access"],
      [[], 400, "spaces"],
    ];
    for (const [spaces, status, field] of cases) {
      const answer = await h.api("POST", "/api/v1/subscription-requests", { ...base, spaces });
      expect({ spaces, status: answer.status }).toEqual({ spaces, status });
      expect(answer.json.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
    await h.database.prisma.structure.updateMany({ data: { status: "INACTIVE" } });
    const inactive = await h.api("POST", "/api/v1/subscription-requests", {
      ...base,
      spaces: [{ space: "FACTURES_RECUES" }],
    });
    expect(inactive.status).toBe(409);
    expect(inactive.json.error.details[0].field).toBe("structureIdentifier");
    expect(await h.database.prisma.subscriptionRequest.count()).toBe(0);
    const patchInactive = await h.api("PATCH", `/api/v1/structures/${structure.identifier}`, {
      spaces: ["SUIVI_FLUX"],
    });
    expect(patchInactive.status).toBe(409);
    expect((await h.api("PATCH", `/api/v1/structures/${structure.identifier}`, {})).status).toBe(400);
  });
});
