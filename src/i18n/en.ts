import type { Messages } from "./fr.ts";

/** English, chosen with LOCALE=en. */
export const en: Messages = {
  dateTime: { locale: "en-GB", at: "at" },
  colon: ": ",
  /** /chorus structure: the structure card and the SIRET change. */
  modifyAttachment: {
    title: "Change attachment",
    submit: "Save",
    close: "Back",
    open: "Change the attachment",
    intro: (user, structure) => `Attachment of ${user} to the structure ${structure}:`,
    principal:
      "The principal manager's attachment is not changed this way: hand their role over first (« /chorus transferer »).",
    technical: "A technical user's attachment is not changed: it covers the whole structure.",
    done: (user, structure) => `The attachment of ${user} to the structure ${structure} is changed.`,
    unchanged: (user) => `No change to the attachment of ${user}.`,
    emailSubject: (structure) => `Chorus Pro – Your attachment to ${structure} was changed`,
    emailBody: (structure, role, scope) =>
      `A manager changed your attachment to the structure ${structure}.\nRole: ${role}\nAttachment: ${scope}`,
    otherStructure: "Attach to another of my structures",
    otherTitle: "Another structure",
    otherPick: "Structure",
    otherPlaceholder: "Choose one of your structures",
    otherIntro: (user) => `Attach ${user} to one of your structures:`,
    otherNone: (user) => `${user} is already attached to all your structures.`,
  },
  structureEdit: {
    open: "Change the structure",
    technicalUser: "Technical user",
    title: "Change the structure",
    submit: "Save",
    close: "Back",
    designation: "Name",
    spaces: "Spaces used",
    spacesHint: "A new space creates an automatic subscription request for each user whose role opens it.",
    billingMandate: "Billing mandate",
    billingMandateOption: "Subscribe to a billing mandate",
    mandateWarning:
      ":warning: No billing mandate is subscribed for this structure. For court fee statements and TIC refund requests, the billing mandate is not required: you may go on without a billing mandate.",
    pacage: "PACAGE number",
    socialRegime: "Social regime",
    vatNumber: "Intra-community VAT number",
    connectionInfo: "Connection information",
    optional: "Optional",
    designationRequired: "Type the structure's name.",
    pacageInvalid: "A PACAGE number has 9 digits.",
    vatInvalid:
      "An intra-community VAT number starts with the country code (FR, DE…) then 2 to 13 letters or digits.",
    principalOnly: (structure) => `Only the principal manager of the structure ${structure} can change it.`,
    saved: "The structure is changed.",
    unchanged: "Nothing changed.",
  },
  /** "Manage services", from the structure card: its principal manager's services. */
  serviceAdmin: {
    open: "Manage services",
    title: "Services",
    intro: (structure: string, count: number) =>
      count === 0
        ? `The structure ${structure} has no service.`
        : `${count} service${count > 1 ? "s" : ""} of the structure ${structure}:`,
    add: "Add a service",
    back: "Back to the card",
    close: "Close",
    menu: "Service actions",
    edit: "Edit",
    deactivate: "Deactivate",
    reactivate: "Reactivate",
    inactive: "inactive",
    attachedUsers: (count: number) =>
      count === 0
        ? "no user attached to this service only"
        : `${count} user${count > 1 ? "s" : ""} attached to this service only`,
    spaces: (spaces: string) => `Spaces: ${spaces}`,
    noSpace: "Spaces: none",
    previous: "Previous",
    next: "Next",
    page: (page: number, count: number) => `Page ${page} of ${count}`,
    addTitle: "Add a service",
    editTitle: "Edit the service",
    submit: "Save",
    cancel: "Back",
    code: "Service code",
    codeHint: "The code identifies the service: it cannot change afterwards.",
    label: "Label",
    spacesField: "Spaces the service uses",
    spacesHint:
      "Among the structure's. A new space creates an automatic subscription request for each user attached to the service whose role opens it.",
    noStructureSpace:
      'The structure uses no space yet: choose them in "Edit the structure", then its services can use them.',
    codeRequired: "Enter the service code.",
    labelRequired: "Enter the service label.",
    codeTaken: (code: string) => `The code ${code} is already a service of the structure.`,
    spacesOutsideStructure: (space: string) => `The structure does not use the space ${space}.`,
    serviceNotFound: "This service does not exist (any more).",
    alreadyInactive: (label: string) => `The service ${label} is already deactivated.`,
    alreadyActive: (label: string) => `The service ${label} is already active.`,
    confirmationNeeded: (label: string) =>
      `Deactivating the service ${label} must be confirmed: users or requests depend on it.`,
    deactivationReason: (label: string) => `Service ${label} deactivated`,
    confirmTitle: "Deactivate the service",
    confirmSubmit: "Deactivate",
    confirmIntro: (label: string, structure: string) =>
      `Deactivate the service *${label}* of the structure ${structure}: it will no longer be offered to requesters or managers.`,
    confirmUsers: (count: number, names: string) =>
      `• *${count} user${count > 1 ? "s" : ""} attached to this service only* (${names}): the attachment to the service ends, with the subscriptions on it; without another attachment, the user is no longer attached to the structure.`,
    confirmSubscriptionRequests: (count: number) =>
      count === 1
        ? "• *1 pending subscription request* is on this service: it is deactivated and its requester told."
        : `• *${count} pending subscription requests* are on this service: they are deactivated and their requesters told.`,
    confirmAttachmentRequests: (count: number) =>
      count === 1
        ? "• *1 pending attachment request* asks for this service: it stays to decide, without it."
        : `• *${count} pending attachment requests* ask for this service: they stay to decide, without it.`,
    confirmReactivation: "Reactivating the service later does not attach these users again.",
    added: (label: string) => `The service ${label} is added.`,
    saved: (label: string) => `The service ${label} is changed.`,
    unchanged: "No change.",
    deactivated: (label: string) => `The service ${label} is deactivated.`,
    reactivated: (label: string) => `The service ${label} is reactivated.`,
  },
  /** Requesters in Slack: "Ask to join", "Ask for spaces". */
  askFromSlack: {
    joinUsage: "Usage: `/chorus rejoindre [structure identifier]`",
    subscribeUsage: "Usage: `/chorus abonner <structure identifier>`",
    joinTitle: "Attachment request",
    subscribeTitle: "Subscription request",
    submit: "Send the request",
    cancel: "Cancel",
    close: "Close",
    structure: "Structure",
    structurePlaceholder: "Identifier or designation",
    structureHint: "Type the start of the identifier (SIRET…) or part of the designation.",
    structureChosen: (structure: string) => `Structure: *${structure}*`,
    services: "Services",
    servicesPlaceholder: "The whole structure",
    servicesHint: "No service chosen: the request is for the whole structure.",
    comment: "Comment",
    newAccount: (email: string) =>
      `No Chorus Pro account has the address ${email}. Give your last and first names: an account "pending activation" will be created with this login e-mail, and you will receive the activation e-mail.`,
    lastName: "Last name",
    firstName: "First name",
    nameRequired: "This field is required.",
    structureRequired: "Choose the structure.",
    spaces: "Spaces",
    spacesRequired: "Tick at least one space.",
    service: "Service",
    servicePlaceholder: "All services",
    access: "Access asked",
    sent: (structure: string) =>
      `Your attachment request to ${structure} was sent to its managers. You will be told their decision here and by e-mail.`,
    sentNewAccount: (email: string) => `Your account is created: activate it with the link sent to ${email}.`,
    subscriptionSent: (structure: string) =>
      `Your subscription request to the spaces of ${structure} was sent to its managers. You will be told their decision here and by e-mail.`,
    homeTitle: "My requests",
    homeJoin: "Ask to join a structure",
  },
  /** The Workflow Builder step "Demander un rattachement Chorus Pro". */
  workflowStep: {
    noAccount: (email) =>
      `No Chorus Pro account has this person's address ${email}, and the step cannot create one: they may ask to join themselves with /chorus rejoindre, which asks for their names.`,
  },
  /** "My requests", on the requester's Home tab. */
  myRequests: {
    title: "My requests",
    none: 'You have made no request. "Ask to join a structure" to join one.',
    more: (count: number) => `… and ${count} older one${count > 1 ? "s" : ""}.`,
    line: (kind: string, structure: string, date: string) => `*${kind}* — ${structure} — of ${date}`,
    statuses: {
      PENDING: "Pending",
      VALIDATED: "Validated",
      REFUSED: "Refused",
      DEACTIVATED: "Deactivated",
      CANCELLED: "Withdrawn",
      EXPIRED: "Expired",
    },
    decidedBy: (who: string, when: string) => `by ${who} on ${when}`,
    reason: (reason: string) => `Reason for refusal: ${reason}`,
    cancel: "Withdraw",
    cancelConfirmTitle: "Withdraw the request?",
    cancelConfirmText: "The request is withdrawn; its managers see it on its message.",
    cancelConfirm: "Withdraw the request",
    cancelKeep: "Keep it",
    remind: "Remind",
    noticeTitle: "My requests",
    close: "Close",
    cancelled: 'Your request is withdrawn: its message says "withdrawn by the requester".',
    reminded: "Your managers are reminded, under the request's message.",
    notYours: "This request is not one of yours.",
    alreadyReminded: (day: string) =>
      `You already reminded this request: you may remind it again from ${day}.`,
    reminderPost: (who: string, kind: string, date: string) =>
      `:bell: ${who} reminds you of their ${kind} of ${date}, still pending.`,
  },
  /** "Ask a question": a manager's question on a pending request, and the requester's answer. */
  requestQuestions: {
    ask: "Ask a question",
    askTitle: "Question to the requester",
    askLabel: "Your question",
    askHint: "It goes to the requester by DM (by e-mail when they are not in Slack).",
    send: "Send",
    cancel: "Cancel",
    close: "Close",
    asked:
      "The question was sent to the requester; their answer will show in the thread of the request's message.",
    textRequired: "This field is required.",
    notYours: "This question is not about one of your requests.",
    requestClosed: "This request is no longer pending: the answer is no longer needed.",
    alreadyAnswered: "You already answered this question.",
    askedPost: (who: string, question: string) =>
      `:question: Question from ${who} to the requester: ${question}`,
    answeredPost: (who: string, answer: string) => `:speech_balloon: Answer from ${who}: ${answer}`,
    dmIntro: (who: string, kind: string, structure: string) =>
      `${who} asks you a question about your ${kind} to ${structure}:`,
    dmHint: "Answer with the button, or in this message's thread.",
    answer: "Answer",
    answerTitle: "Your answer",
    answerLabel: "Your answer",
    answered: "Your answer was passed on to the structure's managers.",
    emailSubject: (structure: string) => `Chorus Pro – A question about your request about ${structure}`,
    emailBody: (who: string, structure: string, question: string) =>
      `${who}, manager of the structure ${structure}, asks you a question about your request:\n\n${question}\n\nAnswer from Slack ("Answer" in the app's message) or by contacting them directly.`,
  },
  /** « Mon absence »: a manager away, and who stands in for them. */
  absence: {
    homeButton: "Declare an absence",
    title: "My absence",
    intro:
      "While you are away you get no digest and no reminder. Reminders and requests that would reach you by direct message go to your delegate, or else to the structure's principal manager.",
    startsOn: "First day away",
    endsOn: "Last day away",
    delegate: "Delegate",
    delegateHint:
      "Optional: a manager of at least one of your structures. They stand in for you only where they manage; elsewhere, the principal manager does.",
    submit: "Save",
    cancel: "Cancel",
    close: "Close",
    edit: "Change the absence",
    end: "End the absence",
    endConfirm: {
      title: "End the absence?",
      text: "You will get digests, reminders and requests again.",
      confirm: "End it",
      deny: "Cancel",
    },
    declared: (from: string, to: string, delegate: string | null) =>
      `Your absence from ${from} to ${to} is saved${delegate ? `; ${delegate} stands in for you on the structures they manage` : "; each structure's principal manager stands in for you"}.`,
    ended: "Your absence is over: you get digests, reminders and requests again.",
    notAbsent: "You have declared no absence.",
    notManager: "Only the principal and secondary managers of an active structure can declare an absence.",
    homeStatus: (from: string, to: string, delegate: string | null, started: boolean) =>
      `:palm_tree: ${started ? "You are away" : "Absence planned"} from ${from} to ${to}${delegate ? ` – delegate: ${delegate}` : " – no delegate: the principal manager stands in"}.`,
    note: (name: string, until: string, delegate: string | null) =>
      `:palm_tree: ${name} is away until ${until}${delegate ? ` – delegate: ${delegate}` : ""}.`,
    standingIn: (name: string, until: string) =>
      `You receive this message while ${name} is away (until ${until}).`,
    delegateDm: (name: string, from: string, to: string) =>
      `${name} named you as their delegate while away, from ${from} to ${to}: you will get the reminders and requests meant for them on the structures you both manage.`,
    delegateBackDm: (name: string) => `${name} ended their absence: you no longer stand in for them.`,
    historyComment: (from: string, to: string, delegate: string | null) =>
      `Away from ${from} to ${to}${delegate ? `, delegate: ${delegate}` : ", no delegate"}`,
    errors: {
      startRequired: "Give the first day away.",
      startPast: "The first day away cannot be in the past.",
      endRequired: "Give the last day away.",
      endPast: "The last day away cannot be in the past.",
      endBeforeStart: "The last day away cannot come before the first.",
      tooLong: (days: number) => `An absence covers at most ${days} days: declare the rest later.`,
      selfDelegate: "You cannot be your own delegate.",
      delegateUnknown:
        "This person has no active Chorus Pro account: choose a manager of one of your structures.",
      delegateNoRight: (name: string) =>
        `${name} manages none of your structures: they cannot stand in for you.`,
      cycle: (chain: string) =>
        `This delegation would make a loop (${chain}): nobody in it would get anything. Choose someone else.`,
    },
  },
  /** /chorus importer and POST /api/v1/structures/import: a structure read from Chorus Pro (PISTE). */
  chorusProImport: {
    notConfigured:
      "The connection to Chorus Pro is not configured: the app's administrator must set CHORUS_PRO_CLIENT_ID and CHORUS_PRO_CLIENT_SECRET.",
    notFound: (identifier: string) =>
      `Chorus Pro does not show structure ${identifier} to this technical account: check the identifier, or use this structure's technical account.`,
    title: "Import a structure",
    intro: (identifier: string) =>
      `Import structure *${identifier}* from Chorus Pro, with its services and spaces. Give its technical account: only the principal manager can create one in Chorus Pro (Activités du gestionnaire → Mes structures → Modifier → « Créer un utilisateur technique »), so its credentials prove that role. You will become the structure's principal manager here.`,
    login: "Technical account login",
    loginHint: "For instance TECH_1_…@cpro.fr",
    password: "Technical account password",
    passwordHint: "It is encrypted and never shown again.",
    namesIntro: "You have no account yet: it will be created with this last and first name.",
    lastName: "Last name",
    firstName: "First name",
    required: "This field is required.",
    submit: "Import",
    cancel: "Cancel",
    close: "Close",
    inProgress: "Importing from Chorus Pro… The outcome will show here.",
    done: (structure: string, services: number) =>
      `Structure ${structure} is imported from Chorus Pro with ${services} service${services > 1 ? "s" : ""}; you are its principal manager. It will be updated from Chorus Pro every day.`,
    usage: "Usage: `/chorus importer <structure identifier>`",
    principalOnly: "Only the structure's principal manager can renew its technical account.",
    renewIntro: (identifier: string) =>
      `Structure *${identifier}* is already imported: give its technical account after its password was reset in Chorus Pro. It will replace the old one.`,
    renewed: (structure: string, expires: string | null) =>
      `The technical account of structure ${structure} is renewed${expires ? `; its password expires on ${expires}` : ""}.`,
    renewedHistory: (login: string) => `Technical account ${login} renewed for the updates from Chorus Pro`,
    historyComment: (chorusProId: string) => `Chorus Pro structure no. ${chorusProId}`,
  },
  /** The scheduled sync with Chorus Pro, and what it tells the managers. */
  chorusProSync: {
    historyComment: "Updated from Chorus Pro",
    title: "Updated from Chorus Pro",
    intro: (structure: string) => `Chorus Pro changed structure ${structure}; it is applied here:`,
    designation: (from: string, to: string) => `• Designation: “${from}” becomes “${to}”`,
    spacesAdded: (spaces: string) => `• Spaces added: ${spaces}`,
    spacesRemoved: (spaces: string) => `• Spaces removed: ${spaces}`,
    newService: (service: string) => `• New service: ${service}`,
    renamed: (code: string, from: string, to: string) =>
      `• Service ${code} renamed: “${from}” becomes “${to}”`,
    serviceSpaces: (service: string, spaces: string) => `• Spaces of service ${service}: ${spaces}`,
    deactivated: (service: string) => `• Service deactivated: ${service}`,
    reactivated: (service: string) => `• Service reactivated: ${service}`,
    keptTitle: "To decide",
    kept: (service: string, users: number, requests: number) =>
      `Service ${service} is deactivated in Chorus Pro, but ${users} user${users > 1 ? "s are" : " is"} attached to it and ${requests} request${requests > 1 ? "s wait" : " waits"} for it: it stays active here. From the structure's card, « Gérer les services » deactivates it (with a confirmation), or keep it.`,
    open: "View the structure",
    notification: (structure: string) => `Updated from Chorus Pro – ${structure}`,
    none: "none",
  },
  /** The technical account's password, which Chorus Pro expires every 424 days. */
  technicalPasswordExpiry: {
    notification: (structure: string) => `Technical account password to renew – ${structure}`,
    notice: (structure: string, login: string, day: string, daysLeft: number) =>
      daysLeft > 0
        ? `The password of technical account ${login} of structure ${structure} expires on ${day}, in ${daysLeft} day${daysLeft > 1 ? "s" : ""}.`
        : `The password of technical account ${login} of structure ${structure} expire${daysLeft === 0 ? "s today" : `d on ${day}`}: the structure is no longer updated from Chorus Pro.`,
    howTo: (identifier: string) =>
      `Only the principal manager can reset it, in Chorus Pro: Activités du gestionnaire → Mes structures → Modifier → Utilisateur technique → « Réinitialiser le mot de passe ». Then give the new password to the app with \`/chorus importer ${identifier}\`.`,
  },
  /** « Statut dans Chorus Pro » in a user's detail, and « Aligner sur Chorus Pro ». */
  chorusProStatus: {
    open: "Status in Chorus Pro",
    title: "Status in Chorus Pro",
    close: "Close",
    loading: "Reading Chorus Pro…",
    notConnected: "This structure is not imported from Chorus Pro.",
    principalUntouched:
      "The principal manager's attachment is never changed from Chorus Pro: hand over the role first.",
    alignedComment: "Aligned with Chorus Pro",
    heading: (user: string, structure: string) => `*${user}* on *${structure}*`,
    here: "Here",
    inChorusPro: "In Chorus Pro",
    nothing: "no attachment",
    wholeStructure: "the whole structure",
    statuses: {
      EN_COURS_DE_VALIDATION: "awaiting validation",
      REFUSEE: "refused",
      VALIDEE: "validated",
      DESACTIVEE: "deactivated",
      SUPPRIMEE: "deleted",
    } as Record<string, string>,
    same: "Both agree.",
    differs: "They differ: « Aligner sur Chorus Pro » applies here what Chorus Pro validated.",
    align: "Align with Chorus Pro",
    alignConfirm: {
      title: "Align with Chorus Pro?",
      text: "The attachment here will take the services validated in Chorus Pro (or be deleted if there are none). The user is told by e-mail.",
      confirm: "Align",
      deny: "Cancel",
    },
    aligned: {
      attached: "The user is attached here as in Chorus Pro.",
      modified: "The attachment here takes Chorus Pro's services.",
      detached: "The attachment here is deleted, as in Chorus Pro.",
      unchanged: "Nothing to change: both already agree.",
    },
  },
  myStructures: {
    title: "My structures",
    close: "Close",
    intro: (count) => `${count} structure${count > 1 ? "s" : ""} you are principal or secondary manager of:`,
    none: "You are principal or secondary manager of no structure.",
    open: "View the structure",
    more: (count) => `… and ${count} more: \`/chorus structure <identifier>\` opens one of them.`,
  },
  structureCard: {
    usage: "Usage: `/chorus structure <structure identifier>`",
    title: "Structure",
    close: "Close",
    identifier: "Identifier",
    designation: "Name",
    kind: "Kind",
    status: "Status",
    billingMandate: "Billing mandate",
    yes: "Yes",
    no: "No",
    kinds: { PUBLIQUE: "Public", PRIVEE: "Private" },
    statuses: { ACTIVE: "Active", INACTIVE: "Inactive" },
    identifierTypes: {
      SIRET: "SIRET",
      UE_HORS_FRANCE: "EU outside France",
      HORS_UE: "Outside the EU",
      RIDET: "RIDET",
      TAHITI: "Tahiti number",
      AUTRE: "Other",
      PARTICULIER: "Private individual",
    },
    services: (count) => `Services (${count})`,
    noService: "No service",
    inactiveService: "inactive",
    moreServices: (count) => (count === 1 ? "… and 1 more service" : `… and ${count} more services`),
    users: (count: number) => `Users attached to the structure (${count})`,
    noUser: "No user attached",
    previousUsers: "Previous users",
    nextUsers: "Next users",
    usersPage: (page: number, count: number) => `Users: page ${page} of ${count}`,
    principalManager: "Principal manager",
    secondaryManagers: (count) => `Secondary managers (${count})`,
    nobody: "None",
    moreManagers: (count) => `… and ${count} more`,
    origin: "Origin structure",
    duplicates: "Structures duplicated from this one",
    moreDuplicates: (count) => (count === 1 ? "… and 1 more structure" : `… and ${count} more structures`),
    open: "Open",
    changeIdentifier: "Change the identifier",
    changed: (oldIdentifier) =>
      `The identifier was changed. The former structure ${oldIdentifier} is deactivated; its history and invoices remain readable.`,
    confirmTitle: "Change the identifier",
    continue: "Continue",
    cancel: "Cancel",
    confirmText: (designation, identifier) =>
      `The structure *${designation}* (${identifier}) will be duplicated under its new SIRET, then deactivated: invoices sent or received before the deactivation remain readable.`,
    copiedText:
      "Everything is carried over (services, validated attachments, active subscriptions, spaces, Slack channel, pending requests) except the billing mandate, the technical user account, the PACAGE number, the social regime, the intra-community VAT number and the connection information.",
    newIdentifier: "Identifier",
    newIdentifierHint: "The structure's new SIRET: 14 digits (spaces are ignored).",
    noMandateWarning:
      ":warning: This structure has no billing mandate. A billing mandate is not required for court fee statements (mémoires de frais de justice) and TIC refund requests.",
    mandateChoice: "Billing mandate of the new structure",
    subscribeMandate: "Subscribe to a billing mandate",
    subscribeMandateHint: "The new structure is created with a billing mandate.",
    continueWithoutMandate: "Continue without a billing mandate",
    mandateChoiceRequired: "Choose to subscribe to a billing mandate or to continue without one.",
    publicStructure: "Only a private structure can change its SIRET.",
    notSiretStructure: "Only a structure identified by a SIRET can change its identifier.",
    alreadyChanged: (identifier, newIdentifier) =>
      `The structure ${identifier} already changed its identifier: it was duplicated under SIRET ${newIdentifier} and is no longer active.`,
    sameIdentifier: "This is already the structure's identifier: enter the new SIRET.",
    structureGone: "This structure cannot be found.",
  },
  /** Principal handover, account deactivation and reactivation. */
  handover: {
    transferUsage: "Usage: `/chorus transferer <structure identifier>`",
    transferTitle: "Hand over the role",
    transferSubmit: "Confirm",
    close: "Cancel",
    outcomeClose: "Close",
    transferIntro: (structure) =>
      `Appoint the new principal manager of ${structure}. You will stay attached to the structure, as a simple user.`,
    structureLine: (designation, identifier) => `*${designation}* (${identifier})`,
    loginEmail: "Login e-mail of the new principal manager",
    loginEmailHint: "An active user attached to the structure (validated attachment).",
    candidate: "Or look them up among the structure's users",
    candidatePlaceholder: "Search a user",
    candidateOption: (name, email) => `${name} – ${email}`,
    tooManyCandidates: (max) =>
      `More than ${max} users can take the role: type the login e-mail of the new principal manager.`,
    noCandidate:
      "No other active user is attached to this structure: attach the future principal manager first.",
    transferred: (name, structure) =>
      `${name} is now the principal manager of ${structure}. You stay attached to it as a simple user.`,
    notPrincipal: (structure, currentPrincipal) =>
      `You are not (or no longer) the principal manager of ${structure}: the role is held by ${currentPrincipal}. Only the principal manager can hand it over; nothing was changed.`,
    noPrincipal: "nobody",
    successorRequired: "Appoint the new principal manager: type their login e-mail or pick them in the list.",
    successorAmbiguous: "The typed e-mail and the picked user are not the same person: keep only one.",
    successorIsSelf: "You are the current principal manager: appoint another user.",
    candidateNotFound: "The picked user cannot be found: appoint another one.",
    successorInactive: (email) =>
      `The account ${email} is not active: only an active user can become principal manager.`,
    successorNotAttached: (email) =>
      `${email} is not attached to this structure (validated attachment): they cannot become its principal manager.`,
    deactivateTitle: "Deactivate my account",
    deactivateSubmit: "Deactivate my account",
    deactivateIntro:
      "Your account will be deactivated. You can reactivate it within 60 days with `/chorus reactiver`; your attachments to structures are kept.",
    successorsIntro: (count) =>
      count === 1
        ? "First appoint a new principal manager for the structure you are the principal manager of:"
        : `First appoint a new principal manager for each of the ${count} structures you are the principal manager of:`,
    principalNowhere:
      "You are the principal manager of no structure: your account can be deactivated directly.",
    deactivationRefusedPigp: (structures) =>
      `You cannot deactivate your account: ${structures} goes through the PIGP. For a public structure on the PIGP, the principal manager can only leave by keeping access: designate a new principal manager with « /chorus transferer ».`,
    successorForAll: "One new principal manager for all your structures",
    inProgress: "The designation is being recorded…",
    successorForAllHint:
      "Their login address: they must be attached to each. A structure designated below keeps its own successor.",
    tooManyToList: (count, max) =>
      `You are the principal manager of ${count} structures, more than the ${max} a modal can list: designate one successor for all above, or hand some over first one by one with \`/chorus transferer <identifier>\`.`,
    structuresChanged:
      "The structures you are the principal manager of changed since this window opened: nothing was changed. Run `/chorus desactiver` again.",
    alreadyDeactivated: "Your account is already deactivated.",
    deactivated: (until) =>
      `Your account is deactivated. You can reactivate it until ${until} with \`/chorus reactiver\`.`,
    reactivated: "Your account is reactivated: your attachments to structures are back.",
    reactivationExpired: (deactivatedOn, days) =>
      `Your account was deactivated on ${deactivatedOn}: the ${days}-day period to reactivate it is over. Ask to be attached to your structures again.`,
    notDeactivated: "Your account is active: there is nothing to reactivate.",
    noDeactivatedAccount: (email) =>
      `No deactivated Chorus Pro account matches your Slack e-mail (${email}).`,
    emailSubject: (structure) => `Chorus Pro – You are now the principal manager of ${structure}`,
    emailBody: (structure, former) =>
      `${former} appointed you principal manager of ${structure}. You now manage its attachments, subscriptions and managers.`,
  },
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
  attachmentStatuses: {
    PENDING: "Pending validation",
    VALIDATED: "Validated",
    UPCOMING: "Upcoming",
    REFUSED: "Refused",
    DEACTIVATED: "Deactivated",
    DELETED: "Deleted",
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
    deactivatedOn: (when) =>
      `Deactivated on ${when}: it could no longer be granted (the requester's attachment deleted, or the service deactivated)`,
    cancelledOn: (when: string) => `Withdrawn by the requester on ${when}`,
    expiredOn: (when: string) => `Expired on ${when}: left without a decision too long`,
    grantedRole: "Granted role",
    grantedSpaces: "Spaces opened",
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
    itemDetail: (requester, date, asked) => `${requester} · ${date} · ${asked}`,
    open: "Open a request…",
    openHint: "Opens the chosen request with what it asks, to validate or refuse it.",
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
    refuseInstead: "Refuse the request",
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
    title: "Chorus Pro",
    close: "Close",
    inProgress: "Your decision is being recorded…",
    recorded: "Your decision is recorded.",
  },
  errors: {
    unexpected: "Something went wrong. Nothing was recorded; please try again.",
    modalTooLate: "Slack could not open the window in time: click the button again.",
    modalTooLateCommand: "Slack could not open the window in time: run the command again.",
    storageFull:
      "The app's database has no space left on its disk: nothing was recorded. " +
      "Tell the app's administrator, then try again.",
    requestNotFound: {
      attachment: "This attachment request cannot be found.",
      subscription: "This subscription request cannot be found.",
    },
    requestMissing: "This request cannot be found.",
    alreadyDecided: (outcome, who, when) => `This request was already ${outcome} by ${who} on ${when}.`,
    outcomeValidated: "validated",
    outcomeRefused: "refused",
    alreadyDeactivated: (when) =>
      `This subscription request was deactivated on ${when}: it could no longer be granted (the requester's attachment deleted, or the service deactivated).`,
    alreadyCancelled: (when: string) => `This request was withdrawn by its requester on ${when}.`,
    alreadyExpired: (when: string) => `This request expired on ${when}, left without a decision too long.`,
    notManager: (structure) =>
      `You are neither principal nor secondary manager of the structure ${structure}: you cannot do this.`,
    noAccountForSlackUser: (email) =>
      `No active Chorus Pro account matches your Slack e-mail address (${email}).`,
    slackEmailNotConfirmed:
      "The e-mail address of your Slack profile is not confirmed: confirm it in Slack, then try again.",
    otherSlackWorkspace:
      "Your Chorus Pro structures are bound to another Slack workspace: use the app from that one.",
    structureInOtherWorkspace: (structure) =>
      `The structure ${structure} is bound to another Slack workspace: choose its channel from that one.`,
    noEmailForSlackUser:
      "Slack gives no e-mail address for your account: you cannot be identified in Chorus Pro.",
    reasonRequired: "Give the reason for the refusal.",
    textTooLong: (max) => `${max} characters at most.`,
    roleInvalid: "Choose “Secondary manager” or “Simple user”.",
    scopeNothingChosen: "Tick “Attach to the structure” or choose at least one service.",
    scopeBothChosen: "Choose either the whole structure or services, not both.",
    scopeUnknownService: "One of the chosen services no longer exists or is inactive.",
    scopeAlreadyAttached: "The user is already attached to one of the chosen services.",
    structureNotFound: (identifier) => `No structure has the identifier ${identifier}.`,
    pigpPublicOnly: "Only a public structure can go through the PIGP.",
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
    identifierFormat: {
      SIRET: "A SIRET has 14 digits.",
      UE_HORS_FRANCE:
        "An « UE hors France » identifier is the intra-community VAT number of another member state: its country code (DE, BE, EL…) then 2 to 13 letters or digits.",
      HORS_UE: "A « Hors UE » identifier has 1 to 50 letters, digits, dots, hyphens or slashes.",
      RIDET: "A RIDET number has 10 digits: the 7 of the RID then the 3 of the establishment's rank.",
      TAHITI:
        "A TAHITI number has a letter or digit then 5 digits, followed where needed by the establishment's 3 digits.",
      PARTICULIER: "A « Particulier » identifier has 1 to 50 letters, digits, dots, hyphens or slashes.",
      AUTRE: "An « Autre » identifier has 1 to 50 letters, digits, dots, hyphens or slashes.",
    },
    invalidInput: "Invalid data.",
    malformedJson: "The request body is not valid JSON.",
    notJson: "The request body must be JSON, sent with the header Content-Type: application/json.",
    unauthorizedApi: "Missing or invalid API token (Authorization: Bearer …).",
    unauthorizedMetrics: "Missing or invalid metrics token (Authorization: Bearer …).",
    routeNotFound: "Unknown resource.",
    idempotencyKeyReused: "This idempotency key was already used for another request.",
    requestInProgress: "A request with this idempotency key is being processed.",
    userNotAttached: (email) => `The user ${email} is not attached to this structure.`,
    spaceDuplicate: (space) => `The space ${space} is asked twice for the same scope.`,
    selectionEmpty: "Select at least one request, or tick “all filtered requests”.",
    noManagedStructure: "You are not principal or secondary manager of any active structure.",
    invalidChannel: "Invalid Slack channel id.",
    loneSurrogate:
      "This text holds an invalid character (half of a UTF-16 surrogate pair, alone): remove it.",
    nulCharacter: "The NUL character (\\u0000) is not allowed.",
    spaceNotRequested: "One of the chosen spaces is not part of the request.",
    spaceNotForRole: (space, role) =>
      `The "${space}" space is not open to a ${role.toLowerCase()}: it is for the structure's managers only.`,
    spacesNotForRole: (spaces, role) =>
      `The user's role (${role.toLowerCase()}) gives no access to: ${spaces}. Refuse the request, or change their role first.`,
    bulkActionInvalid: "Choose “Validate the selection” or “Refuse the selection”.",
    structureRequired: "Choose a structure.",
  },
  commands: {
    helpTitle: "*Available commands*",
    /** Each sub-command's line in the help, by its word. */
    lines: {
      demandes:
        "`/chorus demandes [identifier]`: the pending requests, to validate or refuse one by one or in bulk",
      utilisateurs:
        "`/chorus utilisateurs`: search the users of your structures, modify them, resend their activation e-mail, delete their attachment or export them",
      rattacher:
        "`/chorus rattacher <identifier>`: search a user and attach them to the structure, or create their account (an activation e-mail is sent to them)",
      detacher:
        "`/chorus detacher <identifier> <login e-mail>`: delete a user's attachment to the structure (their subscriptions are deactivated)",
      technique:
        "`/chorus technique <identifier>`: principal manager, create the structure's technical user (API connection) or reset its password; the PDF summary arrives by direct message",
      structures: "`/chorus structures`: « Mes structures », those you manage, and their card",
      structure:
        "`/chorus structure <identifier>`: the structure's card and the change of its identifier (SIRET)",
      transferer:
        "`/chorus transferer <identifier>`: appoint the structure's new principal manager (you stay attached as a simple user)",
      desactiver:
        "`/chorus desactiver`: deactivate your account, after appointing a new principal manager for each of your structures",
      reactiver: "`/chorus reactiver`: reactivate your account within 60 days of its deactivation",
      historique:
        "`/chorus historique <identifier>`: the history of the actions taken on the structure, with filters and an export",
      rejets:
        "`/chorus rejets [identifier]`: the rejected flux files of the last 15 days, sent as direct messages",
      exporter:
        "`/chorus exporter <identifier> [utilisateurs|habilitations]`: get the CSV file of the structure's users or authorisations as a direct message",
      canal: "`/chorus canal <identifier>`: show the structure's requests in this channel",
      rejoindre:
        "`/chorus rejoindre [identifier]`: ask to be attached to a structure (or to some of its services)",
      importer:
        "`/chorus importer <identifier>`: import a structure from Chorus Pro with its technical account",
      absence: "`/chorus absence`: declare an absence and a delegate, or end it",
      abonner: "`/chorus abonner <identifier>`: ask for spaces of a structure you are attached to",
      aide: "`/chorus aide`: this help",
    },
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
    structureColumns: ["Structure identifier", "Structure name"],
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
    selectionFilename: (day) => `users-selection-${day}.csv`,
    selectionTitle: (count) => (count === 1 ? "1 selected user" : `${count} selected users`),
    emptySelection: "Select at least one user to export.",
    selectionNotManaged: "None of the selected users is attached to a structure you manage.",
  },
  /** The requester's DM after a decision. */
  requesterNotice: {
    decidedBy: (who: string) => `Decided by ${who}`,
    closedBySystem: "Closed automatically by Chorus Pro",
    more: (count: number) => `… and ${count} other request${count > 1 ? "s" : ""}: see the e-mail.`,
    fallback: "Your Chorus Pro requests were handled.",
    askAgain: "Ask again",
  },
  emails: {
    greeting: (firstName, lastName) => `Hello ${firstName} ${lastName},`,
    attachmentValidatedSubject: (structure) =>
      `Chorus Pro – Your attachment request to ${structure} is validated`,
    attachmentValidatedBody: (structure, role, scope) =>
      `Your attachment request to the structure ${structure} was validated.\nRole: ${role}\nAttachment: ${scope}`,
    openedSpaces: (spaces) => `Spaces opened: ${spaces}`,
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
    subscriptionDeactivatedSubject: (structure) =>
      `Chorus Pro – Your subscription request to the spaces of ${structure} is deactivated`,
    subscriptionDeactivatedBody: (structure) =>
      `Your subscription request to the spaces of the structure ${structure} was deactivated: it could no longer be granted (attachment to the structure deleted, or service deactivated).`,
    cancelledBody: (structure: string) => `You withdrew your request about the structure ${structure}.`,
    expiredSubject: (structure: string) => `Chorus Pro – Your request about ${structure} expired`,
    expiredBody: (structure: string) =>
      `Your request about the structure ${structure} was left without a decision too long: it expired. You may make it again (in Slack, "Ask again").`,
    managerComment: (comment) => `Manager's comment: ${comment}`,
    bulkSubject: (count) => `Chorus Pro – Your ${count} requests were decided`,
    bulkIntro: (count) => `A manager decided ${count} of your requests:`,
    signature: "This message was sent automatically by Chorus Pro; please do not reply.",
    appName: "Chorus Pro – Managers' bot",
    linkAsText: "If the button does not work, copy this address into your browser:",
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
    actions: {
      searchUsers: "Search for a user",
      fluxRejects: "EDI rejects",
      myStructures: "My structures",
      pendingList: "All requests",
      viewStructure: "View the structure",
      history: "History",
      exportUsers: "Export",
    },
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
  userSearch: {
    title: "User search",
    submit: "Search",
    close: "Close",
    back: "Back",
    cancel: "Cancel",
    save: "Save",
    continue: "Continue",
    criteriaHint: "Enter at least one criterion. Part of a word is enough; case and accents are ignored.",
    lastName: "Last name",
    firstName: "First name",
    loginEmail: "Login e-mail",
    status: "Status",
    allStatuses: "All statuses",
    structure: "Structure",
    allStructures: "All my structures",
    structureHint: "Name or identifier of the structure",
    service: "Service",
    serviceHint: "Label or code of the service",
    reset: "Reset",
    noCriterion: "Enter at least one search criterion.",
    structureNotManaged: "You are neither principal nor secondary manager of the chosen structure.",
    userNotFound: "This user is not attached to any of your structures.",
    notTheirManager: "You can only modify users attached to a structure you manage.",
    nameRequired: "This field is required.",
    contactEmailInvalid: "Enter a valid e-mail address (e.g. first.last@example.com).",
    count: (total: number, page: number, pages: number) =>
      `${total} user${total > 1 ? "s" : ""} — page ${page}/${pages}`,
    empty: "No user of your structures matches these criteria.",
    technical: "Technical user",
    attachmentLine: (structure: string, role: string, scope: string) => `• ${structure} — ${role} — ${scope}`,
    pendingRequestLine: (structure: string) => `• ${structure} — attachment request pending`,
    upcoming: (date: string) => `_upcoming_ (from ${date})`,
    moreStructures: (count: number) => `… and ${count} more (see the details)`,
    showDetail: "See details",
    editUser: "Modify the user",
    sendActivation: "Send the activation e-mail",
    validateRequest: (structure: string) => `Validate the request — ${structure}`,
    refuseRequest: (structure: string) => `Refuse the request — ${structure}`,
    detach: (structure: string) => `Delete the attachment — ${structure}`,
    resetTechnicalPassword: (structure: string) => `Reset the password — ${structure}`,
    detachConfirmTitle: "Delete the attachment?",
    detachConfirmText: (user: string, structure: string) =>
      `${user} will no longer be attached to ${structure}; their subscriptions to it will be deactivated.`,
    detachConfirm: "Delete",
    bulkDetachConfirmText:
      "The ticked users' attachments will be deleted (at structure level) and their subscriptions deactivated.",
    selection: "Selection",
    selectionHint: "Tick users of this page, then choose an action below.",
    bulkActivation: "Resend the activation e-mail",
    bulkDetach: "Delete the attachment",
    bulkExport: "Export (CSV)",
    selectionEmpty: "Tick at least one user in the selection.",
    activationSent: (names: string) => `Activation e-mail sent to: ${names}.`,
    detached: (structure: string, names: string) =>
      `Attachment to ${structure} deleted for: ${names}; their subscriptions to it are deactivated.`,
    skipped: (name: string, reason: string) => `Not done: ${name} — ${reason}.`,
    activationSkipReasons: {
      not_pending_activation: "the account is not awaiting activation",
      not_managed: "the user is not attached to any of your structures",
    },
    detachSkipReasons: {
      principal_manager: "principal manager: a structure cannot lose its principal manager",
      not_attached: "the user is not attached to this structure",
    },
    updated: (name: string) => `The user ${name} has been modified.`,
    decided: (name: string, structure: string, validated: boolean) =>
      `Attachment request of ${name} to ${structure} ${validated ? "validated" : "refused"}.`,
    unchanged: (name: string) => `Nothing changed for ${name}.`,
    detailTitle: "User details",
    structuresHeader: "Attached structures",
    elsewhereHeader: "Other structures (you do not manage them)",
    attachmentStatus: "Attachment status",
    contactEmail: "Contact e-mail",
    contactEmailHint: "Empty: e-mails go to the login address.",
    noContactEmail: "none (login e-mail)",
    editTitle: "Modify the user",
    bulkDetachTitle: "Delete attachments",
    bulkDetachIntro: (count: number) =>
      `The attachment of ${count} selected user${count > 1 ? "s" : ""} to the chosen structure will be deleted (the whole structure, never a single service) and their subscriptions deactivated.`,
    theStructure: "the structure",
    noSharedStructure: "None of the ticked users is attached to one of your structures.",
  },
  /** /chorus rattacher: manager-initiated attachment and account creation. */
  attachUser: {
    usage: "Usage: `/chorus rattacher <structure identifier>`",
    homeButton: "Attach a user",
    searchTitle: "Attach a user",
    searchSubmit: "Search",
    close: "Close",
    structureLine: (structure) => `Structure: *${structure}*`,
    searchHint: "Enter at least one criterion. Case and accents are ignored; the start of a name is enough.",
    lastName: "Last name",
    firstName: "First name",
    loginEmail: "Login e-mail",
    contactEmail: "Contact e-mail (optional)",
    contactEmailHint: "Otherwise, e-mails are sent to the login e-mail.",
    criterionRequired: "Enter at least one search criterion.",
    resultCount: (count) =>
      count === 1 ? "1 account matches the search." : `${count} accounts match the search.`,
    tooManyResults: (shown) => `Only the first ${shown} accounts are shown: refine the search.`,
    noResult: "No Chorus Pro account matches this search. You can create the user's account.",
    notFoundHint: "The user is not in the list? You can create their account.",
    attachButton: "Attach",
    createButton: "Create the user account",
    attachTitle: "Attach the user",
    createTitle: "Create a user",
    submit: "Confirm",
    createSubmit: "Create the user",
    back: "Back",
    role: "Role",
    startDate: "Start date of validity",
    comment: "Comment (optional)",
    pendingRequestNote:
      "This user has a pending attachment request on this structure: this attachment will validate it.",
    startDateRequired: "Choose the start date of validity.",
    startDatePast: "The start date of validity cannot be in the past.",
    nameRequired: "Required field.",
    loginEmailInvalid: "Invalid login e-mail (example: first.last@example.com).",
    contactEmailInvalid: "Invalid contact e-mail (example: first.last@example.com).",
    accountNotFound: "This user account cannot be found.",
    structureNotFound: "This structure cannot be found.",
    technicalAccount: "A technical user is not attached this way: the principal manager creates it.",
    attached: (name, structure) => `${name} is attached to the structure ${structure}.`,
    created: (name, structure, email) =>
      `The account of ${name} was created (awaiting activation) and attached to the structure ${structure}. An activation e-mail was sent to ${email}.`,
    emailSubject: (structure) => `Chorus Pro – You are attached to ${structure}`,
    emailBody: (structure, role, scope, startDate) =>
      `A manager attached you to the structure ${structure}.\nRole: ${role}\nAttachment: ${scope}\nStart date of validity: ${startDate}`,
  },
  /** Activation e-mails and the activation page. */
  pages: {
    serviceTitle: "Chorus Pro managers",
    serviceTagline: "The Slack bot of Chorus Pro structure managers",
    republic: ["République", "Française"],
    skipLinks: "Skip links",
    skipToContent: "Content",
    footerDescription: "These pages activate your Chorus Pro account and install the managers' bot in Slack.",
    designSystemLicence: "Licence of the French State's design system",
  },
  oauthPages: {
    installedTitle: "App installed",
    installed: (workspace) =>
      `The Chorus Pro managers' bot is installed in the workspace ${workspace}. Slack is opening.`,
    openSlack: "Open Slack",
    openWeb: "Open Slack in the browser",
    failedTitle: "The installation failed",
    failed: (reason) =>
      `The app was not installed. Start again from the install link, or contact the app's administrator (reason: ${reason}).`,
  },
  activation: {
    emailSubject: "Chorus Pro – Activate your account",
    emailBody: (loginEmail) =>
      `To activate your Chorus Pro account (login: ${loginEmail}), choose your password on the activation page:`,
    emailValidity:
      "This link works for 60 minutes and only once. After that, ask a manager of your structure for a new activation e-mail.",
    accountNotFound: "One of the chosen users cannot be found.",
    pageTitle: "Activate your Chorus Pro account",
    pageIntro: (name, loginEmail) =>
      `Hello ${name}, choose the password of your Chorus Pro account (login: ${loginEmail}).`,
    passwordLabel: (min) => `Password (at least ${min} characters)`,
    confirmationLabel: "Confirm the password",
    submit: "Activate my account",
    passwordHint:
      "Choose a password that is hard to guess, for instance several unrelated words, without your last name, first name or login.",
    passwordTooShort: (min) => `The password must have at least ${min} characters.`,
    passwordBlank: "The password cannot be made of spaces only.",
    passwordContainsLogin: "The password must not contain your login.",
    passwordContainsName: "The password must contain neither your last name nor your first name.",
    passwordCommon: "This password is one of the most common passwords: choose another one.",
    passwordTooWeak:
      "This password is too easy to guess: make it longer, for instance with several unrelated words.",
    passwordMismatch: "The two passwords differ.",
    throttledTitle: "Too many attempts",
    throttled: (minutes) =>
      `Too many activation attempts failed for this link or from your connection. Try again in ${minutes} minute${minutes > 1 ? "s" : ""}, by opening the link in your e-mail again.`,
    activatedTitle: "Your Chorus Pro account is active",
    activatedBody: (loginEmail) =>
      `You can now log in to Chorus Pro with ${loginEmail} and the password you chose.`,
    unusableTitle: "Unusable activation link",
    unusableTitles: {
      unknown: "Unknown activation link",
      expired: "Expired activation link",
      used: "Activation link already used",
      revoked: "Activation link replaced",
      account_not_pending: "Account no longer awaiting activation",
    },
    rulesTitle: "Your password must:",
    ruleLength: (min) => `be ${min} characters long at least;`,
    rulePersonal: "contain neither your login e-mail, nor your last or first name;",
    ruleStrength: "be hard to guess (checked when the form is sent);",
    ruleSame: "be typed the same twice.",
    ruleMet: "rule met",
    ruleBroken: "rule not met",
    ruleUnchecked: "rule not checked yet",
    forbiddenTitle: "Form refused",
    forbidden:
      "This form was not sent from the activation page, or it is no longer valid. Open the link of your activation e-mail again and start over.",
    errorSummaryTitle: "The password was not accepted",
    linkUnknown: "This activation link does not exist.",
    linkExpired: "This activation link has expired: it only works for 60 minutes.",
    linkUsed: "This activation link has already been used.",
    linkRevoked: "This activation link was replaced by a more recent e-mail.",
    accountNotPending: "This account is no longer awaiting activation.",
    askManager: "Ask a manager of your structure to send you a new activation e-mail.",
  },
  /** Technical users (API connection) and their connection PDF. */
  technicalUser: {
    usage: "Usage: `/chorus technique <structure identifier>`",
    principalOnly: (structure: string) =>
      `Only the principal manager of the structure ${structure} can create a technical user or reset its password.`,
    alreadyExists: (login: string) => `This structure already has a technical user (${login}).`,
    notFound: "This technical user cannot be found on this structure.",
    loginInvalid: "Enter a valid login e-mail address.",
    contactInvalid: "Enter a valid contact e-mail address, or leave the field empty.",
    loginUsed: (email: string) => `The login e-mail ${email} is already used by another account.`,
    /** The account's names: "Utilisateur technique" + the structure's designation. */
    accountFirstName: "Utilisateur technique",
    createModal: {
      title: "Technical user",
      submit: "Create",
      close: "Cancel",
      heading: "Create a technical user",
      intro: (structure: string) =>
        `Connecting ${structure} to Chorus Pro through the API needs a technical user, attached to the whole structure. Its password will be sent to you by direct message in a PDF summary.`,
      login: "Login e-mail",
      loginHint:
        "The login e-mail may differ from the contact e-mail: ask your IT department or your software vendor for it.",
      contact: "Contact e-mail",
    },
    existingModal: {
      title: "Technical user",
      close: "Close",
      intro: (structure: string) => `Technical user of the structure ${structure}:`,
      login: "Login e-mail",
      contact: "Contact e-mail",
      createdAt: "Created on",
      none: "—",
      reset: "Reset the password (technical user)",
      export: "Export the connection details",
      exportSent: (file) =>
        `The summary ${file} (without the password, which is kept nowhere) is sent to you in a direct message.`,
    },
    resetModal: {
      title: "Reset password",
      submit: "Confirm",
      close: "Cancel",
      confirm: (login: string) =>
        `Reset the password of the technical user *${login}*? The new password will be sent to you by direct message in a PDF summary.`,
      warning:
        ":warning: Tell your IT manager or your software vendor: the old password stops working at once, and until the API connection is updated with the new one, its calls will be blocked.",
    },
    doneModal: { title: "Technical user", close: "Close" },
    created: (login: string) =>
      `The technical user ${login} is created. The account creation summary (PDF) is sent to you by direct message.`,
    passwordReset: (login: string) =>
      `The password of the technical user ${login} is reset. The new summary (PDF) is sent to you by direct message.`,
    pdfNotSent:
      "The PDF summary could not be sent to you. Reset the technical user's password to get a new one.",
    pdf: {
      title: "Technical user account creation summary",
      structure: "Structure",
      designation: "Name",
      identifier: "Identifier",
      account: "Technical user account",
      login: "Login e-mail",
      password: "Password",
      createdAt: "Account created on",
      passwordResetAt: "Password reset on",
      exportTitle: "Technical user connection details",
      exportedAt: "Details exported on",
      passwordNotKept: "Not given: it is kept nowhere",
      exportNote:
        "The password is handed over only when the account is created and each time it is reset. If it is lost, the principal manager resets it: the old one then stops working.",
      instruction:
        "Update the API connection of your information system with this login and this password: give them to your IT department or your software vendor.",
      keepSafe:
        "This password is not kept anywhere in clear: keep this document safe. If it is lost, the principal manager can reset the password.",
      filename: (identifier: string, day: string) => `technical-user-${identifier}-${day}.pdf`,
      fileTitle: (identifier: string) => `Technical user connection details (${identifier})`,
    },
  },
  /** "Supprimer le rattachement". */
  detach: {
    structureNotFound: "This structure cannot be found.",
    userNotFound: "One of the selected users cannot be found.",
    principalChanged:
      "The structure's principal manager changed during the deletion: nothing was deleted, please try again.",
    usage: "Usage: `/chorus detacher <structure identifier> <login e-mail>`",
    detached: (user: string, structure: string) =>
      `${user}'s attachment to the structure ${structure} is deleted; their subscriptions to this structure are deactivated.`,
    skippedPrincipal: (user: string) =>
      `${user} is the structure's principal manager: their attachment cannot be deleted (hand the principal role over first).`,
    skippedNotAttached: (user: string) => `${user} is not attached to this structure: nothing to delete.`,
  },
  /** /chorus historique: the history list, its detail view and export. */
  history: {
    title: "History",
    close: "Close",
    exportButton: "Export (CSV)",
    allActions: "All actions",
    actionFilter: "Kind of action",
    from: "From",
    to: "To",
    count: (total: number, page: number, pages: number) =>
      `${total} action${total > 1 ? "s" : ""} — page ${page}/${pages}, newest first`,
    empty: "No action matches these criteria.",
    previous: "◀ Previous",
    next: "Next ▶",
    detailButton: "Details",
    system: "Chorus Pro (automatic)",
    line: (date: string, actor: string, action: string, target: string) =>
      `${date} — ${actor} — ${action} — ${target}`,
    noTarget: "—",
    periodReversed: "The start date must come before the end date.",
    entryNotFound: "This history entry cannot be found.",
    usage: "Usage: `/chorus historique <structure identifier>`",
    exportSent: (filename: string) => `The file ${filename} is being sent to you as a direct message.`,
    detailTitle: "Action details",
    date: "Date",
    actor: "Actor",
    action: "Action",
    target: "User concerned",
    comment: "Comment",
    changes: "What changed",
    noChanges: "No details recorded.",
    request: "Request concerned",
    yes: "Yes",
    no: "No",
    /** What the keys of an entry's details mean; other keys are shown as they are. */
    detailKeys: {
      role: "Role",
      wholeStructure: "Whole structure",
      serviceIds: "Services",
      spaces: "Spaces",
      space: "Space",
      serviceCode: "Service",
      reason: "Reason",
      from: "Before",
      to: "After",
      identifier: "Identifier",
      principalManager: "Principal manager",
      designation: "Name",
      hasBillingMandate: "Billing mandate",
      pacageNumber: "PACAGE number",
      socialRegime: "Social regime",
      vatNumber: "Intra-community VAT number",
      connectionInfo: "Connection information",
      code: "Service code",
      label: "Service label",
      detachedUsers: "Users detached from the service",
      deactivatedRequests: "Subscription requests deactivated",
      startsOn: "First day away",
      endsOn: "Last day away",
      delegate: "Delegate",
    } as Record<string, string>,
    /** The guide's "Commentaires" column, and words for this app's other actions. */
    actions: {
      ATTACHMENT_VALIDATED: "Attachment validated",
      ATTACHMENT_REFUSED: "Attachment refused",
      SUBSCRIPTION_VALIDATED: "Subscription validated",
      SUBSCRIPTION_REFUSED: "Subscription refused",
      SUBSCRIPTION_DEACTIVATED: "Subscription deactivated",
      ATTACHMENT_DELETED: "Attachment deleted",
      ATTACHMENT_CREATED_BY_MANAGER: "Attached by a manager",
      USER_CREATED: "User created",
      USER_UPDATED: "User updated",
      ACTIVATION_EMAIL_SENT: "Activation e-mail sent",
      TECHNICAL_USER_CREATED: "Technical user created",
      TECHNICAL_PASSWORD_RESET: "Technical user's password reset",
      PRINCIPAL_TRANSFERRED: "Principal manager role handed over",
      ACCOUNT_DEACTIVATED: "Account deactivated",
      ACCOUNT_REACTIVATED: "Account reactivated",
      STRUCTURE_CREATED: "Structure created",
      STRUCTURE_IDENTIFIER_CHANGED: "Structure identifier changed",
      STRUCTURE_CHANNEL_SET: "Slack channel of the requests chosen",
      ACCOUNT_ACTIVATED: "Account activated",
      DEFAULT_SUBSCRIPTIONS_GRANTED: "Subscribed to the default spaces",
      SUBSCRIPTION_REQUEST_DEACTIVATED: "Subscription request deactivated",
      ATTACHMENT_STARTED: "Attachment start date reached",
      ATTACHMENT_UPDATED: "Attachment changed",
      STRUCTURE_UPDATED: "Structure changed",
      SERVICE_CREATED: "Service created",
      SERVICE_UPDATED: "Service changed",
      SERVICE_DEACTIVATED: "Service deactivated",
      SERVICE_REACTIVATED: "Service reactivated",
      REQUEST_CANCELLED: "Request withdrawn by its requester",
      REQUEST_REMINDED: "Request reminded by its requester",
      REQUEST_EXPIRED: "Request expired without a decision",
      REQUEST_QUESTION_ASKED: "Question to the requester",
      REQUEST_QUESTION_ANSWERED: "Answer from the requester",
      ABSENCE_DECLARED: "Manager's absence declared",
      ABSENCE_ENDED: "Manager's absence ended",
      STRUCTURE_IMPORTED: "Structure imported from Chorus Pro",
      CHORUS_PRO_SYNCED: "Updated from Chorus Pro",
    },
    columns: [
      "No.",
      "Date",
      "Time",
      "Actor",
      "Comments",
      "User concerned",
      "Login e-mail",
      "Manager's reason or comment",
    ],
    filename: (identifier: string, day: string) => `history-${identifier}-${day}.csv`,
    fileTitle: (designation: string, identifier: string) => `History of ${designation} (${identifier})`,
  },
  /** /chorus rejets and the flux-reject files. */
  fluxRejects: {
    managersOnly:
      "Flux rejects are only available to the principal and secondary managers of an active structure.",
    usage: "Usage: `/chorus rejets [structure identifier]`",
    channels: {
      EDI_TDT: "EDI / TDT",
      API: "API",
      PORTAIL_XML: "Portal (XML)",
      PORTAIL_PDF_A3: "Portal (PDF/A3)",
    },
    columns: [
      "Reject code",
      "Reject reason",
      "Emitter structure designation",
      "Emitter structure identifier",
      "Deposit date",
      "Payment request number",
      "Flux number",
      "File name",
      "Channel",
      "Recipient",
    ],
    filename: (identifier: string, day: string) => `rejects-${identifier}-${day}.csv`,
    fileTitle: (designation: string, identifier: string, date: string) =>
      `Flux rejects of ${designation} (${identifier}) on ${date}`,
    selectionEmpty: "Tick at least one file.",
    fileGone:
      "One of the chosen files is no longer available (files are purged after 15 days): open the list again.",
    modal: {
      title: "Flux rejects",
      intro:
        "Payment requests sent by flux (EDI/TDT, API, portal XML or PDF/A3) and rejected by Chorus Pro, one file per day and emitter structure. Files older than 15 days are purged.",
      empty: "No reject file is available for your structures.",
      count: (shown: number, total: number) =>
        shown === total
          ? `${total} file${total > 1 ? "s" : ""} available, newest first.`
          : `The ${shown} newest files of ${total}.`,
      more: (rest: number) =>
        `… and ${rest} older file${rest > 1 ? "s" : ""}: name the structure with \`/chorus rejets <identifier>\`.`,
      selection: "Files to receive",
      selectionHint: "Each ticked file is sent to you by direct message, as a CSV file.",
      fileLine: (date: string, designation: string) => `${date} — ${designation}`,
      fileDetail: (identifier: string, count: number) =>
        `${identifier} — ${count} reject${count > 1 ? "s" : ""}`,
      submit: "Receive",
      close: "Close",
      sending: (count: number) =>
        count === 1
          ? "The file is being sent to you by direct message."
          : `The ${count} files are being sent to you by direct message.`,
    },
    digest: {
      title: "Flux rejects",
      newRejects: (count: number) =>
        `*${count} new flux reject${count > 1 ? "s" : ""}* since the last digest.`,
      open: "Open the rejects",
      notification: (structure: string, count: number) =>
        `${structure}: ${count} new flux reject${count > 1 ? "s" : ""}`,
    },
  },
  chorusPro: {
    unreachable: (reason: string) =>
      `Chorus Pro is unreachable (${reason}): nothing was read. Try again in a few minutes.`,
    reasons: {
      timeout: "no answer in time",
      network: "network error",
      rateLimited: "too many calls, PISTE quota reached",
      serverError: (status: number) => `server error, HTTP ${status}`,
      unexpectedAnswer: "unexpected answer",
    },
    appRefused:
      "PISTE refuses the app's credentials (CHORUS_PRO_CLIENT_ID, CHORUS_PRO_CLIENT_SECRET): tell the app's administrator.",
    accountRefused: (libelle: string | null) =>
      `Chorus Pro refuses the credentials of the structure's technical account (wrong, expired or revoked login or password)${libelle ? `: "${libelle}"` : ""}. Its principal manager can set a new password in Chorus Pro.`,
    rejected: (libelle: string, code: number) => `Chorus Pro refused the call: "${libelle}" (code ${code}).`,
  },
};
