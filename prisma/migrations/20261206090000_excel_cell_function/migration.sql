-- A text cell of an exported CSV as `neutraliseCell` (src/export/excel-csv.ts) writes it, for exports
-- the database writes itself (COPY … TO STDOUT): a value a spreadsheet would read as a formula gets a
-- leading `'`, and an empty text becomes NULL, which COPY writes as an empty cell as csv-stringify
-- does (an empty text would be written `""`). The blanks are JavaScript's `\s`, one by one.
CREATE FUNCTION "excel_cell"(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
  WHEN value ~ '^([\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*[=+\-@]|[\t\r\n])'
    THEN '''' || value
  ELSE NULLIF(value, '')
END;
