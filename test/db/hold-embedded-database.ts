// Child process of embedded.test.ts: opens the embedded database in argv[2], writes the login
// e-mail argv[3] if given, says "ready", and closes it when its stdin ends (the test's way of
// stopping it), unless it is killed first.
import { openDatabase } from "../../src/db/database.ts";

const db = await openDatabase({ dataDir: process.argv[2] as string });
const loginEmail = process.argv[3];
if (loginEmail)
  await db.prisma.userAccount.create({
    data: {
      loginEmail,
      lastName: "Martin",
      firstName: "Claire",
      lastNameKey: "martin",
      firstNameKey: "claire",
    },
  });
process.stdout.write("ready\n");
process.stdin.resume();
process.stdin.on("end", () => {
  void db.close().then(() => process.exit(0));
});
