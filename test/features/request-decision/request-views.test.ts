import { describe, expect, it } from "vitest";
import type { AttachmentRequestDetails, ServiceRef } from "../../../src/domain/requests.ts";
import { messagesFor } from "../../../src/i18n/index.ts";
import { requestMessage } from "../../../src/slack/blocks/request-message.ts";
import {
  noticeModal,
  readValidateSubmission,
  refuseRequestModal,
  validateAttachmentModal,
} from "../../../src/slack/features/request-decision/request-modals.ts";
import { ActionIds, BlockIds } from "../../../src/slack/ids.ts";
import { validateMessageBlocks, validateView } from "../../support/block-kit-validation.ts";
import { blockById, elementsOf, optionsOf } from "../../support/fake-slack/index.ts";

const fr = messagesFor("fr");
const en = messagesFor("en");

function servicesOf(count: number): ServiceRef[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    code: `S${String(index).padStart(3, "0")}`,
    label: `Service numéro ${index} avec un libellé assez long pour remplir une ligne <b>&</b>`,
  }));
}

function request(overrides: Partial<AttachmentRequestDetails> = {}): AttachmentRequestDetails {
  return {
    type: "attachment",
    id: "11111111-1111-4111-8111-111111111111",
    status: "PENDING",
    createdAt: new Date("2026-11-28T09:30:00Z"),
    comment: "Merci de valider <urgent> & rapide",
    structure: {
      id: "s",
      identifier: "73282932000074",
      designation: "Mairie de Saint-Exemple",
      slackTeamId: null,
    },
    requester: {
      id: "u",
      firstName: "René",
      lastName: "Demandeur",
      loginEmail: "rene@exemple.fr",
      contactEmail: null,
    },
    requestedServices: [],
    decision: null,
    ...overrides,
  };
}

const by = { name: "Paule Principale", slackUserId: "UPRINC0001" };
const at = new Date("2026-11-28T10:05:00Z");

describe("the request message", () => {
  it.each([
    ["pending, whole structure", request()],
    [
      "pending, 200 services and a 5,000-character comment",
      request({ requestedServices: servicesOf(200), comment: "é".repeat(5000) }),
    ],
    [
      "validated on services",
      request({
        status: "VALIDATED",
        decision: {
          outcome: "VALIDATED",
          by,
          at,
          role: "SECONDARY_MANAGER",
          wholeStructure: false,
          grantedServices: servicesOf(2),
          grantedSpaces: ["FACTURES_EMISES", "ACTIVITES_GESTIONNAIRE"],
          comment: "ok",
        },
      }),
    ],
    [
      "refused",
      request({ status: "REFUSED", decision: { outcome: "REFUSED", by, at, reason: "x".repeat(1000) } }),
    ],
  ])("is valid Block Kit within Slack's limits when %s", (_, details) => {
    const rendered = requestMessage(fr, details);
    expect(validateMessageBlocks(rendered.blocks)).toEqual([]);
    expect(rendered.text.length).toBeGreaterThan(0);
  });

  it("shows the buttons only while the request is pending, and the outcome with who and when after", () => {
    const pending = JSON.stringify(requestMessage(fr, request()).blocks);
    expect(pending).toContain(ActionIds.validateAttachmentRequest);
    expect(pending).toContain("Toute la structure");
    expect(pending).toContain("28/11/2026 à 10:30");

    const refused = JSON.stringify(
      requestMessage(
        fr,
        request({ status: "REFUSED", decision: { outcome: "REFUSED", by, at, reason: "Doublon" } }),
      ).blocks,
    );
    expect(refused).not.toContain(ActionIds.validateAttachmentRequest);
    expect(refused).toContain("Refusée par <@UPRINC0001> le 28/11/2026 à 11:05");
    expect(refused).toContain("Motif du refus* : Doublon");
  });

  it("shows a subscription request closed by a detach as deactivated, without buttons nor a decider", () => {
    const { requestedServices: _services, decision: _decision, ...common } = request();
    const deactivated = requestMessage(fr, {
      ...common,
      type: "subscription",
      origin: "USER",
      status: "DEACTIVATED",
      items: [
        {
          id: "i",
          space: "FACTURES_RECUES",
          service: null,
          requestedAccess: "MODIFICATION",
          grantedAccess: null,
        },
      ],
      decision: { outcome: "DEACTIVATED", at },
    });
    expect(validateMessageBlocks(deactivated.blocks)).toEqual([]);
    const text = JSON.stringify(deactivated.blocks);
    expect(text).not.toContain(ActionIds.validateSubscriptionRequest);
    expect(text).toContain(
      "Désactivée le 28/11/2026 à 11:05 : elle ne pouvait plus être accordée (rattachement du demandeur supprimé, ou service désactivé)",
    );
  });

  it("escapes what users typed so it cannot mention or link anyone", () => {
    const blocks = JSON.stringify(requestMessage(fr, request()).blocks);
    expect(blocks).toContain("&lt;urgent&gt; &amp; rapide");
    expect(blocks).not.toContain("<urgent>");
  });

  it("speaks English when the locale is en", () => {
    const blocks = JSON.stringify(requestMessage(en, request()).blocks);
    expect(blocks).toContain("New attachment request");
    expect(blocks).toContain('"text":"Validate"');
  });
});

