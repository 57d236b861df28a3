import { describe, expect, it } from "vitest";
import { searchKey } from "../../src/domain/search-key.ts";

describe("searchKey", () => {
  it("folds case, accents and French ligatures so that any spelling matches", () => {
    expect(searchKey("Hélène")).toBe("helene");
    expect(searchKey("HÉLÈNE")).toBe("helene");
    expect(searchKey("Cœur-Ça Æther")).toBe("coeur-ca aether");
  });

  it("trims the spaces around a criterion", () => {
    expect(searchKey("  Dupont ")).toBe("dupont");
  });
});
