/** The byte order mark Excel needs to read the file as UTF-8. */
export const BOM = "\uFEFF";

/**
 * Parses the `;`-separated CSV the exports write (RFC 4180 quoting, CRLF records) back into rows, so
 * tests compare what a spreadsheet would read; no parser library is installed, and this one is small.
 * Throws on a bare LF between records, so a wrong record delimiter does not go unnoticed.
 */
export function parseSemicolonCsv(text: string): string[][] {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < body.length; index++) {
    const char = body[index];
    if (quoted) {
      if (char === '"' && body[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ";") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && body[index + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      index++;
    } else if (char === "\n") throw new Error(`bare LF outside quotes at ${index}`);
    else cell += char;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
