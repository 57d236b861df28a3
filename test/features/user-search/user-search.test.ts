import { describe, expect, it } from "vitest";
import { scopeKeyOf } from "../../../src/domain/attachment-scope.ts";
import { nameKeys } from "../../../src/domain/search-key.ts";
import type { AccountStatus } from "../../../src/generated/prisma/enums.ts";
import { USER_SEARCH_PAGE_SIZE } from "../../../src/services/accounts/search-users.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { parseSemicolonCsv } from "../../support/csv.ts";
import {
  blockById,
  blocksOf,
  blocksStartingWith,
  buttonsOf,
  initialValueOf,
  inputOf,
  lastModal,
  lastModalCall,
  type ModalCall,
  optionsOf,
  type SlackModal,
  type ViewSubmissionAnswer,
  type WithBlocks,
} from "../../support/fake-slack/index.ts";
import {
  fileRequest,
  makeSecondaryManager,
  outsider,
  principal,
  requester,
  secondary,
  seedStructure,
  validSiret,
} from "../../support/scenario.ts";
import {
  blockActionsPayload,
  type SlackStateValues,
  sendInteraction,
  slackOption,
  viewSubmissionPayload,
} from "../../support/slack-requests.ts";

type View = { id: string; hash: string; view: SlackModal };

