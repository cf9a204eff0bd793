export { createNewsCycle } from "./cycle.js";
export type { NewsDeps } from "./cycle.js";
export { loadNewsConfig, newsConfigSchema, CLOCK_SOURCES } from "./config.js";
export type { ClockSource, NewsConfig, NewsCycleConfig } from "./config.js";
export { loadCompanyNames } from "./load-company-names.js";
export { decodeFeedBytes } from "./decode-feed-bytes.js";
export type { DecodedFeed } from "./decode-feed-bytes.js";
