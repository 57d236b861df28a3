import { describe, expect, it } from "vitest";
import { resumeStaleBulkRuns, runBulkDecision } from "../../../src/services/requests/run-bulk-decision.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../../src/slack/ids.ts";
import { type Harness, SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { blocksStartingWith, lastModal, optionsOf } from "../../support/fake-slack/index.ts";
import {
  fileRequest,
  principal,
  requester,
  type SeededStructure,
  seedStructure,
  startPrincipalBulkRun,
  validateInModal,
} from "../../support/scenario.ts";
import type { SlackStateValues } from "../../support/slack-requests.ts";
import { blockActionsPayload, sendInteraction, slackOption } from "../../support/slack-requests.ts";

/** `count` requesters, each with one pending attachment request to the structure, oldest first. */
async function fileRequests(
  h: Harness,
  structure: SeededStructure,
  count: number,
  prefix = "demandeur",
): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const email = `${prefix}.${index}@exemple.fr`;
    await h.api("POST", "/api/v1/users", {
      loginEmail: email,
      firstName: "Jeanne",
      lastName: `Demandeuse ${index}`,
    });
    const created = await h.api("POST", "/api/v1/attachment-requests", {
      structureIdentifier: structure.identifier,
      userLoginEmail: email,
    });
    ids.push(created.json.id);
  }
  return ids;
}

