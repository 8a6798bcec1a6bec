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
    sourcemap: true,
    target: "node20",
    platform: "node",
    clean: false,
  },
]);
