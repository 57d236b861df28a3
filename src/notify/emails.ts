import type {
  AttachmentRequestDetails,
  RequestDetails,
  SubscriptionRequestDetails,
} from "../domain/requests.ts";
import type { Space } from "../generated/prisma/enums.ts";
import { type Messages, servicesLabel, spacesLabel, subscriptionItemLabel } from "../i18n/index.ts";
import { renderEmailLayout } from "./email-layout.ts";
import type { EmailPayload } from "./outbox.ts";

/** The header band names Chorus Pro already: the heading is the subject without it. */
function titleOf(subject: string): string {
  return subject.replace(/^Chorus Pro – /, "");
}

/** An e-mail of paragraphs: the greeting, `paragraphs`, then the layout's signature. */
function renderEmail(
  messages: Messages,
  to: string,
  subject: string,
  greeting: string,
  paragraphs: string[],
): EmailPayload {
  return renderEmailLayout(messages, {
    to,
    subject,
    title: titleOf(subject),
    greeting,
    blocks: paragraphs.map((paragraph) => ({ paragraph })),
  });
}

/** "Espaces ouverts : …", when an attachment opened spaces. */
function openedSpacesParagraph(messages: Messages, spaces: readonly Space[]): string[] {
  return spaces.length > 0 ? [messages.emails.openedSpaces(spacesLabel(messages, spaces))] : [];
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
    ...openedSpacesParagraph(messages, decision.grantedSpaces),
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

/**
 * The paragraphs telling the outcome of one request: the body of its own e-mail, a part of a bulk
 * one, or the requester's DM.
 */
export function decisionParagraphs(messages: Messages, request: RequestDetails): string[] {
  const decision = request.decision;
  if (!decision) throw new Error(`${request.type} request ${request.id} has no decision to announce`);
  const labels = messages.emails;
  const structure = `${request.structure.designation} (${request.structure.identifier})`;
  if (decision.outcome === "DEACTIVATED") return [labels.subscriptionDeactivatedBody(structure)];
  if (decision.outcome === "CANCELLED") return [labels.cancelledBody(structure)];
  if (decision.outcome === "EXPIRED") return [labels.expiredBody(structure)];
  if (decision.outcome === "REFUSED") {
    const body =
      request.type === "attachment" ? labels.attachmentRefusedBody : labels.subscriptionRefusedBody;
    return [body(structure, decision.reason)];
  }
  return request.type === "attachment"
    ? attachmentParagraphs(messages, request, structure)
    : subscriptionParagraphs(messages, request, structure);
}

function subjectOf(messages: Messages, request: RequestDetails): string {
  const labels = messages.emails;
  const structure = `${request.structure.designation} (${request.structure.identifier})`;
  const refused = request.decision?.outcome === "REFUSED";
  if (request.decision?.outcome === "DEACTIVATED") return labels.subscriptionDeactivatedSubject(structure);
  if (request.decision?.outcome === "EXPIRED") return labels.expiredSubject(structure);
  if (request.type === "attachment") {
    return (refused ? labels.attachmentRefusedSubject : labels.attachmentValidatedSubject)(structure);
  }
  return (refused ? labels.subscriptionRefusedSubject : labels.subscriptionValidatedSubject)(structure);
}

function recipientOf(request: RequestDetails) {
  return request.requester.contactEmail ?? request.requester.loginEmail;
}

/** The e-mail telling the requester the outcome of their request, of either kind. */
export function decisionEmail(messages: Messages, request: RequestDetails): EmailPayload {
  const greeting = messages.emails.greeting(request.requester.firstName, request.requester.lastName);
  return renderEmail(
    messages,
    recipientOf(request),
    subjectOf(messages, request),
    greeting,
    decisionParagraphs(messages, request),
  );
}

/** After a bulk decision: one e-mail per requester telling the outcome of each of their requests. */
export function bulkDecisionEmail(messages: Messages, requests: RequestDetails[]): EmailPayload {
  const [first] = requests;
  if (!first) throw new Error("a bulk decision e-mail needs at least one request");
  if (requests.length === 1) return decisionEmail(messages, first);
  return renderEmail(
    messages,
    recipientOf(first),
    messages.emails.bulkSubject(requests.length),
    messages.emails.greeting(first.requester.firstName, first.requester.lastName),
    [
      messages.emails.bulkIntro(requests.length),
      ...requests.flatMap((request) => decisionParagraphs(messages, request)),
    ],
  );
}

/**
 * The « courriel d'activation »: the single-use link where the account holder chooses a password, as
 * an « Activer mon compte » button and written out.
 */
export function activationEmail(
  messages: Messages,
  account: { loginEmail: string; contactEmail: string | null; firstName: string; lastName: string },
  link: string,
): EmailPayload {
  const labels = messages.activation;
  return renderEmailLayout(messages, {
    to: account.contactEmail ?? account.loginEmail,
    subject: labels.emailSubject,
    title: titleOf(labels.emailSubject),
    greeting: messages.emails.greeting(account.firstName, account.lastName),
    blocks: [
      { paragraph: labels.emailBody(account.loginEmail) },
      { button: { label: labels.submit, url: link } },
      { paragraph: labels.emailValidity },
    ],
  });
}

/** Tells the new principal manager of a structure that the role was handed over to them. */
export function principalHandoverEmail(
  messages: Messages,
  successor: { loginEmail: string; contactEmail: string | null; firstName: string; lastName: string },
  handover: { structure: string; formerPrincipal: string; spaces: readonly Space[] },
): EmailPayload {
  const subject = messages.handover.emailSubject(handover.structure);
  return renderEmail(
    messages,
    successor.contactEmail ?? successor.loginEmail,
    subject,
    messages.emails.greeting(successor.firstName, successor.lastName),
    [
      messages.handover.emailBody(handover.structure, handover.formerPrincipal),
      ...openedSpacesParagraph(messages, handover.spaces),
    ],
  );
}

/** Someone an e-mail is written to. */
type Addressee = { loginEmail: string; contactEmail: string | null; firstName: string; lastName: string };

/** An e-mail to `account` about what a manager did: greeting, what was done, their comment, signature. */
function managerActionEmail(
  messages: Messages,
  account: Addressee,
  subject: string,
  body: string[],
  comment: string | null,
): EmailPayload {
  return renderEmail(
    messages,
    account.contactEmail ?? account.loginEmail,
    subject,
    messages.emails.greeting(account.firstName, account.lastName),
    [...body, ...(comment ? [messages.emails.managerComment(comment)] : [])],
  );
}

/** Tells a user a manager attached them to a structure (/chorus rattacher), validated at once. */
export function managerAttachmentEmail(
  messages: Messages,
  input: {
    account: Addressee;
    structure: string;
    role: string;
    scope: string;
    startDate: string;
    /** The default spaces the attachment opened. */
    spaces: readonly Space[];
    comment: string | null;
  },
): EmailPayload {
  return managerActionEmail(
    messages,
    input.account,
    messages.attachUser.emailSubject(input.structure),
    [
      messages.attachUser.emailBody(input.structure, input.role, input.scope, input.startDate),
      ...openedSpacesParagraph(messages, input.spaces),
    ],
    input.comment,
  );
}

/** Tells a user a manager changed their attachment (role, scope) on a structure. */
export function attachmentChangedEmail(
  messages: Messages,
  input: {
    account: Addressee;
    structure: string;
    role: string;
    scope: string;
    comment: string | null;
  },
): EmailPayload {
  const labels = messages.modifyAttachment;
  return managerActionEmail(
    messages,
    input.account,
    labels.emailSubject(input.structure),
    [labels.emailBody(input.structure, input.role, input.scope)],
    input.comment,
  );
}

/** A manager's question to a requester Slack does not know. */
export function questionEmail(
  messages: Messages,
  question: { question: string; askedBy: { name: string }; request: RequestDetails },
): EmailPayload {
  const { request } = question;
  const structure = `${request.structure.designation} (${request.structure.identifier})`;
  const labels = messages.requestQuestions;
  return renderEmail(
    messages,
    recipientOf(request),
    labels.emailSubject(structure),
    messages.emails.greeting(request.requester.firstName, request.requester.lastName),
    [labels.emailBody(question.askedBy.name, structure, question.question)],
  );
}