describe("bulk decisions from /chorus demandes", () => {
  const h = useHarness();

  async function openList(text = "demandes") {
    const { status } = await h.command({ userId: principal.slackId, text, channelId: "CLIST00001" });
    expect(status).toBe(200);
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.open"));
    const opened = lastModal(h.slack, "views.open");
    const stored = [...h.slack.views.values()].at(-1);
    return { view: opened, id: stored?.id ?? "", hash: stored?.hash ?? "" };
  }

  function submitList(privateMetadata: string | undefined, values: SlackStateValues) {
    return h.submitView({
      userId: principal.slackId,
      callbackId: CallbackIds.pendingListModal,
      privateMetadata: privateMetadata ?? "",
      values,
    });
  }

  it("lists the pending requests oldest first, one page at a time, and filters them by kind", async () => {
    const structure = await seedStructure(h);
    const ids = await fileRequests(h, structure, 23);
    const { view, id, hash } = await openList();

    expect(JSON.stringify(view.blocks)).toContain("23 demandes en attente — page 1/2");
    const firstPage = blocksStartingWith(view, BlockIds.pendingSelectionPrefix);
    expect(firstPage.flatMap((block) => optionsOf(block).options.map((option) => option.value))).toEqual(
      ids.slice(0, 20).map((requestId) => `attachment:${requestId}`),
    );

    const next = blockActionsPayload({
      userId: principal.slackId,
      actionId: ActionIds.pendingNextPage,
      blockId: BlockIds.pendingPages,
      value: "next",
      view: { id, hash, private_metadata: view.private_metadata, callback_id: CallbackIds.pendingListModal },
    });
    await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload: next });
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.update" && call.ok));
    const second = lastModal(h.slack, "views.update");
    expect(JSON.stringify(second.blocks)).toContain("page 2/2");

    const stored = h.slack.views.get(id);
    const filter = blockActionsPayload({
      userId: principal.slackId,
      actionId: ActionIds.pendingKindFilter,
      blockId: BlockIds.pendingFilters,
      actionType: "static_select",
      actionExtra: { selected_option: slackOption("subscription") },
      view: {
        id,
        hash: stored?.hash,
        private_metadata: second.private_metadata,
        callback_id: CallbackIds.pendingListModal,
      },
    });
    await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload: filter });
    await h.slack.waitFor(
      (calls) => calls.filter((call) => call.method === "views.update" && call.ok).length === 2,
    );
    const filtered = lastModal(h.slack, "views.update");
    expect(JSON.stringify(filtered.blocks)).toContain("Aucune demande en attente pour ces critères.");
    expect(filtered.submit).toBeUndefined();
  });

  it("says what each request asks, and opens one of them on top of the list to validate or refuse it alone", async () => {
    const structure = await seedStructure(h, {
      services: [
        { code: "RH", label: "Ressources humaines" },
        { code: "COMPTA", label: "Comptabilité" },
      ],
    });
    await fileRequests(h, structure, 1);
    await h.api("POST", "/api/v1/users", {
      loginEmail: "rh@exemple.fr",
      firstName: "Rose",
      lastName: "Humaine",
    });
    const byService = await h.api("POST", "/api/v1/attachment-requests", {
      structureIdentifier: structure.identifier,
      userLoginEmail: "rh@exemple.fr",
      serviceCodes: ["RH", "COMPTA"],
    });
    const { view, id, hash } = await openList();

    const options = blocksStartingWith(view, BlockIds.pendingSelectionPrefix).flatMap(
      (block) => optionsOf(block).options,
    );
    expect(options.map((option) => option.description?.text)).toEqual([
      expect.stringMatching(/^Jeanne Demandeuse 0 · \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2} · Toute la structure$/),
      expect.stringMatching(/^Rose Humaine · .* · COMPTA, RH$/),
    ]);
    const open = blockActionsPayload({
      userId: principal.slackId,
      actionId: ActionIds.pendingOpenRequest,
      blockId: BlockIds.pendingOpen,
      actionType: "static_select",
      actionExtra: { selected_option: slackOption(`attachment:${byService.json.id}`) },
      view: { id, hash, private_metadata: view.private_metadata, callback_id: CallbackIds.pendingListModal },
    });
    await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload: open });
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.push"));

    const pushed = lastModal(h.slack, "views.push");
    expect(pushed.callback_id).toBe(CallbackIds.validateAttachmentModal);
    const shown = JSON.stringify(pushed.blocks);
    expect(shown).toContain("Rose Humaine");
    expect(shown).toContain("Comptabilité (COMPTA)");
    expect(shown).toContain("Refuser la demande");
    expect(JSON.parse(pushed.private_metadata ?? "{}")).toMatchObject({
      type: "attachment",
      requestId: byService.json.id,
    });
  });

  it("opens on one structure when given its identifier, and refuses the identifier of a structure the manager does not manage", async () => {
    const structure = await seedStructure(h);
    const other = await seedStructure(h, { seed: 7654321, channel: "COTHER0001" });
    await fileRequests(h, structure, 2);
    const ids = await fileRequests(h, other, 1, "ailleurs");
    await h.settle();

    const { view } = await openList(`demandes ${other.identifier}`);
    const shown = blocksStartingWith(view, BlockIds.pendingSelectionPrefix).flatMap((block) =>
      optionsOf(block).options.map((option) => option.value),
    );
    expect(shown).toEqual(ids.map((requestId) => `attachment:${requestId}`));
    expect(JSON.stringify(view.blocks)).toContain("1 demande en attente");
    const filters = view.blocks.find((block) => block.block_id === BlockIds.pendingFilters) as {
      elements: { initial_option?: { text: { text: string } } }[];
    };
    expect(filters.elements[0]?.initial_option?.text.text).toContain(`(${other.identifier})`);

    const unknown = "73282932000074";
    const answer = await h.commandAnswer(principal.slackId, `demandes ${unknown}`);
    expect(answer).toContain(
      `Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire de la structure ${unknown}`,
    );
    expect(h.slack.calls.filter((call) => call.method === "views.open")).toHaveLength(1);
  });

  it("validates subscription requests in bulk: each space granted with the access asked, the message updated and the requester told", async () => {
    const structure = await seedStructure(h);
    await validateInModal(h, await fileRequest(h, structure), "SIMPLE_USER", []);
    const filed = await h.api("POST", "/api/v1/subscription-requests", {
      structureIdentifier: structure.identifier,
      userLoginEmail: requester.email,
      spaces: [{ space: "FACTURES_RECUES" }, { space: "ENGAGEMENTS", access: "CONSULTATION" }],
    });
    expect(filed.status).toBe(201);
    const subscriptionId = filed.json.id as string;
    const [attachmentId] = await fileRequests(h, structure, 1);
    await h.settle();
    h.smtp.reset();
    const { view } = await openList();
    const listed = blocksStartingWith(view, BlockIds.pendingSelectionPrefix).flatMap((block) =>
      optionsOf(block).options.map((option) => option.value),
    );
    expect(listed).toContain(`subscription:${subscriptionId}`);

    const answer = await submitList(view.private_metadata, {
      [`${BlockIds.pendingSelectionPrefix}0`]: {
        [ActionIds.pendingSelection]: {
          type: "checkboxes",
          selected_options: [
            slackOption(`subscription:${subscriptionId}`),
            slackOption(`attachment:${attachmentId}`),
          ],
        },
      },
      [BlockIds.bulkAction]: {
        [ActionIds.bulkAction]: { type: "radio_buttons", selected_option: slackOption("VALIDATE") },
      },
    });
    expect(answer.json.response_action).toBe("update");
    await eventuallyDone(h);
    await h.settle();

    const subscriptions = await h.database.prisma.subscription.findMany({
      where: { user: { loginEmail: requester.email } },
      select: { space: true, access: true, status: true },
      orderBy: { space: "asc" },
    });
    expect(subscriptions.map(({ space, access }) => [space, access])).toEqual([
      ["FACTURES_RECUES", "MODIFICATION"],
      ["ENGAGEMENTS", "CONSULTATION"],
    ]);
    expect((await h.api("GET", `/api/v1/subscription-requests/${subscriptionId}`)).json).toMatchObject({
      status: "VALIDATED",
      decision: { outcome: "VALIDATED", decidedBy: "Paule Principale" },
    });
    expect(
      await h.database.prisma.historyEntry.count({
        where: { action: "SUBSCRIPTION_VALIDATED", subscriptionRequestId: subscriptionId },
      }),
    ).toBe(1);
    const shown = await h.database.prisma.requestMessage.findFirstOrThrow({
      where: { subscriptionRequestId: subscriptionId },
    });
    const updated = JSON.stringify(h.slack.message(shown.channelId, shown.ts)?.blocks);
    expect(updated).toContain("Accès accordés");
    expect(updated).not.toContain(ActionIds.validateSubscriptionRequest);
    await h.smtp.waitForMessages(2);
    const told = h.smtp.messages.find((mail) => mail.to[0] === requester.email);
    expect(told?.subject).toContain("demande d'abonnement");
    expect(told?.text).toContain("• Factures reçues — tous les services — Modification");
    const summary = h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .find((args) => String(args.text).startsWith("Validation de la sélection"));
    expect(String(summary?.text)).toContain("2 demandes traitées");
  });

  it("validates a selection: each decision recorded, each message updated, one e-mail per requester and a summary by DM", async () => {
    const structure = await seedStructure(h);
    const ids = await fileRequests(h, structure, 3);
    await h.settle();
    const { view } = await openList();
    const selected = ids.map((requestId) => slackOption(`attachment:${requestId}`));

    const answer = await submitList(view.private_metadata, {
      [`${BlockIds.pendingSelectionPrefix}0`]: {
        [ActionIds.pendingSelection]: { type: "checkboxes", selected_options: selected },
      },
      [BlockIds.bulkAction]: {
        [ActionIds.bulkAction]: { type: "radio_buttons", selected_option: slackOption("VALIDATE") },
      },
    });
    expect(answer.json.response_action).toBe("update");
    expect(JSON.stringify(answer.json.view)).toContain("Traitement de 3 demandes en cours");

    await eventuallyDone(h);
    await h.settle();
    for (const requestId of ids) {
      expect((await h.api("GET", `/api/v1/attachment-requests/${requestId}`)).json.decision).toMatchObject({
        outcome: "VALIDATED",
        role: "SIMPLE_USER",
        wholeStructure: true,
      });
    }
    const updates = h.slack.callsTo("chat.update", { okOnly: true });
    expect(updates).toHaveLength(3);
    await h.smtp.waitForMessages(3);
    expect(h.smtp.messages.map((mail) => mail.to[0]).sort()).toEqual([
      "demandeur.0@exemple.fr",
      "demandeur.1@exemple.fr",
      "demandeur.2@exemple.fr",
    ]);
    const summary = h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .find((args) => String(args.text).startsWith("Validation de la sélection"));
    expect(summary?.channel).toBe(`D${principal.slackId.slice(1)}`);
    expect(String(summary?.text)).toContain("3 demandes traitées");
    expect(await h.database.prisma.historyEntry.count({ where: { action: "ATTACHMENT_VALIDATED" } })).toBe(3);
  });

  it("refuses all the filtered requests with one reason, and skips and lists those it must not decide", async () => {
    const structure = await seedStructure(h);
    const other = await seedStructure(h, { seed: 7654321, channel: "COTHER0001" });
    const ids = await fileRequests(h, structure, 4);
    // The principal manages `other` too but will lose that right; and one request is decided meanwhile.
    const foreign = await fileRequests(h, other, 1, "ailleurs");
    await h.settle();
    const { view } = await openList();

    const noReason = await submitList(view.private_metadata, {
      [BlockIds.pendingSelectAll]: {
        [ActionIds.pendingSelectAll]: { type: "checkboxes", selected_options: [slackOption("all")] },
      },
      [BlockIds.bulkAction]: {
        [ActionIds.bulkAction]: { type: "radio_buttons", selected_option: slackOption("REFUSE") },
      },
    });
    expect(noReason.json).toEqual({
      response_action: "errors",
      errors: { [BlockIds.reason]: "Indiquez le motif du refus." },
    });
    const nothing = await submitList(view.private_metadata, {
      [BlockIds.bulkAction]: {
        [ActionIds.bulkAction]: { type: "radio_buttons", selected_option: slackOption("VALIDATE") },
      },
    });
    expect(nothing.json.errors[BlockIds.pendingSelectAll]).toContain("Sélectionnez au moins une demande");

    await h.database.prisma.attachment.updateMany({
      where: { structure: { identifier: other.identifier } },
      data: { status: "DEACTIVATED" },
    });
    await h.database.prisma.attachmentRequest.update({
      where: { id: ids[0] },
      data: { status: "VALIDATED", pendingKey: null, decidedAt: new Date() },
    });
    const runId = await startPrincipalBulkRun(h, { action: "REFUSE", reason: "Campagne close" }, [
      ...ids,
      ...foreign,
    ]);
    await runBulkDecision(h.runtime.ctx, runId);
    await h.settle();

    const outcomes = await h.database.prisma.bulkRunItem.findMany({
      where: { runId },
      orderBy: { position: "asc" },
    });
    expect(outcomes.map((item) => item.outcome)).toEqual([
      "ALREADY_DECIDED",
      "DONE",
      "DONE",
      "DONE",
      "FORBIDDEN",
    ]);
    const summary = h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .find((args) => String(args.text).startsWith("Refus de la sélection"));
    const summaryText = JSON.stringify(summary?.blocks);
    expect(summaryText).toContain("3 demandes traitées");
    expect(summaryText).toContain("2 demandes non traitées");
    expect(summaryText).toContain("déjà traitée");
    expect(summaryText).toContain("hors de vos structures");
    expect(h.smtp.messages.every((mail) => mail.text.includes("Campagne close"))).toBe(true);
  });

  it("resumes a run whose process stopped, decides each request once and sends each e-mail once", async () => {
    const structure = await seedStructure(h);
    const ids = await fileRequests(h, structure, 3);
    await h.settle();
    const runId = await startPrincipalBulkRun(h, { action: "VALIDATE" }, ids);
    // As if the process died after one decision: one item decided, the lease expired.
    await h.database.prisma.bulkRun.update({
      where: { id: runId },
      data: { leaseUntil: new Date(Date.now() - 1000) },
    });

    const resumed = await Promise.all([
      resumeStaleBulkRuns(h.runtime.ctx),
      resumeStaleBulkRuns(h.runtime.ctx),
    ]);
    expect(resumed.sort()).toEqual([0, 1]);
    expect(await resumeStaleBulkRuns(h.runtime.ctx)).toBe(0);
    await h.settle();
    await h.smtp.waitForMessages(3);
    expect(h.smtp.messages).toHaveLength(3);
    expect(await h.database.prisma.historyEntry.count({ where: { action: "ATTACHMENT_VALIDATED" } })).toBe(3);
    expect((await h.database.prisma.bulkRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("DONE");
  });
});

/** Waits for every bulk run to be finished. */
async function eventuallyDone(h: Harness): Promise<void> {
  for (let round = 0; round < 250; round++) {
    if ((await h.database.prisma.bulkRun.count({ where: { status: "RUNNING" } })) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the bulk run did not finish");
}
