import type { RequestStatus, Role } from "../generated/prisma/enums.ts";

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

/** Everything a Slack message, a modal or an e-mail shows about one attachment request. */
export interface AttachmentRequestDetails {
  id: string;
  status: RequestStatus;
  createdAt: Date;
  comment: string | null;
  structure: { id: string; identifier: string; designation: string };
  requester: {
    id: string;
    firstName: string;
    lastName: string;
    loginEmail: string;
    contactEmail: string | null;
  };
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
      comment: string | null;
    }
  | { outcome: "REFUSED"; by: DeciderRef; at: Date; reason: string };

/** Longest refusal reason or comment a manager may type (kept well under Slack's 3,000-char blocks). */
export const MAX_DECISION_TEXT = 1000;