describe("/chorus utilisateurs: user search and its actions", () => {
  const h = useHarness();

  async function account(input: {
    email: string;
    firstName: string;
    lastName: string;
    status?: AccountStatus;
    technical?: boolean;
  }) {
    const { email, status, technical, ...names } = input;
    return h.database.prisma.userAccount.create({
      data: {
        loginEmail: email,
        ...names,
        ...nameKeys(names),
        status: status ?? "ACTIVE",
        technical: technical ?? false,
      },
    });
  }

  async function attach(userId: string, structureId: string, serviceId: string | null = null) {
    await h.database.prisma.attachment.create({
      data: {
        userId,
        structureId,
        serviceId,
        scopeKey: scopeKeyOf(serviceId),
        startDate: new Date("2026-02-01"),
      },
    });
  }

  /**
   * The principal's structure (service RH, `secondary` as secondary manager) with Hélène (awaiting
   * activation, whole structure), Hervé (active, the RH service, one subscription) and René's pending
   * request; and the outsider's structure, whose Hélène Ailleurs the principal must never see.
   */
  async function seedSearchable() {
    const structure = await seedStructure(h, { services: [{ code: "RH", label: "Ressources humaines" }] });
    await makeSecondaryManager(h, structure);
    const { prisma } = h.database;
    const found = await prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
      include: { services: true },
    });
    const rh = found.services[0];
    if (!rh) throw new Error("no RH service");
    const helene = await account({
      email: "helene.ecoute@exemple.fr",
      firstName: "Hélène",
      lastName: "Écoute",
      status: "PENDING_ACTIVATION",
    });
    const herve = await account({
      email: "herve.martin@exemple.fr",
      firstName: "Hervé",
      lastName: "Martin",
    });
    await attach(helene.id, found.id);
    await attach(herve.id, found.id, rh.id);
    await prisma.subscription.create({
      data: {
        userId: herve.id,
        structureId: found.id,
        serviceId: rh.id,
        scopeKey: scopeKeyOf(rh.id),
        space: "FACTURES_RECUES",
      },
    });
    const requestId = await fileRequest(h, structure);
    const elsewhere = await h.api("POST", "/api/v1/structures", {
      identifier: validSiret(99887766),
      designation: "Commune d'Ailleurs",
      kind: "PUBLIQUE",
      principalManager: {
        loginEmail: outsider.email,
        firstName: outsider.firstName,
        lastName: outsider.lastName,
      },
    });
    expect(elsewhere.status).toBe(201);
    const foreign = await account({
      email: "helene.ailleurs@exemple.fr",
      firstName: "Helene",
      lastName: "Ailleurs",
      status: "PENDING_ACTIVATION",
    });
    const other = await prisma.structure.findUniqueOrThrow({ where: { identifier: validSiret(99887766) } });
    await attach(foreign.id, other.id);
    return { structure: found, rh, helene, herve, requestId, foreign };
  }

  async function openSearch(userId = principal.slackId): Promise<View> {
    const before = h.slack.callsTo("views.open").length;
    const { status } = await h.command({ userId, text: "utilisateurs", channelId: "CLIST00001" });
    expect(status).toBe(200);
    await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.open").length > before);
    const stored = [...h.slack.views.values()].at(-1);
    if (!stored) throw new Error("no view opened");
    return { id: stored.id, hash: stored.hash, view: lastModal(h.slack, "views.open") };
  }

  function criteria(values: Record<string, string>): SlackStateValues {
    return Object.fromEntries(
      Object.entries(values).map(([actionId, value]) => [
        `${actionId}_0`,
        { [actionId]: { type: "plain_text_input", value } },
      ]),
    );
  }

  /** "Rechercher": the answer's view is what Slack shows in place of the modal (same view id). */
  async function search(opened: View, values: SlackStateValues, userId = principal.slackId) {
    const payload = viewSubmissionPayload({
      userId,
      callbackId: CallbackIds.userSearchModal,
      privateMetadata: opened.view.private_metadata,
      values,
      viewId: opened.id,
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

  /** Clicks in the search modal, as shown by `shown` (its metadata), and waits for the app's answer. */
  async function click(
    opened: View,
    shown: { private_metadata?: string } | undefined,
    action: { actionId: string; value?: string; actionType?: string; extra?: Record<string, unknown> },
    stateValues: SlackStateValues = {},
    answer: "views.update" | "views.push" = "views.update",
  ) {
    const before = h.slack.callsTo(answer, { okOnly: true }).length;
    const stored = h.slack.views.get(opened.id);
    const payload = blockActionsPayload({
      userId: principal.slackId,
      actionId: action.actionId,
      ...(action.value !== undefined ? { value: action.value } : {}),
      ...(action.actionType ? { actionType: action.actionType } : {}),
      ...(action.extra ? { actionExtra: action.extra } : {}),
      view: {
        id: opened.id,
        hash: stored?.hash,
        private_metadata: shown?.private_metadata,
        callback_id: CallbackIds.userSearchModal,
      },
      stateValues,
    });
    const result = await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload });
    expect(result.status).toBe(200);
    await h.slack.waitFor(
      (calls) => calls.filter((call) => call.method === answer && call.ok).length > before,
    );
    return lastModalCall(h.slack, answer, { okOnly: true });
  }

  /** Submits a modal pushed from the search (as the principal) and returns the refreshed search. */
  async function submitPushed(pushed: ModalCall, callbackId: string, values: SlackStateValues) {
    const updates = h.slack.callsTo("views.update", { okOnly: true }).length;
    const submitted = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      checkResponseWith: h.slack,
      payload: viewSubmissionPayload({
        userId: principal.slackId,
        callbackId,
        privateMetadata: pushed.view.private_metadata ?? "",
        values,
      }),
    });
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe("");
    await h.slack.waitFor(
      (calls) => calls.filter((call) => call.method === "views.update" && call.ok).length > updates,
    );
    return lastModalCall(h.slack, "views.update", { okOnly: true });
  }

  function rowIds(view: WithBlocks | undefined): string[] {
    return blocksStartingWith(view, BlockIds.userSearchRowPrefix)
      .filter((block) => block.type === "section")
      .map((block) => String(block.block_id).slice(BlockIds.userSearchRowPrefix.length));
  }

  function selection(generation: number, userIds: string[]): SlackStateValues {
    return {
      [`${ActionIds.userSearchSelection}_${generation}_0`]: {
        [ActionIds.userSearchSelection]: {
          type: "checkboxes",
          selected_options: userIds.map((id) => slackOption(id)),
        },
      },
    };
  }

  it("finds Hélène from « helene » or « HÉL », only among the manager's structures, and keeps the criteria", async () => {
    const { helene, foreign } = await seedSearchable();
    const opened = await openSearch();
    expect(opened.view.callback_id).toBe(CallbackIds.userSearchModal);

    const answer = await search(opened, criteria({ [ActionIds.userSearchFirstName]: "helene" }));

    expect(answer.response_action).toBe("update");
    expect(rowIds(answer.view)).toEqual([helene.id]);
    expect(rowIds(answer.view)).not.toContain(foreign.id);
    const text = JSON.stringify(blocksOf(answer.view));
    expect(text).toContain("1 utilisateur — page 1/1");
    expect(text).toContain("En cours d'activation");
    expect(text).toContain("Mairie de Saint-Exemple");
    expect(initialValueOf(inputOf(answer.view, ActionIds.userSearchFirstName))).toBe("helene");

    const upper = await search(opened, criteria({ [ActionIds.userSearchLastName]: "ÉCOU" }));
    expect(rowIds(upper.view)).toEqual([helene.id]);
    // By service label without its accents, and by the structure list.
    const byService = await search(
      opened,
      criteria({ [ActionIds.userSearchService]: "ressources HUMAINES" }),
    );
    expect(blocksOf(byService.view).some((block) => JSON.stringify(block).includes("Hervé"))).toBe(true);
    expect(rowIds(byService.view)).toHaveLength(1);
    // "%" and "_" are characters to look for, not wildcards: nobody here has one in their name.
    for (const typed of ["%", "_", "h_l"]) {
      const literal = await search(opened, criteria({ [ActionIds.userSearchFirstName]: typed }));
      expect(rowIds(literal.view)).toEqual([]);
    }
  });

  it("filters by status and by a structure of the list, never showing the users of other structures", async () => {
    const { structure, helene, foreign } = await seedSearchable();
    const opened = await openSearch();
    const structureOptions = optionsOf(inputOf(opened.view, ActionIds.userSearchStructure)).options;
    expect(structureOptions.map((option) => option.value)).toEqual(["all", structure.id]);

    const answer = await search(opened, {
      [`${ActionIds.userSearchStatus}_0`]: {
        [ActionIds.userSearchStatus]: {
          type: "static_select",
          selected_option: slackOption("PENDING_ACTIVATION"),
        },
      },
      [`${ActionIds.userSearchStructure}_0`]: {
        [ActionIds.userSearchStructure]: {
          type: "static_select",
          selected_option: slackOption(structure.id),
        },
      },
    });

    expect(rowIds(answer.view)).toEqual([helene.id]);
    expect(rowIds(answer.view)).not.toContain(foreign.id);
    expect(initialValueOf(inputOf(answer.view, ActionIds.userSearchStatus))).toBe("PENDING_ACTIVATION");
  });

  it("shows every structure of a user in « Voir le détail », those the manager does not manage with their status only, and a technical user's password reset button", async () => {
    const { structure, herve } = await seedSearchable();
    const second = await seedStructure(h, { seed: 3456789, channel: null });
    const secondStructure = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: second.identifier },
    });
    await attach(herve.id, secondStructure.id);
    // Two structures of another principal: Hervé is attached to one and asks to join the other.
    const foreign = [];
    for (const [seed, designation] of [
      [4567891, "Régie des eaux"],
      [5678912, "Office du tourisme"],
    ] as const) {
      const created = await h.api("POST", "/api/v1/structures", {
        identifier: validSiret(seed),
        designation,
        kind: "PUBLIQUE",
        principalManager: { loginEmail: "autre.chef@exemple.fr", firstName: "Autre", lastName: "Chef" },
      });
      expect(created.status).toBe(201);
      foreign.push(created.json as { id: string; identifier: string });
    }
    await attach(herve.id, foreign[0]?.id ?? "");
    await fileRequest(
      h,
      { identifier: foreign[1]?.identifier ?? "", designation: "" },
      { email: herve.loginEmail },
    );
    const robot = await account({
      email: "robot.api@exemple.fr",
      firstName: "Robot",
      lastName: "Api",
      technical: true,
    });
    await attach(robot.id, structure.id);
    const opened = await openSearch();
    const shown = await search(opened, criteria({ [ActionIds.userSearchLastName]: "a" }));

    const reset = blocksOf(shown.view)
      .flatMap((block) => (block.type === "actions" ? buttonsOf(block) : []))
      .filter((element) => element.action_id === ActionIds.resetTechnicalPassword);
    expect(reset.map((button) => JSON.parse(button.value ?? ""))).toEqual([
      { structureId: structure.id, userId: robot.id },
    ]);
    const pushed = await click(
      opened,
      shown.view,
      {
        actionId: ActionIds.userSearchRowMenu,
        actionType: "overflow",
        extra: { selected_option: slackOption(`detail:${herve.id}`) },
      },
      {},
      "views.push",
    );
    const detail = JSON.stringify(blocksOf(pushed.view));
    expect(pushed.view.title.text).toBe("Détail de l'utilisateur");
    expect(detail).toContain(`(${structure.identifier}) — Utilisateur simple — Ressources humaines (RH)`);
    expect(detail).toContain(`(${second.identifier}) — Utilisateur simple — Toute la structure`);
    expect(detail).toContain("Autres structures (que vous ne gérez pas)");
    expect(detail).toContain(
      `• Office du tourisme (${foreign[1]?.identifier}) — Statut du rattachement : En cours de validation`,
    );
    expect(detail).toContain(
      `• Régie des eaux (${foreign[0]?.identifier}) — Statut du rattachement : Validée`,
    );
    // Neither role nor services of a structure the manager does not manage.
    expect(detail).not.toMatch(new RegExp(`\\(${foreign[0]?.identifier}\\) — Utilisateur simple`));
  });

  it("changes a user's role and services from « Voir le détail », never the principal's, and attaches them to another of the manager's structures", async () => {
    const { structure, herve } = await seedSearchable();
    const compta = await h.database.prisma.service.create({
      data: { structureId: structure.id, code: "COMPTA", label: "Comptabilité", labelKey: "comptabilite" },
    });
    const second = await seedStructure(h, { seed: 3456789, channel: null });
    const opened = await openSearch();
    const shown = await search(opened, criteria({ [ActionIds.userSearchLastName]: "martin" }));
    const detail = await click(
      opened,
      shown.view,
      {
        actionId: ActionIds.userSearchRowMenu,
        actionType: "overflow",
        extra: { selected_option: slackOption(`detail:${herve.id}`) },
      },
      {},
      "views.push",
    );
    const modify = buttonsOf(detail.view).find(
      (button) => button.action_id === ActionIds.modifyAttachmentOpen,
    );
    expect(modify?.text.text).toBe("Modifier le rattachement");

    await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId: principal.slackId,
        actionId: ActionIds.modifyAttachmentOpen,
        value: modify?.value ?? "",
        view: { id: "VDETAIL001" },
      }),
    });
    await h.slack.waitFor(() => h.slack.callsTo("views.push", { okOnly: true }).length === 2);
    const form = lastModal(h.slack, "views.push", { okOnly: true });
    expect(form.callback_id).toBe(CallbackIds.modifyAttachmentModal);
    expect(initialValueOf(inputOf(form, ActionIds.roleInput))).toBe("SIMPLE_USER");
    const answer = await h.submitView({
      userId: principal.slackId,
      callbackId: CallbackIds.modifyAttachmentModal,
      privateMetadata: form.private_metadata ?? "",
      values: {
        [BlockIds.role]: {
          [ActionIds.roleInput]: { type: "radio_buttons", selected_option: slackOption("SECONDARY_MANAGER") },
        },
        [BlockIds.wholeStructure]: {
          [ActionIds.wholeStructureInput]: { type: "checkboxes", selected_options: [] },
        },
        [BlockIds.services]: {
          [ActionIds.servicesInput]: { type: "checkboxes", selected_options: [slackOption(compta.id)] },
        },
      },
    });

    expect(JSON.stringify(answer.json)).toContain(
      `Le rattachement de Hervé Martin à la structure Mairie de Saint-Exemple (${structure.identifier}) est modifié.`,
    );
    const { prisma } = h.database;
    const rows = await prisma.attachment.findMany({
      where: { userId: herve.id, structureId: structure.id },
      select: { serviceId: true, role: true, status: true },
      orderBy: { status: "asc" },
    });
    expect(rows).toEqual([
      { serviceId: compta.id, role: "SECONDARY_MANAGER", status: "VALIDATED" },
      { serviceId: structure.services[0]?.id, role: "SECONDARY_MANAGER", status: "DELETED" },
    ]);
    // The RH subscription goes with the RH attachment; the manager's space opens on COMPTA.
    const subscriptions = await prisma.subscription.findMany({
      where: { userId: herve.id },
      select: { space: true, serviceId: true, status: true },
      orderBy: { space: "asc" },
    });
    expect(subscriptions).toEqual(
      expect.arrayContaining([
        { space: "FACTURES_RECUES", serviceId: structure.services[0]?.id, status: "DEACTIVATED" },
        { space: "ACTIVITES_GESTIONNAIRE", serviceId: compta.id, status: "ACTIVE" },
      ]),
    );
    const history = await prisma.historyEntry.findMany({
      where: { targetUserId: herve.id, action: "ATTACHMENT_UPDATED" },
    });
    expect(history.map((entry) => entry.details)).toEqual([
      {
        from: { role: "SIMPLE_USER", wholeStructure: false, serviceIds: [structure.services[0]?.id] },
        to: { role: "SECONDARY_MANAGER", wholeStructure: false, serviceIds: [compta.id] },
      },
    ]);
    const mails = await h.smtp.waitForMessages(1);
    expect(mails.map((mail) => mail.subject)).toContain(
      `Chorus Pro – Votre rattachement à Mairie de Saint-Exemple (${structure.identifier}) a été modifié`,
    );

    // The principal's attachment is never changed, even by a forged submission; nothing is written.
    const principalAccount = await prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: principal.email },
    });
    const refused = await h.submitView({
      userId: principal.slackId,
      callbackId: CallbackIds.modifyAttachmentModal,
      privateMetadata: JSON.stringify({ structureId: structure.id, userId: principalAccount.id }),
      values: {
        [BlockIds.role]: {
          [ActionIds.roleInput]: { type: "radio_buttons", selected_option: slackOption("SIMPLE_USER") },
        },
        [BlockIds.wholeStructure]: {
          [ActionIds.wholeStructureInput]: {
            type: "checkboxes",
            selected_options: [slackOption("whole_structure")],
          },
        },
      },
    });
    expect(JSON.stringify(refused.json)).toContain(
      "Le rattachement du gestionnaire principal ne se modifie pas",
    );
    expect(await prisma.historyEntry.count({ where: { action: "ATTACHMENT_UPDATED" } })).toBe(1);

    // « Rattacher à une autre de mes structures »: the other structure, then the attach form.
    const other = await click(
      opened,
      shown.view,
      {
        actionId: ActionIds.userSearchRowMenu,
        actionType: "overflow",
        extra: { selected_option: slackOption(`attach_other:${herve.id}`) },
      },
      {},
      "views.push",
    );
    const secondId = (await prisma.structure.findUniqueOrThrow({ where: { identifier: second.identifier } }))
      .id;
    const choices = optionsOf(blockById(other.view, BlockIds.attachOtherStructure)).options.map(
      (option) => option.value,
    );
    // His first structure still offers services he does not hold; the second, all of it.
    expect([...choices].sort()).toEqual([structure.id, secondId].sort());
    const stored = [...h.slack.views.values()].at(-1);
    await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId: principal.slackId,
        actionId: ActionIds.attachOtherStructure,
        blockId: BlockIds.attachOtherStructure,
        actionType: "static_select",
        actionExtra: { selected_option: slackOption(secondId) },
        view: { id: stored?.id, hash: stored?.hash, private_metadata: herve.id },
      }),
    });
    await h.slack.waitFor((calls) =>
      calls.some(
        (call) =>
          call.method === "views.update" &&
          call.ok &&
          JSON.stringify(call).includes(CallbackIds.attachExistingUserModal),
      ),
    );
  });

  it("refuses an empty search with a field error, and a non-manager gets no modal", async () => {
    await seedSearchable();
    const opened = await openSearch();

    const answer = await search(opened, criteria({ [ActionIds.userSearchLastName]: "  " }));

    expect(answer).toEqual({
      response_action: "errors",
      errors: { [`${ActionIds.userSearchLastName}_0`]: "Saisissez au moins un critère de recherche." },
    });
    const opens = h.slack.callsTo("views.open").length;
    const { responseUrl } = await h.command({
      userId: requester.slackId,
      text: "utilisateurs",
      channelId: "C1",
    });
    await h.slack.waitFor(() => h.slack.responses.some((response) => response.url === responseUrl));
    const reply = h.slack.responses.find((response) => response.url === responseUrl);
    expect(String(reply?.body.text)).toContain(
      "Vous n'êtes gestionnaire principal ou secondaire d'aucune structure",
    );
    expect(h.slack.callsTo("views.open")).toHaveLength(opens);
  });

  it("pages through the results in a stable order and resets the criteria", async () => {
    const { structure } = await seedSearchable();
    for (let index = 0; index < 25; index++) {
      const user = await account({
        email: `page.${index}@exemple.fr`,
        firstName: "Paul",
        lastName: `Pagination ${String(index).padStart(2, "0")}`,
      });
      await attach(user.id, structure.id);
    }
    const opened = await openSearch();

    const first = await search(opened, criteria({ [ActionIds.userSearchLastName]: "pagination" }));
    expect(JSON.stringify(blocksOf(first.view))).toContain("25 utilisateurs — page 1/2");
    expect(rowIds(first.view)).toHaveLength(USER_SEARCH_PAGE_SIZE);
    const next = await click(opened, first.view, { actionId: ActionIds.userSearchNextPage, value: "next" });
    expect(JSON.stringify(blocksOf(next.view))).toContain("25 utilisateurs — page 2/2");
    expect(rowIds(next.view)).toHaveLength(5);
    expect(rowIds(next.view).some((id) => rowIds(first.view).includes(id))).toBe(false);
    const lastNames = await h.database.prisma.userAccount.findMany({
      where: { id: { in: rowIds(next.view) } },
      select: { lastName: true },
    });
    expect(lastNames.map((user) => user.lastName).sort()).toEqual(
      ["20", "21", "22", "23", "24"].map((n) => `Pagination ${n}`),
    );

    const reset = await click(opened, next.view, { actionId: ActionIds.userSearchReset, value: "reset" });
    expect(rowIds(reset.view)).toEqual([]);
    const lastName = inputOf(reset.view, ActionIds.userSearchLastName);
    expect(initialValueOf(lastName)).toBeUndefined();
    // A new block id, so that Slack forgets what was typed.
    expect(lastName?.block_id).not.toBe(`${ActionIds.userSearchLastName}_0`);
  });

  it("modifies a user from a pushed modal: names and their search keys, contact e-mail, history, refreshed row", async () => {
    const { structure, herve } = await seedSearchable();
    const opened = await openSearch();
    const shown = await search(opened, criteria({ [ActionIds.userSearchLastName]: "martin" }));

    const pushed = await click(
      opened,
      shown.view,
      {
        actionId: ActionIds.userSearchRowMenu,
        actionType: "overflow",
        extra: { selected_option: slackOption(`edit:${herve.id}`) },
      },
      {},
      "views.push",
    );
    expect(pushed.view.callback_id).toBe(CallbackIds.updateUserModal);

    const submit = (values: Record<string, string>, userId = principal.slackId) =>
      sendInteraction({
        baseUrl: h.baseUrl,
        secret: SIGNING_SECRET,
        checkResponseWith: h.slack,
        payload: viewSubmissionPayload({
          userId,
          callbackId: CallbackIds.updateUserModal,
          privateMetadata: pushed.view.private_metadata ?? "",
          values: {
            [BlockIds.updateUserLastName]: {
              [ActionIds.updateUserLastName]: { type: "plain_text_input", value: values.lastName ?? "" },
            },
            [BlockIds.updateUserFirstName]: {
              [ActionIds.updateUserFirstName]: { type: "plain_text_input", value: values.firstName ?? "" },
            },
            [BlockIds.updateUserContactEmail]: {
              [ActionIds.updateUserContactEmail]: {
                type: "email_text_input",
                value: values.contactEmail ?? null,
              },
            },
          },
        }),
      });
    const bad = await submit({ lastName: "", firstName: "Hervé", contactEmail: "pas-une-adresse" });
    expect((bad.json as ViewSubmissionAnswer).errors).toEqual({
      [BlockIds.updateUserLastName]: "Ce champ est obligatoire.",
      [BlockIds.updateUserContactEmail]: expect.stringContaining("adresse e-mail valide"),
    });

    // The manager of another structure, replaying the modal with Hervé's id, is refused.
    const foreign = await submit({ lastName: "Pirate", firstName: "Hervé" }, outsider.slackId);
    expect((foreign.json as ViewSubmissionAnswer).response_action).toBe("update");
    expect(JSON.stringify((foreign.json as ViewSubmissionAnswer).view)).toContain(
      "Vous ne pouvez modifier que les utilisateurs",
    );

    const updates = h.slack.callsTo("views.update", { okOnly: true }).length;
    const good = await submit({
      lastName: "Martin-Éloi",
      firstName: "Hervé",
      contactEmail: "Herve@Contact.fr",
    });
    expect(good.status).toBe(200);
    expect(good.text).toBe("");
    await h.slack.waitFor(
      (calls) => calls.filter((call) => call.method === "views.update" && call.ok).length > updates,
    );

    const saved = await h.database.prisma.userAccount.findUniqueOrThrow({ where: { id: herve.id } });
    expect(saved).toMatchObject({
      lastName: "Martin-Éloi",
      lastNameKey: "martin-eloi",
      contactEmail: "herve@contact.fr",
    });
    const history = await h.database.prisma.historyEntry.findMany({ where: { action: "USER_UPDATED" } });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ structureId: structure.id, targetUserId: herve.id });
    const refreshed = lastModalCall(h.slack, "views.update", { okOnly: true });
    expect(refreshed.view_id).toBe(opened.id);
    expect(JSON.stringify(blocksOf(refreshed.view))).toContain("a été modifié");
    expect(JSON.stringify(blocksOf(refreshed.view))).toContain("Martin-Éloi");
  });

  it("sends the activation e-mail from a row and to a selection, listing those skipped and why", async () => {
    const { helene, herve } = await seedSearchable();
    const opened = await openSearch();
    const shown = await search(opened, criteria({ [ActionIds.userSearchFirstName]: "h" }));

    const fromRow = await click(opened, shown.view, {
      actionId: ActionIds.userSearchRowMenu,
      actionType: "overflow",
      extra: { selected_option: slackOption(`activation:${helene.id}`) },
    });
    expect(JSON.stringify(blocksOf(fromRow.view))).toContain(
      "Courriel d'activation envoyé à : Hélène Écoute",
    );
    await h.settle();
    const [mail] = await h.smtp.waitForMessages(1);
    expect(mail?.to).toEqual([helene.loginEmail]);

    const generation = JSON.parse(fromRow.view?.private_metadata ?? "").generation;
    const bulk = await click(
      opened,
      fromRow.view,
      { actionId: ActionIds.userSearchBulkActivation, value: "activation" },
      selection(generation, [helene.id, herve.id]),
    );
    const outcome = JSON.stringify(blocksOf(bulk.view));
    expect(outcome).toContain("Courriel d'activation envoyé à : Hélène Écoute");
    expect(outcome).toContain(
      "Non traité : Hervé Martin (herve.martin@exemple.fr) — le compte n'est pas « En cours d'activation »",
    );
    await h.settle();
    expect(await h.smtp.waitForMessages(2)).toHaveLength(2);

    const empty = await click(opened, bulk.view, {
      actionId: ActionIds.userSearchBulkActivation,
      value: "activation",
    });
    expect(JSON.stringify(blocksOf(empty.view))).toContain("Cochez au moins un utilisateur");
  });

  it("detaches a user from a row (confirmed) and a selection from a structure asked in a pushed modal", async () => {
    const { structure, helene, herve } = await seedSearchable();
    const opened = await openSearch();
    const shown = await search(opened, criteria({ [ActionIds.userSearchFirstName]: "h" }));
    const detachButton = blocksOf(shown.view)
      .flatMap((block) => (block.type === "actions" ? buttonsOf(block) : []))
      .find(
        (element) =>
          String(element.action_id).startsWith(ActionIds.userSearchDetach) &&
          (element.value ?? "").includes(herve.id),
      );
    expect(detachButton?.confirm?.title?.text).toBe("Supprimer le rattachement ?");

    const detached = await click(opened, shown.view, {
      actionId: detachButton?.action_id ?? "",
      value: detachButton?.value ?? "",
    });

    expect(JSON.stringify(blocksOf(detached.view))).toContain("supprimé pour : Hervé Martin");
    expect(rowIds(detached.view)).not.toContain(herve.id);
    const { prisma } = h.database;
    expect(
      await prisma.attachment.findMany({ where: { userId: herve.id }, select: { status: true } }),
    ).toEqual([{ status: "DELETED" }]);
    expect(
      await prisma.subscription.findMany({ where: { userId: herve.id }, select: { status: true } }),
    ).toEqual([{ status: "DEACTIVATED" }]);

    const generation = JSON.parse(detached.view?.private_metadata ?? "").generation;
    const principalAccount = await prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: principal.email },
    });
    const pushed = await click(
      opened,
      detached.view,
      { actionId: ActionIds.userSearchBulkDetach, value: "detach" },
      selection(generation, [helene.id, principalAccount.id]),
      "views.push",
    );
    expect(pushed.view.callback_id).toBe(CallbackIds.bulkDetachModal);
    const refreshed = await submitPushed(pushed, CallbackIds.bulkDetachModal, {
      [BlockIds.bulkDetachStructure]: {
        [ActionIds.bulkDetachStructure]: {
          type: "static_select",
          selected_option: slackOption(structure.id),
        },
      },
    });
    const outcome = JSON.stringify(blocksOf(refreshed.view));
    expect(outcome).toContain("supprimé pour : Hélène Écoute");
    expect(outcome).toContain("Non traité : Paule Principale");
    expect(outcome).toContain("gestionnaire principal");
    expect(await prisma.attachment.findFirst({ where: { userId: helene.id } })).toMatchObject({
      status: "DELETED",
    });
    expect(await prisma.attachment.findFirst({ where: { userId: principalAccount.id } })).toMatchObject({
      status: "VALIDATED",
    });
  });

  it("exports the selection as a CSV file sent by DM that parses back to their rows", async () => {
    const { helene, herve, foreign } = await seedSearchable();
    const opened = await openSearch();
    const shown = await search(opened, criteria({ [ActionIds.userSearchFirstName]: "h" }));
    const generation = JSON.parse(shown.view?.private_metadata ?? "").generation;

    const exported = await click(
      opened,
      shown.view,
      { actionId: ActionIds.userSearchBulkExport, value: "export" },
      selection(generation, [helene.id, herve.id, foreign.id]),
    );

    expect(JSON.stringify(blocksOf(exported.view))).toContain("vous a été envoyé en message privé");
    const share = h.slack.fileShares.at(-1);
    expect(share?.channel).toBe(`D${principal.slackId.slice(1)}`);
    const rows = parseSemicolonCsv(h.slack.uploads.get(share?.fileId ?? "")?.toString("utf8") ?? "");
    expect(rows[0]?.slice(0, 3)).toEqual(["Nom", "Prénom", "Adresse de connexion"]);
    expect(
      rows
        .slice(1)
        .map((row) => row[2])
        .sort(),
    ).toEqual([helene.loginEmail, herve.loginEmail]);
  });

  it("pushes the decision modal of a pending attachment request found in the search", async () => {
    const { requestId } = await seedSearchable();
    const opened = await openSearch(secondary.slackId);
    const shown = await search(
      opened,
      criteria({ [ActionIds.userSearchLastName]: "demandeur" }),
      secondary.slackId,
    );
    expect(JSON.stringify(blocksOf(shown.view))).toContain("demande de rattachement en attente");

    const stored = h.slack.views.get(opened.id);
    const before = h.slack.callsTo("views.push", { okOnly: true }).length;
    await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId: secondary.slackId,
        actionId: `${ActionIds.userSearchValidateRequest}_0`,
        value: requestId,
        view: { id: opened.id, hash: stored?.hash, private_metadata: shown.view?.private_metadata },
      }),
    });
    await h.slack.waitFor(
      (calls) => calls.filter((call) => call.method === "views.push" && call.ok).length > before,
    );
    const pushed = lastModalCall(h.slack, "views.push", { okOnly: true });
    expect(pushed.view.callback_id).toBe(CallbackIds.validateAttachmentModal);
    expect(JSON.parse(pushed.view?.private_metadata ?? "")).toMatchObject({
      type: "attachment",
      requestId,
      parent: { viewId: opened.id },
    });
  });

  it("refuses a pending request from the search, then shows the search again with the request decided", async () => {
    const { requestId } = await seedSearchable();
    const opened = await openSearch();
    const shown = await search(opened, criteria({ [ActionIds.userSearchLastName]: "demandeur" }));
    const pushed = await click(
      opened,
      shown.view,
      { actionId: `${ActionIds.userSearchRefuseRequest}_0`, value: requestId },
      {},
      "views.push",
    );
    expect(pushed.view.callback_id).toBe(CallbackIds.refuseRequestModal);

    const refreshed = await submitPushed(pushed, CallbackIds.refuseRequestModal, {
      [BlockIds.reason]: { [ActionIds.reasonInput]: { type: "plain_text_input", value: "Doublon" } },
    });

    expect(
      await h.database.prisma.attachmentRequest.findUniqueOrThrow({ where: { id: requestId } }),
    ).toMatchObject({
      status: "REFUSED",
    });
    expect(refreshed.view_id).toBe(opened.id);
    const blocks = JSON.stringify(blocksOf(refreshed.view));
    expect(blocks).toMatch(/Demande de rattachement de .+ à .+ refusée\./);
    expect(blocks).not.toContain("demande de rattachement en attente");
    expect(blocks).not.toContain(ActionIds.userSearchRefuseRequest);
  });
});
