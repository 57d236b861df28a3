import { describe, expect, it } from "vitest";
import { notifyTechnicalPasswordExpiry } from "../../../src/jobs/notify-technical-password-expiry.ts";
import { syncChorusPro } from "../../../src/jobs/sync-chorus-pro.ts";
import { useHarness } from "../../support/app-harness.ts";
import {
  ACCOUNT,
  attachRequesterTo,
  importBody,
  seedChorusPro,
  useFakePiste,
} from "../../support/chorus-pro.ts";
import { principal, STRUCTURE_CHANNEL } from "../../support/scenario.ts";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

describe("a structure kept in sync with Chorus Pro", () => {
  const env: Record<string, string> = {};
  const piste = useFakePiste(env);
  const h = useHarness(env);

  /** Imported through the API, to the structure's channel, with `requester` attached to COMPTA. */
  async function imported(options: { channel?: boolean } = {}) {
    h.slack.addUser({ id: principal.slackId, email: principal.email, realName: "Paule Principale" });
    const chorusPro = seedChorusPro(piste());
    const created = await h.api(
      "POST",
      "/api/v1/structures/import",
      importBody(options.channel === false ? { slackChannelId: undefined } : {}),
    );
    expect(created.status).toBe(201);
    const { structure } = await attachRequesterTo(h, "COMPTA");
    return { chorusPro, structure };
  }

  const sync = async (at: Date) => {
    h.slack.reset();
    const counts = await syncChorusPro(h.runtime.ctx, at);
    await h.settle();
    return counts;
  };
  const postedIn = (channel: string) =>
    h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .filter((args) => args.channel === channel)
      .map((args) => JSON.stringify(args.blocks));

  it("applies a changed designation, spaces, new, renamed, deactivated and reactivated services, with its history line and a message to the channel", async () => {
    const { chorusPro, structure } = await imported();
    chorusPro.designation = "Commune nouvelle de Saint-Exemple";
    chorusPro.services = [
      { id: 501, code: "RH", label: "Ressources humaines et paie" },
      { id: 502, code: "COMPTA", label: "Comptabilité", active: false },
      { id: 503, code: "ARCH", label: "Archives" },
      { id: 504, code: "JUR", label: "Juridique" },
    ];
    chorusPro.spaces = [{ label: "Factures reçues" }, { label: "Factures émises" }, { label: "Engagements" }];

    // Synced at the import: nothing is due before a day has passed.
    expect(await sync(new Date(Date.now() + HOUR_MS))).toEqual({ updated: 0, unchanged: 0, failed: 0 });
    const tomorrow = new Date(Date.now() + DAY_MS);
    expect(await sync(tomorrow)).toEqual({ updated: 1, unchanged: 0, failed: 0 });

    const now = await h.database.prisma.structure.findUniqueOrThrow({
      where: { id: structure.id },
      include: { services: { orderBy: { code: "asc" } }, chorusPro: true },
    });
    expect(now.designation).toBe("Commune nouvelle de Saint-Exemple");
    expect([...now.spaces].sort()).toEqual(["ENGAGEMENTS", "FACTURES_EMISES", "FACTURES_RECUES"]);
    expect(now.services.map((service) => [service.code, service.label, service.active])).toEqual([
      ["ARCH", "Archives", true],
      // Deactivated in Chorus Pro, but René is attached to it: kept, the managers asked.
      ["COMPTA", "Comptabilité", true],
      ["JUR", "Juridique", true],
      ["RH", "Ressources humaines et paie", true],
    ]);
    expect(now.chorusPro?.lastSyncError).toBeNull();
    const line = await h.database.prisma.historyEntry.findFirstOrThrow({
      where: { action: "CHORUS_PRO_SYNCED" },
    });
    expect(line.comment).toBe("Mise à jour depuis Chorus Pro");
    expect(line.details).toMatchObject({
      newServices: ["JUR"],
      reactivatedServices: ["ARCH"],
      deactivatedServices: [],
    });

    const [message] = postedIn(STRUCTURE_CHANNEL);
    expect(message).toContain(
      "Désignation : « Commune de Saint-Exemple » devient « Commune nouvelle de Saint-Exemple »",
    );
    expect(message).toContain("Nouveau service : Juridique (JUR)");
    expect(message).toContain("Service RH renommé");
    expect(message).toContain("Espaces retirés : Suivi des flux");
    expect(message).toContain(
      "Le service Comptabilité (COMPTA) est désactivé dans Chorus Pro, mais 1 utilisateur y est rattaché",
    );
    expect(message).toContain("Voir la structure");

    // The same hour, another run (another replica) syncs nothing more.
    expect(await sync(tomorrow)).toEqual({ updated: 0, unchanged: 0, failed: 0 });
  });

  it("changes nothing when Chorus Pro cannot be reached, says so on /healthz, and catches up at the next tick", async () => {
    const { chorusPro, structure } = await imported();
    chorusPro.designation = "Commune renommée";
    piste().failNext(50, { kind: "server-error", status: 503 });
    const tomorrow = new Date(Date.now() + DAY_MS);
    expect(await sync(tomorrow)).toEqual({ updated: 0, unchanged: 0, failed: 1 });
    const kept = await h.database.prisma.structure.findUniqueOrThrow({
      where: { id: structure.id },
      include: { chorusPro: true },
    });
    expect(kept.designation).toBe("Commune de Saint-Exemple");
    expect(kept.chorusPro?.lastSyncError).toContain("Chorus Pro injoignable");
    expect((await h.api("GET", "/healthz")).json).toMatchObject({
      status: "ok",
      chorusPro: { state: "unreachable" },
    });

    piste().heal();
    expect(await sync(new Date(tomorrow.getTime() + HOUR_MS))).toEqual({
      updated: 1,
      unchanged: 0,
      failed: 0,
    });
    const caughtUp = await h.database.prisma.structure.findUniqueOrThrow({
      where: { id: structure.id },
      include: { chorusPro: true },
    });
    expect(caughtUp.designation).toBe("Commune renommée");
    expect(caughtUp.chorusPro?.lastSyncError).toBeNull();
    expect((await h.api("GET", "/healthz")).json).toMatchObject({ chorusPro: { state: "ok" } });
  });

  it("keeps everything when the technical account is refused, recording why", async () => {
    const { chorusPro, structure } = await imported();
    chorusPro.services = [];
    piste().revokeTechnicalAccount(ACCOUNT.login);
    expect(await sync(new Date(Date.now() + DAY_MS))).toEqual({ updated: 0, unchanged: 0, failed: 1 });
    const kept = await h.database.prisma.structure.findUniqueOrThrow({
      where: { id: structure.id },
      include: { services: true, chorusPro: true },
    });
    expect(kept.services.filter((service) => service.active)).toHaveLength(2);
    expect(kept.chorusPro?.lastSyncError).toBeTruthy();
    expect(await h.database.prisma.historyEntry.count({ where: { action: "CHORUS_PRO_SYNCED" } })).toBe(0);
  });

  it("tells the principal manager 30 and 7 days before the technical password expires and on the day, once each", async () => {
    const { structure } = await imported({ channel: false });
    const today = new Date();
    await h.database.prisma.chorusProConnection.update({
      where: { structureId: structure.id },
      data: { passwordExpiresAt: new Date(today.getTime() + 30 * DAY_MS) },
    });
    const notices = async (at: Date) => {
      h.slack.reset();
      const queued = await notifyTechnicalPasswordExpiry(h.runtime.ctx, at);
      await h.settle();
      return { queued, posts: postedIn(`D${principal.slackId.slice(1)}`) };
    };
    const first = await notices(today);
    expect(first.queued).toBe(1);
    expect(first.posts[0]).toContain("dans 30 jours");
    expect(first.posts[0]).toContain("Réinitialiser le mot de passe");
    expect((await notices(new Date(today.getTime() + 2 * HOUR_MS))).queued).toBe(0);
    expect((await notices(new Date(today.getTime() + 10 * DAY_MS))).queued).toBe(0);
    // A day the job did not run is caught up: 6 days left, the 7-day notice.
    const week = await notices(new Date(today.getTime() + 24 * DAY_MS));
    expect(week.posts[0]).toContain("dans 6 jours");
    const day = await notices(new Date(today.getTime() + 30 * DAY_MS));
    expect(day.posts[0]).toContain("expire aujourd'hui");
    expect((await notices(new Date(today.getTime() + 31 * DAY_MS))).queued).toBe(0);
  });
});
