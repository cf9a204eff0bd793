import { canonicalLink } from "./canonical-link.js";
import type { NormalizedFeedItem } from "./normalize-feed-item.js";

/**
 * The string whose hash is an article's dedupe key: the guid, else the canonical link (so the same
 * story reached through two feeds with different tracking parameters is one article), else
 * "title:published" (seed §3.2). Hashing happens in the service, so this package stays free of
 * node:crypto. Republishing the same item (same guid) therefore never creates a second article.
 */
export function articleIdentity(item: Pick<NormalizedFeedItem, "guid" | "link" | "title" | "publishedAt">): string {
  if (item.guid) return item.guid;
  if (item.link) return canonicalLink(item.link);
  return `${item.title}:${item.publishedAt ? item.publishedAt.toISOString() : ""}`;
}
