import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// Seed failure 43: Alpaca keys and a DB password lived in task definitions and scripts.
// Every tracked (or about-to-be-tracked) file is scanned for things that look like real credentials.
const repoRoot = resolve(import.meta.dirname, "..");

const PATTERNS: { name: string; re: RegExp }[] = [
  { name: "AWS access key id", re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "AWS secret access key assignment", re: /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}\b/i },
  { name: "Alpaca live/paper key id", re: /\b(AK|PK)[0-9A-Z]{18}\b/ },
  { name: "private key block", re: /-----BEGIN (RSA |EC |OPENSSH |)PRIVATE KEY-----/ },
  { name: "password in a postgres URL", re: /postgres(ql)?:\/\/[^:\s/@]+:(?!\$\{|<|\*)[^@\s/]{6,}@(?!127\.0\.0\.1|localhost)/ },
  { name: "GitHub token", re: /\bgh[pousr]_[A-Za-z0-9]{36}\b/ },
];

function candidateFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8" });
  return out.split("\n").filter((f) => f && !f.endsWith("pnpm-lock.yaml") && f !== "tests/secret-scan.test.ts");
}

/** A line that carries `secret-scan: allow` (a documented fake used by a test) is not scanned. */
export function findSecrets(text: string): string[] {
  const scanned = text.split("\n").filter((line) => !line.includes("secret-scan: allow")).join("\n");
  return PATTERNS.filter((p) => p.re.test(scanned)).map((p) => p.name);
}

describe("secret scan", () => {
  it("recognises credential-shaped strings (so the scan can fail)", () => {
    const fakeAws = "AKIA" + "ABCDEFGHIJKLMNOP";
    const fakeUrl = "postgres://ops:" + "hunter2secret@db.example.internal:5432/ops";
    expect(findSecrets(`key=${fakeAws}`)).toContain("AWS access key id");
    expect(findSecrets(fakeUrl)).toContain("password in a postgres URL");
    expect(findSecrets("postgres://postgres@127.0.0.1:5432/ops_test")).toEqual([]);
    expect(findSecrets(`${fakeUrl} // secret-scan: allow (fake)`)).toEqual([]);
  });

  it("finds no real-looking secret in any file of the repository", () => {
    const hits: string[] = [];
    for (const file of candidateFiles()) {
      const path = join(repoRoot, file);
      let size = 0;
      try { size = statSync(path).size; } catch { continue; }
      if (size > 2_000_000) continue;
      const text = readFileSync(path, "utf8");
      for (const name of findSecrets(text)) hits.push(`${file}: ${name}`);
    }
    expect(hits).toEqual([]);
  });
});