describe("the Valider modal", () => {
  it.each([
    [0, null],
    [3, "checkboxes"],
    [10, "checkboxes"],
    [11, "multi_static_select"],
    [100, "multi_static_select"],
    [101, "multi_external_select"],
    [1000, "multi_external_select"],
  ])(
    "offers %i active services through %s, never more options than Block Kit allows",
    (count, elementType) => {
      const services = servicesOf(count);
      const view = validateAttachmentModal(fr, {
        request: request({ requestedServices: services.slice(0, 3) }),
        activeServices: services,
        alreadyAttached: { wholeStructure: false, services: [] },
      });
      expect(validateView(view, "modal")).toEqual([]);
      const servicesBlock = blockById(view, BlockIds.services);
      expect(servicesBlock ? elementsOf(servicesBlock)[0]?.type : null).toBe(elementType);
    },
  );

  it("lists the services already granted apart and does not offer them again", () => {
    const services = servicesOf(3);
    const view = validateAttachmentModal(fr, {
      request: request({ requestedServices: [services[1] as ServiceRef] }),
      activeServices: services,
      alreadyAttached: { wholeStructure: false, services: [services[0] as ServiceRef] },
    });
    const json = JSON.stringify(view.blocks);
    expect(json).toContain("Déjà rattaché (validé)");
    const servicesBlock = optionsOf(blockById(view, BlockIds.services));
    expect(servicesBlock.options.map((option) => option.value)).toEqual([services[1]?.id, services[2]?.id]);
    expect(servicesBlock.initial.map((option) => option.value)).toEqual([services[1]?.id]);
  });

  it("reads the role, the scope and the comment back from a submission", () => {
    expect(
      readValidateSubmission({
        [BlockIds.role]: {
          [ActionIds.roleInput]: {
            type: "radio_buttons",
            selected_option: { text: { type: "plain_text", text: "" }, value: "SECONDARY_MANAGER" },
          },
        },
        [BlockIds.wholeStructure]: {
          [ActionIds.wholeStructureInput]: { type: "checkboxes", selected_options: [] },
        },
        [BlockIds.services]: {
          [ActionIds.servicesInput]: {
            type: "multi_static_select",
            selected_options: [{ text: { type: "plain_text", text: "" }, value: "a" }],
          },
        },
        [BlockIds.comment]: { [ActionIds.commentInput]: { type: "plain_text_input", value: "  " } },
      }),
    ).toEqual({ role: "SECONDARY_MANAGER", wholeStructure: false, serviceIds: ["a"], comment: null });
  });
});

describe("the other modals", () => {
  it("builds a valid Refuser modal and notice modal", () => {
    expect(validateView(refuseRequestModal(fr, request()), "modal")).toEqual([]);
    expect(validateView(noticeModal(fr, "Cette demande a déjà été traitée."), "modal")).toEqual([]);
    expect(validateView(refuseRequestModal(en, request()), "modal")).toEqual([]);
  });
});
