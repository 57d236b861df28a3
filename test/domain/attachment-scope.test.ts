import { describe, expect, it } from "vitest";
import { checkGrantedScope } from "../../src/domain/attachment-scope.ts";

const active = new Set(["s1", "s2", "s3"]);
const attached = new Set(["s3"]);

describe("the scope a manager grants when validating", () => {
  it.each([
    [{ wholeStructure: true, serviceIds: [] }, { scope: { wholeStructure: true } }],
    [
      { wholeStructure: false, serviceIds: ["s1", "s2", "s1"] },
      { scope: { wholeStructure: false, serviceIds: ["s1", "s2"] } },
    ],
    [{ wholeStructure: false, serviceIds: [] }, { problem: "nothing_chosen" }],
    [{ wholeStructure: true, serviceIds: ["s1"] }, { problem: "both_chosen" }],
    [{ wholeStructure: false, serviceIds: ["gone"] }, { problem: "unknown_service" }],
    [{ wholeStructure: false, serviceIds: ["s3"] }, { problem: "already_attached" }],
  ])("turns the choice %j into %j", (choice, expected) => {
    expect(
      checkGrantedScope({ ...choice, activeServiceIds: active, alreadyAttachedServiceIds: attached }),
    ).toEqual(expected);
  });
});
