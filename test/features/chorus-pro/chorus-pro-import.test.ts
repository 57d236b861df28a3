import { describe, expect, it } from "vitest";
import { ActionIds, CallbackIds } from "../../../src/slack/ids.ts";
import { useHarness } from "../../support/app-harness.ts";
import {
  ACCOUNT,
  EXPIRES,
  importBody,
  SIRET,
  seedChorusPro,
  useFakePiste,
} from "../../support/chorus-pro.ts";
import { lastModal } from "../../support/fake-slack/index.ts";
import { outsider, type Person, principal, validSiret } from "../../support/scenario.ts";

describe("a structure imported from Chorus Pro", () => {
  const env: Record<string, string> = {};
  const piste = useFakePiste(env);
  const h = useHarness(env);

  it("is created through the API with Chorus Pro's designation, kind, services (their state), spaces, and its technical account sealed", async () => {
    seedChorusPro(piste());
    const created = await h.api("POST", "/api/v1/structures/import", importBody());
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      identifier: SIRET,
      designation: "Commune de Saint-Exemple",
      kind: "PUBLIQUE",
      principalManager: { loginEmail: principal.email },
    });
    const structure = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: SIRET },
      include: { services: { orderBy: { code: "asc" } }, chorusPro: true },
    });
    expect(structure.spaces.sort()).toEqual(["FACTURES_EMISES", "FACTURES_RECUES", "SUIVI_FLUX"]);
    expect(
      structure.services.map((service) => [service.code, service.active, [...service.spaces].sort()]),
    ).toEqual([
      ["ARCH", false, ["FACTURES_EMISES", "FACTURES_RECUES", "SUIVI_FLUX"]],
      ["COMPTA", true, ["FACTURES_RECUES", "SUIVI_FLUX"]],
      ["RH", true, ["FACTURES_RECUES"]],
    ]);
    expect(structure.chorusPro).toMatchObject({ chorusProId: 30001n, technicalLogin: ACCOUNT.login });
    expect(structure.chorusPro?.technicalPassword).not.toContain(ACCOUNT.password);
    expect(structure.chorusPro?.passwordExpiresAt?.toISOString()).toBe(EXPIRES.toISOString());
    expect(JSON.stringify(created.json)).not.toContain(ACCOUNT.password);
    const history = await h.database.prisma.historyEntry.findMany({ where: { structureId: structure.id } });
    expect(history.map((line) => line.action)).toContain("STRUCTURE_IMPORTED");
  });

  it("refuses credentials Chorus Pro refuses, a structure the account cannot see, and an unreachable Chorus Pro, with its reason and nothing written", async () => {
    seedChorusPro(piste());
    const refused = await h.api(
      "POST",
      "/api/v1/structures/import",
      importBody({ technicalAccount: { ...ACCOUNT, password: "faux" } }),
    );
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { details: [{ field: "technicalAccount" }] } });

    const unseen = await h.api(
      "POST",
      "/api/v1/structures/import",
      importBody({ identifier: validSiret(4242422) }),
    );
    expect(unseen.status).toBe(404);
    expect(JSON.stringify(unseen.json)).toContain("ne montre pas la structure");

    piste().failNext(20, { kind: "server-error", status: 503 });
    const unreachable = await h.api("POST", "/api/v1/structures/import", importBody());
    expect(unreachable.status).toBe(503);
    expect(JSON.stringify(unreachable.json)).toContain("Chorus Pro injoignable");

    expect(await h.database.prisma.structure.count()).toBe(0);
    expect(await h.database.prisma.chorusProConnection.count()).toBe(0);
  });

  /** `/chorus importer <SIRET>` as `person`: the form it opens, and a way to submit it. */
  async function openImport(person: Person) {
    h.slack.addUser({
      id: person.slackId,
      email: person.email,
      realName: `${person.firstName} ${person.lastName}`,
    });
    const before = h.slack.callsTo("views.open").length;
    const { status } = await h.command({
      userId: person.slackId,
      text: `importer ${SIRET}`,
      channelId: "CIMPORT001",
    });
    expect(status).toBe(200);
    await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.open").length > before);
    const modal = lastModal(h.slack, "views.open");
    expect(modal?.callback_id).toBe(CallbackIds.importStructureModal);
    const typed = (action: string, value: string) => ({
      [`${action}_block`]: { [action]: { type: "plain_text_input", value } },
    });
    const submit = (password: string) =>
      h.submitView({
        userId: person.slackId,
        callbackId: CallbackIds.importStructureModal,
        privateMetadata: modal?.private_metadata ?? "",
        values: {
          ...typed(ActionIds.importLogin, ACCOUNT.login),
          ...typed(ActionIds.importPassword, password),
          ...typed(ActionIds.importLastName, person.lastName),
          ...typed(ActionIds.importFirstName, person.firstName),
        } as never,
      });
    return { modal, submit };
  }

  it("is imported from Slack with /chorus importer by the holder of its technical account, who becomes its principal manager", async () => {
    seedChorusPro(piste());
    const { submit } = await openImport(principal);

    const wrong = await submit("faux");
    expect(wrong.json).toMatchObject({ response_action: "errors" });
    expect(JSON.stringify(wrong.json)).toContain(`${ActionIds.importLogin}_block`);

    const done = await submit(ACCOUNT.password);
    expect(JSON.stringify(done.json)).toContain("est importée depuis Chorus Pro avec 3 services");
    const manager = await h.database.prisma.attachment.findFirstOrThrow({
      where: { structure: { identifier: SIRET }, role: "PRINCIPAL_MANAGER" },
      include: { user: true },
    });
    expect(manager.user.loginEmail).toBe(principal.email);
  });
});

