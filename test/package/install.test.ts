/**
 * The package as a user gets it: `npm pack`, the tarball installed offline (from npm's cache) into a
 * throwaway ES-module app and a CommonJS app. The ES-module app has no effect installed: every plain
 * subpath loads, the README's library examples type-check against the installed declarations
 * (skipLibCheck off) and run, `rosetta --help` runs, and `commerce-rosetta/effect` says it needs
 * effect. The CommonJS app installs effect 4 too and requires every subpath, the Effect one included.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  exports: Record<string, unknown>;
  devDependencies: Record<string, string>;
};
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const work = mkdtempSync(join(tmpdir(), "rosetta-pack-"));
const SUBPATHS = Object.keys(pkg.exports)
  .filter((k) => !k.includes("*") && !k.endsWith(".json"))
  .map((k) => (k === "." ? "commerce-rosetta" : `commerce-rosetta/${k.slice(2)}`));
const PLAIN = SUBPATHS.filter((s) => s !== "commerce-rosetta/effect");

/** The README's TypeScript blocks that use the library. */
const readmeExamples = (): Array<string> =>
  [...readFileSync(join(root, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1] as string)
    .filter((code) => code.includes('from "commerce-rosetta'));

const run = (cmd: string, args: ReadonlyArray<string>, cwd: string): string => {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

type LockEntry = {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
};
const rootLock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };

/**
 * A lockfile for an app of the tarball (and `extra` packages), its entries taken from this repo's
 * lockfile, so `npm ci --offline` installs from npm's cache: a fresh `npm install` would need the
 * registry's metadata, which the cache does not hold.
 */
const lockFor = (name: string, tarball: string, extra: ReadonlyArray<string>): unknown => {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown> & {
    dependencies: Record<string, string>;
  };
  const file = `file:${tarball}`;
  const packages: Record<string, LockEntry> = {
    "": {
      name,
      dependencies: { "commerce-rosetta": file, ...Object.fromEntries(extra.map((e) => [e, pkg.devDependencies[e] as string])) },
    },
    "node_modules/commerce-rosetta": {
      version: manifest.version as string,
      resolved: file,
      integrity: `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`,
      license: "MIT",
      dependencies: manifest.dependencies,
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: manifest.peerDependenciesMeta,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  const parent = (key: string): string => {
    const i = key.lastIndexOf("/node_modules/");
    return i < 0 ? "" : key.slice(0, i);
  };
  const find = (from: string, dep: string): string => {
    for (let base = from; ; base = parent(base)) {
      const key = `${base === "" ? "" : `${base}/`}node_modules/${dep}`;
      if (rootLock.packages[key] !== undefined) return key;
      if (base === "") throw new Error(`${dep} (needed by ${from || name}) is not in package-lock.json`);
    }
  };
  const add = (from: string, dep: string): void => {
    const key = find(from, dep);
    if (packages[key] !== undefined) return;
    const { dev: _dev, devOptional: _devOptional, ...entry } = rootLock.packages[key] as LockEntry;
    entry.resolved ??= `https://registry.npmjs.org/${dep}/-/${dep.split("/").pop()}-${entry.version}.tgz`;
    packages[key] = entry;
    for (const d of Object.keys(entry.dependencies ?? {})) add(key, d);
  };
  for (const d of [...Object.keys(manifest.dependencies), ...extra]) add("", d);
  return { name, lockfileVersion: 3, requires: true, packages };
};

const app = (name: string, type: "module" | "commonjs", extra: ReadonlyArray<string>): string => {
  const dir = join(work, name);
  mkdirSync(dir);
  const lock = lockFor(name, tarball, extra) as { packages: Record<string, { dependencies?: unknown }> };
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name, private: true, type, dependencies: lock.packages[""]?.dependencies }),
  );
  writeFileSync(join(dir, "package-lock.json"), JSON.stringify(lock));
  run(npm, ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], dir);
  return dir;
};

let tarball = "";
let esm = "";
let cjs = "";

