import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type {
  AttachmentRequestDetails,
  RequestDetails,
  SubscriptionRequestDetails,
} from "../../src/domain/requests.ts";
import { type Messages, messagesFor } from "../../src/i18n/index.ts";
import { createEmailSender, type EmailSender, messageIdDomain } from "../../src/notify/email-delivery.ts";
import {
  activationEmail,
  attachmentChangedEmail,
  bulkDecisionEmail,
  decisionEmail,
  managerAttachmentEmail,
  principalHandoverEmail,
  questionEmail,
} from "../../src/notify/emails.ts";
import type { EmailPayload } from "../../src/notify/outbox.ts";
import { type SinkMessage, type SmtpSink, startSmtpSink } from "../support/smtp-sink.ts";

const fr = messagesFor("fr");
const en = messagesFor("en");

/** A requester whose name tries to inject markup into the HTML part. */
const REQUESTER = {
  id: "00000000-0000-4000-8000-000000000001",
  firstName: "Zoé",
  lastName: "O'Brien <script>alert(1)</script>",
  loginEmail: "zoe.obrien@exemple.fr",
  contactEmail: "zoe.contact@exemple.fr",
};
const STRUCTURE = {
  id: "00000000-0000-4000-8000-000000000002",
  identifier: "12345678901234",
  designation: "Mairie de Saint-Étienne & Cie",
  slackTeamId: null,
};
const DECIDER = { name: "Paule Principale", slackUserId: null };
const AT = new Date("2026-12-01T09:00:00Z");
const RH = { id: "00000000-0000-4000-8000-000000000003", code: "RH", label: "Ressources humaines" };

function attachmentRequest(decision: AttachmentRequestDetails["decision"]): AttachmentRequestDetails {
  return {
    type: "attachment",
    id: "00000000-0000-4000-8000-000000000010",
    status: "VALIDATED",
    createdAt: AT,
    comment: null,
    structure: STRUCTURE,
    requester: REQUESTER,
    requestedServices: [RH],
    decision,
  } as AttachmentRequestDetails;
}

function subscriptionRequest(decision: SubscriptionRequestDetails["decision"]): SubscriptionRequestDetails {
  return {
    type: "subscription",
    id: "00000000-0000-4000-8000-000000000020",
    status: "VALIDATED",
    createdAt: AT,
    comment: null,
    structure: STRUCTURE,
    requester: REQUESTER,
    origin: "USER",
    items: [
      {
        id: "00000000-0000-4000-8000-000000000021",
        space: "FACTURES_EMISES",
        service: null,
        requestedAccess: "MODIFICATION",
        grantedAccess: "CONSULTATION",
      },
    ],
    decision,
  } as SubscriptionRequestDetails;
}

const validatedAttachment = attachmentRequest({
  outcome: "VALIDATED",
  by: DECIDER,
  at: AT,
  role: "SECONDARY_MANAGER",
  wholeStructure: false,
  grantedServices: [RH],
  grantedSpaces: ["FACTURES_EMISES"],
  comment: "Bienvenue <b>ici</b>",
} as AttachmentRequestDetails["decision"]);
const refusedAttachment = attachmentRequest({ outcome: "REFUSED", by: DECIDER, at: AT, reason: "Inconnu" });
const validatedSubscription = subscriptionRequest({
  outcome: "VALIDATED",
  by: DECIDER,
  at: AT,
  comment: null,
});
const refusedSubscription = subscriptionRequest({ outcome: "REFUSED", by: DECIDER, at: AT, reason: "Non" });
const deactivatedSubscription = subscriptionRequest({ outcome: "DEACTIVATED", at: AT } as never);
const expiredAttachment = attachmentRequest({ outcome: "EXPIRED", at: AT } as never);

const LINK = "https://chorus-bot.example.fr/activation/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCd";
const ACCOUNT = {
  loginEmail: REQUESTER.loginEmail,
  contactEmail: REQUESTER.contactEmail,
  firstName: REQUESTER.firstName,
  lastName: REQUESTER.lastName,
};

