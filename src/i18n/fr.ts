import type { IdentifierType } from "../generated/prisma/enums.ts";

/** French, the default language: the Chorus Pro manager guide's vocabulary. */
export const fr = {
  dateTime: { locale: "fr-FR", at: "à" },
  /** French typography puts a space before the colon. */
  colon: " : ",
  /** /chorus structure: the structure card and the SIRET change. */
  /** "Modifier le rattachement" and "Rattacher à une autre de mes structures", from the user search. */
  modifyAttachment: {
    title: "Modifier le rattachement",
    submit: "Enregistrer",
    close: "Retour",
    open: "Modifier le rattachement",
    intro: (user: string, structure: string) => `Rattachement de ${user} à la structure ${structure} :`,
    principal:
      "Le rattachement du gestionnaire principal ne se modifie pas : transférez d'abord son rôle (« /chorus transferer »).",
    technical:
      "Le rattachement d'un utilisateur technique ne se modifie pas : il porte sur toute la structure.",
    done: (user: string, structure: string) =>
      `Le rattachement de ${user} à la structure ${structure} est modifié.`,
    unchanged: (user: string) => `Aucune modification du rattachement de ${user}.`,
    emailSubject: (structure: string) => `Chorus Pro – Votre rattachement à ${structure} a été modifié`,
    emailBody: (structure: string, role: string, scope: string) =>
      `Un gestionnaire a modifié votre rattachement à la structure ${structure}.\nRôle : ${role}\nRattachement : ${scope}`,
    otherStructure: "Rattacher à une autre de mes structures",
    otherTitle: "Autre structure",
    otherPick: "Structure",
    otherPlaceholder: "Choisissez l'une de vos structures",
    otherIntro: (user: string) => `Rattacher ${user} à l'une de vos structures :`,
    otherNone: (user: string) => `${user} est déjà rattaché(e) à toutes vos structures.`,
  },
  /** "Modifier la structure", from its card: the principal manager's settings of the structure. */
  structureEdit: {
    open: "Modifier la structure",
    technicalUser: "Utilisateur technique",
    title: "Modifier la structure",
    submit: "Enregistrer",
    close: "Retour",
    designation: "Désignation",
    spaces: "Espaces utilisés",
    spacesHint:
      "Un nouvel espace crée une demande d'abonnement automatique pour chaque utilisateur dont le rôle l'ouvre.",
    billingMandate: "Mandat de facturation",
    billingMandateOption: "Souscrire à un mandat de facturation",
    mandateWarning:
      ":warning: Aucun mandat de facturation n'est souscrit pour cette structure. Pour les mémoires de frais de justice et les demandes de remboursement TIC, le mandat de facturation n'est pas obligatoire : vous pouvez continuer sans mandat de facturation.",
    pacage: "Numéro PACAGE",
    socialRegime: "Régime social",
    vatNumber: "Numéro de TVA intracommunautaire",
    connectionInfo: "Informations de raccordement",
    optional: "Facultatif",
    designationRequired: "Saisissez la désignation de la structure.",
    pacageInvalid: "Un numéro PACAGE compte 9 chiffres.",
    vatInvalid:
      "Un numéro de TVA intracommunautaire commence par le code du pays (FR, DE…) suivi de 2 à 13 lettres ou chiffres.",
    principalOnly: (structure: string) =>
      `Seul le gestionnaire principal de la structure ${structure} peut la modifier.`,
    saved: "La structure est modifiée.",
    unchanged: "Aucune modification.",
  },
  /** « Gérer les services », from the structure card: its principal manager's services. */
  serviceAdmin: {
    open: "Gérer les services",
    title: "Services",
    intro: (structure: string, count: number) =>
      count === 0
        ? `La structure ${structure} n'a aucun service.`
        : `${count} service${count > 1 ? "s" : ""} de la structure ${structure} :`,
    add: "Ajouter un service",
    back: "Retour à la fiche",
    close: "Fermer",
    menu: "Actions sur le service",
    edit: "Modifier",
    deactivate: "Désactiver",
    reactivate: "Réactiver",
    inactive: "inactif",
    attachedUsers: (count: number) =>
      count === 0
        ? "aucun utilisateur rattaché au service seul"
        : `${count} utilisateur${count > 1 ? "s" : ""} rattaché${count > 1 ? "s" : ""} au service seul`,
    spaces: (spaces: string) => `Espaces : ${spaces}`,
    noSpace: "Espaces : aucun",
    previous: "Précédents",
    next: "Suivants",
    page: (page: number, count: number) => `Page ${page} sur ${count}`,
    addTitle: "Ajouter un service",
    editTitle: "Modifier le service",
    submit: "Enregistrer",
    cancel: "Retour",
    code: "Code du service",
    codeHint: "Le code identifie le service : il ne change plus ensuite.",
    label: "Libellé",
    spacesField: "Espaces utilisés par le service",
    spacesHint:
      "Parmi ceux de la structure. Un nouvel espace crée une demande d'abonnement automatique pour chaque utilisateur rattaché au service dont le rôle l'ouvre.",
    noStructureSpace:
      "La structure n'utilise encore aucun espace : choisissez-les dans « Modifier la structure », ses services pourront alors les utiliser.",
    codeRequired: "Saisissez le code du service.",
    labelRequired: "Saisissez le libellé du service.",
    codeTaken: (code: string) => `Le code ${code} est déjà celui d'un service de la structure.`,
    spacesOutsideStructure: (space: string) => `La structure n'utilise pas l'espace ${space}.`,
    serviceNotFound: "Ce service n'existe pas ou plus.",
    alreadyInactive: (label: string) => `Le service ${label} est déjà désactivé.`,
    alreadyActive: (label: string) => `Le service ${label} est déjà actif.`,
    confirmationNeeded: (label: string) =>
      `La désactivation du service ${label} doit être confirmée : des utilisateurs ou des demandes en dépendent.`,
    deactivationReason: (label: string) => `Désactivation du service ${label}`,
    confirmTitle: "Désactiver le service",
    confirmSubmit: "Désactiver",
    confirmIntro: (label: string, structure: string) =>
      `Désactiver le service *${label}* de la structure ${structure} : il ne sera plus proposé aux demandeurs ni aux gestionnaires.`,
    confirmUsers: (count: number, names: string) =>
      `• *${count} utilisateur${count > 1 ? "s" : ""} rattaché${count > 1 ? "s" : ""} à ce service seul* (${names}) : le rattachement au service prend fin, avec les abonnements sur ce service ; sans autre rattachement, l'utilisateur n'est plus rattaché à la structure.`,
    confirmSubscriptionRequests: (count: number) =>
      count === 1
        ? "• *1 demande d'abonnement en attente* porte sur ce service : elle est désactivée et son demandeur prévenu."
        : `• *${count} demandes d'abonnement en attente* portent sur ce service : elles sont désactivées et leurs demandeurs prévenus.`,
    confirmAttachmentRequests: (count: number) =>
      count === 1
        ? "• *1 demande de rattachement en attente* demande ce service : elle reste à traiter, sans lui."
        : `• *${count} demandes de rattachement en attente* demandent ce service : elles restent à traiter, sans lui.`,
    confirmReactivation: "Réactiver le service plus tard ne rattache pas de nouveau ces utilisateurs.",
    added: (label: string) => `Le service ${label} est ajouté.`,
    saved: (label: string) => `Le service ${label} est modifié.`,
    unchanged: "Aucune modification.",
    deactivated: (label: string) => `Le service ${label} est désactivé.`,
    reactivated: (label: string) => `Le service ${label} est réactivé.`,
  },
  /** Requesters in Slack: « Demander un rattachement », « Demander un abonnement ». */
  askFromSlack: {
    joinUsage: "Usage : `/chorus rejoindre [identifiant de la structure]`",
    subscribeUsage: "Usage : `/chorus abonner <identifiant de la structure>`",
    joinTitle: "Demande de rattachement",
    subscribeTitle: "Demande d'abonnement",
    submit: "Envoyer la demande",
    cancel: "Annuler",
    close: "Fermer",
    structure: "Structure",
    structurePlaceholder: "Identifiant ou désignation",
    structureHint: "Tapez le début de l'identifiant (SIRET…) ou une partie de la désignation.",
    structureChosen: (structure: string) => `Structure : *${structure}*`,
    services: "Services",
    servicesPlaceholder: "Toute la structure",
    servicesHint: "Aucun service choisi : la demande porte sur toute la structure.",
    comment: "Commentaire",
    newAccount: (email: string) =>
      `Aucun compte Chorus Pro n'a l'adresse ${email}. Indiquez vos nom et prénom : un compte « En cours d'activation » sera créé avec cette adresse de connexion, et vous recevrez le courriel d'activation.`,
    lastName: "Nom",
    firstName: "Prénom",
    nameRequired: "Ce champ est obligatoire.",
    structureRequired: "Choisissez la structure.",
    spaces: "Espaces",
    spacesRequired: "Cochez au moins un espace.",
    service: "Service",
    servicePlaceholder: "Tous les services",
    access: "Accès demandé",
    sent: (structure: string) =>
      `Votre demande de rattachement à ${structure} est envoyée à ses gestionnaires. Leur décision vous sera dite ici et par courriel.`,
    sentNewAccount: (email: string) => `Votre compte est créé : activez-le avec le lien envoyé à ${email}.`,
    subscriptionSent: (structure: string) =>
      `Votre demande d'abonnement aux espaces de ${structure} est envoyée à ses gestionnaires. Leur décision vous sera dite ici et par courriel.`,
    homeTitle: "Mes demandes",
    homeJoin: "Demander un rattachement",
  },
  /** The Workflow Builder step « Demander un rattachement Chorus Pro ». */
  workflowStep: {
    noAccount: (email: string) =>
      `Aucun compte Chorus Pro n'a l'adresse ${email} de cette personne, et l'étape ne peut pas en créer un : elle peut demander elle-même son rattachement avec /chorus rejoindre, qui lui demande ses nom et prénom.`,
  },
  /** « Mes demandes », on the requester's Home tab. */
  myRequests: {
    title: "Mes demandes",
    none: "Vous n'avez fait aucune demande. « Demander un rattachement » pour rejoindre une structure.",
    more: (count: number) => `… et ${count} plus ancienne${count > 1 ? "s" : ""}.`,
    line: (kind: string, structure: string, date: string) => `*${kind}* — ${structure} — du ${date}`,
    statuses: {
      PENDING: "En attente",
      VALIDATED: "Validée",
      REFUSED: "Refusée",
      DEACTIVATED: "Désactivée",
      CANCELLED: "Annulée",
      EXPIRED: "Expirée",
    },
    decidedBy: (who: string, when: string) => `par ${who} le ${when}`,
    reason: (reason: string) => `Motif du refus : ${reason}`,
    cancel: "Annuler",
    cancelConfirmTitle: "Annuler la demande ?",
    cancelConfirmText: "La demande est retirée ; ses gestionnaires le voient sur son message.",
    cancelConfirm: "Annuler la demande",
    cancelKeep: "Garder",
    remind: "Relancer",
    noticeTitle: "Mes demandes",
    close: "Fermer",
    cancelled: "Votre demande est annulée : son message indique « annulée par le demandeur ».",
    reminded: "Vos gestionnaires sont relancés, sous le message de la demande.",
    notYours: "Cette demande n'est pas l'une des vôtres.",
    alreadyReminded: (day: string) =>
      `Vous avez déjà relancé cette demande : vous pourrez la relancer de nouveau à partir du ${day}.`,
    reminderPost: (who: string, kind: string, date: string) =>
      `:bell: ${who} relance sa ${kind} du ${date}, toujours en attente.`,
  },
  /** « Poser une question »: a manager's question on a pending request, and the requester's answer. */
  requestQuestions: {
    ask: "Poser une question",
    askTitle: "Question au demandeur",
    askLabel: "Votre question",
    askHint: "Elle est envoyée au demandeur en message privé (par courriel s'il n'est pas dans Slack).",
    send: "Envoyer",
    cancel: "Annuler",
    close: "Fermer",
    asked:
      "La question est envoyée au demandeur ; sa réponse s'affichera dans le fil du message de la demande.",
    textRequired: "Ce champ est obligatoire.",
    notYours: "Cette question ne porte pas sur l'une de vos demandes.",
    requestClosed: "Cette demande n'est plus en attente : la réponse n'est plus utile.",
    alreadyAnswered: "Vous avez déjà répondu à cette question.",
    askedPost: (who: string, question: string) => `:question: Question de ${who} au demandeur : ${question}`,
    answeredPost: (who: string, answer: string) => `:speech_balloon: Réponse de ${who} : ${answer}`,
    dmIntro: (who: string, kind: string, structure: string) =>
      `${who} vous pose une question sur votre ${kind} à ${structure} :`,
    dmHint: "Répondez avec le bouton, ou dans le fil de ce message.",
    answer: "Répondre",
    answerTitle: "Votre réponse",
    answerLabel: "Votre réponse",
    answered: "Votre réponse est transmise aux gestionnaires de la structure.",
    emailSubject: (structure: string) =>
      `Chorus Pro – Une question sur votre demande concernant ${structure}`,
    emailBody: (who: string, structure: string, question: string) =>
      `${who}, gestionnaire de la structure ${structure}, vous pose une question sur votre demande :\n\n${question}\n\nRépondez-lui depuis Slack (« Répondre » dans le message de l'application) ou en le contactant directement.`,
  },
  /** « Mon absence »: a manager away, and who stands in for them. */
  absence: {
    homeButton: "Déclarer une absence",
    title: "Mon absence",
    intro:
      "Pendant votre absence, vous ne recevez ni récapitulatif ni rappel. Les rappels et les demandes qui vous seraient envoyés en message privé vont à votre délégué, ou à défaut au gestionnaire principal de la structure.",
    startsOn: "Premier jour d'absence",
    endsOn: "Dernier jour d'absence",
    delegate: "Délégué",
    delegateHint:
      "Facultatif : un gestionnaire d'au moins une de vos structures. Il ne vous remplace que sur celles qu'il gère ; ailleurs, c'est le gestionnaire principal.",
    submit: "Enregistrer",
    cancel: "Annuler",
    close: "Fermer",
    edit: "Modifier l'absence",
    end: "Terminer l'absence",
    endConfirm: {
      title: "Terminer l'absence ?",
      text: "Vous recevrez de nouveau les récapitulatifs, les rappels et les demandes.",
      confirm: "Terminer",
      deny: "Annuler",
    },
    declared: (from: string, to: string, delegate: string | null) =>
      `Votre absence du ${from} au ${to} est enregistrée${delegate ? ` ; ${delegate} vous remplace sur les structures qu'il gère` : " ; le gestionnaire principal de chaque structure vous remplace"}.`,
    ended: "Votre absence est terminée : vous recevez de nouveau récapitulatifs, rappels et demandes.",
    notAbsent: "Vous n'avez pas d'absence déclarée.",
    notManager:
      "Seuls les gestionnaires principaux et secondaires d'une structure active peuvent déclarer une absence.",
    homeStatus: (from: string, to: string, delegate: string | null, started: boolean) =>
      `:palm_tree: ${started ? "Vous êtes absent" : "Absence prévue"} du ${from} au ${to}${delegate ? ` – délégué : ${delegate}` : " – sans délégué : le gestionnaire principal vous remplace"}.`,
    note: (name: string, until: string, delegate: string | null) =>
      `:palm_tree: ${name} est absent jusqu'au ${until}${delegate ? ` – délégué : ${delegate}` : ""}.`,
    standingIn: (name: string, until: string) =>
      `Vous recevez ce message en l'absence de ${name} (absent jusqu'au ${until}).`,
    delegateDm: (name: string, from: string, to: string) =>
      `${name} vous a désigné comme délégué pendant son absence, du ${from} au ${to} : vous recevrez les rappels et les demandes qui lui seraient adressés pour les structures que vous gérez tous les deux.`,
    delegateBackDm: (name: string) => `${name} a mis fin à son absence : vous ne le remplacez plus.`,
    historyComment: (from: string, to: string, delegate: string | null) =>
      `Absent du ${from} au ${to}${delegate ? `, délégué : ${delegate}` : ", sans délégué"}`,
    errors: {
      startRequired: "Indiquez le premier jour d'absence.",
      startPast: "Le premier jour d'absence ne peut pas être passé.",
      endRequired: "Indiquez le dernier jour d'absence.",
      endPast: "Le dernier jour d'absence ne peut pas être passé.",
      endBeforeStart: "Le dernier jour d'absence ne peut pas précéder le premier.",
      tooLong: (days: number) => `Une absence couvre au plus ${days} jours : déclarez la suite plus tard.`,
      selfDelegate: "Vous ne pouvez pas être votre propre délégué.",
      delegateUnknown:
        "Cette personne n'a pas de compte Chorus Pro actif : choisissez un gestionnaire de l'une de vos structures.",
      delegateNoRight: (name: string) =>
        `${name} ne gère aucune de vos structures : il ne peut pas vous remplacer.`,
      cycle: (chain: string) =>
        `Cette délégation formerait une boucle (${chain}) : personne n'y recevrait plus rien. Choisissez quelqu'un d'autre.`,
    },
  },
  /** /chorus importer and POST /api/v1/structures/import: a structure read from Chorus Pro (PISTE). */
  chorusProImport: {
    notConfigured:
      "La connexion à Chorus Pro n'est pas configurée : l'administrateur de l'application doit renseigner CHORUS_PRO_CLIENT_ID et CHORUS_PRO_CLIENT_SECRET.",
    notFound: (identifier: string) =>
      `Chorus Pro ne montre pas la structure ${identifier} à ce compte technique : vérifiez l'identifiant, ou utilisez le compte technique de cette structure.`,
    title: "Importer une structure",
    intro: (identifier: string) =>
      `Importer la structure *${identifier}* depuis Chorus Pro, avec ses services et ses espaces. Saisissez son compte technique : seul le gestionnaire principal peut en créer un dans Chorus Pro (Activités du gestionnaire → Mes structures → Modifier → « Créer un utilisateur technique »), ses identifiants valent donc preuve de ce rôle. Vous deviendrez le gestionnaire principal de la structure ici.`,
    login: "Identifiant du compte technique",
    loginHint: "Par exemple TECH_1_…@cpro.fr",
    password: "Mot de passe du compte technique",
    passwordHint: "Il est chiffré et ne sera plus jamais affiché.",
    namesIntro: "Vous n'avez pas encore de compte : il sera créé avec ces nom et prénom.",
    lastName: "Nom",
    firstName: "Prénom",
    required: "Ce champ est obligatoire.",
    submit: "Importer",
    cancel: "Annuler",
    close: "Fermer",
    inProgress: "Import en cours depuis Chorus Pro… Le résultat s'affichera ici.",
    done: (structure: string, services: number) =>
      `La structure ${structure} est importée depuis Chorus Pro avec ${services} service${services > 1 ? "s" : ""} ; vous en êtes le gestionnaire principal. Elle sera mise à jour depuis Chorus Pro chaque jour.`,
    usage: "Usage : `/chorus importer <identifiant de la structure>`",
    principalOnly: "Seul le gestionnaire principal de la structure peut renouveler son compte technique.",
    renewIntro: (identifier: string) =>
      `La structure *${identifier}* est déjà importée : saisissez son compte technique après la réinitialisation de son mot de passe dans Chorus Pro. Il remplacera l'ancien.`,
    renewed: (structure: string, expires: string | null) =>
      `Le compte technique de la structure ${structure} est renouvelé${expires ? ` ; son mot de passe expire le ${expires}` : ""}.`,
    renewedHistory: (login: string) =>
      `Compte technique ${login} renouvelé pour la mise à jour depuis Chorus Pro`,
    historyComment: (chorusProId: string) => `Structure Chorus Pro n° ${chorusProId}`,
  },
  /** The scheduled sync with Chorus Pro, and what it tells the managers. */
  chorusProSync: {
    historyComment: "Mise à jour depuis Chorus Pro",
    title: "Mise à jour depuis Chorus Pro",
    intro: (structure: string) => `Chorus Pro a changé la structure ${structure} ; c'est appliqué ici :`,
    designation: (from: string, to: string) => `• Désignation : « ${from} » devient « ${to} »`,
    spacesAdded: (spaces: string) => `• Espaces ajoutés : ${spaces}`,
    spacesRemoved: (spaces: string) => `• Espaces retirés : ${spaces}`,
    newService: (service: string) => `• Nouveau service : ${service}`,
    renamed: (code: string, from: string, to: string) =>
      `• Service ${code} renommé : « ${from} » devient « ${to} »`,
    serviceSpaces: (service: string, spaces: string) => `• Espaces du service ${service} : ${spaces}`,
    deactivated: (service: string) => `• Service désactivé : ${service}`,
    reactivated: (service: string) => `• Service réactivé : ${service}`,
    keptTitle: "À décider",
    kept: (service: string, users: number, requests: number) =>
      `Le service ${service} est désactivé dans Chorus Pro, mais ${users} utilisateur${users > 1 ? "s y sont rattachés" : " y est rattaché"} et ${requests} demande${requests > 1 ? "s l'attendent" : " l'attend"} : il reste actif ici. Depuis la fiche de la structure, « Gérer les services » le désactive (avec confirmation), ou gardez-le.`,
    open: "Voir la structure",
    notification: (structure: string) => `Mise à jour depuis Chorus Pro – ${structure}`,
    none: "aucun",
  },
  /** The technical account's password, which Chorus Pro expires every 424 days. */
  technicalPasswordExpiry: {
    notification: (structure: string) => `Mot de passe du compte technique à renouveler – ${structure}`,
    notice: (structure: string, login: string, day: string, daysLeft: number) =>
      daysLeft > 0
        ? `Le mot de passe du compte technique ${login} de la structure ${structure} expire le ${day}, dans ${daysLeft} jour${daysLeft > 1 ? "s" : ""}.`
        : `Le mot de passe du compte technique ${login} de la structure ${structure} expire ${daysLeft === 0 ? "aujourd'hui" : `depuis le ${day}`} : la structure n'est plus mise à jour depuis Chorus Pro.`,
    howTo: (identifier: string) =>
      `Seul le gestionnaire principal peut le réinitialiser, dans Chorus Pro : Activités du gestionnaire → Mes structures → Modifier → Utilisateur technique → « Réinitialiser le mot de passe ». Donnez ensuite le nouveau mot de passe à l'application avec \`/chorus importer ${identifier}\`.`,
  },
  /** « Statut dans Chorus Pro » in a user's detail, and « Aligner sur Chorus Pro ». */
  chorusProStatus: {
    open: "Statut dans Chorus Pro",
    title: "Statut dans Chorus Pro",
    close: "Fermer",
    loading: "Lecture de Chorus Pro…",
    notConnected: "Cette structure n'est pas importée depuis Chorus Pro.",
    principalUntouched:
      "Le rattachement du gestionnaire principal n'est jamais modifié depuis Chorus Pro : transférez d'abord le rôle.",
    alignedComment: "Aligné sur Chorus Pro",
    heading: (user: string, structure: string) => `*${user}* sur *${structure}*`,
    here: "Ici",
    inChorusPro: "Dans Chorus Pro",
    nothing: "aucun rattachement",
    wholeStructure: "toute la structure",
    statuses: {
      EN_COURS_DE_VALIDATION: "en cours de validation",
      REFUSEE: "refusée",
      VALIDEE: "validée",
      DESACTIVEE: "désactivée",
      SUPPRIMEE: "supprimée",
    } as Record<string, string>,
    same: "Les deux concordent.",
    differs: "Les deux diffèrent : « Aligner sur Chorus Pro » applique ici ce que Chorus Pro a validé.",
    align: "Aligner sur Chorus Pro",
    alignConfirm: {
      title: "Aligner sur Chorus Pro ?",
      text: "Le rattachement d'ici prendra les services validés dans Chorus Pro (ou sera supprimé s'il n'y en a aucun). L'utilisateur est prévenu par courriel.",
      confirm: "Aligner",
      deny: "Annuler",
    },
    aligned: {
      attached: "L'utilisateur est rattaché ici comme dans Chorus Pro.",
      modified: "Le rattachement d'ici reprend les services de Chorus Pro.",
      detached: "Le rattachement d'ici est supprimé, comme dans Chorus Pro.",
      unchanged: "Rien à changer : les deux concordent déjà.",
    },
  },
  myStructures: {
    title: "Mes structures",
    close: "Fermer",
    intro: (count: number) =>
      `${count} structure${count > 1 ? "s" : ""} dont vous êtes gestionnaire principal ou secondaire :`,
    none: "Vous n'êtes gestionnaire principal ou secondaire d'aucune structure.",
    open: "Voir la structure",
    more: (count: number) =>
      `… et ${count} autre${count > 1 ? "s" : ""} : \`/chorus structure <identifiant>\` ouvre l'une d'elles.`,
  },
  structureCard: {
    usage: "Usage : `/chorus structure <identifiant de la structure>`",
    title: "Fiche structure",
    close: "Fermer",
    identifier: "Identifiant",
    designation: "Désignation",
    kind: "Type",
    status: "Statut",
    billingMandate: "Mandat de facturation",
    yes: "Oui",
    no: "Non",
    kinds: { PUBLIQUE: "Publique", PRIVEE: "Privée" },
    statuses: { ACTIVE: "Active", INACTIVE: "Inactive" },
    identifierTypes: {
      SIRET: "SIRET",
      UE_HORS_FRANCE: "UE hors France",
      HORS_UE: "Hors UE",
      RIDET: "RIDET",
      TAHITI: "Numéro Tahiti",
      AUTRE: "Autre",
      PARTICULIER: "Particulier",
    },
    services: (count: number) => `Services (${count})`,
    noService: "Aucun service",
    inactiveService: "inactif",
    moreServices: (count: number) => (count === 1 ? "… et 1 autre service" : `… et ${count} autres services`),
    users: (count: number) => `Utilisateurs rattachés à la structure (${count})`,
    noUser: "Aucun utilisateur rattaché",
    previousUsers: "Utilisateurs précédents",
    nextUsers: "Utilisateurs suivants",
    usersPage: (page: number, count: number) => `Utilisateurs : page ${page} sur ${count}`,
    principalManager: "Gestionnaire principal",
    secondaryManagers: (count: number) => `Gestionnaires secondaires (${count})`,
    nobody: "Aucun",
    moreManagers: (count: number) => (count === 1 ? "… et 1 autre" : `… et ${count} autres`),
    origin: "Structure d'origine",
    duplicates: "Structures dupliquées à partir de celle-ci",
    moreDuplicates: (count: number) =>
      count === 1 ? "… et 1 autre structure" : `… et ${count} autres structures`,
    open: "Voir la fiche",
    changeIdentifier: "Modifier l'identifiant",
    changed: (oldIdentifier: string) =>
      `L'identifiant a été modifié. L'ancienne structure ${oldIdentifier} est désactivée ; son historique et ses factures restent consultables.`,
    confirmTitle: "Modifier l'identifiant",
    continue: "Continuer",
    cancel: "Annuler",
    confirmText: (designation: string, identifier: string) =>
      `La structure *${designation}* (${identifier}) va être dupliquée sous son nouveau SIRET, puis désactivée : les factures émises ou reçues avant la désactivation restent consultables.`,
    copiedText:
      "Toutes les données sont reprises (services, rattachements validés, abonnements actifs, espaces, canal Slack, demandes en attente) excepté le mandat de facturation, le compte utilisateur technique, le numéro PACAGE, le régime social, le numéro de TVA intracommunautaire et les informations de raccordement.",
    newIdentifier: "Identifiant",
    newIdentifierHint: "Le nouveau SIRET de la structure : 14 chiffres (les espaces sont ignorés).",
    noMandateWarning:
      ":warning: Aucun mandat de facturation n'est présent sur cette structure. Pour les mémoires de frais de justice et les demandes de remboursement TIC, le mandat de facturation n'est pas obligatoire.",
    mandateChoice: "Mandat de facturation de la nouvelle structure",
    subscribeMandate: "Souscrire à un mandat de facturation",
    subscribeMandateHint: "La nouvelle structure est créée avec un mandat de facturation.",
    continueWithoutMandate: "Continuer sans mandat de facturation",
    mandateChoiceRequired: "Choisissez de souscrire à un mandat de facturation ou de continuer sans.",
    publicStructure: "Seule une structure privée peut changer de SIRET.",
    notSiretStructure: "Seule une structure identifiée par un SIRET peut changer d'identifiant.",
    alreadyChanged: (identifier: string, newIdentifier: string) =>
      `La structure ${identifier} a déjà changé d'identifiant : elle a été dupliquée sous le SIRET ${newIdentifier} et n'est plus active.`,
    sameIdentifier: "C'est déjà l'identifiant de cette structure : saisissez le nouveau SIRET.",
    structureGone: "Cette structure est introuvable.",
  },
  /** Principal handover, account deactivation and reactivation. */
  handover: {
    transferUsage: "Usage : `/chorus transferer <identifiant de la structure>`",
    transferTitle: "Transfert du rôle",
    transferSubmit: "Valider",
    close: "Annuler",
    outcomeClose: "Fermer",
    transferIntro: (structure: string) =>
      `Désignez le nouveau gestionnaire principal de la structure ${structure}. Vous resterez rattaché à la structure, mais en tant qu'utilisateur simple.`,
    structureLine: (designation: string, identifier: string) => `*${designation}* (${identifier})`,
    loginEmail: "Adresse de connexion du nouveau gestionnaire principal",
    loginEmailHint: "Un utilisateur actif, rattaché à la structure (rattachement validé).",
    candidate: "Ou recherchez-le parmi les utilisateurs de la structure",
    candidatePlaceholder: "Rechercher un utilisateur",
    candidateOption: (name: string, email: string) => `${name} – ${email}`,
    tooManyCandidates: (max: number) =>
      `Plus de ${max} utilisateurs peuvent recevoir le rôle : saisissez l'adresse de connexion du nouveau gestionnaire principal.`,
    noCandidate:
      "Aucun autre utilisateur actif n'est rattaché à cette structure : rattachez d'abord le futur gestionnaire principal.",
    transferred: (name: string, structure: string) =>
      `${name} est désormais gestionnaire principal de la structure ${structure}. Vous y restez rattaché en tant qu'utilisateur simple.`,
    notPrincipal: (structure: string, currentPrincipal: string) =>
      `Vous n'êtes pas (ou plus) le gestionnaire principal de la structure ${structure} : ce rôle est détenu par ${currentPrincipal}. Seul le gestionnaire principal peut le transférer ; rien n'a été modifié.`,
    noPrincipal: "personne",
    successorRequired:
      "Désignez le nouveau gestionnaire principal : saisissez son adresse de connexion ou choisissez-le dans la liste.",
    successorAmbiguous:
      "L'adresse saisie et l'utilisateur choisi ne désignent pas la même personne : n'en gardez qu'un.",
    successorIsSelf: "Vous êtes le gestionnaire principal actuel : désignez un autre utilisateur.",
    candidateNotFound: "L'utilisateur choisi est introuvable : désignez-en un autre.",
    successorInactive: (email: string) =>
      `Le compte ${email} n'est pas actif : seul un utilisateur actif peut devenir gestionnaire principal.`,
    successorNotAttached: (email: string) =>
      `${email} n'est pas rattaché à cette structure (rattachement validé) : il ne peut pas en devenir gestionnaire principal.`,
    deactivateTitle: "Désactiver mon compte",
    deactivateSubmit: "Désactiver mon compte",
    deactivateIntro:
      "Votre compte sera désactivé. Vous pourrez le réactiver dans un délai de 60 jours avec `/chorus reactiver` ; vos rattachements aux structures sont conservés.",
    successorsIntro: (count: number) =>
      count === 1
        ? "Vous devez d'abord désigner un nouveau gestionnaire principal pour la structure dont vous êtes gestionnaire principal :"
        : `Vous devez d'abord désigner un nouveau gestionnaire principal pour chacune des ${count} structures dont vous êtes gestionnaire principal :`,
    principalNowhere:
      "Vous n'êtes gestionnaire principal d'aucune structure : votre compte peut être désactivé directement.",
    deactivationRefusedPigp: (structures: string) =>
      `Vous ne pouvez pas désactiver votre compte : ${structures} passe par le PIGP. Pour une structure publique raccordée au PIGP, le gestionnaire principal ne peut partir qu'en conservant son accès : désignez un nouveau gestionnaire principal avec « /chorus transferer ».`,
    successorForAll: "Un seul nouveau gestionnaire principal pour toutes vos structures",
    inProgress: "La désignation est en cours d'enregistrement…",
    successorForAllHint:
      "Son adresse de connexion : il doit être rattaché à chacune. Une structure désignée ci-dessous garde son propre successeur.",
    tooManyToList: (count: number, max: number) =>
      `Vous êtes gestionnaire principal de ${count} structures, plus que les ${max} qu'une fenêtre peut lister : désignez ci-dessus un successeur unique pour toutes, ou transférez-en d'abord certaines une à une avec \`/chorus transferer <identifiant>\`.`,
    structuresChanged:
      "Les structures dont vous êtes gestionnaire principal ont changé depuis l'ouverture de cette fenêtre : rien n'a été modifié. Relancez `/chorus desactiver`.",
    alreadyDeactivated: "Votre compte est déjà désactivé.",
    deactivated: (until: string) =>
      `Votre compte est désactivé. Vous pouvez le réactiver jusqu'au ${until} avec \`/chorus reactiver\`.`,
    reactivated: "Votre compte est réactivé : vous retrouvez vos rattachements aux structures.",
    reactivationExpired: (deactivatedOn: string, days: number) =>
      `Votre compte a été désactivé le ${deactivatedOn} : le délai de ${days} jours pour le réactiver est dépassé. Demandez à être rattaché de nouveau à vos structures.`,
    notDeactivated: "Votre compte est actif : il n'y a rien à réactiver.",
    noDeactivatedAccount: (email: string) =>
      `Aucun compte Chorus Pro désactivé ne correspond à votre adresse Slack (${email}).`,
    emailSubject: (structure: string) =>
      `Chorus Pro – Vous êtes désormais gestionnaire principal de ${structure}`,
    emailBody: (structure: string, former: string) =>
      `${former} vous a désigné gestionnaire principal de la structure ${structure}. Vous gérez désormais ses rattachements, ses abonnements et ses gestionnaires.`,
  },
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
  /** "Statut du rattachement", in the guide's words. */
  attachmentStatuses: {
    PENDING: "En cours de validation",
    VALIDATED: "Validée",
    UPCOMING: "À venir",
    REFUSED: "Refusée",
    DEACTIVATED: "Désactivée",
    DELETED: "Supprimée",
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
    deactivatedOn: (when: string) =>
      `Désactivée le ${when} : elle ne pouvait plus être accordée (rattachement du demandeur supprimé, ou service désactivé)`,
    cancelledOn: (when: string) => `Annulée par le demandeur le ${when}`,
    expiredOn: (when: string) => `Expirée le ${when} : restée sans décision trop longtemps`,
    grantedRole: "Rôle attribué",
    grantedSpaces: "Espaces ouverts",
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
    itemDetail: (requester: string, date: string, asked: string) => `${requester} · ${date} · ${asked}`,
    open: "Ouvrir une demande…",
    openHint: "Ouvre la demande choisie avec ce qu'elle demande, pour la valider ou la refuser.",
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
    refuseInstead: "Refuser la demande",
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
    /** The title of a notice that replaces a modal (a request's own kind where there is one). */
    title: "Chorus Pro",
    close: "Fermer",
    inProgress: "Votre décision est en cours d'enregistrement…",
    recorded: "Votre décision est enregistrée.",
  },
  errors: {
    unexpected: "Une erreur inattendue est survenue. L'action n'a pas été enregistrée ; réessayez.",
    modalTooLate: "Slack n'a pas pu ouvrir la fenêtre à temps : cliquez à nouveau sur le bouton.",
    modalTooLateCommand: "Slack n'a pas pu ouvrir la fenêtre à temps : relancez la commande.",
    storageFull:
      "La base de données de l'application n'a plus de place sur son disque : l'action n'a pas été enregistrée. " +
      "Prévenez l'administrateur de l'application, puis réessayez.",
    requestNotFound: {
      attachment: "Cette demande de rattachement est introuvable.",
      subscription: "Cette demande d'abonnement est introuvable.",
    },
    requestMissing: "Cette demande est introuvable.",
    alreadyDecided: (outcome: string, who: string, when: string) =>
      `Cette demande a déjà été traitée (${outcome}) par ${who} le ${when}.`,
    outcomeValidated: "validée",
    outcomeRefused: "refusée",
    alreadyDeactivated: (when: string) =>
      `Cette demande d'abonnement a été désactivée le ${when} : elle ne pouvait plus être accordée (rattachement du demandeur supprimé, ou service désactivé).`,
    alreadyCancelled: (when: string) => `Cette demande a été annulée par le demandeur le ${when}.`,
    alreadyExpired: (when: string) =>
      `Cette demande a expiré le ${when}, restée sans décision trop longtemps.`,
    notManager: (structure: string) =>
      `Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire de la structure ${structure} : vous ne pouvez pas effectuer cette action.`,
    noAccountForSlackUser: (email: string) =>
      `Aucun compte Chorus Pro actif ne correspond à votre adresse Slack (${email}).`,
    slackEmailNotConfirmed:
      "L'adresse e-mail de votre profil Slack n'est pas confirmée : confirmez-la dans Slack, puis réessayez.",
    otherSlackWorkspace:
      "Vos structures Chorus Pro sont liées à un autre espace de travail Slack : utilisez l'application depuis celui-ci.",
    structureInOtherWorkspace: (structure: string) =>
      `La structure ${structure} est liée à un autre espace de travail Slack : choisissez son canal depuis celui-ci.`,
    noEmailForSlackUser:
      "Slack ne donne pas d'adresse e-mail pour votre compte : impossible de vous identifier dans Chorus Pro.",
    reasonRequired: "Indiquez le motif du refus.",
    textTooLong: (max: number) => `${max} caractères au maximum.`,
    roleInvalid: "Choisissez « Gestionnaire secondaire » ou « Utilisateur simple ».",
    scopeNothingChosen: "Cochez « Rattacher à la structure » ou choisissez au moins un service.",
    scopeBothChosen: "Choisissez soit toute la structure, soit des services, pas les deux.",
    scopeUnknownService: "Un des services choisis n'existe plus ou n'est plus actif.",
    scopeAlreadyAttached: "L'utilisateur est déjà rattaché à un des services choisis.",
    structureNotFound: (identifier: string) => `Aucune structure ne porte l'identifiant ${identifier}.`,
    pigpPublicOnly: "Seule une structure publique peut passer par le PIGP.",
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
    /** The rule of each kind of identifier, said when one does not follow it. */
    identifierFormat: {
      SIRET: "Un SIRET compte 14 chiffres.",
      UE_HORS_FRANCE:
        "Un identifiant « UE hors France » est le numéro de TVA intracommunautaire d'un autre État membre : son code pays (DE, BE, EL…) puis 2 à 13 lettres ou chiffres.",
      HORS_UE:
        "Un identifiant « Hors UE » compte 1 à 50 lettres, chiffres, points, tirets ou barres obliques.",
      RIDET: "Un numéro RIDET compte 10 chiffres : les 7 du RID puis les 3 du rang de l'établissement.",
      TAHITI:
        "Un numéro TAHITI compte une lettre ou un chiffre puis 5 chiffres, suivis s'il y a lieu des 3 chiffres de l'établissement.",
      PARTICULIER:
        "Un identifiant « Particulier » compte 1 à 50 lettres, chiffres, points, tirets ou barres obliques.",
      AUTRE: "Un identifiant « Autre » compte 1 à 50 lettres, chiffres, points, tirets ou barres obliques.",
    } satisfies Record<IdentifierType, string>,
    invalidInput: "Données invalides.",
    malformedJson: "Le corps de la requête n'est pas un JSON valide.",
    notJson:
      "Le corps de la requête doit être du JSON, envoyé avec l'en-tête Content-Type: application/json.",
    unauthorizedApi: "Jeton d'API manquant ou invalide (Authorization: Bearer …).",
    unauthorizedMetrics: "Jeton des métriques manquant ou invalide (Authorization: Bearer …).",
    routeNotFound: "Ressource inconnue.",
    idempotencyKeyReused: "Cette clé d'idempotence a déjà servi pour une autre requête.",
    requestInProgress: "Une requête avec cette clé d'idempotence est en cours de traitement.",
    userNotAttached: (email: string) => `L'utilisateur ${email} n'est pas rattaché à cette structure.`,
    spaceDuplicate: (space: string) => `L'espace ${space} est demandé deux fois pour le même périmètre.`,
    selectionEmpty: "Sélectionnez au moins une demande, ou cochez « toutes les demandes filtrées ».",
    noManagedStructure: "Vous n'êtes gestionnaire principal ou secondaire d'aucune structure active.",
    invalidChannel: "Identifiant de canal Slack invalide.",
    loneSurrogate: "Ce texte contient un caractère invalide (une demi-paire UTF-16 isolée) : retirez-le.",
    nulCharacter: "Le caractère NUL (\\u0000) n'est pas admis.",
    spaceNotRequested: "Un des espaces choisis ne fait pas partie de la demande.",
    spaceNotForRole: (space: string, role: string) =>
      `L'espace « ${space} » n'est pas accessible à un ${role.toLowerCase()} : il est réservé aux gestionnaires de la structure.`,
    spacesNotForRole: (spaces: string, role: string) =>
      `Le rôle de l'utilisateur (${role.toLowerCase()}) ne donne pas accès à : ${spaces}. Refusez la demande, ou modifiez d'abord son rôle.`,
    bulkActionInvalid: "Choisissez « Valider la sélection » ou « Refuser la sélection ».",
    structureRequired: "Choisissez une structure.",
  },
  commands: {
    helpTitle: "*Commandes disponibles*",
    /** Each sub-command's line in the help, by its word. */
    lines: {
      demandes:
        "`/chorus demandes [identifiant]` : les demandes en attente, à valider ou refuser une à une ou en masse",
      utilisateurs:
        "`/chorus utilisateurs` : rechercher les utilisateurs de vos structures, les modifier, leur renvoyer le courriel d'activation, supprimer leur rattachement ou les exporter",
      rattacher:
        "`/chorus rattacher <identifiant>` : rechercher un utilisateur et le rattacher à la structure, ou créer son compte (un courriel d'activation lui est envoyé)",
      detacher:
        "`/chorus detacher <identifiant> <adresse de connexion>` : supprimer le rattachement d'un utilisateur à la structure (ses abonnements sont désactivés)",
      technique:
        "`/chorus technique <identifiant>` : gestionnaire principal, créer l'utilisateur technique de la structure (raccordement API) ou réinitialiser son mot de passe ; le récapitulatif PDF arrive en message privé",
      structures:
        "`/chorus structures` : « Mes structures », celles dont vous êtes gestionnaire, et leur fiche",
      structure:
        "`/chorus structure <identifiant>` : la fiche de la structure et la modification de son identifiant (SIRET)",
      transferer:
        "`/chorus transferer <identifiant>` : désigner le nouveau gestionnaire principal de la structure (vous y restez utilisateur simple)",
      desactiver:
        "`/chorus desactiver` : désactiver votre compte, après avoir désigné un nouveau gestionnaire principal pour chacune de vos structures",
      reactiver:
        "`/chorus reactiver` : réactiver votre compte dans les 60 jours qui suivent sa désactivation",
      historique:
        "`/chorus historique <identifiant>` : l'historique des actions effectuées sur la structure, filtrable et exportable",
      rejets:
        "`/chorus rejets [identifiant]` : les fichiers des rejets de flux des 15 derniers jours, reçus en message privé",
      exporter:
        "`/chorus exporter <identifiant> [utilisateurs|habilitations]` : recevoir en message privé le fichier CSV des utilisateurs ou des habilitations de la structure",
      canal: "`/chorus canal <identifiant>` : afficher les demandes de la structure dans ce canal",
      rejoindre:
        "`/chorus rejoindre [identifiant]` : demander votre rattachement à une structure (ou à certains de ses services)",
      importer:
        "`/chorus importer <identifiant>` : importer une structure depuis Chorus Pro avec son compte technique",
      absence: "`/chorus absence` : déclarer une absence et un délégué, ou y mettre fin",
      abonner:
        "`/chorus abonner <identifiant>` : demander l'abonnement à des espaces d'une structure à laquelle vous êtes rattaché",
      aide: "`/chorus aide` : cette aide",
    },
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
    /** Added to the users export when it spans several structures (a selection in the search). */
    structureColumns: ["Identifiant de la structure", "Désignation de la structure"],
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
    selectionFilename: (day: string) => `utilisateurs-selection-${day}.csv`,
    selectionTitle: (count: number) =>
      count === 1 ? "1 utilisateur sélectionné" : `${count} utilisateurs sélectionnés`,
    emptySelection: "Sélectionnez au moins un utilisateur à exporter.",
    selectionNotManaged:
      "Aucun des utilisateurs sélectionnés n'est rattaché à une structure dont vous êtes gestionnaire.",
  },
  /** The requester's DM after a decision. */
  requesterNotice: {
    decidedBy: (who: string) => `Décision de ${who}`,
    closedBySystem: "Fermée automatiquement par Chorus Pro",
    more: (count: number) =>
      `… et ${count} autre${count > 1 ? "s" : ""} demande${count > 1 ? "s" : ""} : voyez le courriel.`,
    fallback: "Vos demandes Chorus Pro ont été traitées.",
    askAgain: "Redemander",
  },
  emails: {
    greeting: (firstName: string, lastName: string) => `Bonjour ${firstName} ${lastName},`,
    attachmentValidatedSubject: (structure: string) =>
      `Chorus Pro – Votre demande de rattachement à ${structure} est validée`,
    attachmentValidatedBody: (structure: string, role: string, scope: string) =>
      `Votre demande de rattachement à la structure ${structure} a été validée.\nRôle : ${role}\nRattachement : ${scope}`,
    openedSpaces: (spaces: string) => `Espaces ouverts : ${spaces}`,
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
    subscriptionDeactivatedSubject: (structure: string) =>
      `Chorus Pro – Votre demande d'abonnement aux espaces de ${structure} est désactivée`,
    subscriptionDeactivatedBody: (structure: string) =>
      `Votre demande d'abonnement aux espaces de la structure ${structure} a été désactivée : elle ne pouvait plus être accordée (rattachement à la structure supprimé, ou service désactivé).`,
    cancelledBody: (structure: string) =>
      `Vous avez annulé votre demande concernant la structure ${structure}.`,
    expiredSubject: (structure: string) => `Chorus Pro – Votre demande concernant ${structure} a expiré`,
    expiredBody: (structure: string) =>
      `Votre demande concernant la structure ${structure} est restée sans décision trop longtemps : elle a expiré. Vous pouvez la refaire (dans Slack, « Redemander »).`,
    managerComment: (comment: string) => `Commentaire du gestionnaire : ${comment}`,
    bulkSubject: (count: number) => `Chorus Pro – Vos ${count} demandes ont été traitées`,
    bulkIntro: (count: number) => `Un gestionnaire a traité ${count} de vos demandes :`,
    signature: "Ce message vous est envoyé automatiquement par Chorus Pro ; merci de ne pas y répondre.",
    /** The band heading every e-mail, and the line closing it. */
    appName: "Chorus Pro – Bot des gestionnaires",
    /** Under a button: its address written out. */
    linkAsText: "Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :",
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
    /** The synthesis screen's buttons, in the guide's words. */
    actions: {
      searchUsers: "Rechercher un utilisateur",
      fluxRejects: "Accéder aux rejets EDI",
      myStructures: "Mes structures",
      pendingList: "Toutes les demandes",
      viewStructure: "Voir la structure",
      history: "Historique",
      exportUsers: "Exporter",
    },
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
  userSearch: {
    title: "Recherche utilisateurs",
    submit: "Rechercher",
    close: "Fermer",
    back: "Retour",
    cancel: "Annuler",
    save: "Enregistrer",
    continue: "Continuer",
    criteriaHint:
      "Saisissez au moins un critère. Une partie du mot suffit ; majuscules et accents sont ignorés.",
    lastName: "Nom",
    firstName: "Prénom",
    loginEmail: "Adresse de connexion",
    status: "Statut",
    allStatuses: "Tous les statuts",
    structure: "Structure",
    allStructures: "Toutes mes structures",
    structureHint: "Désignation ou identifiant de la structure",
    service: "Service",
    serviceHint: "Libellé ou code du service",
    reset: "Réinitialiser",
    noCriterion: "Saisissez au moins un critère de recherche.",
    structureNotManaged:
      "Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire de la structure choisie.",
    userNotFound: "Cet utilisateur n'est rattaché à aucune de vos structures.",
    notTheirManager:
      "Vous ne pouvez modifier que les utilisateurs rattachés à une structure dont vous êtes gestionnaire.",
    nameRequired: "Ce champ est obligatoire.",
    contactEmailInvalid: "Saisissez une adresse e-mail valide (exemple : prenom.nom@exemple.fr).",
    count: (total: number, page: number, pages: number) =>
      `${total} utilisateur${total > 1 ? "s" : ""} — page ${page}/${pages}`,
    empty: "Aucun utilisateur de vos structures ne correspond à ces critères.",
    technical: "Utilisateur technique",
    attachmentLine: (structure: string, role: string, scope: string) => `• ${structure} — ${role} — ${scope}`,
    pendingRequestLine: (structure: string) => `• ${structure} — demande de rattachement en attente`,
    upcoming: (date: string) => `_à venir_ (à partir du ${date})`,
    moreStructures: (count: number) => `… et ${count} autre${count > 1 ? "s" : ""} (voir le détail)`,
    showDetail: "Voir le détail",
    editUser: "Modifier l'utilisateur",
    sendActivation: "Envoyer le courriel d'activation",
    validateRequest: (structure: string) => `Valider la demande — ${structure}`,
    refuseRequest: (structure: string) => `Refuser la demande — ${structure}`,
    detach: (structure: string) => `Supprimer le rattachement — ${structure}`,
    resetTechnicalPassword: (structure: string) => `Réinitialiser le mot de passe — ${structure}`,
    detachConfirmTitle: "Supprimer le rattachement ?",
    detachConfirmText: (user: string, structure: string) =>
      `${user} ne sera plus rattaché(e) à la structure ${structure} ; ses abonnements à cette structure seront désactivés.`,
    detachConfirm: "Supprimer",
    bulkDetachConfirmText:
      "Les rattachements des utilisateurs cochés seront supprimés (au niveau de la structure) et leurs abonnements désactivés.",
    selection: "Sélection",
    selectionHint: "Cochez des utilisateurs de cette page, puis choisissez une action ci-dessous.",
    bulkActivation: "Renvoyer le courriel d'activation",
    bulkDetach: "Supprimer le rattachement",
    bulkExport: "Exporter (CSV)",
    selectionEmpty: "Cochez au moins un utilisateur dans la sélection.",
    activationSent: (names: string) => `Courriel d'activation envoyé à : ${names}.`,
    detached: (structure: string, names: string) =>
      `Rattachement à ${structure} supprimé pour : ${names} ; leurs abonnements à cette structure sont désactivés.`,
    skipped: (name: string, reason: string) => `Non traité : ${name} — ${reason}.`,
    activationSkipReasons: {
      not_pending_activation: "le compte n'est pas « En cours d'activation »",
      not_managed: "l'utilisateur n'est rattaché à aucune de vos structures",
    },
    detachSkipReasons: {
      principal_manager:
        "gestionnaire principal : une structure ne peut pas perdre son gestionnaire principal",
      not_attached: "l'utilisateur n'est pas rattaché à cette structure",
    },
    updated: (name: string) => `L'utilisateur ${name} a été modifié.`,
    decided: (name: string, structure: string, validated: boolean) =>
      `Demande de rattachement de ${name} à ${structure} ${validated ? "validée" : "refusée"}.`,
    unchanged: (name: string) => `Aucune modification pour ${name}.`,
    detailTitle: "Détail de l'utilisateur",
    structuresHeader: "Structures rattachées",
    elsewhereHeader: "Autres structures (que vous ne gérez pas)",
    attachmentStatus: "Statut du rattachement",
    contactEmail: "Adresse e-mail de contact",
    contactEmailHint: "Vide : les courriels partent à l'adresse de connexion.",
    noContactEmail: "aucune (adresse de connexion)",
    editTitle: "Modifier l'utilisateur",
    bulkDetachTitle: "Supprimer rattachements",
    bulkDetachIntro: (count: number) =>
      `Le rattachement de ${count} utilisateur${count > 1 ? "s" : ""} sélectionné${count > 1 ? "s" : ""} à la structure choisie sera supprimé (toute la structure, jamais un seul service) et leurs abonnements désactivés.`,
    theStructure: "la structure",
    noSharedStructure: "Aucun des utilisateurs cochés n'est rattaché à une de vos structures.",
  },
  /** /chorus rattacher: manager-initiated attachment and account creation. */
  attachUser: {
    usage: "Usage : `/chorus rattacher <identifiant de la structure>`",
    homeButton: "Rattacher un utilisateur",
    searchTitle: "Rattacher un utilisateur",
    searchSubmit: "Rechercher",
    close: "Fermer",
    structureLine: (structure: string) => `Structure : *${structure}*`,
    searchHint: "Saisissez au moins un critère. Majuscules et accents sont ignorés ; un début de nom suffit.",
    lastName: "Nom",
    firstName: "Prénom",
    loginEmail: "Adresse de connexion",
    contactEmail: "Adresse e-mail de contact (facultative)",
    contactEmailHint: "À défaut, les courriels sont envoyés à l'adresse de connexion.",
    criterionRequired: "Saisissez au moins un critère de recherche.",
    resultCount: (count: number) =>
      count === 1 ? "1 compte correspond à la recherche." : `${count} comptes correspondent à la recherche.`,
    tooManyResults: (shown: number) =>
      `Seuls les ${shown} premiers comptes sont affichés : précisez la recherche.`,
    noResult:
      "Aucun compte Chorus Pro ne correspond à cette recherche. Vous pouvez créer le compte de l'utilisateur.",
    notFoundHint: "L'utilisateur n'est pas dans la liste ? Vous pouvez créer son compte.",
    attachButton: "Rattacher",
    createButton: "Créer le compte utilisateur",
    attachTitle: "Rattacher l'utilisateur",
    createTitle: "Créer un utilisateur",
    submit: "Valider",
    createSubmit: "Créer l'utilisateur",
    back: "Retour",
    role: "Rôle",
    startDate: "Date de début de validité",
    comment: "Commentaire (facultatif)",
    pendingRequestNote:
      "Cet utilisateur a une demande de rattachement en attente sur cette structure : elle sera validée par ce rattachement.",
    startDateRequired: "Choisissez la date de début de validité.",
    startDatePast: "La date de début de validité ne peut pas être dans le passé.",
    nameRequired: "Champ obligatoire.",
    loginEmailInvalid: "Adresse de connexion invalide (exemple : prenom.nom@exemple.fr).",
    contactEmailInvalid: "Adresse e-mail de contact invalide (exemple : prenom.nom@exemple.fr).",
    accountNotFound: "Ce compte utilisateur est introuvable.",
    structureNotFound: "Cette structure est introuvable.",
    technicalAccount:
      "Un utilisateur technique ne se rattache pas ainsi : il est créé par le gestionnaire principal.",
    attached: (name: string, structure: string) => `${name} est rattaché(e) à la structure ${structure}.`,
    created: (name: string, structure: string, email: string) =>
      `Le compte de ${name} a été créé (en cours d'activation) et rattaché à la structure ${structure}. Un courriel d'activation a été envoyé à ${email}.`,
    emailSubject: (structure: string) => `Chorus Pro – Vous êtes rattaché(e) à ${structure}`,
    emailBody: (structure: string, role: string, scope: string, startDate: string) =>
      `Un gestionnaire vous a rattaché(e) à la structure ${structure}.\nRôle : ${role}\nRattachement : ${scope}\nDate de début de validité : ${startDate}`,
  },
  /** Activation e-mails and the activation page. */
  /** The pages at the end of the app's installation in a workspace (Slack's OAuth flow). */
  /** What every web page of the app shows around its content (DSFR header, footer). */
  pages: {
    serviceTitle: "Gestionnaires Chorus Pro",
    serviceTagline: "Le bot Slack des gestionnaires de structures Chorus Pro",
    /** The State's logo block, line by line (public bodies only). */
    republic: ["République", "Française"],
    skipLinks: "Accès rapide",
    skipToContent: "Contenu",
    footerDescription:
      "Ces pages servent à activer votre compte Chorus Pro et à installer le bot des gestionnaires dans Slack.",
    designSystemLicence: "Licence du système de design de l'État",
  },
  oauthPages: {
    installedTitle: "Application installée",
    installed: (workspace: string) =>
      `Le bot des gestionnaires Chorus Pro est installé dans l'espace de travail ${workspace}. Slack va s'ouvrir.`,
    openSlack: "Ouvrir Slack",
    openWeb: "Ouvrir Slack dans le navigateur",
    failedTitle: "L'installation a échoué",
    failed: (reason: string) =>
      `L'application n'a pas été installée. Recommencez depuis le lien d'installation, ou contactez l'administrateur de l'application (raison : ${reason}).`,
  },
  activation: {
    emailSubject: "Chorus Pro – Activez votre compte",
    emailBody: (loginEmail: string) =>
      `Pour activer votre compte Chorus Pro (adresse de connexion : ${loginEmail}), choisissez votre mot de passe sur la page d'activation :`,
    emailValidity:
      "Ce lien est valable 60 minutes et ne sert qu'une fois. Passé ce délai, demandez à un gestionnaire de votre structure un nouveau courriel d'activation.",
    accountNotFound: "Un des utilisateurs choisis est introuvable.",
    pageTitle: "Activation de votre compte Chorus Pro",
    pageIntro: (name: string, loginEmail: string) =>
      `Bonjour ${name}, choisissez le mot de passe de votre compte Chorus Pro (adresse de connexion : ${loginEmail}).`,
    passwordLabel: (min: number) => `Mot de passe (${min} caractères au moins)`,
    confirmationLabel: "Confirmez le mot de passe",
    submit: "Activer mon compte",
    passwordHint:
      "Choisissez un mot de passe difficile à deviner, par exemple plusieurs mots sans rapport entre eux, sans votre nom, votre prénom ni votre adresse de connexion.",
    passwordTooShort: (min: number) => `Le mot de passe doit compter au moins ${min} caractères.`,
    passwordBlank: "Le mot de passe ne peut pas être composé uniquement d'espaces.",
    passwordContainsLogin: "Le mot de passe ne doit pas contenir votre adresse de connexion.",
    passwordContainsName: "Le mot de passe ne doit contenir ni votre nom ni votre prénom.",
    passwordCommon:
      "Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un autre.",
    passwordTooWeak:
      "Ce mot de passe est trop facile à deviner : allongez-le, par exemple avec plusieurs mots sans rapport entre eux.",
    passwordMismatch: "Les deux mots de passe ne sont pas identiques.",
    throttledTitle: "Trop de tentatives",
    throttled: (minutes: number) =>
      `Trop de tentatives d'activation ont échoué pour ce lien ou depuis votre connexion. Réessayez dans ${minutes} minute${minutes > 1 ? "s" : ""}, en rouvrant le lien de votre courriel.`,
    activatedTitle: "Votre compte Chorus Pro est activé",
    activatedBody: (loginEmail: string) =>
      `Vous pouvez maintenant vous connecter à Chorus Pro avec l'adresse ${loginEmail} et le mot de passe choisi.`,
    unusableTitle: "Lien d'activation inutilisable",
    unusableTitles: {
      unknown: "Lien d'activation inconnu",
      expired: "Lien d'activation expiré",
      used: "Lien d'activation déjà utilisé",
      revoked: "Lien d'activation remplacé",
      account_not_pending: "Compte qui n'est plus à activer",
    },
    rulesTitle: "Votre mot de passe doit :",
    ruleLength: (min: number) => `compter ${min} caractères au moins ;`,
    rulePersonal: "ne contenir ni votre adresse de connexion, ni votre nom, ni votre prénom ;",
    ruleStrength: "être difficile à deviner (vérifié à l'envoi du formulaire) ;",
    ruleSame: "être saisi deux fois à l'identique.",
    ruleMet: "règle respectée",
    ruleBroken: "règle non respectée",
    ruleUnchecked: "règle pas encore vérifiée",
    forbiddenTitle: "Formulaire refusé",
    forbidden:
      "Ce formulaire n'a pas été envoyé depuis la page d'activation, ou il n'est plus valable. Rouvrez le lien de votre courriel d'activation et recommencez.",
    errorSummaryTitle: "Le mot de passe n'a pas été accepté",
    linkUnknown: "Ce lien d'activation n'existe pas.",
    linkExpired: "Ce lien d'activation a expiré : il n'est valable que 60 minutes.",
    linkUsed: "Ce lien d'activation a déjà servi.",
    linkRevoked: "Ce lien d'activation a été remplacé par un courriel plus récent.",
    accountNotPending: "Ce compte n'est plus en cours d'activation.",
    askManager:
      "Demandez à un gestionnaire de votre structure de vous envoyer un nouveau courriel d'activation.",
  },
  /** Technical users (API connection) and their connection PDF. */
  technicalUser: {
    usage: "Usage : `/chorus technique <identifiant de la structure>`",
    principalOnly: (structure: string) =>
      `Seul le gestionnaire principal de la structure ${structure} gère son utilisateur technique (création, mot de passe, informations de connexion).`,
    alreadyExists: (login: string) => `Cette structure a déjà un utilisateur technique (${login}).`,
    notFound: "Cet utilisateur technique est introuvable sur cette structure.",
    loginInvalid: "Saisissez une adresse électronique de connexion valide.",
    contactInvalid: "Saisissez une adresse électronique de contact valide, ou laissez le champ vide.",
    loginUsed: (email: string) => `L'adresse de connexion ${email} est déjà utilisée par un autre compte.`,
    /** The account's names: "Utilisateur technique" + the structure's designation. */
    accountFirstName: "Utilisateur technique",
    createModal: {
      title: "Utilisateur technique",
      submit: "Créer",
      close: "Annuler",
      heading: "Créer un utilisateur technique",
      intro: (structure: string) =>
        `Le raccordement de ${structure} à Chorus Pro en mode API a besoin d'un utilisateur technique, rattaché à toute la structure. Son mot de passe vous sera envoyé en message privé dans un récapitulatif PDF.`,
      login: "Adresse de connexion",
      loginHint:
        "L'adresse électronique de connexion peut différer de l'adresse de contact : demandez-la à votre département informatique ou à votre éditeur de solution.",
      contact: "Adresse e-mail de contact",
    },
    existingModal: {
      title: "Utilisateur technique",
      close: "Fermer",
      intro: (structure: string) => `Utilisateur technique de la structure ${structure} :`,
      login: "Adresse de connexion",
      contact: "Adresse e-mail de contact",
      createdAt: "Créé le",
      none: "—",
      reset: "Réinitialiser le mot de passe (utilisateur technique)",
      export: "Exporter les informations de connexion",
      exportSent: (file: string) =>
        `Le récapitulatif ${file} (sans mot de passe, qui n'est conservé nulle part) vous est envoyé en message privé.`,
    },
    resetModal: {
      title: "Réinitialiser",
      submit: "Confirmer",
      close: "Annuler",
      confirm: (login: string) =>
        `Réinitialiser le mot de passe de l'utilisateur technique *${login}* ? Le nouveau mot de passe vous sera envoyé en message privé dans un récapitulatif PDF.`,
      warning:
        ":warning: Informez votre responsable informatique ou votre éditeur de solution : l'ancien mot de passe cesse de fonctionner immédiatement, et tant que la connexion API n'est pas mise à jour avec le nouveau, ses appels seront bloqués.",
    },
    doneModal: { title: "Utilisateur technique", close: "Fermer" },
    created: (login: string) =>
      `L'utilisateur technique ${login} est créé. Le récapitulatif de création de compte (PDF) vous est envoyé en message privé.`,
    passwordReset: (login: string) =>
      `Le mot de passe de l'utilisateur technique ${login} est réinitialisé. Le nouveau récapitulatif (PDF) vous est envoyé en message privé.`,
    pdfNotSent:
      "Le récapitulatif PDF n'a pas pu vous être envoyé. Réinitialisez le mot de passe de l'utilisateur technique pour en obtenir un nouveau.",
    pdf: {
      title: "Récapitulatif de création de compte utilisateur technique",
      structure: "Structure",
      designation: "Désignation",
      identifier: "Identifiant",
      account: "Compte utilisateur technique",
      login: "Adresse de connexion",
      password: "Mot de passe",
      createdAt: "Compte créé le",
      passwordResetAt: "Mot de passe réinitialisé le",
      exportTitle: "Informations de connexion de l'utilisateur technique",
      exportedAt: "Informations exportées le",
      passwordNotKept: "Non communiqué : il n'est conservé nulle part",
      exportNote:
        "Le mot de passe n'est remis qu'à la création du compte et à chaque réinitialisation. S'il est perdu, le gestionnaire principal le réinitialise : l'ancien cesse alors de fonctionner.",
      instruction:
        "Mettez à jour la connexion API (raccordement) de votre système d'information avec cette adresse de connexion et ce mot de passe : communiquez-les à votre département informatique ou à votre éditeur de solution.",
      keepSafe:
        "Ce mot de passe n'est conservé nulle part en clair : gardez ce document en lieu sûr. En cas de perte, le gestionnaire principal peut réinitialiser le mot de passe.",
      filename: (identifier: string, day: string) => `utilisateur-technique-${identifier}-${day}.pdf`,
      fileTitle: (identifier: string) =>
        `Informations de connexion de l'utilisateur technique (${identifier})`,
    },
  },
  /** "Supprimer le rattachement". */
  detach: {
    structureNotFound: "Cette structure est introuvable.",
    userNotFound: "Un des utilisateurs choisis est introuvable.",
    principalChanged:
      "Le gestionnaire principal de la structure a changé pendant la suppression : rien n'a été supprimé, réessayez.",
    usage: "Usage : `/chorus detacher <identifiant de la structure> <adresse de connexion>`",
    detached: (user: string, structure: string) =>
      `Le rattachement de ${user} à la structure ${structure} est supprimé ; ses abonnements à cette structure sont désactivés.`,
    skippedPrincipal: (user: string) =>
      `${user} est le gestionnaire principal de la structure : son rattachement ne peut pas être supprimé (transférez d'abord le rôle de gestionnaire principal).`,
    skippedNotAttached: (user: string) => `${user} n'est pas rattaché à cette structure : rien à supprimer.`,
  },
  /** /chorus historique: the history list, its detail view and export. */
  history: {
    title: "Historique",
    close: "Fermer",
    exportButton: "Exporter (CSV)",
    allActions: "Toutes les actions",
    actionFilter: "Type d'action",
    from: "Du",
    to: "Au",
    count: (total: number, page: number, pages: number) =>
      `${total} action${total > 1 ? "s" : ""} — page ${page}/${pages}, les plus récentes d'abord`,
    empty: "Aucune action pour ces critères.",
    previous: "◀ Précédent",
    next: "Suivant ▶",
    detailButton: "Détail",
    system: "Chorus Pro (automatique)",
    line: (date: string, actor: string, action: string, target: string) =>
      `${date} — ${actor} — ${action} — ${target}`,
    noTarget: "—",
    periodReversed: "La date de début doit précéder la date de fin.",
    entryNotFound: "Cette action de l'historique est introuvable.",
    usage: "Usage : `/chorus historique <identifiant de la structure>`",
    exportSent: (filename: string) => `Le fichier ${filename} vous est envoyé en message privé.`,
    detailTitle: "Détail de l'action",
    date: "Date",
    actor: "Acteur",
    action: "Action",
    target: "Utilisateur concerné",
    comment: "Commentaire",
    changes: "Ce qui a changé",
    noChanges: "Aucun détail enregistré.",
    request: "Demande concernée",
    yes: "Oui",
    no: "Non",
    /** What the keys of an entry's details mean; other keys are shown as they are. */
    detailKeys: {
      role: "Rôle",
      wholeStructure: "Toute la structure",
      serviceIds: "Services",
      spaces: "Espaces",
      space: "Espace",
      serviceCode: "Service",
      reason: "Motif",
      from: "Avant",
      to: "Après",
      identifier: "Identifiant",
      principalManager: "Gestionnaire principal",
      designation: "Désignation",
      hasBillingMandate: "Mandat de facturation",
      pacageNumber: "Numéro PACAGE",
      socialRegime: "Régime social",
      vatNumber: "Numéro de TVA intracommunautaire",
      connectionInfo: "Informations de raccordement",
      code: "Code du service",
      label: "Libellé du service",
      detachedUsers: "Utilisateurs détachés du service",
      deactivatedRequests: "Demandes d'abonnement désactivées",
      startsOn: "Premier jour d'absence",
      endsOn: "Dernier jour d'absence",
      delegate: "Délégué",
    } as Record<string, string>,
    /** The "Commentaires" column of the guide, and words for this app's other actions. */
    actions: {
      ATTACHMENT_VALIDATED: "Validation du rattachement",
      ATTACHMENT_REFUSED: "Refus du rattachement",
      SUBSCRIPTION_VALIDATED: "Validation de l'abonnement",
      SUBSCRIPTION_REFUSED: "Refus de l'abonnement",
      SUBSCRIPTION_DEACTIVATED: "Désactivation de l'abonnement",
      ATTACHMENT_DELETED: "Suppression du rattachement",
      ATTACHMENT_CREATED_BY_MANAGER: "Rattachement par le gestionnaire",
      USER_CREATED: "Création de l'utilisateur",
      USER_UPDATED: "Modification de l'utilisateur",
      ACTIVATION_EMAIL_SENT: "Envoi du courriel d'activation",
      TECHNICAL_USER_CREATED: "Création de l'utilisateur technique",
      TECHNICAL_PASSWORD_RESET: "Réinitialisation du mot de passe de l'utilisateur technique",
      PRINCIPAL_TRANSFERRED: "Transfert du rôle de gestionnaire principal",
      ACCOUNT_DEACTIVATED: "Désactivation du compte",
      ACCOUNT_REACTIVATED: "Réactivation du compte",
      STRUCTURE_CREATED: "Création de la structure",
      STRUCTURE_IDENTIFIER_CHANGED: "Modification de l'identifiant de la structure",
      STRUCTURE_CHANNEL_SET: "Choix du canal Slack des demandes",
      ACCOUNT_ACTIVATED: "Activation du compte",
      DEFAULT_SUBSCRIPTIONS_GRANTED: "Abonnement aux espaces par défaut",
      SUBSCRIPTION_REQUEST_DEACTIVATED: "Désactivation de la demande d'abonnement",
      ATTACHMENT_STARTED: "Début de validité du rattachement",
      ATTACHMENT_UPDATED: "Modification du rattachement",
      STRUCTURE_UPDATED: "Modification de la structure",
      SERVICE_CREATED: "Création du service",
      SERVICE_UPDATED: "Modification du service",
      SERVICE_DEACTIVATED: "Désactivation du service",
      SERVICE_REACTIVATED: "Réactivation du service",
      REQUEST_CANCELLED: "Annulation de la demande par le demandeur",
      REQUEST_REMINDED: "Relance de la demande par le demandeur",
      REQUEST_EXPIRED: "Expiration de la demande sans décision",
      REQUEST_QUESTION_ASKED: "Question au demandeur",
      REQUEST_QUESTION_ANSWERED: "Réponse du demandeur",
      ABSENCE_DECLARED: "Déclaration d'une absence du gestionnaire",
      ABSENCE_ENDED: "Fin de l'absence du gestionnaire",
      STRUCTURE_IMPORTED: "Import de la structure depuis Chorus Pro",
      CHORUS_PRO_SYNCED: "Mise à jour depuis Chorus Pro",
    },
    columns: [
      "N°",
      "Date",
      "Heure",
      "Acteur",
      "Commentaires",
      "Utilisateur concerné",
      "Adresse de connexion",
      "Motif ou commentaire du gestionnaire",
    ],
    filename: (identifier: string, day: string) => `historique-${identifier}-${day}.csv`,
    fileTitle: (designation: string, identifier: string) => `Historique de ${designation} (${identifier})`,
  },
  /** /chorus rejets and the flux-reject files. */
  fluxRejects: {
    managersOnly:
      "L'accès aux rejets de flux est réservé aux gestionnaires principaux et secondaires d'une structure active.",
    usage: "Usage : `/chorus rejets [identifiant de la structure]`",
    channels: {
      EDI_TDT: "EDI / TDT",
      API: "API",
      PORTAIL_XML: "Portail (XML)",
      PORTAIL_PDF_A3: "Portail (PDF/A3)",
    },
    columns: [
      "Code du rejet",
      "Motif du rejet",
      "Désignation de la structure émettrice",
      "Identifiant de la structure émettrice",
      "Date de dépôt",
      "Numéro de la demande de paiement",
      "Numéro de flux",
      "Nom du fichier",
      "Canal",
      "Destinataire",
    ],
    filename: (identifier: string, day: string) => `rejets-${identifier}-${day}.csv`,
    fileTitle: (designation: string, identifier: string, date: string) =>
      `Rejets de flux de ${designation} (${identifier}) du ${date}`,
    selectionEmpty: "Cochez au moins un fichier.",
    fileGone:
      "Un des fichiers choisis n'est plus disponible (fichiers purgés après 15 jours) : rouvrez la liste.",
    modal: {
      title: "Rejets de flux",
      intro:
        "Les demandes de paiement émises par flux (EDI/TDT, API, portail XML ou PDF/A3) et rejetées par Chorus Pro, un fichier par jour et par structure émettrice. Les fichiers de plus de 15 jours sont purgés.",
      empty: "Aucun fichier de rejets n'est disponible pour vos structures.",
      count: (shown: number, total: number) =>
        shown === total
          ? `${total} fichier${total > 1 ? "s" : ""} disponible${total > 1 ? "s" : ""}, du plus récent au plus ancien.`
          : `Les ${shown} fichiers les plus récents sur ${total}.`,
      more: (rest: number) =>
        `… et ${rest} fichier${rest > 1 ? "s" : ""} plus ancien${rest > 1 ? "s" : ""} : précisez la structure avec \`/chorus rejets <identifiant>\`.`,
      selection: "Fichiers à recevoir",
      selectionHint: "Chaque fichier coché vous est envoyé en message privé, au format CSV.",
      fileLine: (date: string, designation: string) => `${date} — ${designation}`,
      fileDetail: (identifier: string, count: number) =>
        `${identifier} — ${count} rejet${count > 1 ? "s" : ""}`,
      submit: "Recevoir",
      close: "Fermer",
      sending: (count: number) =>
        count === 1
          ? "Le fichier vous est envoyé en message privé."
          : `Les ${count} fichiers vous sont envoyés en message privé.`,
    },
    digest: {
      title: "Rejets de flux",
      newRejects: (count: number) =>
        `*${count} nouveau${count > 1 ? "x" : ""} rejet${count > 1 ? "s" : ""} de flux* depuis le dernier récapitulatif.`,
      open: "Accéder aux rejets",
      notification: (structure: string, count: number) =>
        `${structure} : ${count} nouveau${count > 1 ? "x" : ""} rejet${count > 1 ? "s" : ""} de flux`,
    },
  },
  /** The Chorus Pro API on PISTE (src/chorus-pro/): why a call failed. */
  chorusPro: {
    unreachable: (reason: string) =>
      `Chorus Pro injoignable (${reason}) : rien n'a été lu. Réessayez dans quelques minutes.`,
    reasons: {
      timeout: "délai de réponse dépassé",
      network: "erreur réseau",
      rateLimited: "trop d'appels, quota PISTE atteint",
      serverError: (status: number) => `erreur du serveur, HTTP ${status}`,
      unexpectedAnswer: "réponse inattendue",
    },
    appRefused:
      "PISTE refuse les identifiants de l'application (CHORUS_PRO_CLIENT_ID, CHORUS_PRO_CLIENT_SECRET) : prévenez l'administrateur de l'application.",
    accountRefused: (libelle: string | null) =>
      `Chorus Pro refuse les identifiants du compte technique de la structure (identifiant ou mot de passe erroné, expiré ou révoqué)${libelle ? ` : « ${libelle} »` : ""}. Son gestionnaire principal peut en redéfinir le mot de passe dans Chorus Pro.`,
    rejected: (libelle: string, code: number) =>
      `Chorus Pro a refusé l'appel : « ${libelle} » (code ${code}).`,
  },
};

export type Messages = typeof fr;
