import type {
  AttachmentRequestDetails,
  Cancellation,
  Deactivation,
  Expiry,
  Refusal,
  SubscriptionRequestDetails,
} from "../domain/requests.ts";

/** JSON shapes of the REST API: explicit, so a schema change never leaks a column by accident. */

export function presentUser(user: {
  id: string;
  loginEmail: string;
  contactEmail: string | null;
  lastName: string;
  firstName: string;
  status: string;
  technical: boolean;
  createdAt: Date;
}) {
  return {
    id: user.id,
    loginEmail: user.loginEmail,
    contactEmail: user.contactEmail,
    lastName: user.lastName,
    firstName: user.firstName,
    status: user.status,
    technical: user.technical,
    createdAt: user.createdAt.toISOString(),
  };
}

/** A request just filed: its id (to follow it) and status. */
export function presentCreatedRequest(request: { id: string; status: string }) {
  return { id: request.id, status: request.status };
}

export function presentStructure(structure: {
  id: string;
  identifier: string;
  identifierType: string;
  designation: string;
  kind: string;
  viaPigp: boolean;
  status: string;
  slackChannelId: string | null;
  slackTeamId: string | null;
  services: { code: string; label: string; active: boolean }[];
  principalManager: { loginEmail: string; lastName: string; firstName: string };
  createdAt: Date;
}) {
  return {
    id: structure.id,
    identifier: structure.identifier,
    identifierType: structure.identifierType,
    designation: structure.designation,
    kind: structure.kind,
    viaPigp: structure.viaPigp,
    status: structure.status,
    slackChannelId: structure.slackChannelId,
    slackTeamId: structure.slackTeamId,
    services: structure.services.map(({ code, label, active }) => ({ code, label, active })),
    principalManager: {
      loginEmail: structure.principalManager.loginEmail,
      lastName: structure.principalManager.lastName,
      firstName: structure.principalManager.firstName,
    },
    createdAt: structure.createdAt.toISOString(),
  };
}

/** Who decided what and when: the part every decision shows. */
function decisionHeader(decision: { outcome: string; by: { name: string }; at: Date }) {
  return { outcome: decision.outcome, decidedBy: decision.by.name, decidedAt: decision.at.toISOString() };
}

/** A refusal with its reason; a request closed by the system or withdrawn by its requester, by nobody. */
function presentClosure(decision: Refusal | Deactivation | Cancellation | Expiry) {
  if (decision.outcome === "REFUSED") return { ...decisionHeader(decision), reason: decision.reason };
  return { outcome: decision.outcome, decidedBy: null, decidedAt: decision.at.toISOString() };
}

export function presentAttachmentRequest(request: AttachmentRequestDetails) {
  const decision = request.decision;
  return {
    id: request.id,
    status: request.status,
    createdAt: request.createdAt.toISOString(),
    structureIdentifier: request.structure.identifier,
    userLoginEmail: request.requester.loginEmail,
    serviceCodes: request.requestedServices.map((service) => service.code),
    comment: request.comment,
    decision:
      decision?.outcome === "VALIDATED"
        ? {
            ...decisionHeader(decision),
            role: decision.role,
            wholeStructure: decision.wholeStructure,
            serviceCodes: decision.grantedServices.map((service) => service.code),
            comment: decision.comment,
          }
        : decision && presentClosure(decision),
  };
}

export function presentSubscriptionRequest(request: SubscriptionRequestDetails) {
  const decision = request.decision;
  return {
    id: request.id,
    status: request.status,
    origin: request.origin,
    createdAt: request.createdAt.toISOString(),
    structureIdentifier: request.structure.identifier,
    userLoginEmail: request.requester.loginEmail,
    spaces: request.items.map((item) => ({
      space: item.space,
      serviceCode: item.service?.code ?? null,
      access: item.requestedAccess,
      grantedAccess: item.grantedAccess,
    })),
    comment: request.comment,
    decision:
      decision?.outcome === "VALIDATED"
        ? {
            ...decisionHeader(decision),
            comment: decision.comment,
          }
        : decision && presentClosure(decision),
  };
}
