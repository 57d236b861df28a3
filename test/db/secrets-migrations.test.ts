import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations, readMigrations } from "../../src/db/migrate.ts";
import { createTestServerDatabase } from "../support/db.ts";

const FIRST_NEW = "20261201090000_sealed_slack_installations";
const migrations = await readMigrations();
const earlier = migrations.filter((migration) => migration.name < FIRST_NEW);

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const newSecret = () => randomBytes(32).toString("base64url");
const link = (secret: string) => `http://localhost:3000/activation/${secret}`;

/** The e-mail payload an earlier version queued: the link in the text and in the HTML. */
function activationPayload(to: string, secret: string) {
  return {
    to,
    subject: "Chorus Pro – Activez votre compte",
    text: `Bonjour,\n\nPour activer votre compte : ${link(secret)}`,
    html: `<p>Pour activer votre compte : ${link(secret)}</p>`,
  };
}

describe("the migrations that keep secrets out of the database, on the rows an earlier version left", () => {
  let client: pg.Client;
  let drop: () => Promise<void>;
  const run = async <Row extends object>(sql: string, params?: unknown[]) =>
    (await client.query(sql, params)).rows as Row[];
  const pendingSecret = newSecret();
  const deliveredSecret = newSecret();
  const goneSecret = newSecret();
  const outboxIds = new Map<string, string>();
  const installation = { team: { id: "T0000ONE1" }, bot: { token: "xoxb-clear-token", userId: "UBOT00001" } };

  beforeAll(async () => {
    const created = await createTestServerDatabase({ empty: true });
    drop = created.drop;
    client = new pg.Client({ connectionString: created.url });
    await client.connect();
    await applyPendingMigrations(run, earlier);
    const [account] = await run<{ id: string }>(
      `INSERT INTO "UserAccount" ("id", "loginEmail", "lastName", "firstName", "lastNameKey", "firstNameKey", "updatedAt")
       VALUES (gen_random_uuid(), 'zoe@exemple.fr', 'O''Brien', 'Zoé', 'o''brien', 'zoe', now()) RETURNING "id"`,
    );
    for (const secret of [pendingSecret, deliveredSecret]) {
      await run(
        `INSERT INTO "ActivationToken" ("id", "userId", "tokenHash", "expiresAt")
         VALUES (gen_random_uuid(), $1, $2, now() + interval '1 hour')`,
        [account?.id, sha256(secret)],
      );
    }
    const queue = async (marker: string, payload: object, status: string) => {
      const [row] = await run<{ id: string }>(
        `INSERT INTO "OutboxMessage" ("id", "kind", "payload", "status")
         VALUES (gen_random_uuid(), 'EMAIL', $1, $2::"OutboxStatus") RETURNING "id"`,
        [JSON.stringify(payload), status],
      );
      outboxIds.set(marker, row?.id ?? "");
    };
    await queue("pending", activationPayload("zoe@exemple.fr", pendingSecret), "PENDING");
    await queue("delivered", activationPayload("zoe@exemple.fr", deliveredSecret), "DONE");
    await queue("gone", activationPayload("parti@exemple.fr", goneSecret), "PENDING");
    const decision = {
      to: "a@exemple.fr",
      subject: "Demande validée",
      text: "Validée.",
      html: "<p>Validée.</p>",
    };
    await queue("other", decision, "PENDING");
    await run(
      `INSERT INTO "SlackInstallation" ("id", "key", "teamId", "installation", "updatedAt")
       VALUES (gen_random_uuid(), 'T:T0000ONE1', 'T0000ONE1', $1, now())`,
      [JSON.stringify(installation)],
    );

    await applyPendingMigrations(run, migrations);
  });

  afterAll(async () => {
    await client?.end();
    await drop?.();
  });

  /** The outbox row queued as `marker` before the upgrade, as the migrations left it. */
  async function outboxRow(marker: string) {
    const [row] = await run<{
      kind: string;
      status: string;
      payload: Record<string, unknown>;
      lastError: string | null;
    }>(
      `SELECT "kind"::text AS "kind", "status"::text AS "status", "payload", "lastError"
       FROM "OutboxMessage" WHERE "id" = $1`,
      [outboxIds.get(marker)],
    );
    return row;
  }

  it("keeps each activation token's hash, now the first of its list", async () => {
    const tokens = await run<{ tokenHashes: string[] }>(
      `SELECT "tokenHashes" FROM "ActivationToken" ORDER BY "tokenHashes"`,
    );
    expect(tokens.map((token) => token.tokenHashes)).toEqual(
      [[sha256(pendingSecret)], [sha256(deliveredSecret)]].sort(),
    );
  });

  it("turns a queued activation e-mail into one rendered at delivery for its token, holding no link any more", async () => {
    const [token] = await run<{ id: string }>(
      `SELECT "id" FROM "ActivationToken" WHERE $1 = ANY("tokenHashes")`,
      [sha256(pendingSecret)],
    );
    expect(await outboxRow("pending")).toEqual({
      kind: "ACTIVATION_EMAIL",
      status: "PENDING",
      payload: { activationTokenId: token?.id },
      lastError: null,
    });
  });

  it("removes the link from a delivered activation e-mail, and gives up one whose link is gone, keeping both for operators and the other e-mails as they were", async () => {
    const delivered = await outboxRow("delivered");
    expect(delivered).toMatchObject({ kind: "EMAIL", status: "DONE" });
    expect(delivered?.payload.text).toBe(
      "Bonjour,\n\nPour activer votre compte : http://localhost:3000/activation/[removed]",
    );
    expect(delivered?.payload.html).toBe(
      "<p>Pour activer votre compte : http://localhost:3000/activation/[removed]</p>",
    );
    const gone = await outboxRow("gone");
    expect(gone).toMatchObject({ kind: "EMAIL", status: "FAILED" });
    expect(gone?.lastError).toMatch(/activation link gone/);
    expect(JSON.stringify(gone?.payload)).toContain("/activation/[removed]");
    const everything = JSON.stringify(await run(`SELECT * FROM "OutboxMessage"`));
    for (const secret of [pendingSecret, deliveredSecret, goneSecret])
      expect(everything).not.toContain(secret);
    expect(await outboxRow("other")).toMatchObject({
      kind: "EMAIL",
      status: "PENDING",
      payload: { to: "a@exemple.fr", text: "Validée." },
    });
  });

  it("keeps an installation stored in clear as it was, for the app to encrypt at its next start", async () => {
    const [row] = await run<{ installation: unknown; sealedInstallation: string | null }>(
      `SELECT "installation", "sealedInstallation" FROM "SlackInstallation"`,
    );
    expect(row).toEqual({ installation, sealedInstallation: null });
  });
});
