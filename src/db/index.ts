export type { Database, OpenDatabaseOptions, PrismaClient } from "./database.ts";
export { DatabaseLockedError, openDatabase } from "./database.ts";
export { isUniqueViolation } from "./errors.ts";
export { inTransaction, type Tx } from "./transaction.ts";
