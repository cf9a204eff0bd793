import type { NormalizedFeedItem } from "./normalize-feed-item.js";

/**
 * The string whose hash is an article's dedupe key: the guid, else the link, else "title:published"
 * (seed §3.2). Hashing happens in the service, so this package stays free of node:crypto.
 * Republishing the same item (same guid) therefore never creates a second article.
 */
export function articleIdentity(item: Pick<NormalizedFeedItem, "guid" | "link" | "title" | "publishedAt">): string {
  if (item.guid) return item.guid;
  if (item.link) return item.link;
  return `${item.title}:${item.publishedAt ? item.publishedAt.toISOString() : ""}`;
}
