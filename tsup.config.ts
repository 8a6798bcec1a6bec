import { rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

// dist/ is emptied here, once, before the builds below run in parallel: with `clean` on one of them,
// its type build could delete declarations another had just written.
rmSync(new URL("./dist", import.meta.url), { recursive: true, force: true });

/**
 * The library's plain entry points, one line each (dist name → source); each also needs its block in
 * package.json "exports" (the same four files as the others: .js/.d.ts for import, .cjs/.d.cts for
 * require). Their users need not install effect: the part of effect they use (the canonical model's
 * Schema) is bundled in, and their type declarations do not mention effect.
 */
const PLAIN_ENTRIES: Record<string, string> = {
  index: "src/index.ts",
  "codec-kit": "src/codec-kit.ts",
  customerio: "src/formats/customerio/index.ts",
  omnisend: "src/formats/omnisend/index.ts",
  "omnisend-api": "src/formats/omnisend-api/index.ts",
  redo: "src/formats/redo/index.ts",
  attribuly: "src/formats/attribuly/index.ts",
  delivery: "src/delivery/index.ts",
  nats: "src/engines/nats/index.ts",
};

/**
 * The CLI and its worker threads (ES modules only): built with the plain ES-module entries so they
 * share one copy of the code and of the bundled effect. What the CLI depends on (commander,
 * csv-parse, uuid, cli-progress) is installed with the package and stays imported.
 */
const CLI_ENTRIES: Record<string, string> = {
  cli: "src/cli.ts",
  worker: "src/cli/worker.ts",
};

/**
 * Entry points for Effect users: `effect` ^4 is their peer dependency, imported, never bundled; the
 * library itself they reach through the plain entry points (see the plugin below).
 */
const EFFECT_ENTRIES: Record<string, string> = {
  effect: "src/effect.ts",
};

/** The effect packages (ES modules), bundled into the plain entry points and the CLI. */
const EFFECT = [/^effect(\/|$)/];

const common: Options = {
  // no source maps: they held effect's sources (4.6 MB of the old 8.3 MB); the built code is not
  // minified, so a stack trace reads as it is (see README "Package")
  sourcemap: false,
  target: "node20",
  platform: "node",
  splitting: true,
  treeshake: true,
  clean: false,
};

export default defineConfig([
  {
    ...common,
    entry: { ...PLAIN_ENTRIES, ...CLI_ENTRIES },
    format: ["esm"],
    noExternal: EFFECT,
    dts: { entry: PLAIN_ENTRIES },
  },
  {
    ...common,
    entry: PLAIN_ENTRIES,
    format: ["cjs"],
    noExternal: EFFECT,
    dts: { entry: PLAIN_ENTRIES },
  },
  {
    ...common,
    entry: EFFECT_ENTRIES,
    format: ["esm", "cjs"],
    // src/effect.ts reaches the library through ./index.js and ./codec-kit.js: kept as imports of the
    // built entry points (of the same module format), not bundled a second time
    esbuildPlugins: [
      {
        name: "public-entry-points",
        setup(build) {
          // tsup builds CommonJS with code splitting as ES modules it converts afterwards: the output
          // extension, not the format, tells the two builds apart
          const ext = build.initialOptions.outExtension?.[".js"] ?? ".js";
          build.onResolve({ filter: /^\.\/(index|codec-kit)\.js$/ }, (args) => {
            if (args.importer.endsWith("/src/effect.ts")) return { path: args.path.replace(/\.js$/, ext), external: true };
            // the Effect forms of delivery (src/delivery/effect.ts, bundled into effect.js) reach the
            // engine through commerce-rosetta/delivery's own build
            if (args.importer.endsWith("/src/delivery/effect.ts") && args.path === "./index.js")
              return { path: `./delivery${ext}`, external: true };
            return undefined;
          });
        },
      },
    ],
    dts: true,
  },
]);
