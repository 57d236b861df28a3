import { formatDateTime, type Messages } from "../i18n/index.ts";

/** What the "Récapitulatif de création de compte utilisateur technique" states. */
export interface ConnectionPdfData {
  structure: { designation: string; identifier: string };
  loginEmail: string;
  /** Only at creation or reset: an export on demand has none (it is never stored). */
  password: string | null;
  /** When the account was created, its password reset, or the details exported. */
  at: Date;
  event: "created" | "password_reset" | "exported";
}

type Line = [label: string, value: string];
type StructureOptions = Parameters<PDFKit.PDFDocument["struct"]>[1];

// The look of the app's pages and e-mails (the State's design system, DSFR): bleu France, grey text.
const BLUE = "#000091";
const TEXT = "#3a3a3a";
const HEADING = "#161616";
const MARGIN = 56;
const BAND_HEIGHT = 44;
const LABEL_WIDTH = 170;

/**
 * Decoration that is no part of the text (the band, the footer): marked as a pagination artifact, so
 * that screen readers skip it, drawn at `y` without moving the text cursor nor adding a page.
 */
function artifact(doc: PDFKit.PDFDocument, where: "Top" | "Bottom", draw: () => void) {
  const { x, y } = doc;
  const bottomMargin = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.markContent("Artifact", { type: "Pagination", attached: [where] });
  draw();
  doc.endMarkedContent();
  doc.page.margins.bottom = bottomMargin;
  doc.x = x;
  doc.y = y;
}

/** The band heading the page: the app's name on bleu France, as on its pages and e-mails. */
function headerBand(doc: PDFKit.PDFDocument, appName: string) {
  artifact(doc, "Top", () => {
    doc.rect(0, 0, doc.page.width, BAND_HEIGHT).fill(BLUE);
    doc.fillColor("#ffffff").font("Helvetica-Bold").fontSize(12);
    doc.text(appName, MARGIN, (BAND_HEIGHT - 12) / 2, { lineBreak: false });
  });
}

function footer(doc: PDFKit.PDFDocument, text: string) {
  artifact(doc, "Bottom", () => {
    const y = doc.page.height - MARGIN / 2 - 9;
    doc
      .moveTo(MARGIN, y - 8)
      .lineTo(doc.page.width - MARGIN, y - 8)
      .lineWidth(0.5)
      .stroke("#dddddd");
    doc.fillColor("#666666").font("Helvetica").fontSize(9).text(text, MARGIN, y, { lineBreak: false });
  });
}

/** A heading (H2) and its label–value lines as a table of two columns, one row each (TH, TD). */
function block(
  doc: PDFKit.PDFDocument,
  root: PDFKit.PDFStructureElement,
  heading: string,
  lines: Line[],
  monospaced: ReadonlySet<string>,
) {
  doc.moveDown(1.2);
  root.add(
    doc.struct("H2", {}, () => doc.fillColor(HEADING).font("Helvetica-Bold").fontSize(12).text(heading)),
  );
  doc.moveDown(0.4).fontSize(11);
  const table = doc.struct("Table");
  root.add(table);
  for (const [label, value] of lines) {
    const y = doc.y;
    const row = doc.struct("TR");
    table.add(row);
    // pdfkit writes the Scope attribute of a header cell; its types miss the option.
    const rowHeader = { scope: "Row" } as StructureOptions;
    row.add(
      doc.struct("TH", rowHeader, () =>
        doc.fillColor(TEXT).font("Helvetica").text(label, MARGIN, y, { width: LABEL_WIDTH }),
      ),
    );
    const valueY = doc.y;
    row.add(
      doc.struct("TD", {}, () => {
        doc.fillColor(HEADING).font(monospaced.has(label) ? "Courier-Bold" : "Helvetica-Bold");
        doc.text(value, MARGIN + LABEL_WIDTH, y, { width: doc.page.width - 2 * MARGIN - LABEL_WIDTH });
      }),
    );
    row.end();
    doc.x = MARGIN;
    doc.y = Math.max(doc.y, valueY);
  }
  table.end();
}

function paragraph(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, text: string, bold = false) {
  root.add(
    doc.struct("P", {}, () =>
      doc
        .fillColor(TEXT)
        .font(bold ? "Helvetica-Bold" : "Helvetica")
        .fontSize(11)
        .text(text),
    ),
  );
}

/**
 * The connection summary handed to the principal manager for the API connection, as PDF bytes: a
 * tagged PDF (headings, tables, paragraphs in reading order, its language and title declared), so
 * that screen readers read it as the page shows it. Pure (no I/O, no clock: its dates are the
 * event's). The password is set in a fixed-width font, since it is read off the page and typed
 * elsewhere. pdfkit (some 15 MB with its fonts) is loaded the first time a PDF is made, not by every
 * idle app.
 */
export async function buildConnectionPdf(messages: Messages, data: ConnectionPdfData): Promise<Buffer> {
  const { default: PDFDocument } = await import("pdfkit");
  const labels = messages.technicalUser.pdf;
  const exported = data.event === "exported";
  const title = exported ? labels.exportTitle : labels.title;
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: BAND_HEIGHT + 36, bottom: MARGIN, left: MARGIN, right: MARGIN },
    pdfVersion: "1.7",
    tagged: true,
    lang: messages.dateTime.locale,
    displayTitle: true,
    info: { Title: title, CreationDate: data.at, ModDate: data.at },
  });
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const root = doc.struct("Document");
  doc.addStructure(root);

  headerBand(doc, messages.emails.appName);
  root.add(doc.struct("H1", {}, () => doc.fillColor(BLUE).font("Helvetica-Bold").fontSize(18).text(title)));
  block(
    doc,
    root,
    labels.structure,
    [
      [labels.designation, data.structure.designation],
      [labels.identifier, data.structure.identifier],
    ],
    new Set(),
  );
  const dateLabel = {
    created: labels.createdAt,
    password_reset: labels.passwordResetAt,
    exported: labels.exportedAt,
  }[data.event];
  block(
    doc,
    root,
    labels.account,
    [
      [labels.login, data.loginEmail],
      [labels.password, data.password ?? labels.passwordNotKept],
      [dateLabel, formatDateTime(messages, data.at)],
    ],
    new Set(data.password ? [labels.password] : []),
  );
  doc.moveDown(1.5);
  paragraph(doc, root, labels.instruction, true);
  doc.moveDown(0.8);
  paragraph(doc, root, exported ? labels.exportNote : labels.keepSafe);
  footer(doc, `${messages.emails.appName} – ${title}`);
  root.end();
  doc.end();
  return bytes;
}
