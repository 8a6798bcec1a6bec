import { defineConfig, type Options } from "tsup";

/**
 * The library's plain entry points, one line each (dist name → source); each also needs its line in
 * package.json "exports" (the same four-file block as the others). Their users need not install
 * effect: the parts of effect they use (the canonical model's Schema) are bundled in.
 */
const PLAIN_ENTRIES: Record<string, string> = {
  index: "src/index.ts",
  "codec-kit": "src/codec-kit.ts",
  customerio: "src/formats/customerio/index.ts",
  omnisend: "src/formats/omnisend/index.ts",
  redo: "src/formats/redo/index.ts",
  attribuly: "src/formats/attribuly/index.ts",
};

/** Entry points for Effect users: `effect` ^4 is their peer dependency, imported, never bundled. */
const EFFECT_ENTRIES: Record<string, string> = {
  effect: "src/effect.ts",
};

/** The ES-module effect packages (bundled into the plain entries and the CLI). */
const EFFECT = [/^effect(\/|$)/];

const library: Options = {
  format: ["esm", "cjs"],
  // maps of our own source only (see README "Package"): no third-party code is mapped
  sourcemap: false,
  target: "node20",
  platform: "node",
  splitting: true,
  treeshake: true,
};

export default defineConfig([
  {
    ...library,
    entry: PLAIN_ENTRIES,
    noExternal: EFFECT,
    dts: true,
    clean: true,
  },
  {
    ...library,
    entry: EFFECT_ENTRIES,
    dts: true,
    clean: false,
  },
  {
    entry: { cli: "src/cli.ts", worker: "src/cli/worker.ts" },
    format: ["esm"],
    // effect is not a dependency of the package (a peer of commerce-rosetta/effect only), so the CLI
    // carries the part it uses; everything it depends on (commander, csv-parse, uuid, cli-progress)
    // stays imported, installed once with the package.
    noExternal: EFFECT,
    sourcemap: false,
    target: "node20",
    platform: "node",
    clean: false,
  },
]);