beforeAll(() => {
  // the test setup builds dist/ with tsup alone; the schema files come from the build script's second step
  if (!existsSync(join(root, "dist", "schemas"))) execFileSync(process.execPath, ["scripts/write-schema.mjs"], { cwd: root });
  const packed = JSON.parse(run(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", work], root)) as Array<{
    filename: string;
  }>;
  tarball = join(work, (packed[0] as { filename: string }).filename);
  esm = app("esm-app", "module", []);
  cjs = app("cjs-app", "commonjs", ["effect"]);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed package, installed", () => {
  it("installs without effect: effect is a peer, not a dependency", () => {
    expect(existsSync(join(esm, "node_modules", "effect"))).toBe(false);
    expect(readdirSync(join(esm, "node_modules", "commerce-rosetta"))).toEqual(
      expect.arrayContaining(["LICENSE", "README.md", "ARCHITECTURE.md", "dist", "examples", "mappings", "package.json"]),
    );
    expect(readdirSync(join(esm, "node_modules", "commerce-rosetta", "dist")).filter((f) => f.endsWith(".map"))).toEqual([]);
  });

  it("imports every plain subpath in an ES-module app with no effect installed; the Effect one names what it needs", () => {
    const script = `${PLAIN.map((s, i) => `import * as m${i} from "${s}";`).join("\n")}
import schema from "commerce-rosetta/canonical.schema.json" with { type: "json" };
import omnisendSchema from "commerce-rosetta/schemas/omnisend.schema.json" with { type: "json" };
const counts = [${PLAIN.map((_, i) => `Object.keys(m${i}).length`).join(", ")}];
console.log(JSON.stringify({ counts, canonical: schema.$ref, omnisend: omnisendSchema.title }));
try { await import("commerce-rosetta/effect"); console.log("effect loaded"); } catch (e) { console.log(String(e.message)); }`;
    writeFileSync(join(esm, "subpaths.mjs"), script);
    const out = run(process.execPath, ["subpaths.mjs"], esm).trim().split("\n");
    const first = JSON.parse(out[0] as string) as { counts: Array<number>; canonical: string; omnisend: string };
    expect(first.counts.every((n) => n > 0)).toBe(true);
    expect(first.canonical).toBe("#/$defs/CanonicalEvent");
    expect(first.omnisend).toBe("Omnisend customer event");
    expect(out[1]).toMatch(/Cannot find (package|module) 'effect'/);
  });

  it("requires every subpath from a CommonJS app with effect 4 installed", () => {
    const script = `const out = {};
for (const s of ${JSON.stringify(SUBPATHS)}) out[s] = Object.keys(require(s)).length;
const { Effect, Stream } = require("effect");
const { translateStream } = require("commerce-rosetta/effect");
const r = Effect.runSync(Stream.runCollect(Stream.fromIterable([{ type: "track", userId: "u", event: "Cart Viewed" }]).pipe(translateStream({ from: "segment", to: "canonical" }))));
out.streamed = Array.from(r).map((t) => [t.ok, t.index]);
console.log(JSON.stringify(out));`;
    writeFileSync(join(cjs, "subpaths.js"), script);
    const out = JSON.parse(run(process.execPath, ["subpaths.js"], cjs)) as Record<string, unknown>;
    for (const s of SUBPATHS) expect(out[s], s).toBeGreaterThan(0);
    expect(out.streamed).toEqual([[true, 0]]);
  });

  it("type-checks the README's library examples against the installed declarations, without effect, and runs them", () => {
    const examples = readmeExamples();
    expect(examples.length).toBeGreaterThanOrEqual(3);
    const files = examples.map((code, i) => {
      const file = join(esm, `readme-${i}.ts`);
      writeFileSync(file, code);
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      typeRoots: [join(root, "node_modules", "@types")],
      types: ["node"],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
    for (const [i, code] of examples.entries()) {
      const js = ts.transpileModule(code, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      writeFileSync(join(esm, `readme-${i}.mjs`), js);
      const r = spawnSync(process.execPath, [`readme-${i}.mjs`], { cwd: esm, encoding: "utf8" });
      expect(r.status, `README example ${i}:\n${code}\n${r.stderr}`).toBe(0);
    }
  });

  it("runs the installed CLI and the shipped ETL example", () => {
    const bin = join(esm, "node_modules", ".bin", "rosetta");
    expect(run(bin, ["--help"], esm)).toMatch(/Usage: rosetta/);
    expect(JSON.parse(run(bin, ["schema", "redo"], esm)).title).toBe("Redo custom event");
    const example = join(esm, "node_modules", "commerce-rosetta", "examples");
    const r = spawnSync(
      process.execPath,
      [join(example, "etl.mjs"), "--from", "segment", "--to", "omnisend", "--in", join(example, "segment.ndjson")].concat([
        "--out",
        join(esm, "out.ndjson"),
        "--rejects",
        join(esm, "rej.ndjson"),
        "--report",
        join(esm, "report.json"),
      ]),
      { cwd: esm, encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(1); // two of the example's records are rejected, on purpose
    expect(JSON.parse(readFileSync(join(esm, "report.json"), "utf8")).read).toBe(7);
  });
});
