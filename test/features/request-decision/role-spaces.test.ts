import { describe, expect, it } from "vitest";
import { defaultSpaces, isSpaceAllowed } from "../../../src/domain/role-spaces.ts";
import { runBulkDecision } from "../../../src/services/requests/run-bulk-decision.ts";
import { BlockIds, CallbackIds } from "../../../src/slack/ids.ts";
import { useHarness } from "../../support/app-harness.ts";
import {
  fileRequest,
  principal,
  requester,
  seedStructureWithSpaces,
  startPrincipalBulkRun,
  validateInModal,
} from "../../support/scenario.ts";

describe("the spaces a role opens", () => {
  it("keeps « Activités du gestionnaire » for managers and opens every other space to every role", () => {
    expect(isSpaceAllowed("SIMPLE_USER", "ACTIVITES_GESTIONNAIRE")).toBe(false);
    expect(isSpaceAllowed("SECONDARY_MANAGER", "ACTIVITES_GESTIONNAIRE")).toBe(true);
    expect(isSpaceAllowed("PRINCIPAL_MANAGER", "ACTIVITES_GESTIONNAIRE")).toBe(true);
    expect(isSpaceAllowed("SIMPLE_USER", "FACTURES_RECUES")).toBe(true);
    expect(isSpaceAllowed(null, "FACTURES_RECUES")).toBe(false);
  });

  it("opens by default the structure's spaces the role allows, and the manager's space to a manager", () => {
    const used = ["FACTURES_EMISES", "ACTIVITES_GESTIONNAIRE"] as const;
    expect(defaultSpaces("SIMPLE_USER", used)).toEqual(["FACTURES_EMISES"]);
    expect(defaultSpaces("SECONDARY_MANAGER", used).sort()).toEqual([
      "ACTIVITES_GESTIONNAIRE",
      "FACTURES_EMISES",
    ]);
    expect(defaultSpaces("PRINCIPAL_MANAGER", [])).toEqual(["ACTIVITES_GESTIONNAIRE"]);
    expect(defaultSpaces("SIMPLE_USER", [])).toEqual([]);
  });
});

