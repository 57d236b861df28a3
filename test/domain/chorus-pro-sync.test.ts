import { describe, expect, it } from "vitest";
import {
  changesNothing,
  passwordExpiryNoticeDue,
  planSync,
  sameScope,
  validatedScope,
} from "../../src/domain/chorus-pro-sync.ts";

const held = {
  designation: "Commune",
  spaces: ["FACTURES_RECUES", "SUIVI_FLUX"] as const,
  services: [
    { id: "s-rh", code: "RH", label: "RH", active: true, spaces: ["FACTURES_RECUES"] as const },
    { id: "s-old", code: "OLD", label: "Ancien", active: true, spaces: [] as const },
    { id: "s-arch", code: "ARCH", label: "Archives", active: false, spaces: [] as const },
  ],
};

describe("the plan of a sync with Chorus Pro", () => {
  it("changes nothing when Chorus Pro shows what is held", () => {
    const plan = planSync(held, {
      designation: "Commune",
      spaces: ["SUIVI_FLUX", "FACTURES_RECUES"],
      services: [
        { code: "RH", label: "RH", active: true, spaces: ["FACTURES_RECUES"], chorusProId: 1 },
        { code: "OLD", label: "Ancien", active: true, spaces: [], chorusProId: 2 },
        { code: "ARCH", label: "Archives", active: false, spaces: [], chorusProId: 3 },
      ],
    });
    expect(changesNothing(plan)).toBe(true);
  });

  it("finds every kind of change, a service gone from Chorus Pro counting as deactivated, and keeps services' spaces among the structure's", () => {
    const plan = planSync(held, {
      designation: "Commune nouvelle",
      spaces: ["FACTURES_RECUES", "ENGAGEMENTS"],
      services: [
        {
          code: "RH",
          label: "Ressources humaines",
          active: true,
          spaces: ["FACTURES_RECUES", "SUIVI_FLUX"],
          chorusProId: 1,
        },
        { code: "ARCH", label: "Archives", active: true, spaces: [], chorusProId: 3 },
        {
          code: "JUR",
          label: "Juridique",
          active: true,
          spaces: ["ENGAGEMENTS", "SUIVI_FLUX"],
          chorusProId: 4,
        },
      ],
    });
    expect(plan.designation).toEqual({ from: "Commune", to: "Commune nouvelle" });
    expect(plan.spaces).toEqual({
      from: ["FACTURES_RECUES", "SUIVI_FLUX"],
      to: ["ENGAGEMENTS", "FACTURES_RECUES"],
    });
    expect(plan.newServices.map((service) => [service.code, service.spaces])).toEqual([
      ["JUR", ["ENGAGEMENTS"]],
    ]);
    expect(plan.changedServices).toEqual([
      { id: "s-rh", code: "RH", label: { from: "RH", to: "Ressources humaines" }, spaces: null },
    ]);
    expect(plan.deactivatedServices.map((service) => service.code)).toEqual(["OLD"]);
    expect(plan.reactivatedServices.map((service) => service.code)).toEqual(["ARCH"]);
  });
});

describe("the technical password's expiry notices", () => {
  it("are due 30 and 7 days before and on the day, a missed day caught up, none beyond 30 days", () => {
    expect([31, 30, 29, 8, 7, 1, 0, -3].map(passwordExpiryNoticeDue)).toEqual([null, 30, 30, 30, 7, 7, 0, 0]);
  });
});

describe("a user's attachment as Chorus Pro validated it", () => {
  it("is the whole structure, some services, or none, and compares with what is held here", () => {
    expect(validatedScope([{ serviceCode: null, status: "VALIDEE" }])).toEqual({
      wholeStructure: true,
      serviceCodes: [],
    });
    const services = validatedScope([
      { serviceCode: "RH", status: "VALIDEE" },
      { serviceCode: "COMPTA", status: "VALIDEE" },
      { serviceCode: "JUR", status: "EN_COURS_DE_VALIDATION" },
    ]);
    expect(services).toEqual({ wholeStructure: false, serviceCodes: ["COMPTA", "RH"] });
    expect(validatedScope([{ serviceCode: "RH", status: "SUPPRIMEE" }])).toBeNull();
    expect(sameScope(services, { wholeStructure: false, serviceCodes: ["RH", "COMPTA"] })).toBe(true);
    expect(sameScope(services, { wholeStructure: true, serviceCodes: [] })).toBe(false);
    expect(sameScope(null, null)).toBe(true);
    expect(sameScope(services, null)).toBe(false);
  });
});