/** Every e-mail the app sends, in one language, with the text each must carry. */
function everyEmail(messages: Messages): { kind: string; email: EmailPayload; says: string }[] {
  const structure = `${STRUCTURE.designation} (${STRUCTURE.identifier})`;
  const requests: RequestDetails[] = [validatedAttachment, refusedSubscription];
  return [
    { kind: "activation", email: activationEmail(messages, ACCOUNT, LINK), says: LINK },
    {
      kind: "attachment validated",
      email: decisionEmail(messages, validatedAttachment),
      says: messages.roles.SECONDARY_MANAGER,
    },
    { kind: "attachment refused", email: decisionEmail(messages, refusedAttachment), says: "Inconnu" },
    {
      kind: "subscription validated",
      email: decisionEmail(messages, validatedSubscription),
      says: structure,
    },
    { kind: "subscription refused", email: decisionEmail(messages, refusedSubscription), says: "Non" },
    {
      kind: "subscription deactivated",
      email: decisionEmail(messages, deactivatedSubscription),
      says: messages.emails.subscriptionDeactivatedBody(structure),
    },
    {
      kind: "request expired",
      email: decisionEmail(messages, expiredAttachment),
      says: messages.emails.expiredBody(structure),
    },
    {
      kind: "bulk decision",
      email: bulkDecisionEmail(messages, requests),
      says: messages.emails.bulkIntro(2),
    },
    {
      kind: "principal handover",
      email: principalHandoverEmail(messages, ACCOUNT, {
        structure,
        formerPrincipal: "Paule Principale",
        spaces: ["ACTIVITES_GESTIONNAIRE"],
      }),
      says: messages.handover.emailBody(structure, "Paule Principale"),
    },
    {
      kind: "attachment by a manager",
      email: managerAttachmentEmail(messages, {
        account: ACCOUNT,
        structure,
        role: messages.roles.SIMPLE_USER,
        scope: RH.label,
        startDate: "01/12/2026",
        spaces: [],
        comment: null,
      }),
      says: messages.roles.SIMPLE_USER,
    },
    {
      kind: "attachment changed",
      email: attachmentChangedEmail(messages, {
        account: ACCOUNT,
        structure,
        role: messages.roles.SECONDARY_MANAGER,
        scope: RH.label,
        comment: "Promotion",
      }),
      says: "Promotion",
    },
    {
      kind: "manager's question",
      email: questionEmail(messages, {
        question: "Quel est votre service ?",
        askedBy: { name: "Paule Principale" },
        request: validatedAttachment,
      }),
      says: "Quel est votre service ?",
    },
  ];
}

