import type { z } from "zod";
import type { Config } from "../config.ts";
import type { Space } from "../generated/prisma/enums.ts";
import type { Messages } from "../i18n/fr.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import {
  type ChorusProApi,
  type ChorusProConnectionState,
  ChorusProError,
  type ChorusProFailure,
  type ChorusProService,
  type ChorusProSpaces,
  type ChorusProStructure,
  type ChorusProStructureSummary,
  type ChorusProUserAttachment,
  type TechnicalAccount,
} from "./api.ts";
import { createTokenSource } from "./oauth-token.ts";
import { createPacer, DEFAULT_PACE, type PaceOptions } from "./pacer.ts";
import { DEFAULT_RETRY, type RetryOptions, type RetryReason } from "./retry.ts";
import { sortedSpaces, spaceOfLabel } from "./spaces.ts";
import { fetchText, type HttpAnswer, sendWithRetries, TransportFailure } from "./transport.ts";
import {
  envelope,
  pageCount,
  servicesFound,
  spacesFound,
  structureConsulted,
  structuresFound,
  userAttachmentsFound,
} from "./wire.ts";

export interface ChorusProClientOptions {
  /** PISTE's API gateway, without the `/cpro/…` path (https://api.piste.gouv.fr). */
  apiUrl: string;
  /** PISTE's token endpoint (https://oauth.piste.gouv.fr/api/oauth/token). */
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  /** The failures' messages, in the app's language. */
  messages: Messages;
  logger: Logger;
  metrics?: Pick<Metrics, "chorusProCalls" | "chorusProRetries">;
  /** The clock of token expiry and of the connection state (tests move it). */
  now?: () => Date;
  /** How long one request may take (default 10 s). */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  pace?: Partial<PaceOptions>;
  /** Results asked per page of a list (PISTE may give fewer: every page is read). */
  pageSize?: number;
  /** Every wait (backoff, Retry-After, pace) goes through it: tests record the waits without waiting them. */
  sleep?: (ms: number) => Promise<void>;
}

const STRUCTURES_PATH = "/cpro/structures/v1";
/** The JSON PISTE's swagger declares for every operation, both ways. */
const JSON_UTF8 = "application/json;charset=utf-8";
/** A list longer than this many pages is a server that never says it is done. */
const MAX_PAGES = 1000;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** PISTE refused the app's own credentials: every call fails until an operator fixes them. */
class AppCredentialsRefused extends ChorusProError {}

/**
 * The Chorus Pro Structures API on PISTE, as {@link ChorusProApi}: the app's OAuth2 token (cached,
 * renewed before it expires and once after PISTE revokes it), the technical account in `cpro-account`,
 * calls paced and retried, every failure a {@link ChorusProError} in the user's language. Tokens,
 * secrets, passwords and the `cpro-account` header are never logged.
 */
