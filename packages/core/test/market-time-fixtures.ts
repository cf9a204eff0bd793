// Fixture access for the market-time tests: the shared real-data folder beside the checkout and a
// minimal single-file zip reader (the Lean bars are zipped; fflate is not a dependency of @ops/core).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** `../shared/data` resolved from the repository root. */
export const sharedDataDir = path.resolve(repoRoot, "..", "shared", "data");

export function sharedDataPath(...segments: string[]): string {
  const p = path.join(sharedDataDir, ...segments);
  if (!existsSync(p)) throw new Error(`fixture missing: ${p} (expected the shared data folder beside the checkout)`);
  return p;
}

const CENTRAL_DIR_SIG = 0x02014b50;
const LOCAL_HEADER_SIG = 0x04034b50;

/** The text of the first entry of a zip archive (stored or deflated). */
export function readFirstZipEntry(zipPath: string): string {
  const buf = readFileSync(zipPath);
  // Sizes are read from the central directory because local headers may defer them to a data descriptor.
  const central = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  if (central < 0 || buf.readUInt32LE(central) !== CENTRAL_DIR_SIG) throw new Error(`${zipPath}: no central directory`);
  const method = buf.readUInt16LE(central + 10);
  const compressedSize = buf.readUInt32LE(central + 20);
  const localOffset = buf.readUInt32LE(central + 42);
  if (buf.readUInt32LE(localOffset) !== LOCAL_HEADER_SIG) throw new Error(`${zipPath}: bad local header`);
  const nameLength = buf.readUInt16LE(localOffset + 26);
  const extraLength = buf.readUInt16LE(localOffset + 28);
  const start = localOffset + 30 + nameLength + extraLength;
  const data = buf.subarray(start, start + compressedSize);
  if (method === 0) return data.toString("utf8");
  if (method === 8) return inflateRawSync(data).toString("utf8");
  throw new Error(`${zipPath}: unsupported compression method ${method}`);
}

/**
 * The JSON value stored under `"key":` in a large JSON text, parsed on its own (the Lean market-hours
 * database is 3 MB and we need one entry of it).
 */
export function extractJsonEntry(text: string, key: string): unknown {
  const needle = `${JSON.stringify(key)}:`;
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`key ${key} not found`);
  let i = at + needle.length;
  while (/\s/.test(text[i] ?? "")) i += 1;
  const start = i;
  let depth = 0;
  let inString = false;
  for (; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") depth += 1;
    else if (ch === "}" || ch === "]") {
      depth -= 1;
      if (depth === 0) return JSON.parse(text.slice(start, i + 1));
    }
  }
  throw new Error(`unterminated value for key ${key}`);
}