/** The HTML part as a reader sees it: tags dropped, entities read, spaces collapsed. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

const oneLine = (text: string) => text.replace(/\s+/g, " ");

describe("the e-mails the app sends", () => {
  let sink: SmtpSink;
  let sender: EmailSender;

  beforeAll(async () => {
    sink = await startSmtpSink();
    sender = createEmailSender({ smtpUrl: sink.url, from: "Chorus Pro <ne-pas-repondre@chorus-pro.local>" });
  });
  afterAll(async () => {
    sender.close();
    await sink.close();
  });
  beforeEach(() => sink.reset());

  async function sent(
    email: EmailPayload,
    id = "00000000-0000-4000-8000-0000000000ff",
  ): Promise<SinkMessage> {
    await sender.send(id, email);
    const [mail] = await sink.waitForMessages(1);
    if (!mail) throw new Error("no e-mail received");
    return mail;
  }

  for (const locale of ["fr", "en"] as const) {
    const messages = locale === "fr" ? fr : en;
    for (const { kind, email, says } of everyEmail(messages)) {
      it(`sends the ${kind} e-mail (${locale}) as plain text and HTML saying the same, with transactional headers and no image`, async () => {
        const mail = await sent(email);

        expect(mail.to).toEqual([REQUESTER.contactEmail]);
        expect(mail.subject).toBe(email.subject);
        const title = email.subject.replace(/^Chorus Pro – /, "");
        for (const part of [oneLine(mail.text), visibleText(mail.html)]) {
          expect(part).toContain(messages.emails.appName);
          expect(part).toContain(title);
          expect(part).toContain(oneLine(says));
          expect(part).toContain(oneLine(messages.emails.greeting(REQUESTER.firstName, REQUESTER.lastName)));
          expect(part).toContain(messages.emails.signature);
        }
        expect(mail.html).toContain(`<html lang="${locale}">`);
        expect(mail.html).toContain("#000091");
        expect(mail.html).not.toMatch(/<img|<style|url\(/i);
        expect(mail.headers.get("auto-submitted")).toBe("auto-generated");
        expect(mail.headers.get("x-auto-response-suppress")).toBe("All");
        expect(mail.headers.get("content-language")).toBe(locale);
        expect(mail.headers.get("message-id")).toBe(
          "<00000000-0000-4000-8000-0000000000ff@chorus-pro.local>",
        );
        expect(mail.headers.has("list-unsubscribe")).toBe(false);
        expect(mail.headers.has("precedence")).toBe(false);
      });
    }
  }

  it("escapes the names, comments and structure names it writes into the HTML part", async () => {
    const mail = await sent(decisionEmail(fr, validatedAttachment));

    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<b>ici</b>");
    expect(mail.html).toContain("O&#39;Brien &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail.html).toContain("Saint-Étienne &amp; Cie");
    expect(mail.text).toContain("O'Brien <script>alert(1)</script>");
  });

  it("gives the activation link as an « Activer mon compte » button and as the full address written out, in both parts", async () => {
    const mail = await sent(activationEmail(fr, ACCOUNT, LINK));

    expect(mail.subject).toBe("Chorus Pro – Activez votre compte");
    expect(mail.html).toMatch(
      new RegExp(`<td bgcolor="#000091"[^>]*><a href="${LINK}"[^>]*>Activer mon compte</a></td>`),
    );
    expect(mail.html).toContain(`<a href="${LINK}" style="color:#000091;word-break:break-all">${LINK}</a>`);
    expect(visibleText(mail.html)).toContain(
      `Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur : ${LINK}`,
    );
    expect(mail.text).toContain(`Activer mon compte :\n${LINK}`);
    expect(mail.text).toContain("valable 60 minutes");
    expect(mail.text).toContain("(adresse de connexion : zoe.obrien@exemple.fr)");
  });

  it("writes the activation e-mail in English when the app speaks English", async () => {
    const mail = await sent(activationEmail(en, ACCOUNT, LINK));

    expect(mail.subject).toBe("Chorus Pro – Activate your account");
    expect(mail.text).toContain(`Activate my account:\n${LINK}`);
    expect(visibleText(mail.html)).toContain("Activate my account");
    expect(visibleText(mail.html)).toContain(`copy this address into your browser: ${LINK}`);
    expect(mail.text).not.toMatch(/Bonjour|compte/);
  });

  it("sends a row queued before e-mails had a language without a Content-Language header", async () => {
    const { language: _language, ...older } = decisionEmail(fr, refusedAttachment);

    const mail = await sent(older);

    expect(mail.headers.has("content-language")).toBe(false);
    expect(mail.headers.get("auto-submitted")).toBe("auto-generated");
  });

  it("takes the Message-ID's domain from the sender's address, bare or with a name", () => {
    expect(messageIdDomain("Chorus Pro <ne-pas-repondre@chorus-pro.gouv.fr>")).toBe("chorus-pro.gouv.fr");
    expect(messageIdDomain("bot@exemple.fr")).toBe("exemple.fr");
    expect(messageIdDomain("Chorus Pro")).toBe("chorus-manager-bot.invalid");
  });
});
