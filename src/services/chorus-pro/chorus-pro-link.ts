import { ChorusProError, type TechnicalAccount } from "../../chorus-pro/api.ts";
import { AppError } from "../../errors.ts";
import type { ChorusProLink, ServiceContext } from "../context.ts";

/** The connection to Chorus Pro; a clear refusal when it is not configured. */
export function requireChorusPro(ctx: ServiceContext): ChorusProLink {
  if (!ctx.chorusPro) throw new AppError("unavailable", ctx.messages.chorusProImport.notConfigured);
  return ctx.chorusPro;
}

/** A technical account's password as stored: sealed, bound to its structure (a copied value does not open). */
export function sealTechnicalPassword(link: ChorusProLink, structureId: string, password: string): string {
  return link.secrets.seal(password, `chorus-pro:${structureId}`);
}

/** The technical account of a connected structure, its password opened. */
export function technicalAccountOf(
  link: ChorusProLink,
  connection: { structureId: string; technicalLogin: string; technicalPassword: string },
): TechnicalAccount {
  return {
    login: connection.technicalLogin,
    password: link.secrets.open(connection.technicalPassword, `chorus-pro:${connection.structureId}`),
  };
}

/**
 * Runs Chorus Pro calls for a person waiting: its failures become the app's errors, with Chorus Pro's
 * reason — out of reach (503, « Chorus Pro injoignable »), credentials refused (a field error on the
 * technical account), a call refused (its `libelle`).
 */
export async function askChorusPro<T>(
  call: () => Promise<T>,
  fields: { account: string; subject: string },
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ChorusProError)) throw error;
    if (error.failure === "unreachable") throw new AppError("unavailable", error.message);
    const field = error.failure === "refused" ? fields.account : fields.subject;
    throw new AppError("invalid_input", error.message, [{ field, message: error.message }]);
  }
}
