import { describe, expect, it } from "vitest";
import {
  ConfigError,
  FatalError,
  LeaseLostError,
  OpsError,
  SchemaBehindError,
  TransientError,
  isFatalError,
  toError,
} from "./errors.js";

describe("error classes", () => {
  it.each([
    ["ConfigError", () => new ConfigError("bad")],
    ["TransientError", () => new TransientError("later")],
    ["FatalError", () => new FatalError("broken")],
    ["SchemaBehindError", () => new SchemaBehindError(["0002"])],
    ["LeaseLostError", () => new LeaseLostError({ service: "dispatcher", account: "tiny-1k", holder: "h2" })],
  ])("%s sets its own name and is an OpsError", (name, make) => {
    const error = make();
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(OpsError);
    expect(error).toBeInstanceOf(Error);
  });

  it("keeps the cause it was given", () => {
    const root = new Error("socket hang up");
    expect(new TransientError("fetch failed", { cause: root }).cause).toBe(root);
  });

  it("lists the missing versions in a SchemaBehindError", () => {
    const error = new SchemaBehindError(["0003", "0004"]);
    expect(error.missingVersions).toEqual(["0003", "0004"]);
    expect(error.message).toContain("0003, 0004");
  });

  it("names the new holder in a LeaseLostError", () => {
    const error = new LeaseLostError({ service: "dispatcher", account: "large-100k", holder: "host-b-42" });
    expect(error.message).toContain("host-b-42");
    expect(error.message).toContain("dispatcher/large-100k");
  });

  it("treats fatal, config, schema and lease errors as fatal, transient and plain errors as not", () => {
    expect(isFatalError(new FatalError("x"))).toBe(true);
    expect(isFatalError(new ConfigError("x"))).toBe(true);
    expect(isFatalError(new SchemaBehindError(["0001"]))).toBe(true);
    expect(isFatalError(new LeaseLostError({ service: "s", account: "", holder: null }))).toBe(true);
    expect(isFatalError(new TransientError("x"))).toBe(false);
    expect(isFatalError(new Error("x"))).toBe(false);
    expect(isFatalError("x")).toBe(false);
  });
});

describe("toError", () => {
  it("returns Error instances unchanged", () => {
    const error = new RangeError("out of range");
    expect(toError(error)).toBe(error);
  });

  it("turns a thrown string into an error with that message", () => {
    expect(toError("boom").message).toBe("boom");
  });

  it.each([
    [{ code: 42 }, '{"code":42}'],
    [undefined, "undefined"],
    [null, "null"],
    [7, "7"],
  ])("wraps the non-error %j and keeps it as cause", (value, text) => {
    const error = toError(value);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(text);
    expect(error.cause).toBe(value);
  });

  it("survives values that cannot be stringified", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(toError(cyclic)).toBeInstanceOf(Error);
  });
});
