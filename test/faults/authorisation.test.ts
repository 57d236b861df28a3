import { describe, expect, it } from "vitest";
import { parisIsoDay } from "../../src/export/excel-csv.ts";
import { openStructureHistory } from "../../src/services/history/list-history.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../src/slack/ids.ts";
import { type Harness, SIGNING_SECRET, useHarness } from "../support/app-harness.ts";
import { snapshotDatabase } from "../support/db-snapshot.ts";
import { captureLogs } from "../support/log-capture.ts";
import {
  actorOf,
  fileRequest,
  makeSecondaryManager,
  outsider,
  type Person,
  requester,
  secondary,
  seedStructure,
  validSiret,
} from "../support/scenario.ts";
import {
  blockActionsPayload,
  type SlackStateValues,
  sendInteraction,
  slackOption,
  viewSubmissionPayload,
} from "../support/slack-requests.ts";
import { eventually } from "../support/wait.ts";

/** Structure A (Paule principal, Sami secondary, René's pending request, René attached) and the ids forged payloads name. */
interface World {
  structureId: string;
  identifier: string;
  requestId: string;
  attachedUserId: string;
  outsiderStructureIdentifier: string;
}

async function buildWorld(h: Harness): Promise<World> {
  const structure = await seedStructure(h);
  await makeSecondaryManager(h, structure);
  const requestId = await fileRequest(h, structure);
  const { prisma } = h.database;
  const found = await prisma.structure.findUniqueOrThrow({ where: { identifier: structure.identifier } });
  // Odile manages structure B only: a real manager, of another structure.
  const outsiderStructureIdentifier = validSiret(7654321);
  const created = await h.api("POST", "/api/v1/structures", {
    identifier: outsiderStructureIdentifier,
    designation: "Communauté voisine",
    kind: "PUBLIQUE",
    principalManager: {
      loginEmail: outsider.email,
      firstName: outsider.firstName,
      lastName: outsider.lastName,
    },
  });
  if (created.status !== 201) throw new Error(`structure B not created: ${JSON.stringify(created.json)}`);
  const attached = await prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: requester.email } });
  await prisma.attachment.create({
    data: {
      userId: attached.id,
      structureId: found.id,
      scopeKey: "*",
      role: "SIMPLE_USER",
      status: "VALIDATED",
      startDate: new Date("2026-01-01"),
    },
  });
  await h.settle();
  return {
    structureId: found.id,
    identifier: structure.identifier,
    requestId,
    attachedUserId: attached.id,
    outsiderStructureIdentifier,
  };
}

interface ForgedCase {
  /** What the forged payload tries. */
  name: string;
  attacker: Person;
  /** The logged action name (see src/slack/listeners/slack-action.ts). */
  action: string;
  /** What the user must be told. */
  refusal: RegExp;
  /** Tables the attempt may write to without changing anything (the bulk run's own record). */
  bookkeeping?: string[];
  /** What makes the attacker (Sami, secondary manager of structure A) no manager any more, if anything. */
  demote?: Demotion;
  send(h: Harness, world: World, attacker: Person): Promise<unknown>;
}

const NOT_MANAGER = /ni gestionnaire principal ni gestionnaire secondaire de la structure/;

function submit(
  h: Harness,
  attacker: Person,
  callbackId: string,
  privateMetadata: string,
  values: SlackStateValues = {},
) {
  return sendInteraction({
    baseUrl: h.baseUrl,
    secret: SIGNING_SECRET,
    checkResponseWith: h.slack,
    payload: viewSubmissionPayload({ userId: attacker.slackId, callbackId, privateMetadata, values }),
  });
}

function click(
  h: Harness,
  attacker: Person,
  actionId: string,
  value: string,
  view?: Record<string, unknown>,
) {
  return sendInteraction({
    baseUrl: h.baseUrl,
    secret: SIGNING_SECRET,
    payload: blockActionsPayload({
      userId: attacker.slackId,
      actionId,
      value,
      channelId: "CSTRUCT0001",
      responseUrl: h.slack.responseUrl(),
      ...(view ? { view } : {}),
    }),
  });
}

/** Opens a real modal of the attacker's own (a slash command), to forge a button inside it. */
async function openOwnModal(h: Harness, attacker: Person, text: string) {
  const before = h.slack.callsTo("views.open").length;
  await h.command({ userId: attacker.slackId, text, channelId: "CLIST00001" });
  await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.open").length > before);
  const stored = [...h.slack.views.values()].at(-1);
  if (!stored) throw new Error("no modal opened");
  return {
    id: stored.id,
    hash: stored.hash,
    private_metadata: String(stored.view.private_metadata),
    callback_id: String(stored.view.callback_id),
  };
}

