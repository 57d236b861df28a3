import { describe, expect, it } from "vitest";
import { parisDay } from "../../../src/domain/dates.ts";
import { isoDay } from "../../../src/domain/start-date.ts";
import { formatDate, messagesFor } from "../../../src/i18n/index.ts";
import { startUpcomingAttachments } from "../../../src/jobs/start-upcoming-attachments.ts";
import { activationFormToken, formKeyFrom } from "../../../src/security/form-tokens.ts";
import { EMPTY_CRITERIA, searchUsers } from "../../../src/services/accounts/search-users.ts";
import { userRowBlocks } from "../../../src/slack/features/user-search/result-rows.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import {
  blockById,
  blocksOf,
  blocksStartingWith,
  buttonsOf,
  elementsOf,
  initialValueOf,
  lastModal,
  type SlackModal,
  type ViewSubmissionAnswer,
  type WithBlocks,
} from "../../support/fake-slack/index.ts";
import {
  fileRequest,
  outsider,
  principal,
  requester,
  secondary,
  seedStructure,
} from "../../support/scenario.ts";
import {
  blockActionsPayload,
  type SlackStateValues,
  sendInteraction,
  slackOption,
  viewSubmissionPayload,
} from "../../support/slack-requests.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const LINK = /\/activation\/([A-Za-z0-9_-]{43})/;

type ShownView = { id: string; view: SlackModal };

function today(): string {
  return isoDay(parisDay(new Date()));
}

function yesterday(): string {
  return isoDay(new Date(parisDay(new Date()).getTime() - DAY_MS));
}

function typed(entries: Record<string, string>): SlackStateValues {
  return Object.fromEntries(
    Object.entries(entries).map(([name, value]) => [
      `${name}_block`,
      { [name]: { type: "plain_text_input", value } },
    ]),
  );
}

/** The role, start date, scope and comment of an attach form, as Slack sends them back. */
function grant(options: {
  role?: string;
  startDate?: string;
  whole?: boolean;
  serviceIds?: string[];
  comment?: string;
}): SlackStateValues {
  return {
    [BlockIds.role]: {
      [ActionIds.roleInput]: {
        type: "radio_buttons",
        selected_option: slackOption(options.role ?? "SIMPLE_USER"),
      },
    },
    [BlockIds.attachUserStartDate]: {
      [ActionIds.attachUserStartDate]: { type: "datepicker", selected_date: options.startDate ?? today() },
    },
    [BlockIds.wholeStructure]: {
      [ActionIds.wholeStructureInput]: {
        type: "checkboxes",
        selected_options: options.whole === false ? [] : [slackOption("whole_structure")],
      },
    },
    [BlockIds.services]: {
      [ActionIds.attachUserServices]: {
        type: "checkboxes",
        selected_options: (options.serviceIds ?? []).map((id) => slackOption(id)),
      },
    },
    [BlockIds.comment]: {
      [ActionIds.commentInput]: { type: "plain_text_input", value: options.comment ?? "" },
    },
  };
}

