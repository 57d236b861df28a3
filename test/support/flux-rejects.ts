import type { ApiResult, Harness } from "./app-harness.ts";

/** One reject as an emitting system reports it; `overrides` change or (undefined) drop fields. */
export function fluxReject(
  emitterStructureIdentifier: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    channel: "EDI_TDT",
    fluxNumber: "FLUX-2026-0001",
    fileName: "factures-novembre.xml",
    depositDate: "2026-11-27T09:15:00+01:00",
    paymentRequestNumber: "FAC-0001",
    emitterStructureIdentifier,
    recipient: "Direction régionale des finances publiques",
    rejectCode: "REJ_SIRET",
    rejectLabel: "Le SIRET du destinataire est inconnu.",
    ...overrides,
  };
}

/** POST /api/v1/flux-rejects, failing the test on anything but 201. */
export async function recordRejects(h: Harness, rejects: Record<string, unknown>[]): Promise<ApiResult> {
  const answer = await h.api("POST", "/api/v1/flux-rejects", { rejects });
  if (answer.status !== 201) throw new Error(`rejects not recorded: ${JSON.stringify(answer.json)}`);
  return answer;
}