describe("a technical account renewed after its password was reset", () => {
  const env: Record<string, string> = {};
  const piste = useFakePiste(env);
  const h = useHarness(env);

  it("is given again with /chorus importer by the principal manager only, checked with Chorus Pro, with the new expiry", async () => {
    const chorusPro = seedChorusPro(piste());
    expect((await h.api("POST", "/api/v1/structures/import", importBody())).status).toBe(201);
    // Reset in Chorus Pro: the old password no longer opens, the new one expires later.
    piste().revokeTechnicalAccount(ACCOUNT.login);
    const renewedPassword = "Nouveau-mot-de-passe-2";
    piste().addTechnicalAccount({
      login: ACCOUNT.login,
      password: renewedPassword,
      structureIds: [chorusPro.id],
    });
    chorusPro.technicalPasswordExpiresAt = new Date("2028-09-01T00:00:00Z");

    const form = async (person: Person) => {
      h.slack.addUser({ id: person.slackId, email: person.email, realName: person.lastName });
      const before = h.slack.callsTo("views.open").length;
      await h.command({ userId: person.slackId, text: `importer ${SIRET}`, channelId: "CIMPORT001" });
      await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.open").length > before);
      return lastModal(h.slack, "views.open");
    };
    const submit = (person: Person, metadata: string, password: string) =>
      h.submitView({
        userId: person.slackId,
        callbackId: CallbackIds.importStructureModal,
        privateMetadata: metadata,
        values: {
          [`${ActionIds.importLogin}_block`]: {
            [ActionIds.importLogin]: { type: "plain_text_input", value: ACCOUNT.login },
          },
          [`${ActionIds.importPassword}_block`]: {
            [ActionIds.importPassword]: { type: "plain_text_input", value: password },
          },
        } as never,
      });

    const modal = await form(principal);
    expect(JSON.stringify(modal?.blocks)).toContain("est déjà importée");
    const metadata = modal?.private_metadata ?? "";
    expect(JSON.stringify((await submit(principal, metadata, ACCOUNT.password)).json)).toContain(
      `${ActionIds.importLogin}_block`,
    );
    // Someone else with an active account here, who is not its principal manager.
    h.slack.addUser({ id: outsider.slackId, email: outsider.email, realName: outsider.lastName });
    await h.database.prisma.userAccount.create({
      data: {
        loginEmail: outsider.email,
        firstName: outsider.firstName,
        lastName: outsider.lastName,
        firstNameKey: "odile",
        lastNameKey: "dehors",
        status: "ACTIVE",
      },
    });
    expect(JSON.stringify((await submit(outsider, metadata, renewedPassword)).json)).toContain(
      "Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire",
    );
    const done = await submit(principal, metadata, renewedPassword);
    expect(JSON.stringify(done.json)).toContain("est renouvelé ; son mot de passe expire le 01/09/2028");
    const connection = await h.database.prisma.chorusProConnection.findFirstOrThrow();
    expect(connection.passwordExpiresAt?.toISOString()).toBe("2028-09-01T00:00:00.000Z");
    expect(
      await h.database.prisma.historyEntry.count({ where: { action: "TECHNICAL_PASSWORD_RESET" } }),
    ).toBe(1);
  });
});

describe("the import when Chorus Pro is not configured", () => {
  const h = useHarness();

  it("says what the administrator must set, and writes nothing", async () => {
    const answer = await h.api("POST", "/api/v1/structures/import", importBody());
    expect(answer.status).toBe(503);
    expect(JSON.stringify(answer.json)).toContain("CHORUS_PRO_CLIENT_ID");
    expect(await h.database.prisma.structure.count()).toBe(0);
    const health = await h.api("GET", "/healthz");
    expect(health.json).toMatchObject({ chorusPro: { state: "off" } });
  });
});
