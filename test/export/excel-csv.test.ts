import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  type CsvCell,
  excelCsvStream,
  neutraliseCell,
  parisIsoDay,
  streamToBuffer,
} from "../../src/export/excel-csv.ts";
import { messagesFor } from "../../src/i18n/index.ts";
import { BOM, parseSemicolonCsv } from "../support/csv.ts";

const fr = messagesFor("fr");

async function csvOf(header: string[], rows: CsvCell[][]): Promise<string> {
  async function* source() {
    yield* rows;
  }
  return (await streamToBuffer(excelCsvStream({ messages: fr, header, rows: source() }))).toString("utf8");
}

describe("the Excel-friendly CSV", () => {
  it("starts with a UTF-8 byte order mark, separates cells with semicolons and ends records with CRLF", async () => {
    const text = await csvOf(["Nom", "Prénom"], [["Dupré", "Élise"]]);

    expect(text.startsWith(BOM)).toBe(true);
    expect(text).toBe(`${BOM}Nom;Prénom\r\nDupré;Élise\r\n`);
  });

  it("parses back to the same rows, whatever the quotes, separators and line breaks inside the cells", async () => {
    const rows = [
      ["a;b", 'il a dit "oui"', "ligne 1\nligne 2"],
      ["", "simple", "Ça va, l'été ?"],
    ];

    const parsed = parseSemicolonCsv(await csvOf(["Un", "Deux", "Trois"], rows));

    expect(parsed).toEqual([["Un", "Deux", "Trois"], ...rows]);
  });

  it("writes dates as JJ/MM/AAAA on the Paris day and empty values as empty cells", async () => {
    const parsed = parseSemicolonCsv(
      await csvOf(
        ["Date", "Vide", "Indéfini"],
        [
          [new Date("2026-03-05T00:00:00Z"), null, undefined],
          [new Date("2026-12-31T23:30:00Z"), "x", "y"],
        ],
      ),
    );

    expect(parsed.slice(1)).toEqual([
      ["05/03/2026", "", ""],
      ["01/01/2027", "x", "y"],
    ]);
  });

  it("neutralises every cell a spreadsheet would run as a formula, and leaves the others alone", async () => {
    const dangerous = [
      "=cmd@x.fr",
      '=HYPERLINK("http://evil.test","clic")',
      "+33 1 23 45 67 89",
      "-2+3",
      "@SUM(A1)",
      "\t=1",
      "\r=1",
      " =1+1",
      "\n=1+1",
      "  \u00a0@SUM(A1)",
    ];
    const harmless = ["jean@exemple.fr", "Jean-Pierre", "a=b", "33"];

    const parsed = parseSemicolonCsv(
      await csvOf(
        ["Cellule"],
        [...dangerous, ...harmless].map((value) => [value]),
      ),
    );

    expect(parsed.slice(1).map(([cell]) => cell)).toEqual([
      ...dangerous.map((value) => `'${value}`),
      ...harmless,
    ]);
    expect(neutraliseCell("=1+1")).toBe("'=1+1");
    expect(neutraliseCell("Marie")).toBe("Marie");
  });

  it("pulls the rows only as the reader asks for them, so a big export is never held in memory", async () => {
    let produced = 0;
    async function* many() {
      for (let index = 0; index < 100_000; index++) {
        produced++;
        yield [`Nom ${index}`, `prenom.${index}@exemple.fr`];
      }
    }
    const stream = excelCsvStream({ messages: fr, header: ["Nom", "Adresse"], rows: many() });

    const first = await new Promise<Buffer>((resolve) => stream.once("data", resolve));
    stream.pause();
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(first.length).toBeGreaterThan(0);
    expect(produced).toBeLessThan(10_000);
    stream.destroy();
  });

  it("fails the stream when the rows cannot be read, instead of ending a truncated file cleanly", async () => {
    async function* broken() {
      yield ["ok"];
      throw new Error("database gone");
    }

    await expect(
      streamToBuffer(excelCsvStream({ messages: fr, header: ["Nom"], rows: broken() })),
    ).rejects.toThrow("database gone");
  });

  it("names files after the Paris day", () => {
    expect(parisIsoDay(new Date("2026-11-28T23:30:00Z"))).toBe("2026-11-29");
    expect(parisIsoDay(new Date("2026-11-28T10:00:00Z"))).toBe("2026-11-28");
  });

  it("accepts rows already in memory through the same code path", async () => {
    const stream = excelCsvStream({ messages: fr, header: ["A"], rows: [["x"], ["=y"]] });

    expect(stream).toBeInstanceOf(Readable);
    expect(parseSemicolonCsv((await streamToBuffer(stream)).toString("utf8"))).toEqual([
      ["A"],
      ["x"],
      ["'=y"],
    ]);
  });
});
