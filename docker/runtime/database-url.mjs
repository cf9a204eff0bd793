// @ts-check
// DATABASE_URL from its parts. On AWS, ECS injects the RDS secret's username and password (OPS_DB_USER,
// OPS_DB_PASSWORD) and the stack sets host, port and database name; services only ever read DATABASE_URL.
// TLS is verified against the RDS CA bundle baked into the image (sslmode=verify-full).
import { fileURLToPath } from "node:url";

/** The variables a DATABASE_URL is composed from, by URL part. */
export const DATABASE_URL_PARTS = /** @type {const} */ ({
  host: "OPS_DB_HOST",
  port: "OPS_DB_PORT",
  name: "OPS_DB_NAME",
  user: "OPS_DB_USER",
  password: "OPS_DB_PASSWORD",
});

/** Where the Dockerfile puts Amazon RDS's global CA bundle. */
export const DEFAULT_DATABASE_CA_FILE = fileURLToPath(new URL("../certs/rds-global-bundle.pem", import.meta.url));

const HOST_PATTERN = /^[A-Za-z0-9.-]+$/;

/**
 * The URL to use, or undefined when DATABASE_URL is already set or no OPS_DB_* part is. A partial set is an
 * error naming the missing variables (never a value: the password must not reach a log).
 * @param {Readonly<Record<string, string | undefined>>} env
 * @param {string} [caFile]
 * @returns {string | undefined}
 */
export function composeDatabaseUrl(env, caFile) {
  if ((env.DATABASE_URL ?? "").trim() !== "") return undefined;
  const names = Object.values(DATABASE_URL_PARTS);
  const value = (/** @type {string} */ name) => (env[name] ?? "").trim();
  if (names.every((name) => value(name) === "")) return undefined;
  const missing = names.filter((name) => value(name) === "");
  if (missing.length > 0) {
    throw new Error(`DATABASE_URL is not set and cannot be composed: ${missing.join(", ")} missing`);
  }
  const host = value(DATABASE_URL_PARTS.host);
  if (!HOST_PATTERN.test(host)) throw new Error(`${DATABASE_URL_PARTS.host} is not a host name`);
  const port = Number(value(DATABASE_URL_PARTS.port));
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${DATABASE_URL_PARTS.port} is not a TCP port`);
  const ca = caFile ?? (value("OPS_DB_CA_FILE") || DEFAULT_DATABASE_CA_FILE);
  // The password is taken verbatim (not trimmed): it is whatever RDS generated.
  const user = encodeURIComponent(value(DATABASE_URL_PARTS.user));
  const password = encodeURIComponent(env[DATABASE_URL_PARTS.password] ?? "");
  const name = encodeURIComponent(value(DATABASE_URL_PARTS.name));
  return `postgresql://${user}:${password}@${host}:${port}/${name}?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`;
}
