import { describe, expect, it } from "vitest";
import {
  type Absence,
  absentManagers,
  delegationCycle,
  presentRecipients,
  type StructureManager,
  standIn,
} from "../../src/domain/absences.ts";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const away = (
  accountId: string,
  delegateId: string | null,
  from = "2026-12-07",
  to = "2026-12-11",
): Absence => ({
  accountId,
  startsOn: day(from),
  endsOn: day(to),
  delegateId,
});
const byAccount = (...absences: Absence[]) =>
  new Map(absences.map((absence) => [absence.accountId, absence]));

const MANAGERS: StructureManager[] = [
  { accountId: "principal", role: "PRINCIPAL_MANAGER" },
  { accountId: "second", role: "SECONDARY_MANAGER" },
  { accountId: "third", role: "SECONDARY_MANAGER" },
];
const WEDNESDAY = day("2026-12-09");

describe("who stands in for a manager away", () => {
  it("keeps a manager who is present, and one whose absence has not started or is over", () => {
    const absences = byAccount(away("second", "third"));
    expect(standIn(MANAGERS, absences, WEDNESDAY, "principal")).toBe("principal");
    expect(standIn(MANAGERS, absences, day("2026-12-06"), "second")).toBe("second");
    expect(standIn(MANAGERS, absences, day("2026-12-12"), "second")).toBe("second");
    expect(standIn(MANAGERS, absences, day("2026-12-11"), "second")).toBe("third");
  });

  it("sends to the delegate who manages the structure, else to the principal manager, else to another manager", () => {
    expect(standIn(MANAGERS, byAccount(away("second", "third")), WEDNESDAY, "second")).toBe("third");
    expect(standIn(MANAGERS, byAccount(away("second", null)), WEDNESDAY, "second")).toBe("principal");
    expect(standIn(MANAGERS, byAccount(away("principal", null)), WEDNESDAY, "principal")).toBe("second");
  });

  it("never sends to a delegate who does not manage the structure", () => {
    expect(standIn(MANAGERS, byAccount(away("second", "elsewhere")), WEDNESDAY, "second")).toBe("principal");
  });

  it("follows a delegate who is away too, and finds nobody when every manager is away", () => {
    const chain = byAccount(away("principal", "second"), away("second", "third"));
    expect(standIn(MANAGERS, chain, WEDNESDAY, "principal")).toBe("third");
    const everyone = byAccount(
      away("principal", "second"),
      away("second", "third"),
      away("third", "principal"),
    );
    expect(standIn(MANAGERS, everyone, WEDNESDAY, "principal")).toBeNull();
    expect(presentRecipients(MANAGERS, everyone, WEDNESDAY)).toEqual([]);
  });

  it("lists each recipient once, the stand-in of several managers included", () => {
    const absences = byAccount(away("principal", "third"), away("second", "third"));
    expect(presentRecipients(MANAGERS, absences, WEDNESDAY)).toEqual(["third"]);
  });

  it("names the delegate in the notes only where the delegate manages the structure", () => {
    const notes = absentManagers(
      MANAGERS,
      byAccount(away("principal", "third"), away("second", "x")),
      WEDNESDAY,
    );
    expect(notes.map((note) => [note.accountId, note.delegateHere])).toEqual([
      ["principal", true],
      ["second", false],
    ]);
  });
});

describe("a loop of delegations", () => {
  it("is found back to the manager declaring, over overlapping days only", () => {
    const others = [away("b", "c"), away("c", "a")];
    expect(delegationCycle(away("a", "b"), others)).toEqual(["a", "b", "c", "a"]);
    expect(delegationCycle(away("a", "b", "2026-12-14", "2026-12-18"), others)).toBeNull();
    expect(delegationCycle(away("a", "b"), [away("b", "a")])).toEqual(["a", "b", "a"]);
  });

  it("is not seen where a chain ends elsewhere, loops without the declaring manager, or names no delegate", () => {
    expect(delegationCycle(away("a", "b"), [away("b", "c")])).toBeNull();
    expect(delegationCycle(away("a", "b"), [away("b", "c"), away("c", "b")])).toBeNull();
    expect(delegationCycle(away("a", null), [away("b", "a")])).toBeNull();
  });
});
