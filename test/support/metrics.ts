import { eventually } from "./wait.ts";

/**
 * The app's /metrics (Prometheus' text format) at `baseUrl`: the value of one sample, written with its
 * labels as the app writes them (`chorus_outbox_failed`, `…_total{reason="stale"}`), or null when absent.
 */
export async function metricSample(baseUrl: string, sample: string): Promise<number | null> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : null;
}

/**
 * How many Slack requests the app at `baseUrl` has finished handling (its listeners' work over), of
 * every kind, with `outcome` ("ok", "replay", "failed") or any: the sign that nothing more will come
 * of them, before a test checks that something did not happen.
 */
export async function slackRequestsHandled(baseUrl: string, outcome?: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("chorus_slack_handling_seconds_count{"))
    .filter((line) => outcome === undefined || line.includes(`outcome="${outcome}"`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

/** Waits until the app at `baseUrl` has finished handling `count` Slack requests more than `since`. */
export async function slackRequestsDone(baseUrl: string, since: number, count = 1): Promise<void> {
  await eventually(async () => (await slackRequestsHandled(baseUrl)) >= since + count);
}
