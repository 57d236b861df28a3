import type { Tx } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import type { Messages } from "../../i18n/index.ts";
import { normalizeEmail } from "../accounts/create-user.ts";

function fieldError(code: "not_found" | "conflict", field: string, message: string): AppError {
  return new AppError(code, message, [{ field, message }]);
}

/**
 * The structure (with its services) and the user a new request names: the structure must exist and
 * be active, the user must exist and not be deactivated. Errors name the API field at fault.
 */
export async function loadRequestParties(
  tx: Tx,
  messages: Messages,
  input: { structureIdentifier: string; userLoginEmail: string },
) {
  const structure = await tx.structure.findUnique({
    where: { identifier: input.structureIdentifier.trim() },
    include: { services: true },
  });
  if (!structure) {
    throw fieldError(
      "not_found",
      "structureIdentifier",
      messages.errors.structureNotFound(input.structureIdentifier),
    );
  }
  if (structure.status !== "ACTIVE") {
    throw fieldError(
      "conflict",
      "structureIdentifier",
      messages.errors.structureInactive(structure.identifier),
    );
  }
  const loginEmail = normalizeEmail(input.userLoginEmail);
  const user = await tx.userAccount.findUnique({ where: { loginEmail } });
  if (!user) throw fieldError("not_found", "userLoginEmail", messages.errors.userNotFound(loginEmail));
  if (user.status === "DEACTIVATED") {
    throw fieldError("conflict", "userLoginEmail", messages.errors.userDeactivated(loginEmail));
  }
  return { structure, user };
}
