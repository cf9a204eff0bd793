// @ts-check
/**
 * Images that run a program from the `scripts` workspace package instead of a LOOP service
 * (`docker build --build-arg SERVICE=<key>`; docker/prepare-service.mjs builds them). That package depends on every
 * service and the simulator (for `pnpm start`), so the image's deploy keeps only `dependencies`, and only `sources`
 * (paths under scripts/) are transpiled: `entry` becomes dist/main.js, so the Dockerfile's CMD is the same for every
 * image, and the other files keep their place under dist/ so the entry's relative imports resolve. .dockerignore must
 * let every source into the build context (infra/test/ops-stacks.test.ts checks the context CDK stages).
 * A source or dependency missing here fails the build's import smoke, which runs the entry with `smokeArgs`: the
 * entry does its work when loaded, so it is started with arguments that only print.
 * @type {Readonly<Record<string, import("./script-images.d.mts").ScriptImage>>}
 */
export const SCRIPT_IMAGES = {
  // `pnpm status` for the one-off ECS task behind `pnpm status --aws`. Its AWS code (ops/aws, the AWS SDK) is loaded
  // only for --aws, which runs on an operator's machine and never inside the task, so the image does not carry it.
  ops: {
    entry: "status.ts",
    sources: ["status.ts", "ops/status", "ops/shared"],
    dependencies: ["@ops/core", "@ops/trading"],
    smokeArgs: ["--help"],
  },
};
