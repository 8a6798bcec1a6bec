/**
 * What the build loads: the format subpaths without effect (a user of `commerce-rosetta/omnisend`
 * does not pay the ~120 ms of loading effect's Schema), and the CLI and its workers with their
 * ES-module dependencies bundled in (a worker was ready in 160 ms with effect as a module graph,
 * 50 ms bundled). Walks the import graph of the built files in dist/ (built by the test setup).
 */
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dist = fileURLToPath(new URL("../dist", import.meta.url));

const SPECIFIER =
  /(?:^|[\n;])\s*(?:import|export)\s*(?:[^"';]*?\sfrom\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|\brequire\(\s*["']([^"']+)["']\s*\)/g;

/** The package specifiers (not relative files, not Node's own modules) a built file reaches. */
const packagesReachedFrom = (entry: string): Set<string> => {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(join(dist, file), "utf8").matchAll(SPECIFIER)) {
      const spec = (m[1] ?? m[2] ?? m[3]) as string;
      if (spec.startsWith("./")) visit(spec.slice(2));
      else if (!spec.startsWith("node:") && !builtinModules.includes(spec)) packages.add(spec);
    }
  };
  visit(entry);
  return packages;
};

const effectIn = (packages: Set<string>): Array<string> => [...packages].filter((p) => p === "effect" || p.startsWith("effect/"));

describe("the built package's import graph", () => {
  it("should reach effect from the main entry (the walk sees imports)", () => {
    expect(effectIn(packagesReachedFrom("index.js")).length).toBeGreaterThan(0);
    expect(effectIn(packagesReachedFrom("index.cjs")).length).toBeGreaterThan(0);
  });

  it.each(["customerio", "omnisend", "omnisend-api", "redo", "attribuly"])(
    "should load the %s subpath without effect",
    (format) => {
      expect(effectIn(packagesReachedFrom(`${format}.js`))).toEqual([]);
      expect(effectIn(packagesReachedFrom(`${format}.cjs`))).toEqual([]);
    },
  );

  it("should bundle the CLI's and the worker's ES-module dependencies, leaving only CommonJS ones imported", () => {
    expect([...packagesReachedFrom("cli.js")].sort()).toEqual(["cli-progress", "commander"]);
    expect([...packagesReachedFrom("worker.js")]).toEqual([]);
  });
});
