import { describe } from "vitest";
import { freshPgliteDb } from "@ops/core/testing";
import { defineSchemaTests } from "./schema-suite.js";

describe("pipeline schema on PGlite", () => {
  defineSchemaTests(async () => {
    const db = await freshPgliteDb();
    return { db, close: () => db.close() };
  });
});
