import { z } from "zod";

/**
 * The parts of the Structures API's answers the app reads, as the PISTE swagger names them
 * (test/support/vendor/chorus-pro/structures.swagger.json). Lenient: a field may be missing or null,
 * and fields the app does not read are dropped.
 */

/** Every answer carries it; `codeRetour` 0 is success, anything else a functional error. */
export const envelope = z.object({ codeRetour: z.number().int(), libelle: z.string().nullish() });

const pageInfo = z
  .object({ pageCourante: z.number().int().nullish(), pages: z.number().int().nullish() })
  .nullish();

/** A swagger `date-time`, read as JavaScript reads it (Java's "+0100" offsets included). */
const dateTime = z
  .string()
  .nullish()
  .transform((value) => (value ? new Date(value) : null))
  .refine((date) => date === null || !Number.isNaN(date.getTime()), "not a date-time");

export const structuresFound = z.object({
  listeStructures: z
    .array(
      z.object({
        idStructureCPP: z.number().int(),
        identifiantStructure: z.string(),
        typeIdentifiantStructure: z.string().nullish(),
        designationStructure: z.string().nullish(),
        /** ACTIVE or INACTIVE in answers, although the search asks for ACTIF or INACTIF. */
        statut: z.string().nullish(),
      }),
    )
    .nullish(),
  parametresRetour: pageInfo,
});

/** Without `informationGenerales`, the answer says nothing of the structure: unexpected. */
export const structureConsulted = z.object({
  informationGenerales: z.object({
    idStructureCPP: z.number().int().nullish(),
    identifiantStructure: z.string().nullish(),
    typeIdentifiantStructure: z.string().nullish(),
    libelleStructure: z.string().nullish(),
    raisonSocialeStructure: z.string().nullish(),
    nomStructure: z.string().nullish(),
    prenomStructure: z.string().nullish(),
    structurePriveePublique: z.enum(["PRIVEE", "PUBLIQUE"]).nullish(),
    dateExpirationMotPasseCompteTech: dateTime,
  }),
});

export const servicesFound = z.object({
  listeServices: z
    .array(
      z.object({
        idService: z.number().int(),
        codeService: z.string(),
        libelleService: z.string().nullish(),
        estActif: z.boolean().nullish(),
      }),
    )
    .nullish(),
  parametresRetour: pageInfo,
});

export const spacesFound = z.object({
  listeEspace: z
    .array(
      z.object({
        codeEspace: z.number().int().nullish(),
        libelleEspace: z.string().nullish(),
        etatCourant: z.string().nullish(),
        idService: z.number().int().nullish(),
        codeService: z.string().nullish(),
      }),
    )
    .nullish(),
  parametresRetour: pageInfo,
});

export const userAttachmentsFound = z.object({
  listeServices: z
    .array(
      z.object({
        codeService: z.string().nullish(),
        nomService: z.string().nullish(),
        statutRattachement: z.enum([
          "EN_COURS_DE_VALIDATION",
          "REFUSEE",
          "VALIDEE",
          "DESACTIVEE",
          "SUPPRIMEE",
        ]),
        dateDebut: dateTime,
        dateFin: dateTime,
      }),
    )
    .nullish(),
  parametresRetour: pageInfo,
});

/** How many pages the answer says there are (one when it does not say). */
export function pageCount(answer: { parametresRetour?: { pages?: number | null } | null }): number {
  return answer.parametresRetour?.pages ?? 1;
}
