// Child process of database.test.ts: opens the embedded database in argv[2], says "ready", and
// closes it when its stdin ends (the test's way of stopping it).
import { openDatabase } from "../../src/db/database.ts";

const db = await openDatabase({ dataDir: process.argv[2] as string });
process.stdout.write("ready\n");
process.stdin.resume();
process.stdin.on("end", () => {
  void db.close().then(() => process.exit(0));
});
