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

/** A node of a page's structure tree, as pdf.js gives it: a structure element, or marked content. */
interface StructNode {
  role?: string;
  children?: StructNode[];
}

/** The roles of a structure tree's elements, depth first, with their depth: `["Document", "·H1", …]`. */
function roles(node: StructNode, depth = 0): string[] {
  if (!node.role) return [];
  const children = (node.children ?? []).flatMap((child) => roles(child, depth + 1));
  return [`${"·".repeat(depth)}${node.role}`, ...children];
}

/**
 * How a PDF is tagged, read back with pdf.js: the catalog's MarkInfo, its language, and the roles
 * of each page's structure tree (the document's root left out), in reading order.
 */
export async function readPdfTagging(
  bytes: Uint8Array,
): Promise<{ marked: boolean; language: string | undefined; pages: string[][] }> {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const markInfo = await document.getMarkInfo();
    const { info } = await document.getMetadata();
    const pages: string[][] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const tree = (await (await document.getPage(number)).getStructTree()) as StructNode | null;
      pages.push((tree?.children ?? []).flatMap((child) => roles(child)));
    }
    return { marked: markInfo?.Marked === true, language: (info as { Language?: string }).Language, pages };
  } finally {
    await document.destroy();
  }
}
