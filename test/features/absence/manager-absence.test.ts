import { describe, expect, it } from "vitest";
import { parisDay } from "../../../src/domain/dates.ts";
import { isoDay } from "../../../src/domain/start-date.ts";
import { declareAbsence } from "../../../src/services/absences/declare-absence.ts";
import { ActionIds, CallbackIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { blocksOf, lastModal } from "../../support/fake-slack/index.ts";
import {
  actorOf,
  makeSecondaryManager,
  outsider,
  type Person,
  principal,
  requester,
  secondary,
  seedStructure,
} from "../../support/scenario.ts";
import { blockActionsPayload, sendEvent, sendInteraction } from "../../support/slack-requests.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** A Paris day `offset` days from today, as the datepicker sends it. */
const inDays = (offset: number) => isoDay(new Date(parisDay(new Date()).getTime() + offset * DAY_MS));
const dmOf = (person: { slackId: string }) => `D${person.slackId.slice(1)}`;

describe("a manager's absence, declared from Slack", () => {
  const h = useHarness();

  async function structureWithTwoManagers() {
    const structure = await seedStructure(h);
    await makeSecondaryManager(h, structure);
    return structure;
  }

  /** `/chorus absence` as `person`: the form it opens (null: it answered in text instead, returned). */
  async function openForm(person: Person) {
    const before = h.slack.callsTo("views.open").length;
    const { status, responseUrl } = await h.command({
      userId: person.slackId,
      text: "absence",
      channelId: "CABS000001",
    });
    expect(status).toBe(200);
    await h.slack.waitFor(
      () =>
        h.slack.callsTo("views.open").length > before ||
        h.slack.responses.some((response) => response.url === responseUrl),
    );
    if (h.slack.callsTo("views.open").length > before)
      return { modal: lastModal(h.slack, "views.open"), text: null };
    const answer = h.slack.responses.find((response) => response.url === responseUrl);
    return { modal: null, text: String((answer?.body as { text?: string } | undefined)?.text) };
  }

  function submit(person: Person, form: { startsOn?: string; endsOn?: string; delegate?: string }) {
    const picked = (action: string, value: Record<string, unknown>) => ({
      [`${action}_block`]: { [action]: value },
    });
    return h.submitView({
      userId: person.slackId,
      callbackId: CallbackIds.absenceModal,
      privateMetadata: "",
      values: {
        ...picked(ActionIds.absenceStartsOn, { type: "datepicker", selected_date: form.startsOn ?? null }),
        ...picked(ActionIds.absenceEndsOn, { type: "datepicker", selected_date: form.endsOn ?? null }),
        ...picked(ActionIds.absenceDelegate, { type: "users_select", selected_user: form.delegate ?? null }),
      } as never,
    });
  }

  async function openHome(person: Person) {
    const before = h.slack.callsTo("views.publish").length;
    await sendEvent({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      event: { type: "app_home_opened", user: person.slackId, channel: dmOf(person), tab: "home" },
    });
    await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.publish").length > before);
    return JSON.stringify(h.slack.homeViews.get(person.slackId));
  }

  it("records the dates and the delegate, tells the delegate, shows it on the Home tab and in the history", async () => {
    await structureWithTwoManagers();
    const { modal } = await openForm(principal);
    expect(modal?.callback_id).toBe(CallbackIds.absenceModal);
    expect(JSON.stringify(blocksOf(modal ?? undefined))).toContain("Premier jour d'absence");

    const saved = await submit(principal, {
      startsOn: inDays(2),
      endsOn: inDays(6),
      delegate: secondary.slackId,
    });
    expect(JSON.stringify(saved.json)).toContain("Sami Second vous remplace sur les structures qu'il gère");
    await h.settle();

    const absence = await h.database.prisma.managerAbsence.findFirstOrThrow({ include: { delegate: true } });
    expect([isoDay(absence.startsOn), isoDay(absence.endsOn), absence.delegate?.loginEmail]).toEqual([
      inDays(2),
      inDays(6),
      secondary.email,
    ]);
    const told = h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .find((args) => args.channel === dmOf(secondary));
    expect(String(told?.text)).toContain("Paule Principale vous a désigné comme délégué pendant son absence");
    const history = await h.database.prisma.historyEntry.findMany({ where: { action: "ABSENCE_DECLARED" } });
    expect(history).toHaveLength(1);
    expect(history[0]?.comment).toContain(", délégué : Sami Second");

    const home = await openHome(principal);
    expect(home).toContain("Absence prévue du");
    expect(home).toContain("délégué : Sami Second");
    expect(home).toContain("Modifier l'absence");
    // The form opens again on what was declared.
    const again = await openForm(principal);
    const blocks = JSON.stringify(blocksOf(again.modal ?? undefined));
    expect(blocks).toContain(`"initial_date":"${inDays(6)}"`);
    expect(blocks).toContain(`"initial_user":"${secondary.slackId}"`);
  });

  it("answers bad dates, oneself, someone without an account and someone without the right with field errors, writing nothing", async () => {
    await structureWithTwoManagers();
    h.slack.addUser({ id: "UNOACC0001", email: "personne@ailleurs.fr", realName: "Sans Compte" });
    const errors = async (form: Parameters<typeof submit>[1]) => (await submit(principal, form)).json;
    const block = (action: string) => `${action}_block`;

    expect(await errors({ startsOn: inDays(-1), endsOn: inDays(3) })).toEqual({
      response_action: "errors",
      errors: { [block(ActionIds.absenceStartsOn)]: "Le premier jour d'absence ne peut pas être passé." },
    });
    expect(await errors({ startsOn: inDays(4), endsOn: inDays(3) })).toEqual({
      response_action: "errors",
      errors: {
        [block(ActionIds.absenceEndsOn)]: "Le dernier jour d'absence ne peut pas précéder le premier.",
      },
    });
    expect(await errors({ startsOn: inDays(1) })).toEqual({
      response_action: "errors",
      errors: { [block(ActionIds.absenceEndsOn)]: "Indiquez le dernier jour d'absence." },
    });
    expect(await errors({ startsOn: inDays(1), endsOn: inDays(400) })).toMatchObject({
      errors: { [block(ActionIds.absenceEndsOn)]: expect.stringContaining("au plus 366 jours") },
    });
    const delegateError = async (delegate: string) =>
      (
        (await errors({ startsOn: inDays(1), endsOn: inDays(3), delegate })) as {
          errors: Record<string, string>;
        }
      ).errors[block(ActionIds.absenceDelegate)];
    expect(await delegateError(principal.slackId)).toBe("Vous ne pouvez pas être votre propre délégué.");
    expect(await delegateError(outsider.slackId)).toBe(
      "Odile Dehors ne gère aucune de vos structures : il ne peut pas vous remplacer.",
    );
    expect(await delegateError("UNOACC0001")).toContain("n'a pas de compte Chorus Pro actif");

    expect(await h.database.prisma.managerAbsence.count()).toBe(0);
    expect(await h.database.prisma.historyEntry.count({ where: { action: "ABSENCE_DECLARED" } })).toBe(0);
  });

  it("refuses a delegation that would close a loop over the same days, and accepts it over other days", async () => {
    await structureWithTwoManagers();
    const principalAccount = await actorOf(h, principal);
    await declareAbsence(h.runtime.ctx, await actorOf(h, secondary), {
      startsOn: inDays(3),
      endsOn: inDays(8),
      delegateId: principalAccount.accountId,
    });

    const loop = await submit(principal, {
      startsOn: inDays(1),
      endsOn: inDays(4),
      delegate: secondary.slackId,
    });
    expect(loop.json).toEqual({
      response_action: "errors",
      errors: {
        [`${ActionIds.absenceDelegate}_block`]:
          "Cette délégation formerait une boucle (Paule Principale → Sami Second → Paule Principale) : personne n'y recevrait plus rien. Choisissez quelqu'un d'autre.",
      },
    });
    expect(await h.database.prisma.managerAbsence.count()).toBe(1);

    const later = await submit(principal, {
      startsOn: inDays(9),
      endsOn: inDays(10),
      delegate: secondary.slackId,
    });
    expect(JSON.stringify(later.json)).toContain("est enregistrée");
    expect(await h.database.prisma.managerAbsence.count()).toBe(2);
  });

  it("is for managers only", async () => {
    await structureWithTwoManagers();
    const { text } = await openForm(requester);
    expect(text).toBe(
      "Seuls les gestionnaires principaux et secondaires d'une structure active peuvent déclarer une absence.",
    );
    const submitted = await submit(requester, { startsOn: inDays(1), endsOn: inDays(2) });
    expect(JSON.stringify(submitted.json)).toContain("Seuls les gestionnaires principaux et secondaires");
    expect(await h.database.prisma.managerAbsence.count()).toBe(0);
  });

  it("ends from the Home tab: the absence is gone, the delegate told, the history kept, and a second click refused", async () => {
    await structureWithTwoManagers();
    await submit(principal, { startsOn: inDays(0), endsOn: inDays(5), delegate: secondary.slackId });
    await h.settle();
    expect(await openHome(principal)).toContain("Vous êtes absent du");

    async function clickEnd() {
      const opened = h.slack.callsTo("views.open").length;
      const published = h.slack.callsTo("views.publish").length;
      const sent = await sendInteraction({
        baseUrl: h.baseUrl,
        secret: SIGNING_SECRET,
        payload: blockActionsPayload({
          userId: principal.slackId,
          actionId: ActionIds.absenceEnd,
          view: { type: "home", id: "VHOMETAB01" },
        }),
      });
      expect(sent.status).toBe(200);
      await h.slack.waitFor(
        (calls) =>
          calls.filter((call) => call.method === "views.open").length > opened &&
          calls.filter((call) => call.method === "views.publish").length > published,
      );
      return JSON.stringify(blocksOf(lastModal(h.slack, "views.open")));
    }

    expect(await clickEnd()).toContain("Votre absence est terminée");
    expect(await h.database.prisma.managerAbsence.count()).toBe(0);
    const home = JSON.stringify(h.slack.homeViews.get(principal.slackId));
    expect(home).not.toContain("Vous êtes absent");
    expect(home).toContain("Déclarer une absence");
    await h.settle();
    const told = h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .filter((args) => args.channel === dmOf(secondary));
    expect(told.map((args) => String(args.text))).toContain(
      "Paule Principale a mis fin à son absence : vous ne le remplacez plus.",
    );
    expect(await clickEnd()).toContain("Vous n'avez pas d'absence déclarée.");
    const lines = await h.database.prisma.historyEntry.findMany({
      where: { action: { in: ["ABSENCE_DECLARED", "ABSENCE_ENDED"] } },
      orderBy: { sequence: "asc" },
    });
    expect(lines.map((line) => line.action)).toEqual(["ABSENCE_DECLARED", "ABSENCE_ENDED"]);
  });
});
