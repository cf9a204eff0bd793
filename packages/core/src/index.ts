export type { Clock } from "./clock.js";
export type { Db, Queryable, QueryResult, NotificationHandler } from "./db/types.js";
export * from "./market-time/index.js";
