// `npm run db:migrate`: applies the pending migrations to DATABASE_URL, or else to the embedded
// database in DATA_DIR (default ./data), exactly as the app does when it starts. For operators who
// want the schema ready before starting replicas; the app would do the same on its own.
import { openDatabase } from "../src/db/database.ts";

const url = process.env.DATABASE_URL || undefined;
const dataDir = process.env.DATA_DIR || undefined;
const where = url ? new URL(url).host + new URL(url).pathname : `embedded ${dataDir ?? "./data"}`;

try {
  const db = await openDatabase({ url, dataDir });
  await db.close();
  if (db.appliedMigrations.length === 0) {
    console.log(`Base à jour / Database up to date (${where}).`);
  } else {
    console.log(`Migrations appliquées / Migrations applied (${where}):`);
    for (const name of db.appliedMigrations) console.log(`  - ${name}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
