/** Minimal XML text helpers for RSS/Atom fixtures (no XML library is a dependency of the sim). */

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Element text → plain string: CDATA unwrapped, entities decoded (one level, as an XML parser does). */
export function decodeXmlText(raw: string): string {
  const parts: string[] = [];
  const re = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  for (let m = re.exec(raw); m !== null; m = re.exec(raw)) {
    parts.push(decodeEntities(raw.slice(last, m.index)), m[1] as string);
    last = m.index + m[0].length;
  }
  parts.push(decodeEntities(raw.slice(last)));
  return parts.join("");
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith("#x")) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return NAMED_ENTITIES[body] ?? whole;
  });
}

/** Drops HTML tags (summaries often carry markup) and collapses whitespace. */
export function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
}

export function escapeXmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export const FEED_ENCODINGS = ["utf-8", "latin1"] as const;
export type FeedEncoding = (typeof FEED_ENCODINGS)[number];

/** Encoding named by the XML declaration; UTF-8 when absent (the XML default). */
export function declaredEncoding(bytes: Uint8Array): FeedEncoding {
  const head = Buffer.from(bytes.subarray(0, 200)).toString("latin1");
  const m = /<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  const name = m ? (m[1] as string).toLowerCase() : "utf-8";
  return name === "iso-8859-1" || name === "latin1" || name === "windows-1252" || name === "us-ascii" ? "latin1" : "utf-8";
}

/** Charset label for a Content-Type header, matching the declaration we keep in the document. */
export function charsetLabel(encoding: FeedEncoding): string {
  return encoding === "latin1" ? "ISO-8859-1" : "utf-8";
}
