// There is no Docker engine here, so this test does what docker/Dockerfile does for every service: it runs the same
// install-and-prune script (docker/prepare-service.mjs) into a temp folder and then starts the service from that
// folder with the Dockerfile's own CMD: first the image's migration runner on a PGlite database, then one cycle
// (MODE=ONCE) against the Alpaca simulator on 127.0.0.1 (seed failures 7 and 9: an image that cannot import, or
// that runs against a schema it does not know, must not ship).
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDefaultSimulator, DEFAULT_SIM_ACCOUNTS } from "../../packages/alpaca-sim/src/index.js";
import type { DefaultSimulator } from "../../packages/alpaca-sim/src/index.js";
import { DEV_ONLY, baseEnv, dockerCmd, dockerfile, jsonLines, migrateWith, prepareImage, repoRoot, runProcess, summary } from "./prepared-image.js";
import type { Exit } from "./prepared-image.js";

/** Every folder under services/ with an entry point: a new service is covered without editing this test. */
const SERVICES = readdirSync(join(repoRoot, "services"))
  .filter((name) => existsSync(join(repoRoot, "services", name, "src", "main.ts")))
  .sort();

describe("service images (docker/Dockerfile steps, run without Docker)", () => {
  let workDir = "";
  let sim: DefaultSimulator | undefined;
  const prepared = new Map<string, Exit>();
  let templateMigration: Exit | undefined;
  const templateDb = (): string => join(workDir, "db-template");

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "ops-image-smoke-"));
    // Two at a time: the machines have two cores, and each step is mostly process start-up.
    const queue = [...SERVICES];
    const worker = async (): Promise<void> => {
      for (let service = queue.shift(); service !== undefined; service = queue.shift()) {
        prepared.set(service, await prepareImage(service, join(workDir, service)));
      }
    };
    await Promise.all([worker(), worker()]);
    // Creating a PGlite database costs seconds: one is created and migrated here, and each service gets a copy.
    const first = SERVICES.find((service) => prepared.get(service)?.code === 0);
    if (first !== undefined) {
      templateMigration = await migrateWith(join(workDir, first), `pglite:${templateDb()}`);
    }
    // An empty fixtures folder makes the simulator replay generated bars: no shared data needed.
    sim = await createDefaultSimulator({ sharedDataDir: join(workDir, "no-fixtures"), rateLimitPerMinute: 100_000 });
  }, 300_000);

  afterAll(async () => {
    await sim?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("finds the services to build", () => {
    expect(SERVICES).toEqual(expect.arrayContaining(["telemetry", "dispatcher", "position-manager", "ai-watchlist"]));
  });

  it("builds every image through prepare-service.mjs, and the runtime stage starts what that script produced", () => {
    expect(dockerfile).toMatch(/RUN node docker\/prepare-service\.mjs "\$SERVICE" \/out/);
    expect(dockerfile).toMatch(/COPY --from=build --chown=root:root \/out \/app/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerCmd()).toContain("dist/main.js");
  });

  it("migrates a fresh PGlite database with an image's runner", () => {
    expect(templateMigration, "no image was prepared").toBeDefined();
    const exit = templateMigration as Exit;
    expect(exit.code, summary(exit)).toBe(0);
    const done = jsonLines(exit.stdout).find((line) => line.event === "migrate.done");
    expect(Array.isArray(done?.applied) && done.applied.length > 0, summary(exit)).toBe(true);
  });

  // Concurrent: each step is mostly a node process starting up; the simulator serves them all.
  describe.concurrent.each(SERVICES)("the %s image", (service) => {
    const dir = (): string => join(workDir, service);

    it("is prepared: production dependencies only, transpiled, with migrations, import-checked", () => {
      const exit = prepared.get(service);
      expect(exit, "prepare did not run").toBeDefined();
      expect(exit?.code, summary(exit as Exit)).toBe(0);
      expect(existsSync(join(dir(), "dist", "main.js"))).toBe(true);
      expect(existsSync(join(dir(), "src")), "TypeScript sources are pruned").toBe(false);
      const installed = readdirSync(join(dir(), "node_modules", ".pnpm"));
      for (const devOnly of DEV_ONLY) {
        expect(installed.filter((entry) => entry.startsWith(`${devOnly}@`)), `${devOnly} is a development dependency`).toEqual([]);
      }
    });

    // The service itself refuses a database that lacks any migration it carries (assertSchemaCurrent at boot).
    it("runs one cycle (MODE=ONCE) on the migrated database and exits 0", async () => {
      expect(prepared.get(service)?.code).toBe(0);
      expect(templateMigration?.code).toBe(0);
      const running = sim as DefaultSimulator;
      const dbDir = join(workDir, `db-${service}`);
      cpSync(templateDb(), dbDir, { recursive: true });
      const databaseUrl = `pglite:${dbDir}`;
      const keys: Record<string, string> = {};
      for (const account of DEFAULT_SIM_ACCOUNTS) {
        const suffix = account.id.toUpperCase().replace(/[^A-Z0-9]/g, "_");
        keys[`ALPACA_KEY_ID_${suffix}`] = account.keyId;
        keys[`ALPACA_SECRET_KEY_${suffix}`] = account.secretKey;
      }
      const [command, ...args] = dockerCmd();
      const once = await runProcess(
        command as string,
        args,
        dir(),
        baseEnv({
          ...keys,
          DATABASE_URL: databaseUrl,
          MODE: "ONCE",
          // The stack sets every service's interval explicitly (infra/lib/config/service-catalog.ts).
          OPS_LOOP_INTERVAL_S: "60",
          BUILD_ID: "smoke",
          OPS_SERVICE: service,
          OPS_ACCOUNT: "large-100k",
          OPS_CLOCK: "sim",
          OPS_ALPACA_TRADING_URL: running.url,
          OPS_ALPACA_DATA_URL: running.url,
          OPS_UNIVERSE_SYMBOLS: running.symbols.join(","),
        }),
        60_000,
      );
      expect(once.code, summary(once)).toBe(0);
      // The heartbeat alarm's metric filter counts these lines (infra: { $.event = "cycle.done" } by $.service).
      const done = jsonLines(once.stdout).filter((line) => line.event === "cycle.done");
      expect(done.length, summary(once)).toBe(1);
      expect(done[0]?.service).toBe(service);
      expect(done[0]?.build_id).toBe("smoke");
    }, 120_000);
  });
});
