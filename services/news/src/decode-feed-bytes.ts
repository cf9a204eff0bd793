import { TextDecoder } from "node:util";

// Feed bytes → text. Feeds still ship in ISO-8859-1 (the CNNMoney fixture carries a raw 0xA9 ©), and
// reading those as UTF-8 turns every accented character into U+FFFD. Precedence: byte-order mark,
// then the XML declaration (written by the producer of the bytes), then the HTTP charset, then UTF-8;
// a document that claims UTF-8 but is not valid UTF-8 is read as windows-1252, which never fails.

export interface DecodedFeed {
  text: string;
  /** The WHATWG encoding actually used (e.g. "utf-8", "windows-1252"). */
  encoding: string;
  /** Where the encoding came from. */
  source: "bom" | "xml-declaration" | "http-header" | "default" | "fallback";
}

const XML_DECLARATION_RE = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;
const CHARSET_RE = /;\s*charset\s*=\s*"?([A-Za-z0-9._:-]+)"?/i;

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  return undefined;
}

/** The encoding named in `<?xml ... encoding="..."?>` (the declaration is ASCII in every ASCII-compatible encoding). */
export function declaredXmlEncoding(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 256));
  return XML_DECLARATION_RE.exec(head)?.[1];
}

export function charsetFromContentType(contentType: string | null | undefined): string | undefined {
  return contentType ? CHARSET_RE.exec(contentType)?.[1] : undefined;
}

function decoderFor(label: string, fatal: boolean): TextDecoder | undefined {
  try {
    return new TextDecoder(label, { fatal });
  } catch {
    // Unknown or unsupported label: the caller falls through to the next source.
    return undefined;
  }
}

export function decodeFeedBytes(bytes: Uint8Array, contentType?: string | null): DecodedFeed {
  const bom = bomEncoding(bytes);
  if (bom) return { text: new TextDecoder(bom).decode(bytes), encoding: bom, source: "bom" };
  const candidates: Array<[string | undefined, DecodedFeed["source"]]> = [
    [declaredXmlEncoding(bytes), "xml-declaration"],
    [charsetFromContentType(contentType), "http-header"],
    ["utf-8", "default"],
  ];
  for (const [label, source] of candidates) {
    if (!label) continue;
    const decoder = decoderFor(label, true);
    if (!decoder) continue;
    try {
      return { text: decoder.decode(bytes), encoding: decoder.encoding, source };
    } catch {
      // Bytes invalid in the claimed encoding: try the next source.
    }
  }
  return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252", source: "fallback" };
}
