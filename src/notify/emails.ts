import type {
  AttachmentRequestDetails,
  RequestDetails,
  SubscriptionRequestDetails,
} from "../domain/requests.ts";
import { type Messages, servicesLabel, subscriptionItemLabel } from "../i18n/index.ts";
import type { EmailPayload } from "./outbox.ts";

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Plain text and the same paragraphs as HTML, so every mail client shows the same message. */
function renderEmail(to: string, subject: string, paragraphs: string[]): EmailPayload {
  const text = paragraphs.join("\n\n");
  const html = [
    '<!doctype html><html lang="fr"><body style="font-family:Arial,sans-serif;font-size:14px;color:#1e1e1e">',
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, "<br>")}</p>`),
    "</body></html>",
  ].join("");
  return { to, subject, text, html };
}

function attachmentParagraphs(
  messages: Messages,
  request: AttachmentRequestDetails,
  structure: string,
): string[] {
  const decision = request.decision;
  if (decision?.outcome !== "VALIDATED") return [];
  const scope = decision.wholeStructure
    ? messages.attachmentRequest.wholeStructure
    : servicesLabel(messages, decision.grantedServices);
  return [
    messages.emails.attachmentValidatedBody(structure, messages.roles[decision.role], scope),
    ...(decision.comment ? [messages.emails.managerComment(decision.comment)] : []),
  ];
}

function subscriptionParagraphs(
  messages: Messages,
  request: SubscriptionRequestDetails,
  structure: string,
): string[] {
  const decision = request.decision;
  if (decision?.outcome !== "VALIDATED") return [];
  const lines = request.items
    .map((item) => `• ${subscriptionItemLabel(messages, item, item.grantedAccess ?? item.requestedAccess)}`)
    .join("\n");
  return [
    messages.emails.subscriptionValidatedBody(structure, lines),
    ...(decision.comment ? [messages.emails.managerComment(decision.comment)] : []),
  ];
}

/** The e-mail telling the requester the outcome of their request, of either kind. */
export function decisionEmail(messages: Messages, request: RequestDetails): EmailPayload {
  const decision = request.decision;
  if (!decision) throw new Error(`${request.type} request ${request.id} has no decision to announce`);
  const labels = messages.emails;
  const to = request.requester.contactEmail ?? request.requester.loginEmail;
  const structure = `${request.structure.designation} (${request.structure.identifier})`;
  const greeting = labels.greeting(request.requester.firstName, request.requester.lastName);
  const attachment = request.type === "attachment";
  if (decision.outcome === "REFUSED") {
    const subject = attachment ? labels.attachmentRefusedSubject : labels.subscriptionRefusedSubject;
    const body = attachment ? labels.attachmentRefusedBody : labels.subscriptionRefusedBody;
    return renderEmail(to, subject(structure), [
      greeting,
      body(structure, decision.reason),
      labels.signature,
    ]);
  }
  const subject = attachment ? labels.attachmentValidatedSubject : labels.subscriptionValidatedSubject;
  const paragraphs =
    request.type === "attachment"
      ? attachmentParagraphs(messages, request, structure)
      : subscriptionParagraphs(messages, request, structure);
  return renderEmail(to, subject(structure), [greeting, ...paragraphs, labels.signature]);
}
