import type { Space } from "../generated/prisma/enums.ts";

/**
 * What the app reads from the real Chorus Pro through PISTE (the Structures API), in the app's own
 * words: PISTE has no endpoint to list, validate or refuse attachment requests, so Chorus Pro is read
 * (structures, services, spaces, one user's attachments), never written.
 */

/**
 * A structure's technical account ("utilisateur technique", TECH_…@cpro.fr): the `cpro-account`
 * header of every call is its `login:password`, in base 64. Only the structure's principal manager can
 * create one in Chorus Pro, so valid credentials are the proof of that role.
 */
export interface TechnicalAccount {
  login: string;
  password: string;
}

/** A structure as Chorus Pro's search finds it (`rechercher`). */
export interface ChorusProStructureSummary {
  /** `idStructureCPP`: Chorus Pro's own id, which every other call takes. */
  chorusProId: number;
  identifier: string;
  /** SIRET, UE_HORS_FRANCE, HORS_UE, RIDET, TAHITI, AUTRE, PARTICULIER. */
  identifierType: string;
  designation: string;
  active: boolean;
}

/** A structure as Chorus Pro shows it (`consulter`). */
export interface ChorusProStructure extends ChorusProStructureSummary {
  kind: "PUBLIQUE" | "PRIVEE" | null;
  /** `dateExpirationMotPasseCompteTech`: when the technical account's password expires (424 days). */
  technicalPasswordExpiresAt: Date | null;
}

/** A service of a structure (`rechercher/services`). */
export interface ChorusProService {
  chorusProId: number;
  code: string;
  label: string;
  active: boolean;
}

/** The spaces a structure uses, and those each of its services uses (`rechercher/espaces`). */
export interface ChorusProSpaces {
  structure: Space[];
  /** By service code. */
  byService: Map<string, Space[]>;
}

export type ChorusProAttachmentStatus =
  | "EN_COURS_DE_VALIDATION"
  | "REFUSEE"
  | "VALIDEE"
  | "DESACTIVEE"
  | "SUPPRIMEE";

/** One of a user's per-service attachments on a structure (`lister/rattachementsutilisateur`). */
export interface ChorusProUserAttachment {
  /** Null: the structure itself rather than one of its services. */
  serviceCode: string | null;
  serviceLabel: string | null;
  status: ChorusProAttachmentStatus;
  startDate: Date | null;
  endDate: Date | null;
}

/** What stops a call: Chorus Pro out of reach, the credentials refused, or the call refused. */
export type ChorusProFailure =
  /** Timeouts, 5xx, 429 after the retries, network errors: nothing was learnt. */
  | "unreachable"
  /** 401/403 on the technical account (wrong, expired or revoked) or on the app's PISTE credentials. */
  | "refused"
  /** A functional error: `{codeRetour, libelle}` with codeRetour ≠ 0 (unknown structure…). */
  | "rejected";

/** A failed call, its message already in the user's language (Chorus Pro's `libelle` included). */
export class ChorusProError extends Error {
  readonly failure: ChorusProFailure;
  readonly codeRetour: number | null;
  readonly libelle: string | null;

  constructor(
    failure: ChorusProFailure,
    message: string,
    details: { codeRetour?: number | null; libelle?: string | null } = {},
  ) {
    super(message);
    this.name = "ChorusProError";
    this.failure = failure;
    this.codeRetour = details.codeRetour ?? null;
    this.libelle = details.libelle ?? null;
  }
}

/** The state of the connection, for /healthz: off (not configured), ok, or unreachable since `since`. */
export type ChorusProConnectionState =
  | { state: "off" }
  | { state: "ok"; checkedAt: Date | null }
  | { state: "unreachable"; since: Date; reason: string };

/**
 * The calls the app makes, each with the structure's technical account. Tokens are cached until they
 * expire; calls are paced and retried with backoff; every failure is a {@link ChorusProError}.
 */
export interface ChorusProApi {
  /** The structure with this identifier (and type, SIRET by default) the account can see; null when none. */
  findStructure(
    account: TechnicalAccount,
    identifier: string,
    identifierType?: string,
  ): Promise<ChorusProStructureSummary | null>;
  consultStructure(account: TechnicalAccount, chorusProId: number): Promise<ChorusProStructure>;
  /** Every service of the structure, all pages read. */
  listServices(account: TechnicalAccount, chorusProId: number): Promise<ChorusProService[]>;
  listSpaces(account: TechnicalAccount, chorusProId: number): Promise<ChorusProSpaces>;
  /** A user's attachments on the structure, by their login e-mail. */
  listUserAttachments(
    account: TechnicalAccount,
    chorusProId: number,
    loginEmail: string,
  ): Promise<ChorusProUserAttachment[]>;
  connectionState(): ChorusProConnectionState;
}
