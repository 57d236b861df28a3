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

const MARGIN = 56;
const LABEL_WIDTH = 170;

function block(doc: PDFKit.PDFDocument, heading: string, lines: Line[], monospaced: ReadonlySet<string>) {
  doc.moveDown(1.2).font("Helvetica-Bold").fontSize(12).text(heading);
  doc.moveDown(0.4).fontSize(11);
  for (const [label, value] of lines) {
    const y = doc.y;
    doc.font("Helvetica").text(label, MARGIN, y, { width: LABEL_WIDTH });
    doc.font(monospaced.has(label) ? "Courier-Bold" : "Helvetica-Bold");
    doc.text(value, MARGIN + LABEL_WIDTH, y, { width: doc.page.width - 2 * MARGIN - LABEL_WIDTH });
    doc.x = MARGIN;
  }
}

/**
 * The connection summary handed to the principal manager for the API connection, as PDF bytes.
 * Pure (no I/O, no clock: its dates are the event's). The password is set in a fixed-width font,
 * since it is read off the page and typed elsewhere. pdfkit (some 15 MB with its fonts) is loaded
 * the first time a PDF is made, not by every idle app.
 */
export async function buildConnectionPdf(messages: Messages, data: ConnectionPdfData): Promise<Buffer> {
  const { default: PDFDocument } = await import("pdfkit");
  const labels = messages.technicalUser.pdf;
  const exported = data.event === "exported";
  const title = exported ? labels.exportTitle : labels.title;
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: { Title: title, CreationDate: data.at, ModDate: data.at },
  });
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.font("Helvetica-Bold").fontSize(16).text(title);
  block(
    doc,
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
    labels.account,
    [
      [labels.login, data.loginEmail],
      [labels.password, data.password ?? labels.passwordNotKept],
      [dateLabel, formatDateTime(messages, data.at)],
    ],
    new Set(data.password ? [labels.password] : []),
  );
  doc.moveDown(1.5).font("Helvetica-Bold").fontSize(11).text(labels.instruction);
  doc
    .moveDown(0.8)
    .font("Helvetica")
    .text(exported ? labels.exportNote : labels.keepSafe);
  doc.end();
  return bytes;
}
