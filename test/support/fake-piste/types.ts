/** What a test seeds the fake PISTE server with, in Chorus Pro's terms. */

export type FakeIdentifierType =
  | "SIRET"
  | "UE_HORS_FRANCE"
  | "HORS_UE"
  | "RIDET"
  | "TAHITI"
  | "AUTRE"
  | "PARTICULIER";

export interface FakeService {
  /** `idService`. */
  id: number;
  code: string;
  label: string;
  active?: boolean;
}

/** A space of the structure (no `serviceCode`) or of one of its services, as Chorus Pro labels it. */
export interface FakeSpace {
  label: string;
  /** `codeEspace`; Chorus Pro's own numbers are undocumented, any will do. */
  code?: number;
  serviceCode?: string;
  state?: "ACTIVE" | "SUPPRIME";
  access?: "CONSULTATION_UNIQUEMENT" | "MODIFICATION";
}

export interface FakeUserAttachment {
  email: string;
  /** Null: the whole structure. */
  serviceCode: string | null;
  status: "EN_COURS_DE_VALIDATION" | "REFUSEE" | "VALIDEE" | "DESACTIVEE" | "SUPPRIMEE";
  startDate?: Date;
  endDate?: Date;
  comment?: string;
}

export interface FakeStructure {
  /** `idStructureCPP`. */
  id: number;
  identifier: string;
  identifierType?: FakeIdentifierType;
  designation: string;
  kind?: "PUBLIQUE" | "PRIVEE";
  status?: "ACTIVE" | "INACTIVE";
  technicalPasswordExpiresAt?: Date;
  services?: FakeService[];
  spaces?: FakeSpace[];
  attachments?: FakeUserAttachment[];
}

/** A technical account and the structures it may read (its own, and its principal manager's others). */
export interface FakeTechnicalAccount {
  login: string;
  password: string;
  structureIds: number[];
}

/**
 * What the next calls answer instead of their usual answer: a 429 (with Retry-After, in seconds),
 * a 5xx, no answer at all (until the client gives up), or a 401 as if the token had been revoked.
 */
export type FakePisteFault =
  | { kind: "rate-limited"; retryAfterSeconds?: number }
  | { kind: "server-error"; status?: 500 | 502 | 503 }
  | { kind: "hang" }
  | { kind: "token-revoked" };

export interface FakePisteCall {
  /** `/api/oauth/token` or `/cpro/structures/v1/…`. */
  path: string;
  /** The technical account's login, when the call carried a readable `cpro-account`. */
  login: string | null;
  body: unknown;
  status: number;
}

export interface FakePisteOptions {
  clientId?: string;
  clientSecret?: string;
  /** The tokens' `expires_in`, in seconds (3600 by default, like PISTE). */
  tokenLifetimeSeconds?: number;
  /** The most results a page holds whatever the client asks (small, so that paging is exercised). */
  maxPageSize?: number;
  /** HTTP status of functional errors (`codeRetour` ≠ 0): Chorus Pro answers 400, sometimes 200. */
  functionalErrorStatus?: 200 | 400;
}

export interface FakePiste {
  /** The gateway (CHORUS_PRO_API_URL) and the token endpoint (CHORUS_PRO_OAUTH_URL). */
  readonly apiUrl: string;
  readonly oauthUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Requests that broke the swagger or the protocol (headers, token, body), and answers that broke it. */
  readonly violations: string[];
  readonly calls: FakePisteCall[];
  /** Tokens issued since the start (or the last reset). */
  readonly tokensIssued: number;
  addStructure(structure: FakeStructure): void;
  addTechnicalAccount(account: FakeTechnicalAccount): void;
  /** The account's password no longer opens (reset or revoked by its principal manager). */
  revokeTechnicalAccount(login: string): void;
  /** Every token issued so far stops working (PISTE revoking them before they expire). */
  revokeTokens(): void;
  /** The next `count` calls to the API (or to the token endpoint) answer `fault`. */
  failNext(count: number, fault: FakePisteFault, on?: "api" | "token"): void;
  /** Chorus Pro answers again: the faults still queued are dropped. */
  heal(): void;
  callsTo(operation: string): FakePisteCall[];
  /** Forgets data, tokens, faults, calls and violations. */
  reset(): void;
  close(): Promise<void>;
}
