import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildConnectionPdf, type ConnectionPdfData } from "../../src/export/connection-pdf.ts";
import { messagesFor } from "../../src/i18n/index.ts";
import { readPdf, readPdfTagging } from "../support/pdf-text.ts";

const fr = messagesFor("fr");
const en = messagesFor("en");

const DATA: ConnectionPdfData = {
  structure: { designation: "Mairie de Saint-Étienne-du-Cœur", identifier: "12345678901234" },
  loginEmail: "api.compta@exemple.fr",
  password: "kP7#qzX2-mW9@rT4_vB8=hN3",
  // 10:05 UTC is 11:05 in Paris in November.
  at: new Date("2026-11-28T10:05:00Z"),
  event: "created",
};

/** The PDF's streams, inflated: the pages' drawing operators, marked-content tags included. */
function contentStreams(bytes: Buffer): string {
  const raw = bytes.toString("latin1");
  return [...raw.matchAll(/stream\r?\n([\s\S]*?)endstream/g)]
    .map(([, data]) => {
      try {
        return inflateSync(Buffer.from(data ?? "", "latin1")).toString("latin1");
      } catch {
        return "";
      }
    })
    .join("\n");
}

/** The text of a one-page PDF with its lines joined by spaces, as a reader would quote it. */
async function textOf(bytes: Buffer): Promise<string> {
  const { pages } = await readPdf(bytes);
  expect(pages).toHaveLength(1);
  return (pages[0] ?? "").replace(/\s+/g, " ");
}

describe("the technical user's connection PDF", () => {
  it("states the structure, the login, the password, the date and what to do with them, in French", async () => {
    const bytes = await buildConnectionPdf(fr, DATA);

    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const { title } = await readPdf(bytes);
    expect(title).toBe("Récapitulatif de création de compte utilisateur technique");
    const text = await textOf(bytes);
    expect(text).toContain("Récapitulatif de création de compte utilisateur technique");
    expect(text).toContain("Désignation Mairie de Saint-Étienne-du-Cœur");
    expect(text).toContain("Identifiant 12345678901234");
    expect(text).toContain("Adresse de connexion api.compta@exemple.fr");
    expect(text).toContain("Mot de passe kP7#qzX2-mW9@rT4_vB8=hN3");
    expect(text).toContain("Compte créé le 28/11/2026 à 11:05");
    expect(text).toContain("Mettez à jour la connexion API (raccordement) de votre système d'information");
  });

  it("dates a reset summary as the password's reset, not the account's creation", async () => {
    const text = await textOf(await buildConnectionPdf(fr, { ...DATA, event: "password_reset" }));

    expect(text).toContain("Mot de passe réinitialisé le 28/11/2026 à 11:05");
    expect(text).not.toContain("Compte créé le");
  });

  it("speaks English when the app does", async () => {
    const text = await textOf(await buildConnectionPdf(en, DATA));

    expect(text).toContain("Technical user account creation summary");
    expect(text).toContain("Login e-mail api.compta@exemple.fr");
    expect(text).toContain("Password kP7#qzX2-mW9@rT4_vB8=hN3");
    expect(text).toContain("Update the API connection");
  });

  it("reads in the page's order: the app's band, the title, each block's heading and lines, the instruction, the footer", async () => {
    const text = await textOf(await buildConnectionPdf(fr, DATA));

    const order = [
      "Chorus Pro – Bot des gestionnaires",
      "Récapitulatif de création de compte utilisateur technique",
      "Structure",
      "Désignation Mairie",
      "Compte utilisateur technique",
      "Mot de passe kP7#qzX2",
      "Mettez à jour la connexion API",
      "gardez ce document en lieu sûr",
      "Chorus Pro – Bot des gestionnaires – Récapitulatif",
    ].map((piece) => text.indexOf(piece));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("is a tagged PDF in the app's language: marked, with a heading, a table per block and paragraphs", async () => {
    const bytes = await buildConnectionPdf(fr, DATA);

    const tagging = await readPdfTagging(bytes);
    expect(tagging.marked).toBe(true);
    expect(tagging.language).toBe("fr-FR");
    const row = ["··TR", "···TH", "···TD"];
    expect(tagging.pages).toEqual([
      [
        "Document",
        "·H1",
        "·H2",
        "·Table",
        ...row,
        ...row,
        "·H2",
        "·Table",
        ...row,
        ...row,
        ...row,
        "·P",
        "·P",
      ],
    ]);
    const raw = bytes.toString("latin1");
    expect(raw.startsWith("%PDF-1.7")).toBe(true);
    expect(raw).toContain("/StructTreeRoot");
    expect(raw).toContain("/DisplayDocTitle true");
    // The band and the footer are decoration: artifacts, out of the structure screen readers follow.
    expect(contentStreams(bytes)).toMatch(
      /\/Artifact <<\s*\/Type \/Pagination\s*\/Attached \[\/Top\]\s*>> BDC/,
    );
    expect(contentStreams(bytes)).toMatch(
      /\/Artifact <<\s*\/Type \/Pagination\s*\/Attached \[\/Bottom\]\s*>> BDC/,
    );
    expect((await readPdfTagging(await buildConnectionPdf(en, DATA))).language).toBe("en-GB");
  });
});
