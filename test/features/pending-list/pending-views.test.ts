import { describe, expect, it } from "vitest";
import type { PendingRequest, StructurePending } from "../../../src/domain/pending-requests.ts";
import { messagesFor } from "../../../src/i18n/index.ts";
import { dailyDigestMessage } from "../../../src/slack/blocks/digest-message.ts";
import { escalationReminderMessage } from "../../../src/slack/blocks/reminder-message.ts";
import { managerHomeView, noticeHomeView } from "../../../src/slack/features/home/home-view.ts";
import { ActionIds } from "../../../src/slack/ids.ts";
import { validateMessageBlocks, validateView } from "../../support/block-kit-validation.ts";

const fr = messagesFor("fr");
const en = messagesFor("en");
const NOW = new Date("2026-11-30T07:00:00Z");
const structure = {
  id: "5e1c0000-0000-4000-8000-000000000001",
  identifier: "73282932000074",
  designation: "Mairie <de> Saint-Exemple & co",
};

function requests(
  count: number,
  createdAt: string,
  overrides: Partial<PendingRequest> = {},
): PendingRequest[] {
  return Array.from({ length: count }, (_, index) => ({
    type: "attachment",
    id: `r-${createdAt}-${index}`,
    structureId: structure.id,
    createdAt: new Date(createdAt),
    requesterName: `Personne ${index}`,
    spaces: [],
    permalink: `https://fake.slack.test/archives/CSTRUCT0001/p17000000000${String(index).padStart(5, "0")}`,
    ...overrides,
  }));
}

function structures(count: number): StructurePending[] {
  return Array.from({ length: count }, (_, index) => ({
    structureId: `s-${index}`,
    identifier: `ID${index}`,
    designation: `Structure ${String(index).padStart(3, "0")}`,
    pending: {
      attachment: { count: index % 7, oldestAt: index % 7 ? new Date("2026-11-20T10:00:00Z") : null },
      subscription: { count: 0, oldestAt: null },
    },
  }));
}

function textOf(blocks: unknown): string {
  return JSON.stringify(blocks);
}

