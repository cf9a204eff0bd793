import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { composeDatabaseUrl, DATABASE_URL_PARTS, DEFAULT_DATABASE_CA_FILE } from "../../docker/runtime/database-url.mjs";

const runtimeDir = resolve(import.meta.dirname, "..", "..", "docker", "runtime");
// Characters RDS may put in a generated password that mean something inside a URL.
const AWKWARD_PASSWORD = "p@ss:w/rd?#%&=+ ^~,.";

const parts = {
  OPS_DB_HOST: "ops.abc123.us-east-1.rds.amazonaws.com",
  OPS_DB_PORT: "5432",
  OPS_DB_NAME: "ops",
  OPS_DB_USER: "ops_admin",
  OPS_DB_PASSWORD: AWKWARD_PASSWORD,
};

describe("composeDatabaseUrl (the image's DATABASE_URL preload)", () => {
  it("leaves an explicit DATABASE_URL alone", () => {
    expect(composeDatabaseUrl({ ...parts, DATABASE_URL: "pglite:memory" })).toBeUndefined();
  });

  it("does nothing when no part is set (local runs set DATABASE_URL themselves)", () => {
    expect(composeDatabaseUrl({})).toBeUndefined();
  });

  it("builds a URL whose password survives URL parsing byte for byte", () => {
    const url = new URL(composeDatabaseUrl(parts, "/app/certs/ca.pem") as string);
    expect(url.protocol).toBe("postgresql:");
    expect(url.hostname).toBe(parts.OPS_DB_HOST);
    expect(url.port).toBe("5432");
    expect(url.pathname).toBe("/ops");
    expect(decodeURIComponent(url.username)).toBe(parts.OPS_DB_USER);
    expect(decodeURIComponent(url.password)).toBe(AWKWARD_PASSWORD);
  });

  it("requires TLS with the server's certificate verified against the baked-in RDS CA bundle", () => {
    const url = new URL(composeDatabaseUrl(parts) as string);
    expect(url.searchParams.get("sslmode")).toBe("verify-full");
    expect(url.searchParams.get("sslrootcert")).toBe(DEFAULT_DATABASE_CA_FILE);
    expect(DEFAULT_DATABASE_CA_FILE.endsWith("/certs/rds-global-bundle.pem")).toBe(true);
  });

  it("names every missing part and never echoes the password", () => {
    const { OPS_DB_HOST: _host, OPS_DB_NAME: _name, ...partial } = parts;
    let message = "";
    try {
      composeDatabaseUrl(partial);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(DATABASE_URL_PARTS.host);
    expect(message).toContain(DATABASE_URL_PARTS.name);
    expect(message).not.toContain(AWKWARD_PASSWORD);
  });

  it.each([
    ["a host with URL syntax in it", { OPS_DB_HOST: "evil.example/@other" }],
    ["a port that is not a TCP port", { OPS_DB_PORT: "70000" }],
  ])("rejects %s", (_label, override) => {
    expect(() => composeDatabaseUrl({ ...parts, ...override })).toThrow();
  });

  it("as a preload, stops the process with one log line that does not contain the password", () => {
    const result = spawnSync(
      process.execPath,
      ["--import", "./set-database-url.mjs", "--input-type=module", "-e", "process.stdout.write('service started')"],
      { cwd: runtimeDir, env: { PATH: process.env.PATH ?? "", OPS_DB_PASSWORD: AWKWARD_PASSWORD, OPS_SERVICE: "telemetry" }, encoding: "utf8" },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain("service started");
    const line = JSON.parse(result.stderr.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "fatal", event: "config.invalid", service: "telemetry" });
    expect(result.stderr).not.toContain(AWKWARD_PASSWORD);
  });

  it("as a preload, hands the composed URL to the service in DATABASE_URL", () => {
    const result = spawnSync(
      process.execPath,
      ["--import", "./set-database-url.mjs", "--input-type=module", "-e", "process.stdout.write(process.env.DATABASE_URL ?? '')"],
      { cwd: runtimeDir, env: { PATH: process.env.PATH ?? "", ...parts }, encoding: "utf8" },
    );
    expect(result.status).toBe(0);
    expect(decodeURIComponent(new URL(result.stdout).password)).toBe(AWKWARD_PASSWORD);
  });
});
