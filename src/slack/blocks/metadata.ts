import { z } from "zod";

/**
 * What the app keeps in a modal's `private_metadata` or a button's value, as JSON, and reads back
 * through a zod schema. Slack hands it back as it was given, but the request is signed by Slack, not
 * by the app: whatever does not match the schema reads as null (lenient fields carry their own
 * `.catch`), and the caller tells the person once, in the same words everywhere.
 */
export interface MetadataCodec<T> {
  encode(value: T): string;
  decode(raw: string | undefined): T | null;
}

export function metadataCodec<Schema extends z.ZodType>(schema: Schema): MetadataCodec<z.output<Schema>> {
  return {
    encode: (value) => JSON.stringify(value),
    decode: (raw) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw ?? "");
      } catch {
        return null;
      }
      const result = schema.safeParse(parsed);
      return result.success ? result.data : null;
    },
  };
}

/** A page number: a whole number from 0, the first page otherwise. */
export const pageNumber = z.number().int().min(0).catch(0);
