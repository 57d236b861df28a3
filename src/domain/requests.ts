import type { AccessLevel, RequestOrigin, RequestStatus, Role, Space } from "../generated/prisma/enums.ts";

/** The two kinds of requests managers decide: "demande de rattachement" and "demande d'abonnement". */
export const REQUEST_TYPES = ["attachment", "subscription"] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export function isRequestType(value: unknown): value is RequestType {
  return (REQUEST_TYPES as readonly unknown[]).includes(value);
}

export interface ServiceRef {
  id: string;
  code: string;
  label: string;
}

/** Who decided, as shown to managers: their account name and, when known, their Slack id. */
export interface DeciderRef {
  name: string;
  slackUserId: string | null;
}

export interface Refusal {
  outcome: "REFUSED";
  by: DeciderRef;
  at: Date;
  reason: string;
}

/** What every request shows, whatever its kind. */
interface RequestCommon {
  id: string;
  status: RequestStatus;
  createdAt: Date;
  comment: string | null;
  structure: { id: string; identifier: string; designation: string; slackTeamId: string | null };
  requester: {
    id: string;
    firstName: string;
    lastName: string;
    loginEmail: string;
    contactEmail: string | null;
  };
}

export interface AttachmentRequestDetails extends RequestCommon {
  type: "attachment";
  /** Empty: the whole structure was asked for. */
  requestedServices: ServiceRef[];
  decision: AttachmentDecision | null;
}

export type AttachmentDecision =
  | {
      outcome: "VALIDATED";
      by: DeciderRef;
      at: Date;
      role: Role;
      wholeStructure: boolean;
      grantedServices: ServiceRef[];
      /** The default spaces of the role the validation opened. */
      grantedSpaces: Space[];
      comment: string | null;
    }
  | Refusal
  | Cancellation
  | Expiry;

/** One space asked for, for all services of the structure (service null) or for one service. */
export interface SubscriptionItem {
  id: string;
  space: Space;
  service: ServiceRef | null;
  requestedAccess: AccessLevel;
  grantedAccess: AccessLevel | null;
}

export interface SubscriptionRequestDetails extends RequestCommon {
  type: "subscription";
  /** USER: asked by the user; AUTOMATIC: generated after the structure's settings changed. */
  origin: RequestOrigin;
  items: SubscriptionItem[];
  decision: SubscriptionDecision | null;
}

/** Closed by the system, not by a manager: a subscription request whose requester was detached. */
export interface Deactivation {
  outcome: "DEACTIVATED";
  at: Date;
}

/** Withdrawn by its requester while it waited ("annulée par le demandeur"). */
export interface Cancellation {
  outcome: "CANCELLED";
  at: Date;
}

/** Left undecided longer than REQUEST_TTL_DAYS working days, closed by the system. */
export interface Expiry {
  outcome: "EXPIRED";
  at: Date;
}

export type SubscriptionDecision =
  | { outcome: "VALIDATED"; by: DeciderRef; at: Date; comment: string | null }
  | Refusal
  | Deactivation
  | Cancellation
  | Expiry;

export type RequestDetails = AttachmentRequestDetails | SubscriptionRequestDetails;

/** Longest refusal reason or comment a manager may type (kept well under Slack's 3,000-char blocks). */
export const MAX_DECISION_TEXT = 1000;

/** The columns naming a request of either kind (a history line, a question, a message): `{ attachmentRequestId }` or `{ subscriptionRequestId }`. */
export function requestColumn(request: { type: RequestType; id: string }) {
  return request.type === "attachment"
    ? { attachmentRequestId: request.id }
    : { subscriptionRequestId: request.id };
}
