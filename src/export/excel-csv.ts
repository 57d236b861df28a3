import { pipeline, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { formatDate, type Messages } from "../i18n/index.ts";

/** What a CSV cell may hold: dates become the Paris day, null and undefined an empty cell. */
export type CsvCell = string | number | boolean | Date | null | undefined;

/**
 * A spreadsheet reads a cell starting with one of these as a formula, also behind the blanks and line
 * breaks it trims (a tab, CR or LF first is treated as the start of one as well): `=HYPERLINK(…)` in a
 * user's name must stay text when a manager opens the file.
 */
const FORMULA_START = /^(\s*[=+\-@]|[\t\r\n])/;

/** Prefixes a cell Excel would read as a formula with `'`, which makes it text (OWASP "CSV injection"). */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Streams rows as a CSV that French Excel opens right with a double click: UTF-8 with a BOM (else
 * accents are read as Windows-1252), `;` separators (the French list separator), CRLF line ends,
 * dates as JJ/MM/AAAA (Paris day), every text cell neutralised against formula injection. The rows
 * are pulled one at a time as the consumer reads (backpressure), so the file is never held in memory.
 */
export function excelCsvStream(options: {
  messages: Messages;
  header: readonly string[];
  rows: AsyncIterable<readonly CsvCell[]> | Iterable<readonly CsvCell[]>;
}): Readable {
  const { messages } = options;
  const stringifier = stringify({
    bom: true,
    delimiter: ";",
    record_delimiter: "\r\n",
    // A line break alone would otherwise go unquoted (only CRLF is the record delimiter) and split the row.
    quoted_match: /[\r\n]/,
    header: true,
    columns: options.header.map((label) => neutraliseCell(label)),
    cast: {
      string: (value) => neutraliseCell(value),
      date: (value) => formatDate(messages, value),
      number: (value) => neutraliseCell(String(value)),
      boolean: (value) => (value ? "1" : "0"),
    },
  });
  // pipeline destroys the stringifier with the source's error, so a consumer sees a failed query.
  pipeline(Readable.from(options.rows, { objectMode: true }), stringifier, () => {});
  return stringifier;
}

/** Collects a stream into one buffer: for Slack's upload, which needs the byte length up front. */
export async function streamToBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

const isoDay = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** "2026-11-28", the Paris day: file names sort by date this way. */
export function parisIsoDay(date: Date): string {
  return isoDay.format(date);
}