describe("/chorus rattacher: manager-initiated attachment", () => {
  const h = useHarness();

  async function seeded() {
    const structure = await seedStructure(h, {
      services: [
        { code: "RH", label: "Ressources humaines" },
        { code: "COMPTA", label: "Comptabilité" },
      ],
    });
    const found = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
      include: { services: { orderBy: { code: "asc" } } },
    });
    const [compta, rh] = found.services;
    if (!compta || !rh) throw new Error("services missing");
    return { ...structure, id: found.id, rh, compta };
  }

  async function accountOf(email: string) {
    return h.database.prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: email } });
  }

  /** Waits for one more successful call to `method` and returns the view it showed. */
  async function nextView(
    method: "views.open" | "views.push",
    act: () => Promise<unknown>,
  ): Promise<ShownView> {
    const before = h.slack.callsTo(method, { okOnly: true }).length;
    await act();
    await h.slack.waitFor(
      (calls) => calls.filter((call) => call.method === method && call.ok).length > before,
    );
    const stored = [...h.slack.views.values()].at(-1);
    if (!stored) throw new Error(`no view after ${method}`);
    return { id: stored.id, view: lastModal(h.slack, method, { okOnly: true }) };
  }

  function openSearch(identifier: string, userId = principal.slackId): Promise<ShownView> {
    return nextView("views.open", () =>
      h.command({ userId, text: `rattacher ${identifier}`, channelId: "CLIST00001" }),
    );
  }

  async function submit(
    callbackId: string,
    shown: SlackModal | undefined,
    values: SlackStateValues,
    userId = principal.slackId,
  ) {
    const payload = viewSubmissionPayload({
      userId,
      callbackId,
      privateMetadata: shown?.private_metadata ?? "",
      values,
    });
    const result = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload,
      checkResponseWith: h.slack,
    });
    expect(result.status).toBe(200);
    return result.json as ViewSubmissionAnswer;
  }

  /** Clicks a button of the search modal as it was last shown; returns the view pushed over it. */
  function clickInSearch(
    opened: ShownView,
    shown: SlackModal | undefined,
    actionId: string,
    value: string,
  ): Promise<ShownView> {
    const payload = blockActionsPayload({
      userId: principal.slackId,
      actionId,
      value,
      view: {
        id: opened.id,
        private_metadata: shown?.private_metadata,
        callback_id: CallbackIds.attachUserSearchModal,
      },
    });
    return nextView("views.push", () =>
      sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload }),
    );
  }

  function resultIds(view: WithBlocks | undefined): string[] {
    return blocksStartingWith(view, BlockIds.attachUserResultPrefix).flatMap((block) =>
      buttonsOf(block).map((button) => button.value ?? ""),
    );
  }

  it("finds René by « DEMANDEUR » and attaches him as secondary manager of one service; he is e-mailed and the history says so", async () => {
    const structure = await seeded();
    const rene = await accountOf(requester.email);

    const opened = await openSearch(structure.identifier);
    expect(opened.view.callback_id).toBe(CallbackIds.attachUserSearchModal);
    expect(JSON.stringify(blocksOf(opened.view))).toContain("Mairie de Saint-Exemple");
    const found = await submit(
      CallbackIds.attachUserSearchModal,
      opened.view,
      typed({ [ActionIds.attachUserLastName]: "DEMANDEUR" }),
    );
    expect(found.response_action).toBe("update");
    expect(resultIds(found.view)).toEqual([rene.id]);

    const form = await clickInSearch(opened, found.view, ActionIds.attachUserPick, rene.id);
    expect(form.view.callback_id).toBe(CallbackIds.attachExistingUserModal);
    expect(initialValueOf(blockById(form.view, BlockIds.attachUserStartDate))).toBe(today());
    const done = await submit(
      CallbackIds.attachExistingUserModal,
      form.view,
      grant({
        role: "SECONDARY_MANAGER",
        whole: false,
        serviceIds: [structure.rh.id],
        comment: "Bienvenue",
      }),
    );

    expect(done.response_action).toBe("update");
    expect(JSON.stringify(blocksOf(done.view))).toContain(
      "René Demandeur est rattaché(e) à la structure Mairie de Saint-Exemple",
    );
    const { prisma } = h.database;
    const attachments = await prisma.attachment.findMany({
      where: { userId: rene.id, structureId: structure.id },
    });
    expect(attachments.map((row) => [row.serviceId, row.role, row.status, isoDay(row.startDate)])).toEqual([
      [structure.rh.id, "SECONDARY_MANAGER", "VALIDATED", today()],
    ]);
    // A secondary manager's default space, on the service he manages.
    const subscriptions = await prisma.subscription.findMany({
      where: { userId: rene.id, structureId: structure.id },
    });
    expect(subscriptions.map((row) => [row.space, row.serviceId, row.access, row.status])).toEqual([
      ["ACTIVITES_GESTIONNAIRE", structure.rh.id, "MODIFICATION", "ACTIVE"],
    ]);
    const history = await prisma.historyEntry.findMany({
      where: { structureId: structure.id, targetUserId: rene.id },
      orderBy: { sequence: "asc" },
    });
    expect(history.map((entry) => [entry.action, entry.comment, entry.details])).toEqual([
      [
        "ATTACHMENT_CREATED_BY_MANAGER",
        "Bienvenue",
        {
          role: "SECONDARY_MANAGER",
          wholeStructure: false,
          serviceIds: [structure.rh.id],
          startDate: today(),
        },
      ],
      ["DEFAULT_SUBSCRIPTIONS_GRANTED", null, { spaces: ["ACTIVITES_GESTIONNAIRE"] }],
    ]);
    await h.settle();
    const mails = h.smtp.messages.filter((mail) => mail.to.includes(requester.email));
    expect(mails.map((mail) => mail.subject)).toEqual([
      `Chorus Pro – Vous êtes rattaché(e) à Mairie de Saint-Exemple (${structure.identifier})`,
    ]);
    expect(mails[0]?.text).toContain("Rôle : Gestionnaire secondaire");
    expect(mails[0]?.text).toContain("Rattachement : Ressources humaines (RH)");
    expect(mails[0]?.text).toContain("Commentaire du gestionnaire : Bienvenue");
    expect(mails[0]?.text).toContain("Espaces ouverts : Activités du gestionnaire");
    // René now manages the structure too: his Home tab is published with it.
    const published = h.slack.callsTo("views.publish", { okOnly: true }).map((call) => call.user_id);
    expect(published).toContain(requester.slackId);
  });

  it("attaches with a start date to come: nothing is granted until that day, the search shows it « à venir », and it starts on its day without anyone acting", async () => {
    const structure = await seeded();
    const rene = await accountOf(requester.email);
    const opened = await openSearch(structure.identifier);
    const found = await submit(
      CallbackIds.attachUserSearchModal,
      opened.view,
      typed({ [ActionIds.attachUserLastName]: "DEMANDEUR" }),
    );
    const form = await clickInSearch(opened, found.view, ActionIds.attachUserPick, rene.id);
    const startDay = new Date(parisDay(new Date()).getTime() + 2 * DAY_MS);

    const done = await submit(
      CallbackIds.attachExistingUserModal,
      form.view,
      grant({ role: "SECONDARY_MANAGER", startDate: isoDay(startDay) }),
    );

    expect(done.response_action).toBe("update");
    const { prisma } = h.database;
    const rows = () =>
      prisma.attachment.findMany({ where: { userId: rene.id }, select: { status: true, role: true } });
    expect(await rows()).toEqual([{ status: "UPCOMING", role: "SECONDARY_MANAGER" }]);
    expect(await prisma.subscription.count({ where: { userId: rene.id } })).toBe(0);
    // No management right yet: his command is refused as for anyone who manages nothing.
    expect(await h.commandAnswer(requester.slackId, `historique ${structure.identifier}`)).toContain(
      "Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire",
    );
    // The manager's search shows him, « à venir » from that day.
    const manager = await accountOf(principal.email);
    const { users } = await searchUsers(
      h.runtime.ctx,
      { accountId: manager.id, name: "Paule Principale", slackUserId: principal.slackId, teamId: null },
      { criteria: { ...EMPTY_CRITERIA, lastName: "demandeur" }, page: 0 },
    );
    const [row] = users;
    expect(JSON.stringify(row && userRowBlocks(messagesFor("fr"), row))).toContain(
      `_à venir_ (à partir du ${formatDate(messagesFor("fr"), startDay)})`,
    );

    // The day before: nothing starts. On its day: it does, once.
    expect(await startUpcomingAttachments(h.runtime.ctx, new Date(startDay.getTime() - 12 * 3600_000))).toBe(
      0,
    );
    const onItsDay = new Date(startDay.getTime() + 10 * 3600_000);
    expect(await startUpcomingAttachments(h.runtime.ctx, onItsDay)).toBe(1);
    expect(await startUpcomingAttachments(h.runtime.ctx, onItsDay)).toBe(0);
    expect(await rows()).toEqual([{ status: "VALIDATED", role: "SECONDARY_MANAGER" }]);
    expect(
      await prisma.subscription.findMany({
        where: { userId: rene.id },
        select: { space: true, status: true },
      }),
    ).toEqual([{ space: "ACTIVITES_GESTIONNAIRE", status: "ACTIVE" }]);
    const history = await prisma.historyEntry.findMany({
      where: { targetUserId: rene.id },
      orderBy: { sequence: "asc" },
      select: { action: true, actorId: true },
    });
    expect(history.map((entry) => entry.action)).toEqual([
      "ATTACHMENT_CREATED_BY_MANAGER",
      "ATTACHMENT_STARTED",
      "DEFAULT_SUBSCRIPTIONS_GRANTED",
    ]);
    expect(history[1]?.actorId).toBeNull();
    await h.slack.waitFor(() => h.slack.homeViews.has(requester.slackId));
  });

  it("refuses a start date in the past, and nothing is written", async () => {
    const structure = await seeded();
    const rene = await accountOf(requester.email);
    const opened = await openSearch(structure.identifier);
    const found = await submit(
      CallbackIds.attachUserSearchModal,
      opened.view,
      typed({ [ActionIds.attachUserLoginEmail]: "rene.DEMANDEUR" }),
    );
    const form = await clickInSearch(opened, found.view, ActionIds.attachUserPick, rene.id);

    const answer = await submit(
      CallbackIds.attachExistingUserModal,
      form.view,
      grant({ startDate: yesterday() }),
    );

    expect(answer).toEqual({
      response_action: "errors",
      errors: {
        [BlockIds.attachUserStartDate]: "La date de début de validité ne peut pas être dans le passé.",
      },
    });
    expect(await h.database.prisma.attachment.count({ where: { userId: rene.id } })).toBe(0);
    expect(await h.database.prisma.historyEntry.count({ where: { targetUserId: rene.id } })).toBe(0);
  });

  it("asks for a criterion, and says so when the user is already attached to the whole structure or deactivated", async () => {
    const structure = await seeded();
    const { prisma } = h.database;
    const opened = await openSearch(structure.identifier);
    const empty = await submit(
      CallbackIds.attachUserSearchModal,
      opened.view,
      typed({ [ActionIds.attachUserLastName]: "  " }),
    );
    expect(empty).toEqual({
      response_action: "errors",
      errors: { [BlockIds.attachUserLastName]: "Saisissez au moins un critère de recherche." },
    });

    const paule = await accountOf(principal.email);
    const self = await submit(
      CallbackIds.attachUserSearchModal,
      opened.view,
      typed({ [ActionIds.attachUserFirstName]: "paule" }),
    );
    const refused = await clickInSearch(opened, self.view, ActionIds.attachUserPick, paule.id);
    expect(JSON.stringify(blocksOf(refused.view))).toContain(
      "L'utilisateur est déjà rattaché à toute la structure.",
    );

    const odile = await accountOf(outsider.email);
    await prisma.userAccount.update({ where: { id: odile.id }, data: { status: "DEACTIVATED" } });
    const gone = await submit(
      CallbackIds.attachUserSearchModal,
      opened.view,
      typed({ [ActionIds.attachUserLastName]: "dehors" }),
    );
    const deactivated = await clickInSearch(opened, gone.view, ActionIds.attachUserPick, odile.id);
    expect(JSON.stringify(blocksOf(deactivated.view))).toContain(
      `Le compte ${outsider.email} est désactivé.`,
    );
  });

  it("closes René's pending request as validated by the manager's attachment, with a single e-mail", async () => {
    const structure = await seeded();
    const rene = await accountOf(requester.email);
    const requestId = await fileRequest(h, structure, { serviceCodes: ["RH"] });
    await h.settle();
    h.smtp.reset();
    const opened = await openSearch(structure.identifier);
    const found = await submit(
      CallbackIds.attachUserSearchModal,
      opened.view,
      typed({ [ActionIds.attachUserFirstName]: "rené" }),
    );
    const form = await clickInSearch(opened, found.view, ActionIds.attachUserPick, rene.id);
    expect(JSON.stringify(blocksOf(form.view))).toContain("elle sera validée par ce rattachement");

    await submit(CallbackIds.attachExistingUserModal, form.view, grant({}));

    const { prisma } = h.database;
    const request = await prisma.attachmentRequest.findUniqueOrThrow({ where: { id: requestId } });
    const paule = await accountOf(principal.email);
    expect([request.status, request.decidedById, request.grantedWholeStructure, request.pendingKey]).toEqual([
      "VALIDATED",
      paule.id,
      true,
      null,
    ]);
    const history = await prisma.historyEntry.findMany({ where: { targetUserId: rene.id } });
    expect(history.map((entry) => [entry.action, entry.attachmentRequestId])).toEqual([
      ["ATTACHMENT_CREATED_BY_MANAGER", requestId],
    ]);
    await h.settle();
    expect(h.smtp.messages.filter((mail) => mail.to.includes(requester.email))).toHaveLength(1);
  });

  it("refuses someone who does not manage the structure", async () => {
    const structure = await seeded();

    const answer = await h.commandAnswer(outsider.slackId, `rattacher ${structure.identifier}`);

    expect(answer).toContain("Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire");
    expect(h.slack.callsTo("views.open")).toHaveLength(0);
    expect(await h.commandAnswer(secondary.slackId, "rattacher")).toContain("Usage : `/chorus rattacher");
  });

  it("creates the account nobody found, refuses bad fields without creating anything, and the activation link activates it", async () => {
    const structure = await seeded();
    const { prisma } = h.database;
    const opened = await openSearch(structure.identifier);
    const nobody = await submit(
      CallbackIds.attachUserSearchModal,
      opened.view,
      typed({ [ActionIds.attachUserLastName]: "Nouvelle" }),
    );
    expect(resultIds(nobody.view)).toEqual([]);
    expect(JSON.stringify(blocksOf(nobody.view))).toContain("Aucun compte Chorus Pro ne correspond");

    const form = await clickInSearch(opened, nobody.view, ActionIds.attachUserCreate, "create");
    expect(form.view.callback_id).toBe(CallbackIds.createAccountModal);
    expect(initialValueOf(blockById(form.view, BlockIds.attachUserLastName))).toBe("Nouvelle");
    const person = (loginEmail: string, contactEmail = "") =>
      typed({
        [ActionIds.attachUserLastName]: "Nouvelle",
        [ActionIds.attachUserFirstName]: "Élise",
        [ActionIds.attachUserLoginEmail]: loginEmail,
        [ActionIds.attachUserContactEmail]: contactEmail,
      });

    const invalid = await submit(CallbackIds.createAccountModal, form.view, {
      ...person("elise.nouvelle@", "pas-une-adresse"),
      ...grant({ startDate: yesterday() }),
    });
    expect(invalid.response_action).toBe("errors");
    expect(Object.keys(invalid.errors ?? {}).sort()).toEqual(
      [BlockIds.attachUserLoginEmail, BlockIds.attachUserContactEmail, BlockIds.attachUserStartDate].sort(),
    );
    const used = await submit(CallbackIds.createAccountModal, form.view, {
      ...person(requester.email.toUpperCase()),
      ...grant({}),
    });
    expect(used).toEqual({
      response_action: "errors",
      errors: {
        [BlockIds.attachUserLoginEmail]: `Un utilisateur a déjà l'adresse de connexion ${requester.email}.`,
      },
    });
    expect(await prisma.userAccount.count({ where: { lastName: "Nouvelle" } })).toBe(0);

    const done = await submit(CallbackIds.createAccountModal, form.view, {
      ...person("Elise.Nouvelle@exemple.fr", "elise@perso.exemple.fr"),
      ...grant({ whole: false, serviceIds: [structure.compta.id] }),
    });

    expect(JSON.stringify(blocksOf(done.view))).toContain(
      "Un courriel d'activation a été envoyé à elise@perso.exemple.fr",
    );
    const elise = await accountOf("elise.nouvelle@exemple.fr");
    expect([elise.status, elise.lastNameKey, elise.firstNameKey, elise.contactEmail]).toEqual([
      "PENDING_ACTIVATION",
      "nouvelle",
      "elise",
      "elise@perso.exemple.fr",
    ]);
    const attachment = await prisma.attachment.findFirstOrThrow({ where: { userId: elise.id } });
    expect([attachment.serviceId, attachment.role, attachment.status]).toEqual([
      structure.compta.id,
      "SIMPLE_USER",
      "VALIDATED",
    ]);
    const history = await prisma.historyEntry.findMany({
      where: { targetUserId: elise.id },
      orderBy: { sequence: "asc" },
    });
    expect(history.map((entry) => entry.action)).toEqual([
      "USER_CREATED",
      "ATTACHMENT_CREATED_BY_MANAGER",
      "ACTIVATION_EMAIL_SENT",
    ]);

    await h.settle();
    const mails = h.smtp.messages.filter((mail) => mail.to.includes("elise@perso.exemple.fr"));
    expect(mails.map((mail) => mail.subject).sort()).toEqual([
      "Chorus Pro – Activez votre compte",
      `Chorus Pro – Vous êtes rattaché(e) à Mairie de Saint-Exemple (${structure.identifier})`,
    ]);
    const path = LINK.exec(mails.find((mail) => mail.subject.includes("Activez"))?.text ?? "")?.[0];
    if (!path) throw new Error("no activation link");
    const activated = await fetch(`${h.baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        password: "Rivière calme sous la lune",
        confirmation: "Rivière calme sous la lune",
        // The form's anti-forgery token, as the page's hidden field holds it.
        csrf: activationFormToken(formKeyFrom(SIGNING_SECRET), path.split("/").at(-1) ?? ""),
      }).toString(),
    });
    expect(activated.status).toBe(200);
    expect((await accountOf("elise.nouvelle@exemple.fr")).status).toBe("ACTIVE");
    expect((await fetch(`${h.baseUrl}${path}`)).status).toBe(410);
  });

  it("offers to create an account after a search that found someone: a namesake gets an account, a login in use is refused", async () => {
    const structure = await seeded();
    const { prisma } = h.database;
    const opened = await openSearch(structure.identifier);
    const found = await submit(
      CallbackIds.attachUserSearchModal,
      opened.view,
      typed({ [ActionIds.attachUserLastName]: "DEMANDEUR" }),
    );
    expect(resultIds(found.view)).toEqual([(await accountOf(requester.email)).id]);
    expect(JSON.stringify(blocksOf(found.view))).toContain("L'utilisateur n'est pas dans la liste ?");

    const form = await clickInSearch(opened, found.view, ActionIds.attachUserCreate, "create");
    expect(form.view.callback_id).toBe(CallbackIds.createAccountModal);
    expect(initialValueOf(blockById(form.view, BlockIds.attachUserLastName))).toBe("DEMANDEUR");
    const namesake = (loginEmail: string) => ({
      ...typed({
        [ActionIds.attachUserLastName]: "Demandeur",
        [ActionIds.attachUserFirstName]: "René",
        [ActionIds.attachUserLoginEmail]: loginEmail,
        [ActionIds.attachUserContactEmail]: "",
      }),
      ...grant({}),
    });

    const used = await submit(CallbackIds.createAccountModal, form.view, namesake(requester.email));
    expect(used.errors?.[BlockIds.attachUserLoginEmail]).toBe(
      `Un utilisateur a déjà l'adresse de connexion ${requester.email}.`,
    );
    const done = await submit(
      CallbackIds.createAccountModal,
      form.view,
      namesake("rene.demandeur2@exemple.fr"),
    );

    expect(JSON.stringify(blocksOf(done.view))).toContain("Un courriel d'activation a été envoyé");
    const other = await accountOf("rene.demandeur2@exemple.fr");
    expect(other.status).toBe("PENDING_ACTIVATION");
    expect(await prisma.userAccount.count({ where: { lastNameKey: "demandeur" } })).toBe(2);
    expect(
      await prisma.attachment.count({
        where: { userId: other.id, structureId: structure.id, status: "VALIDATED" },
      }),
    ).toBe(1);
  });

  it("offers the services of a structure with more than 100 of them through a searchable selector", async () => {
    const services = Array.from({ length: 120 }, (_, index) => ({
      code: `S${String(index).padStart(3, "0")}`,
      label: `Service ${index}`,
    }));
    services[42] = { code: "ECOLE", label: "École élémentaire" };
    const structure = await seedStructure(h, { services });
    const rene = await accountOf(requester.email);
    const opened = await openSearch(structure.identifier);
    const found = await submit(
      CallbackIds.attachUserSearchModal,
      opened.view,
      typed({ [ActionIds.attachUserLastName]: "demandeur" }),
    );
    const form = await clickInSearch(opened, found.view, ActionIds.attachUserPick, rene.id);
    const [selector] = elementsOf(blockById(form.view, BlockIds.services));
    expect([selector?.type, selector?.action_id]).toEqual([
      "multi_external_select",
      ActionIds.attachUserServices,
    ]);

    const suggestion = (userId: string) => ({
      type: "block_suggestion",
      user: { id: userId, team_id: "T0000TEST" },
      team: { id: "T0000TEST", domain: "fake-workspace" },
      api_app_id: "A0000TEST",
      token: "fake-verification-token",
      action_id: ActionIds.attachUserServices,
      block_id: BlockIds.services,
      value: "ECOLE elem",
      view: {
        id: form.id,
        type: "modal",
        callback_id: CallbackIds.attachExistingUserModal,
        private_metadata: form.view.private_metadata,
      },
    });
    const answer = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: suggestion(principal.slackId),
    });
    const { options } = answer.json as { options: { text: { text: string } }[] };
    expect(options.map((option) => option.text.text)).toEqual(["École élémentaire (ECOLE)"]);
    const refused = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: suggestion(outsider.slackId),
    });
    expect(refused.json).toEqual({ options: [] });
  });

  it("opens the same search from the structure's button on the Home tab", async () => {
    const structure = await seeded();
    const payload = blockActionsPayload({
      userId: principal.slackId,
      actionId: ActionIds.attachUserOpen,
      value: structure.id,
      view: { id: "VHOME00001", type: "home", callback_id: "" },
    });

    const opened = await nextView("views.open", () =>
      sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload }),
    );

    expect(opened.view.callback_id).toBe(CallbackIds.attachUserSearchModal);
    expect(JSON.parse(opened.view.private_metadata ?? "").structureId).toBe(structure.id);
  });
});
