export const TEXT_ENCODINGS = ["utf-8", "latin-1"] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/**
 * Bytes of a text file as a string: strict UTF-8 when the bytes are valid UTF-8 (a BOM is dropped),
 * else ISO-8859-1. Financial PhraseBank ships in latin-1; a latin-1 file with any accented letter is
 * almost never valid UTF-8, so the strict decode tells them apart.
 */
export function decodeUtf8OrLatin1(bytes: Uint8Array): DecodedText {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: "utf-8" };
  } catch {
    // Buffer's "latin1" is ISO-8859-1 byte for byte (TextDecoder would use windows-1252).
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1"), encoding: "latin-1" };
  }
}
