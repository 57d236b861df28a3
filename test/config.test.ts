import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

const required = { SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: "secret-0123456789" };

describe("the scheduled jobs' configuration", () => {
  it("runs the digest at 8:00 and the reminders at 9:00 on weekdays, escalating after 5 days, by default", () => {
    expect(loadConfig(required)).toMatchObject({
      DIGEST_CRON: "0 8 * * 1-5",
      REMINDER_CRON: "0 9 * * 1-5",
      ESCALATION_DAYS: 5,
    });
  });

  it("purges the REST API's Idempotency-Keys at a quarter past every hour by default, and not on a replica where it is off", () => {
    expect(loadConfig(required).IDEMPOTENCY_PURGE_CRON).toBe("15 * * * *");
    expect(loadConfig({ ...required, IDEMPOTENCY_PURGE_CRON: "off" }).IDEMPOTENCY_PURGE_CRON).toBeNull();
  });

  it("takes other cron expressions, 'off' to leave a job off, and another escalation delay", () => {
    expect(
      loadConfig({ ...required, DIGEST_CRON: "30 7 * * 1-5", REMINDER_CRON: "off", ESCALATION_DAYS: "3" }),
    ).toMatchObject({ DIGEST_CRON: "30 7 * * 1-5", REMINDER_CRON: null, ESCALATION_DAYS: 3 });
  });

  it("refuses a bad cron expression and an escalation delay under one day, naming them", () => {
    let error: unknown;
    try {
      loadConfig({
        ...required,
        DIGEST_CRON: "61 8 * * *",
        REMINDER_CRON: "every morning",
        ESCALATION_DAYS: "0",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.split(":")[0])).toEqual([
      "DIGEST_CRON",
      "REMINDER_CRON",
      "ESCALATION_DAYS",
    ]);
  });
});

describe("the public address of activation links", () => {
  it("defaults to this server on PORT, and drops a trailing slash from the one given", () => {
    expect(loadConfig({ ...required, PORT: "8080" }).PUBLIC_BASE_URL).toBe("http://localhost:8080");
    expect(
      loadConfig({ ...required, PUBLIC_BASE_URL: "https://chorus.exemple.fr/bot/" }).PUBLIC_BASE_URL,
    ).toBe("https://chorus.exemple.fr/bot");
  });

  it("refuses an address that is not http(s)", () => {
    expect(() => loadConfig({ ...required, PUBLIC_BASE_URL: "ftp://chorus.exemple.fr" })).toThrow(
      /PUBLIC_BASE_URL/,
    );
  });
});

describe("the metrics token", () => {
  it("leaves /metrics open by default, and refuses a token under 16 characters, naming it", () => {
    expect(loadConfig(required).METRICS_TOKEN).toBeUndefined();
    expect(() => loadConfig({ ...required, METRICS_TOKEN: "court" })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ ...required, METRICS_TOKEN: "a-long-enough-token" }).METRICS_TOKEN).toBe(
      "a-long-enough-token",
    );
  });
});

describe("the proxies in front of the HTTP server", () => {
  it("trusts none by default, and takes a number of hops or comma-separated addresses, subnets and ranges", () => {
    expect(loadConfig(required).TRUST_PROXY).toBeUndefined();
    expect(loadConfig({ ...required, TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ ...required, TRUST_PROXY: "loopback, 10.0.0.0/8, fc00::/7" }).TRUST_PROXY).toEqual([
      "loopback",
      "10.0.0.0/8",
      "fc00::/7",
    ]);
  });

  it.each(["true", "10.0.0.0/33", "proxy.exemple.fr"])("refuses %s, naming TRUST_PROXY", (value) => {
    expect(() => loadConfig({ ...required, TRUST_PROXY: value })).toThrow(/TRUST_PROXY: un nombre de proxys/);
  });
});

describe("the Chorus Pro connection (PISTE)", () => {
  const key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  it("is off when neither PISTE credential is set", () => {
    expect(loadConfig(required).chorusPro).toBeNull();
  });

  it("reaches PISTE's production by default, with its client credentials and the key of the technical accounts' passwords", () => {
    const config = loadConfig({
      ...required,
      CHORUS_PRO_CLIENT_ID: "client-id",
      CHORUS_PRO_CLIENT_SECRET: "client-secret",
      CHORUS_PRO_SECRET_KEY: key,
    });
    expect(config.chorusPro).toEqual({
      apiUrl: "https://api.piste.gouv.fr",
      oauthUrl: "https://oauth.piste.gouv.fr/api/oauth/token",
      clientId: "client-id",
      clientSecret: "client-secret",
      secretKey: Buffer.from(key, "hex"),
      timeoutMs: 10_000,
      minIntervalMs: 100,
    });
  });

  it("takes the sandbox's addresses, without a trailing slash on the API's", () => {
    const config = loadConfig({
      ...required,
      CHORUS_PRO_CLIENT_ID: "client-id",
      CHORUS_PRO_CLIENT_SECRET: "client-secret",
      CHORUS_PRO_SECRET_KEY: key,
      CHORUS_PRO_API_URL: "https://sandbox-api.piste.gouv.fr/",
      CHORUS_PRO_OAUTH_URL: "https://sandbox-oauth.piste.gouv.fr/api/oauth/token",
    });
    expect(config.chorusPro).toMatchObject({
      apiUrl: "https://sandbox-api.piste.gouv.fr",
      oauthUrl: "https://sandbox-oauth.piste.gouv.fr/api/oauth/token",
    });
  });

  it("refuses a client id without its secret nor the key, naming both, in French and in English", () => {
    let error: unknown;
    try {
      loadConfig({ ...required, CHORUS_PRO_CLIENT_ID: "client-id" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((problem) => problem.split(":")[0])).toEqual([
      "CHORUS_PRO_CLIENT_SECRET",
      "CHORUS_PRO_SECRET_KEY",
    ]);
    expect(problems[0]).toMatch(
      /l'identifiant et le secret PISTE vont ensemble .* \/ missing: the PISTE client id/,
    );
    expect(problems[1]).toMatch(/openssl rand -base64 32/);
  });

  it("refuses a secret without its client id, and a key that is not 32 bytes", () => {
    expect(() =>
      loadConfig({ ...required, CHORUS_PRO_CLIENT_SECRET: "client-secret", CHORUS_PRO_SECRET_KEY: key }),
    ).toThrow(/CHORUS_PRO_CLIENT_ID: manquant/);
    expect(() =>
      loadConfig({
        ...required,
        CHORUS_PRO_CLIENT_ID: "client-id",
        CHORUS_PRO_CLIENT_SECRET: "client-secret",
        CHORUS_PRO_SECRET_KEY: "trop-court",
      }),
    ).toThrow(/CHORUS_PRO_SECRET_KEY: doit faire 32 octets/);
  });
});