export function createChorusProClient(options: ChorusProClientOptions): ChorusProApi {
  const { messages, logger, metrics } = options;
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? sleepFor;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const pacer = createPacer({ ...DEFAULT_PACE, ...options.pace }, sleep);
  const pageSize = options.pageSize ?? 100;
  const apiUrl = options.apiUrl.replace(/\/+$/, "");
  let state: ChorusProConnectionState = { state: "ok", checkedAt: null };

  const transport = (operation: string) => ({
    retry,
    timeoutMs: options.timeoutMs ?? 10_000,
    sleep,
    now,
    onRetry: (event: { reason: RetryReason; status: number | null; attempt: number; delayMs: number }) => {
      metrics?.chorusProRetries.inc({ reason: event.reason });
      logger.info({ chorusPro: { operation, ...event } }, "Chorus Pro call retried");
    },
  });

  const fail = (
    failure: ChorusProFailure,
    message: string,
    details?: { codeRetour?: number; libelle?: string | null },
  ) => new ChorusProError(failure, message, details);

  const unreachableReason = (reason: RetryReason | "unexpected_answer", status: number | null): string => {
    const reasons = messages.chorusPro.reasons;
    if (reason === "timeout") return reasons.timeout;
    if (reason === "network") return reasons.network;
    if (reason === "rate_limited") return reasons.rateLimited;
    if (reason === "server_error") return reasons.serverError(status ?? 500);
    return reasons.unexpectedAnswer;
  };
  const unreachable = (reason: RetryReason | "unexpected_answer", status: number | null) =>
    fail("unreachable", messages.chorusPro.unreachable(unreachableReason(reason, status)));

  const tokens = createTokenSource({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    now,
    postForm: (form) =>
      sendWithRetries(
        (signal) =>
          fetchText(options.oauthUrl, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
            body: form.toString(),
            signal,
          }),
        transport("token"),
      ),
    refused: () => new AppCredentialsRefused("refused", messages.chorusPro.appRefused),
    unexpected: () => unreachable("unexpected_answer", null),
  });

  /** One POST with the account, the token renewed once if PISTE no longer takes it. */
  async function post(operation: string, account: TechnicalAccount, body: unknown): Promise<HttpAnswer> {
    const cproAccount = Buffer.from(`${account.login}:${account.password}`, "utf8").toString("base64");
    let renewed = false;
    for (;;) {
      const token = await tokens.get();
      const answer = await sendWithRetries(
        (signal) =>
          pacer.run(() =>
            fetchText(`${apiUrl}${STRUCTURES_PATH}/${operation}`, {
              method: "POST",
              headers: {
                authorization: `Bearer ${token.value}`,
                "cpro-account": cproAccount,
                "content-type": JSON_UTF8,
                accept: JSON_UTF8,
              },
              body: JSON.stringify(body),
              signal,
            }),
          ),
        transport(operation),
      );
      // PISTE tokens may be revoked before they expire: a cached one gets one second chance.
      if (answer.status === 401 && !token.fresh && !renewed) {
        tokens.invalidate(token.value);
        renewed = true;
        metrics?.chorusProRetries.inc({ reason: "token_renewed" });
        continue;
      }
      return answer;
    }
  }

  /** The answer's data, or the ChorusProError its status or `codeRetour` means. */
  function read<T>(answer: HttpAnswer, schema: z.ZodType<T>): T {
    const header = envelope.safeParse(answer.body);
    const libelle = header.success ? (header.data.libelle ?? null) : null;
    // With a token just obtained or renewed, a 401 or 403 is the technical account's.
    if (answer.status === 401 || answer.status === 403)
      throw fail("refused", messages.chorusPro.accountRefused(libelle), {
        codeRetour: header.success ? header.data.codeRetour : undefined,
        libelle,
      });
    if (header.success && header.data.codeRetour !== 0) {
      const shown = libelle ?? `HTTP ${answer.status}`;
      throw fail("rejected", messages.chorusPro.rejected(shown, header.data.codeRetour), {
        codeRetour: header.data.codeRetour,
        libelle,
      });
    }
    if (answer.status !== 200) {
      // A 4xx without Chorus Pro's envelope (404, 415): the call itself is wrong.
      if (answer.status >= 400 && answer.status < 500)
        throw fail("rejected", messages.chorusPro.rejected(`HTTP ${answer.status}`, answer.status), {
          codeRetour: answer.status,
        });
      throw unreachable("unexpected_answer", answer.status);
    }
    const data = schema.safeParse(answer.body);
    if (!header.success || !data.success) throw unreachable("unexpected_answer", answer.status);
    return data.data;
  }

  /**
   * Runs one operation of the API: the connection state, the metrics and the logs follow its outcome.
   * `context` says what is logged of it (never the account's password).
   */
  async function call<T>(
    operation: string,
    context: Record<string, unknown>,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      const result = await run();
      state = { state: "ok", checkedAt: now() };
      metrics?.chorusProCalls.inc({ operation, outcome: "ok" });
      return result;
    } catch (caught) {
      const error =
        caught instanceof ChorusProError
          ? caught
          : caught instanceof TransportFailure
            ? unreachable(caught.reason, caught.status)
            : null;
      if (!error) throw caught;
      metrics?.chorusProCalls.inc({ operation, outcome: error.failure });
      if (error.failure === "unreachable" || error instanceof AppCredentialsRefused) {
        // Still unreachable: since the first failure.
        const since = state.state === "unreachable" ? state.since : now();
        state = { state: "unreachable", since, reason: error.message };
        logger.warn({ chorusPro: { operation, ...context, failure: error.failure } }, error.message);
      } else {
        // Chorus Pro answered: the connection works, the account or the call does not.
        state = { state: "ok", checkedAt: now() };
        logger.info(
          { chorusPro: { operation, ...context, failure: error.failure, codeRetour: error.codeRetour } },
          error.message,
        );
      }
      throw error;
    }
  }

  /** Every page of a list, in order. */
  async function allPages<T>(
    fetchPage: (page: number) => Promise<{ items: T[]; pages: number }>,
  ): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const answer = await fetchPage(page);
      items.push(...answer.items);
      if (page >= answer.pages || answer.items.length === 0) break;
    }
    return items;
  }

  const paging = (page: number, sortColumn: string) => ({
    nbResultatsParPage: pageSize,
    pageResultatDemandee: page,
    triColonne: sortColumn,
    triSens: "Ascendant",
  });

  async function searchStructures(
    account: TechnicalAccount,
    identifier: string,
    identifierType: string,
    activeOnly: boolean,
  ): Promise<ChorusProStructureSummary[]> {
    const answer = read(
      await post("rechercher", account, {
        structure: {
          identifiantStructure: identifier,
          typeIdentifiantStructure: identifierType,
          // The search asks ACTIF or INACTIF; the answers say ACTIVE or INACTIVE.
          ...(activeOnly ? { statutStructure: "ACTIF" } : {}),
        },
        parametres: paging(1, "IdentifiantStructure"),
      }),
      structuresFound,
    );
    return (answer.listeStructures ?? [])
      .filter(
        (found) =>
          found.identifiantStructure === identifier &&
          (found.typeIdentifiantStructure ?? identifierType) === identifierType,
      )
      .map((found) => ({
        chorusProId: found.idStructureCPP,
        identifier: found.identifiantStructure,
        identifierType: found.typeIdentifiantStructure ?? identifierType,
        designation: found.designationStructure ?? found.identifiantStructure,
        active: found.statut !== "INACTIVE",
      }));
  }

  return {
    findStructure(account, identifier, identifierType = "SIRET") {
      return call("rechercher", { identifierType }, async () => {
        const [found] = await searchStructures(account, identifier, identifierType, true);
        return found ?? null;
      });
    },

    consultStructure(account, chorusProId) {
      return call("consulter", { chorusProId }, async () => {
        const answer = read(
          // idStructureCPP, as the swagger says (go-choruspro sends idStructure, which Chorus Pro ignores).
          await post("consulter", account, { codeLangue: "fr", idStructureCPP: chorusProId }),
          structureConsulted,
        );
        const info = answer.informationGenerales;
        const identifier = info.identifiantStructure ?? "";
        const identifierType = info.typeIdentifiantStructure ?? "SIRET";
        const person = [info.prenomStructure, info.nomStructure].filter(Boolean).join(" ");
        // `consulter` does not say whether the structure is active: the search does.
        const summaries = identifier
          ? await searchStructures(account, identifier, identifierType, false)
          : [];
        const summary = summaries.find((found) => found.chorusProId === chorusProId);
        return {
          chorusProId: info.idStructureCPP ?? chorusProId,
          identifier,
          identifierType,
          designation: info.libelleStructure || info.raisonSocialeStructure || person || identifier,
          active: summary?.active ?? true,
          kind: info.structurePriveePublique ?? null,
          technicalPasswordExpiresAt: info.dateExpirationMotPasseCompteTech ?? null,
        } satisfies ChorusProStructure;
      });
    },

    listServices(account, chorusProId) {
      return call("rechercher/services", { chorusProId }, () =>
        allPages<ChorusProService>(async (page) => {
          const answer = read(
            await post("rechercher/services", account, {
              idStructure: chorusProId,
              parametresRechercherServicesStructure: paging(page, "CodeService"),
            }),
            servicesFound,
          );
          return {
            pages: pageCount(answer),
            items: (answer.listeServices ?? []).map((service) => ({
              chorusProId: service.idService,
              code: service.codeService,
              label: service.libelleService ?? service.codeService,
              active: service.estActif ?? true,
            })),
          };
        }),
      );
    },

    listSpaces(account, chorusProId) {
      return call("rechercher/espaces", { chorusProId }, async () => {
        const rows = await allPages(async (page) => {
          const answer = read(
            await post("rechercher/espaces", account, {
              structure: { idStructure: chorusProId },
              parametresRechercherEspaces: paging(page, "CodeEspace"),
            }),
            spacesFound,
          );
          return { pages: pageCount(answer), items: answer.listeEspace ?? [] };
        });
        const structure: Space[] = [];
        const byService = new Map<string, Space[]>();
        const unknown = new Set<string>();
        for (const row of rows) {
          const serviceCode = row.codeService || null;
          if (serviceCode !== null && !byService.has(serviceCode)) byService.set(serviceCode, []);
          if (row.etatCourant === "SUPPRIME") continue;
          const space = spaceOfLabel(row.libelleEspace ?? "");
          if (space === null) {
            unknown.add(`${row.libelleEspace ?? ""} (${row.codeEspace ?? "?"})`);
            continue;
          }
          (serviceCode === null ? structure : (byService.get(serviceCode) as Space[])).push(space);
        }
        if (unknown.size > 0)
          logger.warn(
            { chorusPro: { operation: "rechercher/espaces", chorusProId, spaces: [...unknown] } },
            "Chorus Pro spaces the app does not know, ignored",
          );
        return {
          structure: sortedSpaces(structure),
          byService: new Map([...byService].map(([code, spaces]) => [code, sortedSpaces(spaces)])),
        } satisfies ChorusProSpaces;
      });
    },

    listUserAttachments(account, chorusProId, loginEmail) {
      return call("lister/rattachementsutilisateur", { chorusProId }, () =>
        allPages<ChorusProUserAttachment>(async (page) => {
          const answer = read(
            await post("lister/rattachementsutilisateur", account, {
              idStructure: chorusProId,
              adresseEmailConnexionUtilisateur: loginEmail,
              parametresListerRattachementsStructureUtilisateur: paging(page, "CodeService"),
            }),
            userAttachmentsFound,
          );
          return {
            pages: pageCount(answer),
            items: (answer.listeServices ?? []).map((attachment) => ({
              serviceCode: attachment.codeService || null,
              serviceLabel: attachment.codeService ? (attachment.nomService ?? null) : null,
              status: attachment.statutRattachement,
              startDate: attachment.dateDebut ?? null,
              endDate: attachment.dateFin ?? null,
            })),
          };
        }),
      );
    },

    connectionState() {
      return state;
    },
  };
}

/**
 * The client the configuration asks for, or null when the connection is off (no PISTE credentials):
 * callers check for null before reading Chorus Pro, and {@link chorusProConnectionState} says "off".
 */
export function chorusProClientFromConfig(
  config: Pick<Config, "chorusPro">,
  dependencies: Pick<ChorusProClientOptions, "messages" | "logger" | "metrics" | "now">,
): ChorusProApi | null {
  const settings = config.chorusPro;
  if (!settings) return null;
  return createChorusProClient({
    ...dependencies,
    apiUrl: settings.apiUrl,
    oauthUrl: settings.oauthUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    timeoutMs: settings.timeoutMs,
    pace: { minIntervalMs: settings.minIntervalMs },
  });
}

/** The connection's state for /healthz, "off" when there is no client. */
export function chorusProConnectionState(client: ChorusProApi | null): ChorusProConnectionState {
  return client ? client.connectionState() : { state: "off" };
}
