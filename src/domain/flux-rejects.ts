import { parisDay } from "./dates.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The guide: "les fichiers générés dont la date de création est supérieure à 15 jours sont purgés". */
export const FLUX_REJECT_RETENTION_DAYS = 15;

/**
 * The file a reject goes to is that of the Paris day it is received, not of its deposit: a file is
 * what Chorus Pro generated that day, and it is purged by its creation date. A late report of an old
 * deposit thus lands in today's file instead of reopening one the managers may already have taken,
 * or one about to be purged.
 */
export function fluxRejectFileDay(receivedAt: Date): Date {
  return parisDay(receivedAt);
}

/** The oldest file day still kept at `now`: files of earlier days are purged, never listed or sent. */
export function oldestKeptFluxRejectDay(now: Date): Date {
  return new Date(parisDay(now).getTime() - FLUX_REJECT_RETENTION_DAYS * DAY_MS);
}
