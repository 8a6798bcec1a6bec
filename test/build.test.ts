/**
 * What the build loads. effect is a peer dependency of `commerce-rosetta/effect` only: the plain entry
 * points and the CLI import no effect package (the part they use is bundled in), the format subpaths
 * do not even load that bundled copy (a user of `commerce-rosetta/omnisend` does not pay the ~120 ms
 * of loading effect's Schema), and `commerce-rosetta/effect` imports the app's effect and the
 * library's own entry points rather than a second copy of them. The CLI imports what the package
 * depends on rather than bundling it. Walks the import graph of the built files in dist/ (built by
 * the test setup).
 */
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dist = fileURLToPath(new URL("../dist", import.meta.url));

const SPECIFIER =
  /(?:^|[\n;])\s*(?:import|export)\s*(?:[^"';]*?\sfrom\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|\brequire\(\s*["']([^"']+)["']\s*\)/g;

/** The package specifiers (not relative files, not Node's own modules) a built file reaches, and the files. */
const reachedFrom = (entry: string): { packages: Set<string>; files: Set<string> } => {
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
  return { packages, files: seen };
};
const packagesReachedFrom = (entry: string): Set<string> => reachedFrom(entry).packages;

const effectIn = (packages: Set<string>): Array<string> => [...packages].filter((p) => p === "effect" || p.startsWith("effect/"));

/** Whether a built file reaches bundled effect code (esbuild marks each bundled module with its path). */
const bundlesEffect = (entry: string): boolean =>
  [...reachedFrom(entry).files].some((f) => readFileSync(join(dist, f), "utf8").includes("\n// node_modules/effect/"));

describe("the built package's import graph", () => {
  it.each(["index", "codec-kit"])("should run %s without the app's effect: bundled in, never imported", (entry) => {
    expect(effectIn(packagesReachedFrom(`${entry}.js`))).toEqual([]);
    expect(effectIn(packagesReachedFrom(`${entry}.cjs`))).toEqual([]);
    expect(bundlesEffect(`${entry}.js`)).toBe(true);
    expect(bundlesEffect(`${entry}.cjs`)).toBe(true);
  });

  it.each(["customerio", "omnisend", "omnisend-api", "redo", "attribuly"])(
    "should load the %s subpath without effect",
    (format) => {
      for (const file of [`${format}.js`, `${format}.cjs`]) {
        expect(effectIn(packagesReachedFrom(file))).toEqual([]);
        expect(bundlesEffect(file)).toBe(false);
      }
    },
  );

  it("should give commerce-rosetta/effect the app's effect and the library's own entry points", () => {
    for (const [file, ext] of [
      ["effect.js", "js"],
      ["effect.cjs", "cjs"],
    ] as const) {
      expect(effectIn(packagesReachedFrom(file)).length).toBeGreaterThan(0);
      const own = readFileSync(join(dist, file), "utf8");
      // its own code bundles nothing of effect (the plain entry it loads has its private copy)
      expect(own).not.toContain("\n// node_modules/effect/");
      expect(own).toContain(`./index.${ext}`);
      expect(own).toContain(`./codec-kit.${ext}`);
    }
  });

  it("should import what the CLI and its workers depend on, bundling only effect (not a dependency)", () => {
    const pkg = JSON.parse(readFileSync(join(dist, "..", "package.json"), "utf8")) as { dependencies: Record<string, string> };
    const deps = Object.keys(pkg.dependencies);
    for (const entry of ["cli.js", "worker.js"]) {
      const reached = [...packagesReachedFrom(entry)];
      expect(effectIn(new Set(reached))).toEqual([]);
      for (const p of reached) expect(deps, `${entry} imports ${p}`).toContain(p.replace(/^((?:@[^/]+\/)?[^/]+).*$/, "$1"));
    }
    // the NATS client and prom-client are reached only through consume's and publish's dynamic
    // imports, so the other commands do not load them
    expect([...packagesReachedFrom("cli.js")].sort()).toEqual([
      "@nats-io/jetstream",
      "@nats-io/kv",
      "@nats-io/transport-node",
      "@streamparser/json/tokenizer.js",
      "cli-progress",
      "commander",
      "csv-parse/sync",
      "prom-client",
      "uuid",
    ]);
    expect(bundlesEffect("cli.js")).toBe(true);
  });
});
