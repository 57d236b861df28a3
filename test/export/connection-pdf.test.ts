import { describe, expect, it } from "vitest";
import { buildConnectionPdf, type ConnectionPdfData } from "../../src/export/connection-pdf.ts";
import { messagesFor } from "../../src/i18n/index.ts";
import { readPdf } from "../support/pdf-text.ts";

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
});
