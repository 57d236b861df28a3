import { describe, expect, it } from "vitest";
import { FEATURES } from "../../src/slack/features/index.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../support/app-harness.ts";
import { fileRequest, outsider, principal, seedStructure } from "../support/scenario.ts";
import { blockActionsPayload, sendInteraction, sendSlackRequest } from "../support/slack-requests.ts";

describe("the Slack entry points", () => {
  const h = useHarness();

  it("refuses a request with a bad signature or a stale timestamp with 401 and acts on nothing", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    await h.settle();
    h.slack.reset();
    const payload = blockActionsPayload({
      userId: principal.slackId,
      actionId: ActionIds.validateAttachmentRequest,
      value: requestId,
      channelId: "CSTRUCT0001",
    });

    const forged = await sendInteraction({ baseUrl: h.baseUrl, secret: "not-the-secret-at-all", payload });
    const stale = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    const unsigned = await sendSlackRequest({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      body: "payload=%7B%7D",
      signature: "",
    });

    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
    // The same click, signed, sent after them: once its modal is open, the refused ones had their chance.
    const marker = blockActionsPayload({
      userId: principal.slackId,
      actionId: ActionIds.validateAttachmentRequest,
      value: requestId,
      channelId: "CSTRUCT0001",
    });
    expect(
      (await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload: marker })).status,
    ).toBe(200);
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.open"));
    expect(h.slack.callsTo("views.open").map((args) => args.trigger_id)).toEqual([marker.trigger_id]);
  });

  it("lets a manager choose the channel of a structure's requests with /chorus canal", async () => {
    const structure = await seedStructure(h, { channel: null });

    const answer = await h.commandAnswer(principal.slackId, `canal ${structure.identifier}`, "CNEWCHAN01");

    expect(answer).toBe(
      `Les demandes de la structure ${structure.designation} (${structure.identifier}) seront affichées dans ce canal.`,
    );
    const requestId = await fileRequest(h, structure);
    await h.settle();
    const shown = await h.database.prisma.requestMessage.findMany({
      where: { attachmentRequestId: requestId },
    });
    expect(shown.map((message) => message.channelId)).toEqual(["CNEWCHAN01"]);
    expect(await h.database.prisma.historyEntry.count({ where: { action: "STRUCTURE_CHANNEL_SET" } })).toBe(
      1,
    );
  });

  it("refuses /chorus canal to a non-manager, in a DM, or for an unknown structure, and changes nothing", async () => {
    const structure = await seedStructure(h, { channel: null });

    expect(await h.commandAnswer(outsider.slackId, `canal ${structure.identifier}`, "CNEWCHAN01")).toContain(
      "ni gestionnaire principal ni gestionnaire secondaire",
    );
    expect(await h.commandAnswer(principal.slackId, `canal ${structure.identifier}`, "DPRINC0001")).toContain(
      "Usage",
    );
    expect(await h.commandAnswer(principal.slackId, "canal 00000000000000", "CNEWCHAN01")).toBe(
      "Aucune structure ne porte l'identifiant 00000000000000.",
    );
    expect(await h.commandAnswer(principal.slackId, "canal", "CNEWCHAN01")).toContain("Usage");
    const found = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
    });
    expect(found.slackChannelId).toBeNull();
  });

  it("answers /chorus with the help, and an unknown sub-command with the help too", async () => {
    expect(await h.commandAnswer(principal.slackId, "", "CNEWCHAN01")).toContain(
      "/chorus canal <identifiant>",
    );
    const help = await h.commandAnswer(principal.slackId, "aide", "CNEWCHAN01");
    const declared = FEATURES.flatMap((feature) => feature.subcommands ?? []);
    for (const { words } of declared) expect(help).toContain(`• \`/chorus ${words[0]}`);
    expect(help.split("\n")).toHaveLength(1 + declared.length + 1);
    expect(await h.commandAnswer(principal.slackId, "danser", "CNEWCHAN01")).toContain(
      "Commande inconnue : « danser ».",
    );
  });

  it("offers the services of a structure with more than 100 of them through a searchable selector", async () => {
    const services = Array.from({ length: 120 }, (_, index) => ({
      code: `S${String(index).padStart(3, "0")}`,
      label: `Service ${index}`,
    }));
    services[42] = { code: "ECOLE", label: "École élémentaire" };
    const structure = await seedStructure(h, { services });
    const requestId = await fileRequest(h, structure, { serviceCodes: ["S001"] });
    await h.settle();

    const suggestion = {
      type: "block_suggestion",
      user: { id: principal.slackId, team_id: "T0000TEST" },
      team: { id: "T0000TEST", domain: "fake-workspace" },
      api_app_id: "A0000TEST",
      token: "fake-verification-token",
      action_id: ActionIds.servicesInput,
      block_id: BlockIds.services,
      value: "ecole",
      view: {
        id: "V1",
        type: "modal",
        callback_id: CallbackIds.validateAttachmentModal,
        private_metadata: JSON.stringify({ type: "attachment", requestId }),
      },
    };
    const answer = await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload: suggestion });

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      options: [
        {
          text: { type: "plain_text", text: "École élémentaire (ECOLE)", emoji: true },
          value: expect.any(String),
        },
      ],
    });
    const outsiderAnswer = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: { ...suggestion, user: { id: outsider.slackId } },
    });
    expect(outsiderAnswer.json).toEqual({ options: [] });
  });
});