describe("spaces by role, end to end", () => {
  const h = useHarness();

  const structureWithSpaces = () => seedStructureWithSpaces(h);

  async function serviceId(code: string): Promise<string> {
    return (await h.database.prisma.service.findFirstOrThrow({ where: { code } })).id;
  }

  const validate = (requestId: string, role: string, serviceIds: string[]) =>
    validateInModal(h, requestId, role, serviceIds);

  async function requesterSubscriptions() {
    const rows = await h.database.prisma.subscription.findMany({
      where: { user: { loginEmail: requester.email } },
      select: { space: true, status: true, access: true, service: { select: { code: true } } },
    });
    return rows.map((row) => `${row.space} ${row.service?.code ?? "*"} ${row.access} ${row.status}`).sort();
  }

  async function requesterHistory() {
    const rows = await h.database.prisma.historyEntry.findMany({
      where: { targetUser: { loginEmail: requester.email } },
      orderBy: { sequence: "asc" },
      select: { action: true, details: true },
    });
    return rows.map((row) => [row.action, row.details]);
  }

  it("subscribes a validated simple user to the structure's spaces on the services granted, says so in the e-mail and the message, and records it", async () => {
    const structure = await structureWithSpaces();
    const requestId = await fileRequest(h, structure, { serviceCodes: ["RH"] });
    await h.settle();

    await validate(requestId, "SIMPLE_USER", [await serviceId("RH")]);

    expect(await requesterSubscriptions()).toEqual([
      "FACTURES_EMISES RH MODIFICATION ACTIVE",
      "FACTURES_RECUES RH MODIFICATION ACTIVE",
    ]);
    expect((await requesterHistory()).map(([action]) => action)).toEqual([
      "ATTACHMENT_VALIDATED",
      "DEFAULT_SUBSCRIPTIONS_GRANTED",
    ]);
    expect((await requesterHistory())[1]?.[1]).toEqual({ spaces: ["FACTURES_EMISES", "FACTURES_RECUES"] });
    const [mail] = await h.smtp.waitForMessages(1);
    expect(mail?.text).toContain("Espaces ouverts : Factures émises, Factures reçues");
    const shown = await h.database.prisma.requestMessage.findFirstOrThrow({
      where: { attachmentRequestId: requestId },
    });
    expect(JSON.stringify(h.slack.message(shown.channelId, shown.ts)?.blocks)).toContain(
      "*Espaces ouverts* : Factures émises, Factures reçues",
    );
  });

  it("opens the manager's space to a secondary manager, and closes it with a history line when a later validation makes them a simple user", async () => {
    const structure = await structureWithSpaces();
    const first = await fileRequest(h, structure, { serviceCodes: ["RH"] });
    await h.settle();
    await validate(first, "SECONDARY_MANAGER", [await serviceId("RH")]);
    expect(await requesterSubscriptions()).toEqual([
      "ACTIVITES_GESTIONNAIRE RH MODIFICATION ACTIVE",
      "FACTURES_EMISES RH MODIFICATION ACTIVE",
      "FACTURES_RECUES RH MODIFICATION ACTIVE",
    ]);

    const second = await fileRequest(h, structure, { serviceCodes: ["COMPTA"] });
    await h.settle();
    await validate(second, "SIMPLE_USER", [await serviceId("COMPTA")]);

    expect(await requesterSubscriptions()).toEqual([
      "ACTIVITES_GESTIONNAIRE RH MODIFICATION DEACTIVATED",
      "FACTURES_EMISES COMPTA MODIFICATION ACTIVE",
      "FACTURES_EMISES RH MODIFICATION ACTIVE",
      "FACTURES_RECUES COMPTA MODIFICATION ACTIVE",
      "FACTURES_RECUES RH MODIFICATION ACTIVE",
    ]);
    expect((await requesterHistory()).slice(-3)).toEqual([
      ["ATTACHMENT_VALIDATED", expect.objectContaining({ role: "SIMPLE_USER" })],
      ["DEFAULT_SUBSCRIPTIONS_GRANTED", { spaces: ["FACTURES_EMISES", "FACTURES_RECUES"] }],
      ["SUBSCRIPTION_DEACTIVATED", { spaces: ["ACTIVITES_GESTIONNAIRE"], role: "SIMPLE_USER" }],
    ]);
  });

  it("refuses a simple user's subscription request for the manager's space with a 409 naming the field, and writes nothing", async () => {
    const structure = await structureWithSpaces();
    const requestId = await fileRequest(h, structure);
    await h.settle();
    await validate(requestId, "SIMPLE_USER", []);
    const before = await h.database.prisma.subscriptionRequest.count();

    const answer = await h.api("POST", "/api/v1/subscription-requests", {
      structureIdentifier: structure.identifier,
      userLoginEmail: requester.email,
      spaces: [{ space: "ENGAGEMENTS" }, { space: "ACTIVITES_GESTIONNAIRE" }],
    });

    expect(answer.status).toBe(409);
    expect(answer.json.error.details).toEqual([
      {
        field: "spaces[1].space",
        message:
          "L'espace « Activités du gestionnaire » n'est pas accessible à un utilisateur simple : il est réservé aux gestionnaires de la structure.",
      },
    ]);
    expect(await h.database.prisma.subscriptionRequest.count()).toBe(before);
  });

  it("answers a field error in the validation modal, alone or in bulk, for a space the requester's role no longer opens, and grants nothing", async () => {
    const structure = await structureWithSpaces();
    const attach = await fileRequest(h, structure, { serviceCodes: ["RH"] });
    await h.settle();
    await validate(attach, "SECONDARY_MANAGER", [await serviceId("RH")]);
    const asked = await h.api("POST", "/api/v1/subscription-requests", {
      structureIdentifier: structure.identifier,
      userLoginEmail: requester.email,
      spaces: [{ space: "ACTIVITES_GESTIONNAIRE" }],
    });
    expect(asked.status).toBe(201);
    const demote = await fileRequest(h, structure, { serviceCodes: ["COMPTA"] });
    await h.settle();
    await validate(demote, "SIMPLE_USER", [await serviceId("COMPTA")]);

    const answer = await h.submitView({
      userId: principal.slackId,
      callbackId: CallbackIds.validateSubscriptionModal,
      privateMetadata: JSON.stringify({ type: "subscription", requestId: asked.json.id }),
      values: {},
    });

    expect(answer.json).toEqual({
      response_action: "errors",
      errors: {
        [BlockIds.comment]:
          "Le rôle de l'utilisateur (utilisateur simple) ne donne pas accès à : Activités du gestionnaire. Refusez la demande, ou modifiez d'abord son rôle.",
      },
    });
    const runId = await startPrincipalBulkRun(h, { action: "VALIDATE" }, [asked.json.id], "subscription");
    await runBulkDecision(h.runtime.ctx, runId);
    const item = await h.database.prisma.bulkRunItem.findFirstOrThrow({ where: { runId } });
    expect([item.outcome, item.detail]).toEqual([
      "FAILED",
      "Le rôle de l'utilisateur (utilisateur simple) ne donne pas accès à : Activités du gestionnaire. Refusez la demande, ou modifiez d'abord son rôle.",
    ]);
    const request = await h.database.prisma.subscriptionRequest.findUniqueOrThrow({
      where: { id: asked.json.id },
    });
    expect(request.status).toBe("PENDING");
    expect(await requesterSubscriptions()).toContain("ACTIVITES_GESTIONNAIRE RH MODIFICATION DEACTIVATED");
    expect(await requesterSubscriptions()).not.toContain("ACTIVITES_GESTIONNAIRE * MODIFICATION ACTIVE");
  });

  it("opens the default spaces to every requester of a bulk validation", async () => {
    const structure = await structureWithSpaces();
    const requestId = await fileRequest(h, structure);
    await h.settle();

    const runId = await startPrincipalBulkRun(h, { action: "VALIDATE" }, [requestId]);
    await runBulkDecision(h.runtime.ctx, runId);

    expect(await requesterSubscriptions()).toEqual([
      "FACTURES_EMISES * MODIFICATION ACTIVE",
      "FACTURES_RECUES * MODIFICATION ACTIVE",
    ]);
    expect((await requesterHistory()).map(([action]) => action)).toEqual([
      "ATTACHMENT_VALIDATED",
      "DEFAULT_SUBSCRIPTIONS_GRANTED",
    ]);
    const [mail] = await h.smtp.waitForMessages(1);
    expect(mail?.text).toContain("Espaces ouverts : Factures émises, Factures reçues");
  });
});