const cases: ForgedCase[] = [
  {
    name: "a 'Refuser' modal submission naming a request of another structure",
    attacker: outsider,
    action: `view_submission:${CallbackIds.refuseRequestModal}`,
    refusal: NOT_MANAGER,
    send: (h, world, attacker) =>
      submit(
        h,
        attacker,
        CallbackIds.refuseRequestModal,
        JSON.stringify({ type: "attachment", requestId: world.requestId }),
        {
          [BlockIds.reason]: { [ActionIds.reasonInput]: { type: "plain_text_input", value: "Non" } },
        },
      ),
  },
  {
    name: "a 'Valider' click naming a request of another structure",
    attacker: outsider,
    action: `block_actions:${ActionIds.validateAttachmentRequest}`,
    refusal: NOT_MANAGER,
    send: (h, world, attacker) => click(h, attacker, ActionIds.validateAttachmentRequest, world.requestId),
  },
  {
    name: "a bulk 'Valider la sélection' naming a request of another structure",
    attacker: outsider,
    action: "bulk_validate",
    refusal: /hors de vos structures/,
    bookkeeping: ["BulkRun", "BulkRunItem", "IdempotencyRecord", "OutboxMessage"],
    send: (h, world, attacker) =>
      submit(
        h,
        attacker,
        CallbackIds.pendingListModal,
        JSON.stringify({ structureId: null, type: null, page: 0 }),
        {
          [`${BlockIds.pendingSelectionPrefix}0`]: {
            [ActionIds.pendingSelection]: {
              type: "checkboxes",
              selected_options: [slackOption(`attachment:${world.requestId}`)],
            },
          },
          [BlockIds.bulkAction]: {
            [ActionIds.bulkAction]: { type: "radio_buttons", selected_option: slackOption("VALIDATE") },
          },
        },
      ),
  },
  {
    name: "a 'Supprimer le rattachement' button naming a user and a structure the clicker does not manage",
    attacker: outsider,
    action: `block_actions:${ActionIds.userSearchDetach}_0`,
    refusal: NOT_MANAGER,
    send: async (h, world, attacker) => {
      const view = await openOwnModal(h, attacker, "utilisateurs");
      return sendInteraction({
        baseUrl: h.baseUrl,
        secret: SIGNING_SECRET,
        payload: blockActionsPayload({
          userId: attacker.slackId,
          actionId: `${ActionIds.userSearchDetach}_0`,
          value: JSON.stringify({ structureId: world.structureId, userId: world.attachedUserId }),
          view,
        }),
      });
    },
  },
  {
    name: "a 'Modifier l'utilisateur' submission naming a user of another structure",
    attacker: outsider,
    action: `view_submission:${CallbackIds.updateUserModal}`,
    refusal:
      /Vous ne pouvez modifier que les utilisateurs rattachés à une structure dont vous êtes gestionnaire/,
    send: (h, world, attacker) =>
      submit(
        h,
        attacker,
        CallbackIds.updateUserModal,
        JSON.stringify({ parent: { viewId: "V0000PARENT", state: {} }, userIds: [world.attachedUserId] }),
        {
          [BlockIds.updateUserLastName]: {
            [ActionIds.updateUserLastName]: { type: "plain_text_input", value: "Pirate" },
          },
          [BlockIds.updateUserFirstName]: {
            [ActionIds.updateUserFirstName]: { type: "plain_text_input", value: "Pierre" },
          },
        },
      ),
  },
  {
    name: "a history export submission naming another structure",
    attacker: outsider,
    action: `view_submission:${CallbackIds.historyModal}`,
    refusal: NOT_MANAGER,
    send: (h, world, attacker) =>
      submit(
        h,
        attacker,
        CallbackIds.historyModal,
        JSON.stringify({ structureId: world.structureId, action: null, from: null, to: null, page: 0 }),
      ),
  },
  {
    name: "a flux rejects button naming another structure",
    attacker: outsider,
    action: `block_actions:${ActionIds.openFluxRejects}`,
    refusal: NOT_MANAGER,
    send: (h, world, attacker) => click(h, attacker, ActionIds.openFluxRejects, world.identifier),
  },
  {
    name: "a SIRET change submission naming another structure",
    attacker: outsider,
    action: `view_submission:${CallbackIds.identifierChangeModal}`,
    refusal: NOT_MANAGER,
    send: (h, world, attacker) =>
      submit(
        h,
        attacker,
        CallbackIds.identifierChangeModal,
        JSON.stringify({ structureId: world.structureId }),
        {
          [BlockIds.newIdentifier]: {
            [ActionIds.newIdentifierInput]: { type: "plain_text_input", value: validSiret(1111111) },
          },
        },
      ),
  },
  {
    name: "an attach form submission attaching someone to another structure",
    attacker: outsider,
    action: `view_submission:${CallbackIds.attachExistingUserModal}`,
    refusal: NOT_MANAGER,
    send: async (h, world, attacker) => {
      const { id } = await h.database.prisma.userAccount.findUniqueOrThrow({
        where: { loginEmail: outsider.email },
      });
      return submit(
        h,
        attacker,
        CallbackIds.attachExistingUserModal,
        JSON.stringify({ structureId: world.structureId, userId: id }),
        {
          [BlockIds.role]: {
            [ActionIds.roleInput]: {
              type: "radio_buttons",
              selected_option: slackOption("SECONDARY_MANAGER"),
            },
          },
          [BlockIds.attachUserStartDate]: {
            [ActionIds.attachUserStartDate]: { type: "datepicker", selected_date: parisIsoDay(new Date()) },
          },
        },
      );
    },
  },
  {
    name: "a technical user creation by a secondary manager (principal only)",
    attacker: secondary,
    action: `view_submission:${CallbackIds.createTechnicalUserModal}`,
    refusal: /Seul le gestionnaire principal/,
    send: (h, world, attacker) =>
      submit(
        h,
        attacker,
        CallbackIds.createTechnicalUserModal,
        JSON.stringify({ structureId: world.structureId }),
        {
          [BlockIds.technicalLogin]: {
            [ActionIds.technicalLoginInput]: { type: "plain_text_input", value: "robot@exemple.fr" },
          },
        },
      ),
  },
  {
    name: "a principal role handover by a secondary manager (principal only)",
    attacker: secondary,
    action: `view_submission:${CallbackIds.transferPrincipalModal}`,
    refusal: /Seul le gestionnaire principal peut le transférer/,
    send: async (h, world, attacker) => {
      const { id } = await h.database.prisma.userAccount.findUniqueOrThrow({
        where: { loginEmail: secondary.email },
      });
      return submit(
        h,
        attacker,
        CallbackIds.transferPrincipalModal,
        JSON.stringify({ structureIds: [world.structureId] }),
        {
          [`${BlockIds.handoverSuccessorPickPrefix}0`]: {
            [ActionIds.handoverSuccessorPick]: { type: "static_select", selected_option: slackOption(id) },
          },
        },
      );
    },
  },
];

