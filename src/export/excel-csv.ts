import { pipeline, Readable } from "node:stream";
import { type Options, stringify } from "csv-stringify";
import { stringify as stringifySync } from "csv-stringify/sync";
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
 * How a CSV is written for French Excel to open it right with a double click: UTF-8 with a BOM (else
 * accents are read as Windows-1252), `;` separators (the French list separator), CRLF line ends,
 * dates as JJ/MM/AAAA (Paris day), every text cell neutralised against formula injection.
 */
function excelCsvOptions(messages: Messages, header: readonly string[]): Options {
  return {
    bom: true,
    delimiter: ";",
    record_delimiter: "\r\n",
    // A line break alone would otherwise go unquoted (only CRLF is the record delimiter) and split the row.
    quoted_match: /[\r\n]/,
    header: true,
    columns: header.map((label) => neutraliseCell(label)),
    cast: {
      string: (value) => neutraliseCell(value),
      date: (value) => formatDate(messages, value),
      number: (value) => neutraliseCell(String(value)),
      boolean: (value) => (value ? "1" : "0"),
    },
  };
}

/**
 * Streams rows as an Excel CSV (see excelCsvOptions). The rows are pulled one at a time as the
 * consumer reads (backpressure), so the file is never held in memory.
 */
export function excelCsvStream(options: {
  messages: Messages;
  header: readonly string[];
  rows: AsyncIterable<readonly CsvCell[]> | Iterable<readonly CsvCell[]>;
}): Readable {
  const stringifier = stringify(excelCsvOptions(options.messages, options.header));
  // pipeline destroys the stringifier with the source's error, so a consumer sees a failed query.
  pipeline(Readable.from(options.rows, { objectMode: true }), stringifier, () => {});
  return stringifier;
}

/**
 * The same Excel CSV from rows the database wrote itself (ExportReader.csv, whose cells the query
 * has already formatted and neutralised): the BOM and the header first, then the database's bytes
 * with their LF line ends made CRLF. The header goes out before the database has read anything.
 */
export function excelCsvFromDatabase(options: {
  messages: Messages;
  header: readonly string[];
  csv: Readable;
}): Readable {
  const header = stringifySync([], excelCsvOptions(options.messages, options.header));
  async function* bytes(): AsyncGenerator<Buffer> {
    yield Buffer.from(header);
    const lineEnds = crlfLineEnds();
    // Leaving early (the consumer destroyed the stream) destroys `csv`, which stops the copy.
    for await (const chunk of options.csv) yield lineEnds(chunk as Buffer);
  }
  const stream = Readable.from(bytes(), { objectMode: false });
  stream.once("close", () => options.csv.destroy());
  return stream;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Turns the record ends of a CSV into CRLF, chunk after chunk, leaving the line breaks inside quoted
 * cells as they are (csv-stringify does the same): a quote opens or closes a cell, a doubled one
 * inside a cell closes and reopens it, which leaves the state right.
 */
function crlfLineEnds(): (chunk: Buffer) => Buffer {
  let quoted = false;
  return (chunk) => {
    const recordEnds: number[] = [];
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index];
      if (byte === QUOTE) quoted = !quoted;
      else if (byte === LF && !quoted) recordEnds.push(index);
    }
    if (recordEnds.length === 0) return chunk;
    const out = Buffer.allocUnsafe(chunk.length + recordEnds.length);
    let from = 0;
    let to = 0;
    for (const end of recordEnds) {
      to += chunk.copy(out, to, from, end);
      out[to++] = CR;
      from = end;
    }
    chunk.copy(out, to, from);
    return out;
  };
}

/**
 * The day as formatDate writes it, as a `to_char` pattern for the database ("DD/MM/YYYY" in French
 * and British English): read from the formatter itself, so both always agree.
 */
export function dayPattern(messages: Messages): string {
  return formatDate(messages, new Date(Date.UTC(2001, 1, 3, 12)))
    .replace("2001", "YYYY")
    .replace("02", "MM")
    .replace("03", "DD");
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
