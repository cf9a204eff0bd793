// @ts-check
// Preload (`node --import ./runtime/set-database-url.mjs dist/main.js`): sets DATABASE_URL from the OPS_DB_* parts
// before the service reads its config. A broken part stops the process with one JSON log line.
import { composeDatabaseUrl } from "./database-url.mjs";

try {
  const url = composeDatabaseUrl(process.env);
  if (url !== undefined) process.env.DATABASE_URL = url;
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const line = { level: "fatal", time: new Date().toISOString(), event: "config.invalid", service: process.env.OPS_SERVICE, message };
  process.stderr.write(`${JSON.stringify(line)}\n`);
  process.exit(1);
}