/**
 * Ways Sami, secondary manager of structure A, stops being one while still in its records: a simple
 * user of the same structure, a deactivated account, an attachment detached (DELETED) or granted from
 * a day still to come (UPCOMING).
 */
type Demotion = "simple user" | "deactivated account" | "detached attachment" | "upcoming attachment";

async function demote(h: Harness, world: World, demotion: Demotion): Promise<void> {
  const { prisma } = h.database;
  const sami = await prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: secondary.email } });
  const where = { userId: sami.id, structureId: world.structureId };
  if (demotion === "simple user")
    await prisma.attachment.updateMany({ where, data: { role: "SIMPLE_USER" } });
  if (demotion === "deactivated account")
    await prisma.userAccount.update({ where: { id: sami.id }, data: { status: "DEACTIVATED" } });
  if (demotion === "detached attachment")
    await prisma.attachment.updateMany({ where, data: { status: "DELETED" } });
  if (demotion === "upcoming attachment")
    await prisma.attachment.updateMany({
      where,
      data: { status: "UPCOMING", startDate: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000) },
    });
}

const DEMOTIONS: Demotion[] = [
  "simple user",
  "deactivated account",
  "detached attachment",
  "upcoming attachment",
];

/** How a test name says it. */
const DEMOTED: Record<Demotion, string> = {
  "simple user": "now a simple user of it",
  "deactivated account": "whose account is deactivated",
  "detached attachment": "whose attachment was detached (DELETED)",
  "upcoming attachment": "whose attachment starts in 30 days (UPCOMING)",
};

/** Slack refuses a deactivated account before any manager check: it has no active account. */
const refusalFor = (demotion: Demotion) =>
  demotion === "deactivated account" ? /Aucun compte Chorus Pro actif ne correspond/ : NOT_MANAGER;

