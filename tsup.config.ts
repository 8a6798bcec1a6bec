import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: {
      index: "src/index.ts",
      customerio: "src/formats/customerio/index.ts",
      omnisend: "src/formats/omnisend/index.ts",
      redo: "src/formats/redo/index.ts",
      attribuly: "src/formats/attribuly/index.ts",
      effect: "src/effect.ts",
    },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    platform: "node",
    splitting: true,
    treeshake: true,
  },
  {
    entry: { cli: "src/cli.ts", worker: "src/cli/worker.ts" },
    format: ["esm"],
    // The CLI and its worker threads carry their ES-module dependencies bundled in: loading effect
    // as a graph of hundreds of modules took a worker 160 ms to be ready, bundled 50 ms. (commander
    // and cli-progress are CommonJS, which an ES-module bundle cannot inline: they stay imported.)
    noExternal: [/^effect(\/|$)/, /^uuid(\/|$)/, /^csv-parse(\/|$)/, /^@streamparser\/json(\/|$)/],
    sourcemap: true,
    target: "node20",
    platform: "node",
    clean: false,
  },
]);
