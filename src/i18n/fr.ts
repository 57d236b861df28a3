/** French, the default language: the Chorus Pro manager guide's vocabulary. */
export const fr = {
  dateTime: { locale: "fr-FR", at: "à" },
  /** French typography puts a space before the colon. */
  colon: " : ",
  roles: {
    PRINCIPAL_MANAGER: "Gestionnaire principal",
    SECONDARY_MANAGER: "Gestionnaire secondaire",
    SIMPLE_USER: "Utilisateur simple",
  },
  accountStatuses: {
    PENDING_ACTIVATION: "En cours d'activation",
    ACTIVE: "Actif",
    DEACTIVATED: "Désactivé",
  },
  requestKinds: {
    attachment: "Demande de rattachement",
    subscription: "Demande d'abonnement",
  },
  spaces: {
    FACTURES_EMISES: "Factures émises",
    FACTURES_RECUES: "Factures reçues",
    FACTURES_TRAVAUX: "Factures de travaux",
    SOLLICITATIONS_EMISES: "Sollicitations émises",
    SOLLICITATIONS_RECUES: "Sollicitations reçues",
    ENGAGEMENTS: "Engagements",
    MEMOIRES_FRAIS_JUSTICE: "Mémoires de frais de justice",
    SUIVI_FLUX: "Suivi des flux",
    ACTIVITES_GESTIONNAIRE: "Activités du gestionnaire",
  },
  accessLevels: {
    MODIFICATION: "Modification",
    CONSULTATION: "Consultation",
  },
  attachmentRequest: {
    title: "Demande de rattachement",
    newRequest: "Nouvelle demande de rattachement",
    structure: "Structure",
    requester: "Demandeur",
    requestedServices: "Services demandés",
    wholeStructure: "Toute la structure",
    comment: "Commentaire du demandeur",
    noComment: "Aucun commentaire",
    requestedOn: "Date de la demande",
    validate: "Valider",
    refuse: "Refuser",
    pending: "En attente de décision",
    validatedBy: (who: string, when: string) => `Validée par ${who} le ${when}`,
    refusedBy: (who: string, when: string) => `Refusée par ${who} le ${when}`,
    grantedRole: "Rôle attribué",
    grantedScope: "Rattachement",
    managerComment: "Commentaire du gestionnaire",
    refusalReason: "Motif du refus",
    notificationText: (structure: string, requester: string) =>
      `Demande de rattachement de ${requester} à ${structure}`,
  },
  subscriptionRequest: {
    newRequest: "Nouvelle demande d'abonnement",
    automaticRequest: "Demande d'abonnement automatique (paramétrage de la structure)",
    requestedSpaces: "Espaces demandés",
    grantedAccess: "Accès accordés",
    allServices: "tous les services",
    spaceLine: (space: string, scope: string, access: string) => `${space} — ${scope} — ${access}`,
    notificationText: (structure: string, requester: string) =>
      `Demande d'abonnement de ${requester} aux espaces de ${structure}`,
  },
  validateSubscriptionModal: {
    title: "Valider l'abonnement",
    modification: "Accès en modification",
    modificationHint:
      "Décochez un espace pour limiter l'accès à la consultation. La modification permet de créer et modifier les factures, sollicitations…",
    consultationOnly: "Demandés en consultation",
  },
  pendingList: {
    title: "Demandes en attente",
    submit: "Appliquer",
    close: "Fermer",
    allStructures: "Toutes mes structures",
    allKinds: "Toutes les demandes",
    structureFilter: "Structure",
    kindFilter: "Type de demande",
    count: (total: number, page: number, pages: number) =>
      `${total} demande${total > 1 ? "s" : ""} en attente — page ${page}/${pages}, les plus anciennes d'abord`,
    empty: "Aucune demande en attente pour ces critères.",
    selection: "Sélection",
    selectionHint:
      "La sélection porte sur la page affichée ; pour aller au-delà, cochez « toutes les demandes filtrées ».",
    selectAll: (total: number) => `Toutes les demandes filtrées (${total})`,
    previous: "◀ Précédent",
    next: "Suivant ▶",
    action: "Action",
    validateSelection: "Valider la sélection",
    validateSelectionHint: "Rôle utilisateur simple, services et accès tels que demandés",
    refuseSelection: "Refuser la sélection",
    reason: "Motif du refus (un seul pour toute la sélection)",
    itemLine: (kind: string, structure: string) => `${kind} · ${structure}`,
    itemDetail: (requester: string, date: string) => `${requester} · ${date}`,
    started: (count: number) =>
      `Traitement de ${count} demande${count > 1 ? "s" : ""} en cours. Un récapitulatif vous sera envoyé en message privé.`,
  },
  bulkSummary: {
    validatedTitle: "Validation de la sélection terminée",
    refusedTitle: "Refus de la sélection terminé",
    done: (count: number) =>
      `:white_check_mark: ${count} demande${count > 1 ? "s" : ""} traitée${count > 1 ? "s" : ""}.`,
    notDone: (count: number) =>
      `:warning: ${count} demande${count > 1 ? "s" : ""} non traitée${count > 1 ? "s" : ""} :`,
    outcomes: {
      ALREADY_DECIDED: "déjà traitée",
      FORBIDDEN: "hors de vos structures",
      NOT_FOUND: "introuvable",
      FAILED: "erreur",
      DONE: "traitée",
    },
    line: (kind: string, structure: string, requester: string, why: string) =>
      `• ${kind} · ${structure} · ${requester} — ${why}`,
    more: (count: number) => `… et ${count} autre${count > 1 ? "s" : ""}.`,
  },
  validateModal: {
    title: "Valider la demande",
    submit: "Valider",
    close: "Annuler",
    structureBlock: "Structure",
    userBlock: "Utilisateur",
    role: "Rôle",
    scope: "Habilitations",
    wholeStructureOption: "Rattacher à la structure",
    wholeStructureHint: "L'utilisateur intervient sur toute la structure.",
    services: "Services",
    servicesHint:
      "Ou uniquement les services concernés, si l'utilisateur n'intervient que sur une partie de la structure.",
    servicesPlaceholder: "Choisir des services",
    alreadyAttached: "Déjà rattaché (validé)",
    alreadyAttachedWhole: "Déjà rattaché à toute la structure (validé)",
    managerComment: "Commentaire (facultatif)",
  },
  refuseModal: {
    title: "Refuser la demande",
    submit: "Refuser",
    close: "Annuler",
    reason: "Motif du refus",
    reasonHint: "Le motif est envoyé au demandeur par courriel.",
  },
  decisionOutcomeModal: {
    title: "Demande de rattachement",
    close: "Fermer",
  },
  errors: {
    unexpected: "Une erreur inattendue est survenue. L'action n'a pas été enregistrée ; réessayez.",
    requestNotFound: "Cette demande de rattachement est introuvable.",
    alreadyDecided: (outcome: string, who: string, when: string) =>
      `Cette demande a déjà été traitée (${outcome}) par ${who} le ${when}.`,
    outcomeValidated: "validée",
    outcomeRefused: "refusée",
    notManager: (structure: string) =>
      `Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire de la structure ${structure} : vous ne pouvez pas effectuer cette action.`,
    noAccountForSlackUser: (email: string) =>
      `Aucun compte Chorus Pro actif ne correspond à votre adresse Slack (${email}).`,
    noEmailForSlackUser:
      "Votre profil Slack n'expose pas d'adresse e-mail : impossible de vous identifier dans Chorus Pro.",
    reasonRequired: "Indiquez le motif du refus.",
    textTooLong: (max: number) => `${max} caractères au maximum.`,
    roleInvalid: "Choisissez « Gestionnaire secondaire » ou « Utilisateur simple ».",
    scopeNothingChosen: "Cochez « Rattacher à la structure » ou choisissez au moins un service.",
    scopeBothChosen: "Choisissez soit toute la structure, soit des services, pas les deux.",
    scopeUnknownService: "Un des services choisis n'existe plus ou n'est plus actif.",
    scopeAlreadyAttached: "L'utilisateur est déjà rattaché à un des services choisis.",
    structureNotFound: (identifier: string) => `Aucune structure ne porte l'identifiant ${identifier}.`,
    structureInactive: (identifier: string) => `La structure ${identifier} est inactive.`,
    structureExists: (identifier: string) => `Une structure porte déjà l'identifiant ${identifier}.`,
    userNotFound: (email: string) => `Aucun utilisateur n'a l'adresse de connexion ${email}.`,
    userExists: (email: string) => `Un utilisateur a déjà l'adresse de connexion ${email}.`,
    userDeactivated: (email: string) => `Le compte ${email} est désactivé.`,
    duplicatePendingRequest:
      "Une demande de rattachement de cet utilisateur à cette structure est déjà en attente.",
    alreadyAttachedWhole: "L'utilisateur est déjà rattaché à toute la structure.",
    serviceUnknown: (code: string) => `La structure n'a pas de service ${code}.`,
    serviceInactive: (code: string) => `Le service ${code} est inactif.`,
    serviceDuplicate: (code: string) => `Le service ${code} est cité deux fois.`,
    siretFormat: "Un SIRET compte 14 chiffres.",
    siretChecksum: "Ce SIRET n'est pas valide (clé de contrôle).",
    invalidInput: "Données invalides.",
    malformedJson: "Le corps de la requête n'est pas un JSON valide.",
    unauthorizedApi: "Jeton d'API manquant ou invalide (Authorization: Bearer …).",
    routeNotFound: "Ressource inconnue.",
    idempotencyKeyReused: "Cette clé d'idempotence a déjà servi pour une autre requête.",
    requestInProgress: "Une requête avec cette clé d'idempotence est en cours de traitement.",
    userNotAttached: (email: string) => `L'utilisateur ${email} n'est pas rattaché à cette structure.`,
    spaceDuplicate: (space: string) => `L'espace ${space} est demandé deux fois pour le même périmètre.`,
    selectionEmpty: "Sélectionnez au moins une demande, ou cochez « toutes les demandes filtrées ».",
    noManagedStructure: "Vous n'êtes gestionnaire principal ou secondaire d'aucune structure active.",
    invalidChannel: "Identifiant de canal Slack invalide.",
  },
  commands: {
    help: [
      "*Commandes disponibles*",
      "• `/chorus demandes [identifiant]` : les demandes en attente, à valider ou refuser une à une ou en masse",
      "• `/chorus canal <identifiant>` : afficher les demandes de la structure dans ce canal",
      "• `/chorus exporter <identifiant> [utilisateurs|habilitations]` : recevoir en message privé le fichier CSV des utilisateurs ou des habilitations de la structure",
      "• `/chorus aide` : cette aide",
    ].join("\n"),
    unknown: (text: string) => `Commande inconnue : « ${text} ».`,
    channelUsage: "Usage : `/chorus canal <identifiant de la structure>`, dans le canal choisi.",
    channelSet: (designation: string, identifier: string) =>
      `Les demandes de la structure ${designation} (${identifier}) seront affichées dans ce canal.`,
  },
  exports: {
    usersColumns: [
      "Nom",
      "Prénom",
      "Adresse de connexion",
      "Adresse de contact",
      "Statut",
      "Rôle",
      "Rattachement",
      "Date de début de validité",
    ],
    authorisationsColumns: [
      "Nom",
      "Prénom",
      "Adresse de connexion",
      "Identifiant de la structure",
      "Désignation de la structure",
      "Service",
      "Rôle",
      "Espace",
      "Accès",
    ],
    allServices: "Tous les services",
    usersFilename: (identifier: string, day: string) => `utilisateurs-${identifier}-${day}.csv`,
    authorisationsFilename: (identifier: string, day: string) => `habilitations-${identifier}-${day}.csv`,
    usersTitle: (designation: string, identifier: string) => `Utilisateurs de ${designation} (${identifier})`,
    authorisationsTitle: (designation: string, identifier: string) =>
      `Habilitations de ${designation} (${identifier})`,
    usage: "Usage : `/chorus exporter <identifiant de la structure> [utilisateurs|habilitations]`",
    sent: (filename: string) => `Le fichier ${filename} vous a été envoyé en message privé.`,
  },
  emails: {
    greeting: (firstName: string, lastName: string) => `Bonjour ${firstName} ${lastName},`,
    attachmentValidatedSubject: (structure: string) =>
      `Chorus Pro – Votre demande de rattachement à ${structure} est validée`,
    attachmentValidatedBody: (structure: string, role: string, scope: string) =>
      `Votre demande de rattachement à la structure ${structure} a été validée.\nRôle : ${role}\nRattachement : ${scope}`,
    attachmentRefusedSubject: (structure: string) =>
      `Chorus Pro – Votre demande de rattachement à ${structure} est refusée`,
    attachmentRefusedBody: (structure: string, reason: string) =>
      `Votre demande de rattachement à la structure ${structure} a été refusée.\nMotif du refus : ${reason}`,
    subscriptionValidatedSubject: (structure: string) =>
      `Chorus Pro – Votre demande d'abonnement aux espaces de ${structure} est validée`,
    subscriptionValidatedBody: (structure: string, lines: string) =>
      `Votre demande d'abonnement aux espaces de la structure ${structure} a été validée.\nAccès accordés :\n${lines}`,
    subscriptionRefusedSubject: (structure: string) =>
      `Chorus Pro – Votre demande d'abonnement aux espaces de ${structure} est refusée`,
    subscriptionRefusedBody: (structure: string, reason: string) =>
      `Votre demande d'abonnement aux espaces de la structure ${structure} a été refusée.\nMotif du refus : ${reason}`,
    managerComment: (comment: string) => `Commentaire du gestionnaire : ${comment}`,
    bulkSubject: (count: number) => `Chorus Pro – Vos ${count} demandes ont été traitées`,
    bulkIntro: (count: number) => `Un gestionnaire a traité ${count} de vos demandes :`,
    signature: "Ce message vous est envoyé automatiquement par Chorus Pro ; merci de ne pas y répondre.",
  },
  home: {
    title: "Demandes en attente",
    updatedAt: (when: string) => `Mis à jour le ${when}`,
    noStructure:
      "Vous n'êtes gestionnaire principal ou secondaire d'aucune structure : aucune demande ne vous attend ici.",
    kinds: { attachment: "Demandes de rattachement", subscription: "Demandes d'abonnement" },
    oldest: (date: string, days: number) =>
      `la plus ancienne du ${date} (${days === 0 ? "aujourd'hui" : `depuis ${days} jour${days > 1 ? "s" : ""}`})`,
    open: "Voir la liste",
    moreStructures: (count: number) =>
      count === 1 ? "… et 1 autre structure" : `… et ${count} autres structures`,
  },
  digest: {
    title: "Demandes en attente",
    summary: (date: string, count: number) =>
      `${count} demande${count > 1 ? "s" : ""} en attente de décision au ${date}.`,
    groups: {
      today: "Aujourd'hui",
      waiting: (from: number, to: number) => (from === to ? `${from} jour` : `${from} à ${to} jours`),
      overdue: (days: number) => `${days} jour${days > 1 ? "s" : ""} et plus`,
    },
    requestBy: (kind: string, requester: string) => `${kind} de ${requester}`,
    received: (date: string, days: number) =>
      days === 0 ? `reçue le ${date}` : `reçue le ${date} (${days} jour${days > 1 ? "s" : ""})`,
    more: (count: number) => `… et ${count} autre${count > 1 ? "s" : ""}`,
    notification: (structure: string, count: number) =>
      `${structure} : ${count} demande${count > 1 ? "s" : ""} en attente`,
  },
  reminder: {
    title: "Rappel : demandes en attente",
    intro: (structure: string, days: number, count: number) =>
      count === 1
        ? `Une demande de la structure ${structure} attend votre décision depuis ${days} jour${days > 1 ? "s" : ""} ou plus :`
        : `${count} demandes de la structure ${structure} attendent votre décision depuis ${days} jour${days > 1 ? "s" : ""} ou plus :`,
    notification: (structure: string, count: number) =>
      `Rappel : ${count} demande${count > 1 ? "s" : ""} en attente depuis longtemps – ${structure}`,
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

export type Messages = typeof fr;