/** The same attacks as Sami on his own structure A, once each demotion has taken his rights. */
const demotedCases: ForgedCase[] = DEMOTIONS.flatMap((demotion): ForgedCase[] => [
  {
    name: `a 'Refuser' modal submission by a secondary manager of its structure ${DEMOTED[demotion]}`,
    attacker: secondary,
    demote: demotion,
    action: `view_submission:${CallbackIds.refuseRequestModal}`,
    refusal: refusalFor(demotion),
    send: (h, world, attacker) =>
      submit(
        h,
        attacker,
        CallbackIds.refuseRequestModal,
        JSON.stringify({ type: "attachment", requestId: world.requestId }),
        {
          [BlockIds.reason]: { [ActionIds.reasonInput]: { type: "plain_text_input", value: "Non" } },
        },
      ),
  },
  {
    name: `a SIRET change submission by a secondary manager of its structure ${DEMOTED[demotion]}`,
    attacker: secondary,
    demote: demotion,
    action: `view_submission:${CallbackIds.identifierChangeModal}`,
    refusal: refusalFor(demotion),
    send: (h, world, attacker) =>
      submit(
        h,
        attacker,
        CallbackIds.identifierChangeModal,
        JSON.stringify({ structureId: world.structureId }),
        {
          [BlockIds.newIdentifier]: {
            [ActionIds.newIdentifierInput]: { type: "plain_text_input", value: validSiret(1111111) },
          },
        },
      ),
  },
]);

describe("forged payloads and principal-only actions", () => {
  const logs = captureLogs("warn");
  const h = useHarness({}, { logger: logs.logger });

  /** Everything the attacker was shown: the HTTP answer, modals, ephemeral and private messages. */
  function toldTo(attacker: Person, answer: unknown): string {
    const shown = h.slack.calls
      .filter((call) =>
        ["views.open", "views.push", "views.update", "chat.postEphemeral", "chat.postMessage"].includes(
          call.method,
        ),
      )
      .map((call) => JSON.stringify(call.args));
    const responses = h.slack.responses.map((response) => JSON.stringify(response.body));
    return [JSON.stringify((answer as { json?: unknown }).json ?? null), ...shown, ...responses]
      .join("\n")
      .replaceAll(`<@${attacker.slackId}>`, "");
  }

  it.each([...cases, ...demotedCases].map((forged) => [forged.name, forged] as const))(
    "refuses %s, logs it with the user and the action, and changes nothing",
    async (_name, forged) => {
      const world = await buildWorld(h);
      if (forged.demote) await demote(h, world, forged.demote);
      const { attacker } = forged;
      const account = await h.database.prisma.userAccount.findUniqueOrThrow({
        where: { loginEmail: attacker.email },
      });
      const before = await snapshotDatabase(h.database);
      logs.clear();
      h.slack.reset();

      const answer = await forged.send(h, world, attacker);
      const told = await eventually(async () => {
        const text = toldTo(attacker, answer);
        return forged.refusal.test(text) ? text : null;
      }, 10_000);
      await h.settle();
      if (forged.bookkeeping)
        await eventually(
          async () => (await h.database.prisma.bulkRun.count({ where: { status: "RUNNING" } })) === 0,
        );

      expect(told).toMatch(forged.refusal);
      const refusals = await eventually(async () => {
        const found = logs.lines.filter(
          (line) =>
            (line.level === 40 && JSON.stringify(line).includes(attacker.slackId)) ||
            JSON.stringify(line).includes(account.id),
        );
        return found.length > 0 ? found : null;
      });
      expect(refusals.some((line) => line.action === forged.action)).toBe(true);
      const after = await snapshotDatabase(h.database);
      for (const table of forged.bookkeeping ?? []) {
        delete after[table];
        delete before[table];
      }
      expect(after).toEqual(before);
      expect((await h.api("GET", `/api/v1/attachment-requests/${world.requestId}`)).json.status).toBe(
        "PENDING",
      );
    },
    60_000,
  );
});

describe("the manager check of the use cases themselves, whoever calls them", () => {
  const h = useHarness();

  it.each(DEMOTIONS.map((demotion) => [DEMOTED[demotion], demotion] as const))(
    "refuses the history of structure A to its secondary manager %s, although a Slack-free caller (a job, the API) hands the use case his account directly",
    async (_described, demotion) => {
      const world = await buildWorld(h);
      const sami = await actorOf(h, secondary);
      // Before: the secondary manager reads it.
      await expect(
        openStructureHistory(h.runtime.ctx, sami, { identifier: world.identifier }),
      ).resolves.toBeDefined();

      await demote(h, world, demotion);

      await expect(
        openStructureHistory(h.runtime.ctx, sami, { identifier: world.identifier }),
      ).rejects.toThrow(NOT_MANAGER);
    },
    60_000,
  );
});
