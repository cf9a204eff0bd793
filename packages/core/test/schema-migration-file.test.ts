import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The runner may split a migration into statements without an SQL parser (PGlite's query() takes one
// statement at a time), so the file promises that a semicolon only ever ends a statement.
const sql = readFileSync(new URL("../../../migrations/0002_pipeline.sql", import.meta.url), "utf8");

describe("0002_pipeline.sql as a file", () => {
  it("uses semicolons only as statement terminators at the end of a line", () => {
    const offending = sql.split("\n").filter((line) => line.includes(";") && !/^[^;]*;\s*$/.test(line.replace(/--.*$/, "")));
    expect(offending).toEqual([]);
  });

  it("keeps quotes and semicolons out of comments", () => {
    const comments = sql.split("\n").map((line) => /--(.*)$/.exec(line)?.[1] ?? "");
    expect(comments.filter((c) => /[;']/.test(c))).toEqual([]);
  });

  it("needs no extension, procedural language or transaction control of its own", () => {
    expect(sql).not.toMatch(/\b(CREATE\s+EXTENSION|CREATE\s+(OR\s+REPLACE\s+)?FUNCTION|CREATE\s+TRIGGER|BEGIN\s*;|COMMIT\s*;)/i);
  });
});
