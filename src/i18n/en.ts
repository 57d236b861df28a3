import type { Messages } from "./fr.ts";

/** English, chosen with LOCALE=en. */
export const en: Messages = {
  dateTime: { locale: "en-GB", at: "at" },
  colon: ": ",
  roles: {
    PRINCIPAL_MANAGER: "Principal manager",
    SECONDARY_MANAGER: "Secondary manager",
    SIMPLE_USER: "Simple user",
  },
  accountStatuses: {
    PENDING_ACTIVATION: "Pending activation",
    ACTIVE: "Active",
    DEACTIVATED: "Deactivated",
  },
  requestKinds: {
    attachment: "Attachment request",
    subscription: "Subscription request",
  },
  spaces: {
    FACTURES_EMISES: "Issued invoices",
    FACTURES_RECUES: "Received invoices",
    FACTURES_TRAVAUX: "Works invoices",
    SOLLICITATIONS_EMISES: "Issued requests",
    SOLLICITATIONS_RECUES: "Received requests",
    ENGAGEMENTS: "Commitments",
    MEMOIRES_FRAIS_JUSTICE: "Legal costs statements",
    SUIVI_FLUX: "Flow tracking",
    ACTIVITES_GESTIONNAIRE: "Manager activities",
  },
  accessLevels: {
    MODIFICATION: "Modification",
    CONSULTATION: "Read only",
  },
  attachmentRequest: {
    title: "Attachment request",
    newRequest: "New attachment request",
    structure: "Structure",
    requester: "Requester",
    requestedServices: "Requested services",
    wholeStructure: "The whole structure",
    comment: "Requester's comment",
    noComment: "No comment",
    requestedOn: "Requested on",
    validate: "Validate",
    refuse: "Refuse",
    pending: "Awaiting decision",
    validatedBy: (who, when) => `Validated by ${who} on ${when}`,
    refusedBy: (who, when) => `Refused by ${who} on ${when}`,
    grantedRole: "Granted role",
    grantedScope: "Attachment",
    managerComment: "Manager's comment",
    refusalReason: "Reason for refusal",
    notificationText: (structure, requester) => `Attachment request from ${requester} to ${structure}`,
  },
  subscriptionRequest: {
    newRequest: "New subscription request",
    automaticRequest: "Automatic subscription request (structure settings)",
    requestedSpaces: "Requested spaces",
    grantedAccess: "Granted access",
    allServices: "all services",
    spaceLine: (space, scope, access) => `${space} — ${scope} — ${access}`,
    notificationText: (structure, requester) =>
      `Subscription request from ${requester} to the spaces of ${structure}`,
  },
  validateSubscriptionModal: {
    title: "Validate subscription",
    modification: "Modification access",
    modificationHint:
      "Untick a space to limit the access to read only. Modification allows creating and changing invoices, requests…",
    consultationOnly: "Asked as read only",
  },
  pendingList: {
    title: "Pending requests",
    submit: "Apply",
    close: "Close",
    allStructures: "All my structures",
    allKinds: "All requests",
    structureFilter: "Structure",
    kindFilter: "Kind of request",
    count: (total, page, pages) =>
      `${total} pending request${total > 1 ? "s" : ""} — page ${page}/${pages}, oldest first`,
    empty: "No pending request for these criteria.",
    selection: "Selection",
    selectionHint: "The selection covers the page shown; to go beyond, tick “all filtered requests”.",
    selectAll: (total) => `All filtered requests (${total})`,
    previous: "◀ Previous",
    next: "Next ▶",
    action: "Action",
    validateSelection: "Validate the selection",
    validateSelectionHint: "Simple user role, services and access as requested",
    refuseSelection: "Refuse the selection",
    reason: "Reason for refusal (one for the whole selection)",
    itemLine: (kind, structure) => `${kind} · ${structure}`,
    itemDetail: (requester, date) => `${requester} · ${date}`,
    started: (count) =>
      `Deciding ${count} request${count > 1 ? "s" : ""}. A summary will be sent to you by direct message.`,
  },
  bulkSummary: {
    validatedTitle: "Validation of the selection finished",
    refusedTitle: "Refusal of the selection finished",
    done: (count) => `:white_check_mark: ${count} request${count > 1 ? "s" : ""} decided.`,
    notDone: (count) => `:warning: ${count} request${count > 1 ? "s" : ""} not decided:`,
    outcomes: {
      ALREADY_DECIDED: "already decided",
      FORBIDDEN: "outside your structures",
      NOT_FOUND: "not found",
      FAILED: "error",
      DONE: "decided",
    },
    line: (kind, structure, requester, why) => `• ${kind} · ${structure} · ${requester} — ${why}`,
    more: (count) => `… and ${count} more.`,
  },
  validateModal: {
    title: "Validate the request",
    submit: "Validate",
    close: "Cancel",
    structureBlock: "Structure",
    userBlock: "User",
    role: "Role",
    scope: "Permissions",
    wholeStructureOption: "Attach to the structure",
    wholeStructureHint: "The user works on the whole structure.",
    services: "Services",
    servicesHint: "Or only the services concerned, if the user works on part of the structure.",
    servicesPlaceholder: "Choose services",
    alreadyAttached: "Already attached (validated)",
    alreadyAttachedWhole: "Already attached to the whole structure (validated)",
    managerComment: "Comment (optional)",
  },
  refuseModal: {
    title: "Refuse the request",
    submit: "Refuse",
    close: "Cancel",
    reason: "Reason for refusal",
    reasonHint: "The reason is e-mailed to the requester.",
  },
  decisionOutcomeModal: {
    title: "Attachment request",
    close: "Close",
  },
  errors: {
    unexpected: "Something went wrong. Nothing was recorded; please try again.",
    requestNotFound: "This attachment request cannot be found.",
    alreadyDecided: (outcome, who, when) => `This request was already ${outcome} by ${who} on ${when}.`,
    outcomeValidated: "validated",
    outcomeRefused: "refused",
    notManager: (structure) =>
      `You are neither principal nor secondary manager of the structure ${structure}: you cannot do this.`,
    noAccountForSlackUser: (email) =>
      `No active Chorus Pro account matches your Slack e-mail address (${email}).`,
    noEmailForSlackUser:
      "Your Slack profile shows no e-mail address: you cannot be identified in Chorus Pro.",
    reasonRequired: "Give the reason for the refusal.",
    textTooLong: (max) => `${max} characters at most.`,
    roleInvalid: "Choose “Secondary manager” or “Simple user”.",
    scopeNothingChosen: "Tick “Attach to the structure” or choose at least one service.",
    scopeBothChosen: "Choose either the whole structure or services, not both.",
    scopeUnknownService: "One of the chosen services no longer exists or is inactive.",
    scopeAlreadyAttached: "The user is already attached to one of the chosen services.",
    structureNotFound: (identifier) => `No structure has the identifier ${identifier}.`,
    structureInactive: (identifier) => `The structure ${identifier} is inactive.`,
    structureExists: (identifier) => `A structure already has the identifier ${identifier}.`,
    userNotFound: (email) => `No user has the login address ${email}.`,
    userExists: (email) => `A user already has the login address ${email}.`,
    userDeactivated: (email) => `The account ${email} is deactivated.`,
    duplicatePendingRequest: "An attachment request of this user to this structure is already pending.",
    alreadyAttachedWhole: "The user is already attached to the whole structure.",
    serviceUnknown: (code) => `The structure has no service ${code}.`,
    serviceInactive: (code) => `The service ${code} is inactive.`,
    serviceDuplicate: (code) => `The service ${code} is listed twice.`,
    siretFormat: "A SIRET has 14 digits.",
    siretChecksum: "This SIRET is not valid (check digit).",
    invalidInput: "Invalid data.",
    malformedJson: "The request body is not valid JSON.",
    unauthorizedApi: "Missing or invalid API token (Authorization: Bearer …).",
    routeNotFound: "Unknown resource.",
    idempotencyKeyReused: "This idempotency key was already used for another request.",
    requestInProgress: "A request with this idempotency key is being processed.",
    userNotAttached: (email) => `The user ${email} is not attached to this structure.`,
    spaceDuplicate: (space) => `The space ${space} is asked twice for the same scope.`,
    selectionEmpty: "Select at least one request, or tick “all filtered requests”.",
    noManagedStructure: "You are not principal or secondary manager of any active structure.",
    invalidChannel: "Invalid Slack channel id.",
  },
  commands: {
    help: [
      "*Available commands*",
      "• `/chorus demandes [identifier]`: the pending requests, to validate or refuse one by one or in bulk",
      "• `/chorus canal <identifier>`: show the structure's requests in this channel",
      "• `/chorus exporter <identifier> [utilisateurs|habilitations]`: get the CSV file of the structure's users or authorisations as a direct message",
      "• `/chorus aide`: this help",
    ].join("\n"),
    unknown: (text) => `Unknown command: “${text}”.`,
    channelUsage: "Usage: `/chorus canal <structure identifier>`, in the chosen channel.",
    channelSet: (designation, identifier) =>
      `Requests of the structure ${designation} (${identifier}) will be shown in this channel.`,
  },
  exports: {
    usersColumns: [
      "Last name",
      "First name",
      "Login e-mail",
      "Contact e-mail",
      "Status",
      "Role",
      "Attachment",
      "Start date of validity",
    ],
    authorisationsColumns: [
      "Last name",
      "First name",
      "Login e-mail",
      "Structure identifier",
      "Structure name",
      "Service",
      "Role",
      "Space",
      "Access",
    ],
    allServices: "All services",
    usersFilename: (identifier, day) => `users-${identifier}-${day}.csv`,
    authorisationsFilename: (identifier, day) => `authorisations-${identifier}-${day}.csv`,
    usersTitle: (designation, identifier) => `Users of ${designation} (${identifier})`,
    authorisationsTitle: (designation, identifier) => `Authorisations of ${designation} (${identifier})`,
    usage: "Usage: `/chorus exporter <structure identifier> [utilisateurs|habilitations]`",
    sent: (filename) => `The file ${filename} was sent to you as a direct message.`,
  },
  emails: {
    greeting: (firstName, lastName) => `Hello ${firstName} ${lastName},`,
    attachmentValidatedSubject: (structure) =>
      `Chorus Pro – Your attachment request to ${structure} is validated`,
    attachmentValidatedBody: (structure, role, scope) =>
      `Your attachment request to the structure ${structure} was validated.\nRole: ${role}\nAttachment: ${scope}`,
    attachmentRefusedSubject: (structure) =>
      `Chorus Pro – Your attachment request to ${structure} is refused`,
    attachmentRefusedBody: (structure, reason) =>
      `Your attachment request to the structure ${structure} was refused.\nReason: ${reason}`,
    subscriptionValidatedSubject: (structure) =>
      `Chorus Pro – Your subscription request to the spaces of ${structure} is validated`,
    subscriptionValidatedBody: (structure, lines) =>
      `Your subscription request to the spaces of the structure ${structure} was validated.\nGranted access:\n${lines}`,
    subscriptionRefusedSubject: (structure) =>
      `Chorus Pro – Your subscription request to the spaces of ${structure} is refused`,
    subscriptionRefusedBody: (structure, reason) =>
      `Your subscription request to the spaces of the structure ${structure} was refused.\nReason: ${reason}`,
    managerComment: (comment) => `Manager's comment: ${comment}`,
    bulkSubject: (count) => `Chorus Pro – Your ${count} requests were decided`,
    bulkIntro: (count) => `A manager decided ${count} of your requests:`,
    signature: "This message was sent automatically by Chorus Pro; please do not reply.",
  },
  home: {
    title: "Pending requests",
    updatedAt: (when) => `Updated on ${when}`,
    noStructure:
      "You are neither principal nor secondary manager of any structure: no request waits for you here.",
    kinds: { attachment: "Attachment requests", subscription: "Subscription requests" },
    oldest: (date, days) =>
      `the oldest from ${date} (${days === 0 ? "today" : `${days} day${days > 1 ? "s" : ""} ago`})`,
    open: "Open the list",
    moreStructures: (count) => (count === 1 ? "… and 1 more structure" : `… and ${count} more structures`),
  },
  digest: {
    title: "Pending requests",
    summary: (date, count) => `${count} request${count > 1 ? "s" : ""} awaiting a decision on ${date}.`,
    groups: {
      today: "Today",
      waiting: (from, to) => (from === to ? `${from} day` : `${from} to ${to} days`),
      overdue: (days) => `${days} day${days > 1 ? "s" : ""} or more`,
    },
    requestBy: (kind, requester) => `${kind} from ${requester}`,
    received: (date, days) =>
      days === 0 ? `received on ${date}` : `received on ${date} (${days} day${days > 1 ? "s" : ""})`,
    more: (count) => `… and ${count} more`,
    notification: (structure, count) => `${structure}: ${count} pending request${count > 1 ? "s" : ""}`,
  },
  reminder: {
    title: "Reminder: pending requests",
    intro: (structure, days, count) =>
      count === 1
        ? `A request of the structure ${structure} has awaited your decision for ${days} day${days > 1 ? "s" : ""} or more:`
        : `${count} requests of the structure ${structure} have awaited your decision for ${days} day${days > 1 ? "s" : ""} or more:`,
    notification: (structure, count) =>
      `Reminder: ${count} request${count > 1 ? "s" : ""} waiting for long – ${structure}`,
  },
  /** /chorus utilisateurs: the user search modal and its actions. */
  userSearch: {},
  /** /chorus rattacher: manager-initiated attachment and account creation. */
  attachUser: {},
  /** Activation e-mails and the activation page. */
  activation: {},
  /** Technical users (API connection) and their connection PDF. */
  technicalUser: {},
  /** "Supprimer le rattachement". */
  detach: {},
  /** /chorus historique: the history list, its detail view and export. */
  history: {},
  /** /chorus rejets and the flux-reject files. */
  fluxRejects: {},
};
