import type { FakeStructure, FakeTechnicalAccount, FakeUserAttachment } from "./types.ts";

/**
 * The six operations of the Structures API over the fake's data, answering as the swagger says
 * (the search asks ACTIF/INACTIF and answers ACTIVE/INACTIVE; pages capped at `maxPageSize`).
 */

export interface OperationContext {
  structures: Map<number, FakeStructure>;
  account: FakeTechnicalAccount;
  maxPageSize: number;
  functionalErrorStatus: 200 | 400;
}

export interface OperationAnswer {
  status: number;
  body: Record<string, unknown>;
}

type Body = Record<string, any>;

const OK = { codeRetour: 0, libelle: "TRA_MSG_00.000" };

function functionalError(context: OperationContext, codeRetour: number, libelle: string): OperationAnswer {
  return { status: context.functionalErrorStatus, body: { codeRetour, libelle } };
}

/** The structure, when the account may read it; null otherwise (Chorus Pro does not tell which). */
function visibleStructure(context: OperationContext, id: unknown): FakeStructure | null {
  if (typeof id !== "number" || !context.account.structureIds.includes(id)) return null;
  return context.structures.get(id) ?? null;
}

const unknownStructure = (context: OperationContext, id: unknown) =>
  functionalError(
    context,
    20003,
    `GCU_MSG_04_003 Structure ${String(id)} inconnue ou non accessible avec ce compte`,
  );

function page<T>(items: T[], paging: Body | undefined, maxPageSize: number) {
  const size = Math.max(1, Math.min(Number(paging?.nbResultatsParPage ?? maxPageSize), maxPageSize));
  const current = Math.max(1, Number(paging?.pageResultatDemandee ?? 1));
  const sorted = paging?.triSens === "Descendant" ? [...items].reverse() : items;
  return {
    items: sorted.slice((current - 1) * size, current * size),
    parametresRetour: {
      nbResultatsParPage: size,
      pageCourante: current,
      pages: Math.max(1, Math.ceil(items.length / size)),
      total: items.length,
    },
  };
}

const STATUS_ASKED: Record<string, string> = { ACTIF: "ACTIVE", INACTIF: "INACTIVE" };

