// Feed text arrives as HTML fragments (RSS descriptions, Atom summaries, CDATA with escaped entities).
// Everything stored or classified is plain text, so tags go first and entities are decoded after:
// decoding first would turn "&lt;b&gt;" written as text into a tag and strip real words.

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ",
  ndash: "–", mdash: "—", hellip: "…", lsquo: "‘", rsquo: "’", sbquo: "‚", ldquo: "“", rdquo: "”",
  bdquo: "„", laquo: "«", raquo: "»", bull: "•", middot: "·", copy: "©", reg: "®", trade: "™",
  euro: "€", pound: "£", cent: "¢", yen: "¥", deg: "°", times: "×", divide: "÷", plusmn: "±",
  frac12: "½", frac14: "¼", frac34: "¾", sect: "§", para: "¶", shy: "",
  thinsp: " ", ensp: " ", emsp: " ", zwnj: "", zwj: "", lrm: "", rlm: "",
  aacute: "á", agrave: "à", acirc: "â", auml: "ä", atilde: "ã", aring: "å",
  eacute: "é", egrave: "è", ecirc: "ê", euml: "ë", iacute: "í", igrave: "ì", icirc: "î", iuml: "ï",
  oacute: "ó", ograve: "ò", ocirc: "ô", ouml: "ö", otilde: "õ", oslash: "ø",
  uacute: "ú", ugrave: "ù", ucirc: "û", uuml: "ü", ntilde: "ñ", ccedil: "ç", szlig: "ß",
  Aacute: "Á", Eacute: "É", Oacute: "Ó", Uacute: "Ú", Auml: "Ä", Ouml: "Ö", Uuml: "Ü", Ntilde: "Ñ", Ccedil: "Ç",
};

const ENTITY_RE = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;

/** Decodes named (common set) and numeric character references once; unknown names stay as written. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(ENTITY_RE, (whole, body: string) => {
    if (body.startsWith("#")) {
      const code = body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      // Surrogates and out-of-range code points are not characters; NUL would poison text columns.
      if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "";
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

// Elements whose content is never readable text.
const INVISIBLE_BLOCK_RE = /<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT_RE = /<!--[\s\S]*?-->/g;
const CDATA_RE = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
const TAG_RE = /<\/?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*\?>/g;
// Control characters other than tab/newline/CR: PostgreSQL text rejects NUL, the rest is noise.
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Removes control characters other than tab/newline/CR (PostgreSQL text rejects NUL). */
export function stripControlChars(text: string): string {
  return text.replace(CONTROL_RE, "");
}

/** Plain text of an HTML fragment: tags removed (as word breaks), entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  const withoutMarkup = html
    .replace(CDATA_RE, "$1")
    .replace(COMMENT_RE, " ")
    .replace(INVISIBLE_BLOCK_RE, " ")
    .replace(TAG_RE, " ");
  return decodeHtmlEntities(withoutMarkup).replace(CONTROL_RE, "").replace(/\s+/g, " ").trim();
}

/**
 * Cuts text to at most `maxChars` characters (code points, so an emoji is never split), at a word
 * boundary when one is near, and marks the cut with an ellipsis.
 */
export function truncateText(text: string, maxChars: number): string {
  if (!Number.isInteger(maxChars) || maxChars < 1) throw new RangeError(`maxChars must be a positive integer, got ${maxChars}`);
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  const head = chars.slice(0, maxChars - 1).join("");
  const endsOnWord = /\s/.test(chars[maxChars - 1] as string);
  const lastSpace = head.lastIndexOf(" ");
  const cut = endsOnWord || lastSpace < head.length * 0.7 ? head : head.slice(0, lastSpace);
  return `${cut.trimEnd()}…`;
}
