// `npm run db:import-pglite`: brings the database of the app's former version (PGlite, in
// DATA_DIR/pgdata) into the embedded PostgreSQL server of the same DATA_DIR (default ./data), once,
// then moves pgdata/ aside (pgdata.imported-<date>, kept for the operator to delete). Run it with the
// app stopped: it holds the directory's lock throughout. See src/db/pglite-import.ts.
import { DEFAULT_DATA_DIR } from "../src/db/connection.ts";
import { importPgliteDataDir } from "../src/db/pglite-import.ts";

const dataDir = process.env.DATA_DIR || DEFAULT_DATA_DIR;

try {
  if (process.env.DATABASE_URL)
    console.log(
      "DATABASE_URL est ignorée : l'import va dans le serveur embarqué de DATA_DIR. / " +
        "DATABASE_URL is ignored: the import goes into the embedded server of DATA_DIR.",
    );
  const report = await importPgliteDataDir(dataDir);
  console.log(`Import de la base PGlite / PGlite database import (${report.dataDir}):`);
  if (report.pgliteMigrations.length > 0) {
    console.log("  Migrations appliquées d'abord à PGlite / Migrations first applied to PGlite:");
    for (const name of report.pgliteMigrations) console.log(`    - ${name}`);
  }
  if (report.copied) {
    console.log("  Lignes copiées par table / Rows copied per table:");
    const width = Math.max(...report.tables.map((table) => table.name.length));
    for (const table of report.tables) console.log(`    ${table.name.padEnd(width)}  ${table.rows}`);
    const total = report.tables.reduce((sum, table) => sum + table.rows, 0);
    console.log(
      `  ${total} lignes, nombre et contenu vérifiés table par table / ` +
        `${total} rows, count and content verified table by table.`,
    );
  } else {
    console.log(
      "  Un import précédent avait déjà tout copié (vérifié : le serveur contient exactement les lignes de PGlite). / " +
        "A previous import had copied everything already (verified: the server holds exactly PGlite's rows).",
    );
  }
  console.log(`  Ancien répertoire déplacé vers / Old directory moved to: ${report.movedTo}`);
  console.log(
    "  Supprimez-le quand vous n'en avez plus besoin ; l'application démarre maintenant normalement. / " +
      "Delete it once you no longer need it; the app now starts normally.",
  );
  console.log(`  Durée / Duration: ${(report.durationMs / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
