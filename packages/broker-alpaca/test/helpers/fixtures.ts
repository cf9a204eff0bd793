import { readFileSync } from "node:fs";

const FIXTURES = new URL("../fixtures/alpaca/", import.meta.url);

/** Raw Alpaca JSON (snake_case, string numbers) exactly as written in test/fixtures/alpaca. */
export function loadFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8")) as T;
}