describe("the daily digest message", () => {
  it.each([
    ["one request", requests(1, "2026-11-27T10:00:00Z")],
    [
      "hundreds of requests in every group, names of 500 characters and no links",
      [
        ...requests(300, "2026-11-01T10:00:00Z", { requesterName: "N".repeat(500), permalink: null }),
        ...requests(200, "2026-11-27T10:00:00Z", {
          type: "subscription",
          spaces: ["FACTURES_EMISES", "SUIVI_FLUX"],
        }),
        ...requests(100, "2026-11-30T06:00:00Z"),
      ],
    ],
  ])("is valid Block Kit within Slack's limits with %s", (_, pending) => {
    const message = dailyDigestMessage(fr, { structure, requests: pending, now: NOW, escalationDays: 5 });

    expect(validateMessageBlocks(message.blocks)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(7);
  });

  it("lists ten requests per group and summarises the rest", () => {
    const message = dailyDigestMessage(fr, {
      structure,
      requests: [...requests(47, "2026-11-01T10:00:00Z"), ...requests(1, "2026-11-29T10:00:00Z")],
      now: NOW,
      escalationDays: 5,
    });

    const text = textOf(message.blocks);
    expect(text).toContain("*5 jours et plus* (47)");
    expect(text).toContain("… et 37 autres");
    expect(text).toContain("*1 à 4 jours* (1)");
    expect(text).not.toContain("Aujourd'hui");
    expect(message.text).toBe("Mairie &lt;de&gt; Saint-Exemple &amp; co : 48 demandes en attente");
    expect(text).toContain("*Mairie &lt;de&gt; Saint-Exemple &amp; co* · 73282932000074");
  });

  it("derives the age groups from the escalation setting", () => {
    const pending = [...requests(1, "2026-11-28T10:00:00Z"), ...requests(1, "2026-11-29T10:00:00Z")];

    expect(
      textOf(dailyDigestMessage(fr, { structure, requests: pending, now: NOW, escalationDays: 2 }).blocks),
    ).toMatch(/\*2 jours et plus\* \(1\).*\*1 jour\* \(1\)/);
    expect(
      textOf(dailyDigestMessage(en, { structure, requests: pending, now: NOW, escalationDays: 10 }).blocks),
    ).toContain("*1 to 9 days* (2)");
  });

  it("links each request to its message, or names it in plain text when it has none", () => {
    const [linked] = requests(1, "2026-11-27T10:00:00Z");
    const [unlinked] = requests(1, "2026-11-27T10:00:00Z", {
      type: "subscription",
      permalink: null,
      spaces: ["ENGAGEMENTS"],
    });

    const text = textOf(
      dailyDigestMessage(fr, {
        structure,
        requests: [linked, unlinked] as PendingRequest[],
        now: NOW,
        escalationDays: 5,
      }).blocks,
    );

    expect(text).toContain(
      `• <${linked?.permalink}|Demande de rattachement de Personne 0> — reçue le 27/11/2026 (3 jours)`,
    );
    expect(text).toContain(
      "• Demande d'abonnement de Personne 0 (Engagements) — reçue le 27/11/2026 (3 jours)",
    );
  });
});

describe("the escalation reminder", () => {
  it("is valid Block Kit and lists twenty requests before summarising", () => {
    const message = escalationReminderMessage(fr, {
      structure,
      requests: requests(25, "2026-11-10T10:00:00Z"),
      now: NOW,
      escalationDays: 5,
    });

    expect(validateMessageBlocks(message.blocks)).toEqual([]);
    const text = textOf(message.blocks);
    expect(text).toContain("25 demandes de la structure");
    expect(text).toContain("… et 5 autres");
    expect(message.text).toContain("Rappel : 25 demandes");
  });
});

describe("the Home tab", () => {
  it.each([0, 1, 32, 33, 120, 1000])(
    "is a valid home view of at most 100 blocks for %i structures",
    (count) => {
      const view = managerHomeView(fr, structures(count), NOW);

      expect(validateView(view, "home")).toEqual([]);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
    },
  );

  it("shows the structures with the most pending first and counts those it leaves out", () => {
    const view = managerHomeView(fr, structures(120), NOW);

    const text = textOf(view.blocks);
    expect(text.indexOf("Structure 006")).toBeLessThan(text.indexOf("Structure 005"));
    // Header, date and the screen's buttons, then four blocks a structure: 24 fit in 100.
    expect(text).toContain("… et 96 autres structures");
    expect(textOf(managerHomeView(fr, structures(26), NOW).blocks)).toContain("… et 2 autres structures");
    expect(textOf(managerHomeView(fr, structures(24), NOW).blocks)).not.toContain("autres structure");
  });

  it("shows a structure with nothing pending with its zeros, no button to the list, and the synthesis screen's buttons", () => {
    const [quiet] = structures(1);
    const view = managerHomeView(fr, [quiet as StructurePending], NOW);

    const accessories = view.blocks.flatMap((block) => ("accessory" in block ? [block.accessory] : []));
    expect(accessories).toEqual([]);
    const buttons = view.blocks.flatMap((block) =>
      "elements" in block && block.type === "actions"
        ? (block.elements as unknown[]).map((element) => {
            const button = element as { action_id?: string; value?: string; text?: { text: string } };
            return [button.text?.text, button.action_id, button.value];
          })
        : [],
    );
    const identifier = quiet?.identifier;
    expect(buttons).toEqual([
      ["Rechercher un utilisateur", "chorus_command_run:utilisateurs", "utilisateurs"],
      ["Accéder aux rejets EDI", "chorus_command_run:rejets", "rejets"],
      ["Mes structures", "chorus_command_run:structures", "structures"],
      ["Toutes les demandes", "chorus_command_run:demandes", "demandes"],
      ["Déclarer une absence", "chorus_command_run:absence", "absence"],
      ["Voir la structure", "chorus_command_run:structure", `structure ${identifier}`],
      ["Rattacher un utilisateur", ActionIds.attachUserOpen, quiet?.structureId],
      ["Historique", "chorus_command_run:historique", `historique ${identifier}`],
      ["Exporter", "chorus_command_run:exporter", `exporter ${identifier}`],
    ]);
    expect(textOf(view.blocks)).toContain("*Demandes de rattachement* : 0");
  });

  it("says so when the manager manages no structure, or when the user cannot be served", () => {
    expect(textOf(managerHomeView(fr, [], NOW).blocks)).toContain(fr.home.noStructure);
    expect(validateView(noticeHomeView(fr, "Pas de compte.", NOW), "home")).toEqual([]);
  });
});
