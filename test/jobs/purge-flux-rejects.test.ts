import { describe, expect, it } from "vitest";
import { parisDay } from "../../src/domain/dates.ts";
import { purgeFluxRejects } from "../../src/jobs/purge-flux-rejects.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../src/slack/ids.ts";
import { useHarness } from "../support/app-harness.ts";
import { blocksStartingWith, lastView, optionsOf } from "../support/fake-slack/index.ts";
import { fluxReject, recordRejects } from "../support/flux-rejects.ts";
import { withId } from "../support/pending-requests.ts";
import { principal, seedStructure } from "../support/scenario.ts";
import { slackOption } from "../support/slack-requests.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("the flux-reject purge", () => {
  const h = useHarness({ FLUX_REJECT_PURGE_CRON: "off" });

  /** Opens `/chorus rejets` as the principal manager and returns the modal's file ids. */
  async function listedFileIds(): Promise<string[]> {
    const opened = h.slack.callsTo("views.open", { okOnly: true }).length;
    await h.command({ userId: principal.slackId, text: "rejets", channelId: "CLIST00001" });
    await h.slack.waitFor(
      (calls) => calls.filter((call) => call.method === "views.open" && call.ok).length > opened,
    );
    const view = lastView(h.slack, "views.open", { okOnly: true, index: opened });
    return blocksStartingWith(view, BlockIds.fluxRejectsSelectionPrefix).flatMap((block) =>
      optionsOf(block).options.map((option) => option.value ?? ""),
    );
  }

  it("deletes the files older than 15 days with their rejects and keeps the others, once a day across replicas", async () => {
    const structure = await withId(h, await seedStructure(h));
    const now = new Date("2026-11-30T02:30:00Z");
    const today = parisDay(now).getTime();
    const { prisma } = h.database;
    const [kept, purged] = await Promise.all(
      [15, 16].map((age) =>
        prisma.fluxRejectFile.create({
          data: {
            structureId: structure.id,
            day: new Date(today - age * DAY_MS),
            rejects: {
              create: [1, 2].map((index) => ({
                channel: "API" as const,
                fluxNumber: `FLUX-${age}`,
                fileName: "lot.xml",
                depositDate: new Date(today - age * DAY_MS),
                paymentRequestNumber: `FAC-${age}-${index}`,
                recipient: "DRFIP",
                rejectCode: "REJ",
                rejectLabel: "Rejet",
              })),
            },
          },
        }),
      ),
    );

    const runs = await Promise.all([
      purgeFluxRejects(h.runtime.ctx, now),
      purgeFluxRejects(h.runtime.ctx, now),
    ]);
    const again = await purgeFluxRejects(h.runtime.ctx, new Date(now.getTime() + 12 * 60 * 60 * 1000));

    expect(runs.sort()).toEqual([1, null]);
    expect(again).toBeNull();
    expect(await prisma.fluxRejectFile.findMany({ select: { id: true } })).toEqual([{ id: kept?.id }]);
    expect(await prisma.fluxReject.count({ where: { fileId: purged?.id } })).toBe(0);
    expect(await prisma.fluxReject.count({ where: { fileId: kept?.id } })).toBe(2);
    expect(await prisma.jobRun.findMany({ select: { name: true, runKey: true } })).toEqual([
      { name: "flux-reject-purge", runKey: "2026-11-30" },
    ]);

    expect(await purgeFluxRejects(h.runtime.ctx, new Date(now.getTime() + DAY_MS))).toBe(1);
    expect(await prisma.fluxRejectFile.count()).toBe(0);
  });

  it("after 15 days, a purged file is gone from /chorus rejets and can no longer be downloaded", async () => {
    const structure = await seedStructure(h);
    await recordRejects(h, [fluxReject(structure.identifier)]);
    const [fileId] = await listedFileIds();
    expect(fileId).toEqual(expect.any(String));

    expect(await purgeFluxRejects(h.runtime.ctx, new Date(Date.now() + 16 * DAY_MS))).toBe(1);

    expect(await listedFileIds()).toEqual([]);
    expect(JSON.stringify(h.slack.callsTo("views.open").at(-1)?.view)).toContain(
      "Aucun fichier de rejets n'est disponible pour vos structures.",
    );
    const answer = await h.submitView({
      userId: principal.slackId,
      callbackId: CallbackIds.fluxRejectsModal,
      privateMetadata: "",
      values: {
        [`${BlockIds.fluxRejectsSelectionPrefix}0`]: {
          [ActionIds.fluxRejectsSelection]: {
            type: "checkboxes",
            selected_options: [slackOption(fileId ?? "")],
          },
        },
      },
    });
    expect(answer.json.response_action).toBe("update");
    expect(JSON.stringify(answer.json.view)).toContain("Un des fichiers choisis n'est plus disponible");
    expect(h.slack.callsTo("files.getUploadURLExternal")).toHaveLength(0);
  });
});
