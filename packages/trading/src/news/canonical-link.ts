/**
 * Query parameters that only say who sent the reader (campaign, click and feed tracking): the same
 * article reached through two feeds differs only in these, so they are dropped from its identity.
 */
const TRACKING_PARAM_RE = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|cmpid|ncid|yptr|src|source|ref|feedtype|rss)$/i;

/**
 * A link in one canonical spelling: lower-case scheme and host, no default port, no fragment, no
 * tracking parameters, the remaining parameters sorted, no trailing slash. Not a URL: returned trimmed.
 */
export function canonicalLink(link: string): string {
  const text = link.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return text;
  url.hash = "";
  const kept = [...url.searchParams.entries()].filter(([name]) => !TRACKING_PARAM_RE.test(name));
  kept.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  const query = new URLSearchParams(kept).toString();
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : "";
  // http and https name the same article; the host's case never matters.
  return `${url.host.toLowerCase()}${path}${query ? `?${query}` : ""}`;
}
