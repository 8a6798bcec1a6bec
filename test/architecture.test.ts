/**
 * The import rule of ARCHITECTURE.md: each room of src/ imports only the rooms listed for it, and a
 * format's codec never reaches into another format. Reads every import specifier of src/ (static,
 * dynamic, type-only) and fails naming the file and the import that breaks the rule.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src", import.meta.url));

/** The room of a file under src/ (paths relative to src/, with "/" separators). */
const roomOf = (file: string): string => {
  if (file === "index.ts" || file === "codec-kit.ts") return "entry";
  if (file === "effect.ts") return "effect";
  if (file === "cli.ts") return "cli";
  if (file === "lossless.ts") return "lossless";
  if (["translate.ts", "batch.ts", "schemas.ts", "types.ts", "detect.ts", "coerce.ts", "identity.ts"].includes(file))
    return "translate";
  const top = file.split("/")[0] as string;
  if (top === "engines") return "engines";
  return top.endsWith(".ts") ? `?${file}` : top;
};

/** What each room may import (besides itself, mappings/ and packages). */
const MAY_IMPORT: Readonly<Record<string, ReadonlyArray<string>>> = {
  core: ["canonical"],
  canonical: ["core"],
  formats: ["canonical", "core", "lossless"],
  lossless: ["canonical", "core"],
  translate: ["canonical", "core", "formats", "lossless"],
  stream: ["canonical", "core", "formats", "lossless", "translate", "pipeline"],
  pipeline: ["canonical", "core", "formats", "lossless", "translate", "stream"],
  delivery: ["canonical", "core", "formats", "lossless", "translate", "stream", "pipeline"],
  engines: ["canonical", "core", "formats", "lossless", "translate", "stream", "pipeline", "delivery"],
  cli: ["canonical", "core", "formats", "lossless", "translate", "stream", "pipeline", "delivery", "engines"],
  entry: ["canonical", "core", "formats", "lossless", "translate", "stream", "pipeline", "delivery"],
  effect: ["entry", "canonical", "core", "translate", "stream", "delivery"],
};

const files = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** Every relative import of src/: [importing file, imported file], relative to src/. */
const imports = (): Array<readonly [string, string]> =>
  files(src).flatMap((abs) => {
    const text = readFileSync(abs, "utf8");
    return [...text.matchAll(IMPORT)]
      .map((m) => (m[1] ?? m[2]) as string)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => [relative(src, abs), relative(src, resolve(abs, "..", spec)).replace(/\.js$/, ".ts")] as const);
  });

describe("the import rule of ARCHITECTURE.md", () => {
  it("places every file of src/ in a room", () => {
    expect(
      files(src)
        .map((f) => roomOf(relative(src, f)))
        .filter((r) => r.startsWith("?")),
    ).toEqual([]);
  });

  it("has each room import only the rooms it may", () => {
    const broken: Array<string> = [];
    for (const [from, to] of imports()) {
      if (to.startsWith("../mappings/")) continue;
      const a = roomOf(from);
      const b = roomOf(to);
      if (a !== b && !(MAY_IMPORT[a] ?? []).includes(b)) broken.push(`${from} (${a}) imports ${to} (${b})`);
    }
    expect(broken).toEqual([]);
  });

  it("keeps each format's codec out of the other formats (only the registry sees them all)", () => {
    const broken: Array<string> = [];
    for (const [from, to] of imports()) {
      const [fa, fname] = from.split("/");
      const [ta, tname] = to.split("/");
      if (fa !== "formats" || ta !== "formats" || fname === "index.ts" || tname === "index.ts") continue;
      // formats/kinds.ts (field kinds and their checks) and formats/carry.ts (carrying fields in a
      // free-form area) are shared by the codecs; carry.ts reads the source-neutral names from the
      // omnisend-api table and walks it with that codec's table functions (the one exception)
      if (tname === "kinds.ts" || tname === "carry.ts") continue;
      if (fname === "carry.ts" && tname === "omnisend-api") continue;
      if (fname !== tname) broken.push(`${from} imports ${to}`);
    }
    expect(broken).toEqual([]);
  });

  it("finds the imports it checks (a rule over nothing proves nothing)", () => {
    const all = imports();
    expect(all.length).toBeGreaterThan(100);
    expect(all).toContainEqual(["translate.ts", "formats/index.ts"]);
  });
});
