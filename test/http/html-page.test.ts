import { describe, expect, it } from "vitest";
import { htmlPage } from "../../src/http/html-page.ts";
import { messagesFor } from "../../src/i18n/index.ts";

describe("the pages' frame", () => {
  const messages = messagesFor("fr");

  it("shows the State's logo block in the header and the footer only when the organisation is a public body", () => {
    const publicPage = htmlPage({ messages, publicBody: true }, "Titre", "<p>Corps</p>");
    const privatePage = htmlPage({ messages, publicBody: false }, "Titre", "<p>Corps</p>");

    expect(publicPage.match(/<p class="fr-logo">République<br>Française<\/p>/g)).toHaveLength(2);
    expect(privatePage).not.toContain("fr-logo");
    expect(privatePage).not.toContain("République");
    expect(privatePage).toContain('<p class="fr-header__service-title">Gestionnaires Chorus Pro</p>');
  });

  it("holds no inline style or script, which the Content-Security-Policy would block", () => {
    const page = htmlPage({ messages, publicBody: true }, "Titre", "", { scripts: ["/static/pages/x.js"] });

    expect(page).not.toMatch(/<style|style=|<script(?![^>]*\ssrc=)/);
    expect(page).toContain('<script src="/static/pages/x.js" defer></script>');
  });
});
