import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** What a PDF says, read back with pdf.js: its text, one string per page, and its metadata title. */
export async function readPdf(bytes: Uint8Array): Promise<{ pages: string[]; title: string | undefined }> {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      pages.push(
        content.items.map((item) => ("str" in item ? `${item.str}${item.hasEOL ? "\n" : ""}` : "")).join(""),
      );
    }
    const { info } = await document.getMetadata();
    return { pages, title: (info as { Title?: string }).Title };
  } finally {
    await document.destroy();
  }
}
