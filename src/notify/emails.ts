import type { AttachmentRequestDetails } from "../domain/attachment-request.ts";
import { type Messages, servicesLabel } from "../i18n/index.ts";
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

function recipientOf(request: AttachmentRequestDetails): string {
  return request.requester.contactEmail ?? request.requester.loginEmail;
}

/** The e-mail telling the requester the outcome of their attachment request. */
export function attachmentDecisionEmail(messages: Messages, request: AttachmentRequestDetails): EmailPayload {
  const decision = request.decision;
  if (!decision) throw new Error(`attachment request ${request.id} has no decision to announce`);
  const labels = messages.emails;
  const structure = `${request.structure.designation} (${request.structure.identifier})`;
  const greeting = labels.greeting(request.requester.firstName, request.requester.lastName);
  if (decision.outcome === "REFUSED") {
    return renderEmail(recipientOf(request), labels.attachmentRefusedSubject(structure), [
      greeting,
      labels.attachmentRefusedBody(structure, decision.reason),
      labels.signature,
    ]);
  }
  const scope = decision.wholeStructure
    ? messages.attachmentRequest.wholeStructure
    : servicesLabel(messages, decision.grantedServices);
  return renderEmail(recipientOf(request), labels.attachmentValidatedSubject(structure), [
    greeting,
    labels.attachmentValidatedBody(structure, messages.roles[decision.role], scope),
    ...(decision.comment ? [labels.managerComment(decision.comment)] : []),
    labels.signature,
  ]);
}