export const OPERATIONS: Record<string, (context: OperationContext, body: Body) => OperationAnswer> = {
  rechercher(context, body) {
    const criteria: Body = body.structure ?? {};
    const found = context.account.structureIds
      .map((id) => context.structures.get(id))
      .filter((structure): structure is FakeStructure => structure !== undefined)
      .filter(
        (structure) =>
          (criteria.identifiantStructure === undefined ||
            structure.identifier === criteria.identifiantStructure) &&
          (criteria.typeIdentifiantStructure === undefined ||
            (structure.identifierType ?? "SIRET") === criteria.typeIdentifiantStructure) &&
          (criteria.statutStructure === undefined ||
            (structure.status ?? "ACTIVE") === STATUS_ASKED[criteria.statutStructure]),
      )
      .sort((a, b) => a.identifier.localeCompare(b.identifier));
    const { items, parametresRetour } = page(found, body.parametres, context.maxPageSize);
    return {
      status: 200,
      body: {
        ...OK,
        listeStructures: items.map((structure) => ({
          idStructureCPP: structure.id,
          identifiantStructure: structure.identifier,
          typeIdentifiantStructure: structure.identifierType ?? "SIRET",
          designationStructure: structure.designation,
          statut: structure.status ?? "ACTIVE",
        })),
        parametresRetour,
      },
    };
  },

  consulter(context, body) {
    const structure = visibleStructure(context, body.idStructureCPP);
    if (!structure) return unknownStructure(context, body.idStructureCPP);
    const kind = structure.kind ?? "PUBLIQUE";
    return {
      status: 200,
      body: {
        ...OK,
        informationGenerales: {
          idStructureCPP: structure.id,
          identifiantStructure: structure.identifier,
          typeIdentifiantStructure: structure.identifierType ?? "SIRET",
          // Public structures have a label, private ones a company name.
          ...(kind === "PUBLIQUE"
            ? { libelleStructure: structure.designation }
            : { raisonSocialeStructure: structure.designation }),
          structurePriveePublique: kind,
          ...(structure.technicalPasswordExpiresAt
            ? { dateExpirationMotPasseCompteTech: structure.technicalPasswordExpiresAt.toISOString() }
            : {}),
        },
        adressePostaleDuSiege: {
          adresse: "1 rue de la Paix",
          codePostal: "75002",
          ville: "Paris",
          pays: "FR",
        },
        parametres: { connexionEDI: false, recevoirDonneesViaEDI: false },
      },
    };
  },

  "rechercher/services"(context, body) {
    const structure = visibleStructure(context, body.idStructure);
    if (!structure) return unknownStructure(context, body.idStructure);
    const services = [...(structure.services ?? [])].sort((a, b) => a.code.localeCompare(b.code));
    const { items, parametresRetour } = page(
      services,
      body.parametresRechercherServicesStructure,
      context.maxPageSize,
    );
    return {
      status: 200,
      body: {
        ...OK,
        listeServices: items.map((service) => ({
          idService: service.id,
          codeService: service.code,
          libelleService: service.label,
          estActif: service.active ?? true,
          statutService: (service.active ?? true) ? "ACTIF" : "INACTIF",
        })),
        parametresRetour,
      },
    };
  },

  "consulter/service"(context, body) {
    const structure = visibleStructure(context, body.idStructure);
    if (!structure) return unknownStructure(context, body.idStructure);
    const service = structure.services?.find((candidate) => candidate.id === body.idService);
    if (!service) return functionalError(context, 20004, `Service ${String(body.idService)} inconnu`);
    return {
      status: 200,
      body: {
        ...OK,
        informationsGenerales: { codeService: service.code, nomService: service.label },
        parametres: { miseEnPaiement: false, numeroEngagement: false },
      },
    };
  },

  "rechercher/espaces"(context, body) {
    const structure = visibleStructure(context, body.structure?.idStructure);
    if (!structure) return unknownStructure(context, body.structure?.idStructure);
    const services = new Map((structure.services ?? []).map((service) => [service.code, service]));
    const rows = (structure.spaces ?? [])
      .map((space, index) => ({
        space,
        service: space.serviceCode ? services.get(space.serviceCode) : undefined,
        index,
      }))
      .filter(({ service }) => body.idService === undefined || service?.id === body.idService);
    const { items, parametresRetour } = page(rows, body.parametresRechercherEspaces, context.maxPageSize);
    return {
      status: 200,
      body: {
        ...OK,
        listeEspace: items.map(({ space, service, index }) => ({
          idEspaceFo: structure.id * 1000 + index,
          codeEspace: space.code ?? index + 1,
          libelleEspace: space.label,
          etatCourant: space.state ?? "ACTIVE",
          typeHabilitation: space.access ?? "MODIFICATION",
          ...(service
            ? { idService: service.id, codeService: service.code, libelleService: service.label }
            : {}),
        })),
        parametresRetour,
      },
    };
  },

  "lister/rattachementsutilisateur"(context, body) {
    const structure = visibleStructure(context, body.idStructure);
    if (!structure) return unknownStructure(context, body.idStructure);
    const services = new Map((structure.services ?? []).map((service) => [service.code, service]));
    const email = String(body.adresseEmailConnexionUtilisateur ?? "").toLowerCase();
    const attachments = (structure.attachments ?? []).filter(
      (attachment) => attachment.email.toLowerCase() === email,
    );
    const { items, parametresRetour } = page(
      attachments,
      body.parametresListerRattachementsStructureUtilisateur,
      context.maxPageSize,
    );
    return {
      status: 200,
      body: {
        ...OK,
        idStructure: structure.id,
        identifiantStructure: structure.identifier,
        designationStructure: structure.designation,
        premierService: false,
        listeServices: items.map((attachment: FakeUserAttachment, index) => {
          const service = attachment.serviceCode ? services.get(attachment.serviceCode) : undefined;
          return {
            idRattachement: structure.id * 1000 + index,
            statutRattachement: attachment.status,
            ...(service
              ? { idService: service.id, codeService: service.code, nomService: service.label }
              : {}),
            ...(attachment.startDate ? { dateDebut: attachment.startDate.toISOString() } : {}),
            ...(attachment.endDate ? { dateFin: attachment.endDate.toISOString() } : {}),
            ...(attachment.comment ? { commentaire: attachment.comment } : {}),
          };
        }),
        parametresRetour,
      },
    };
  },
};
