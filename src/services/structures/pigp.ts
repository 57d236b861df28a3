import { AppError } from "../../errors.ts";
import type { StructureKind } from "../../generated/prisma/enums.ts";
import type { Messages } from "../../i18n/index.ts";

/** Only a public structure goes through the PIGP: a private one marked so is a field error. */
export function checkPigpAllowed(messages: Messages, kind: StructureKind): void {
  if (kind === "PUBLIQUE") return;
  const message = messages.errors.pigpPublicOnly;
  throw new AppError("invalid_input", message, [{ field: "viaPigp", message }]);
}
