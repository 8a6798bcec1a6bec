import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { type LossKind, lossList, lossOf, lossTo } from "../../src/core/result.js";

const KINDS: ReadonlyArray<LossKind> = ["dropped", "coerced", "moved", "renamed", "truncated", "defaulted"];
const kind = fc.constantFrom(...KINDS);

describe("lossOf / lossTo", () => {
  test.prop([fc.string(), kind, fc.jsonValue(), fc.string()])(
    "should build the same plain object as the literal { path, kind, value, reason }",
    (path, k, value, reason) => {
      const loss = lossOf(path, k, value, reason);
      expect(Object.getPrototypeOf(loss)).toBe(Object.prototype);
      expect(Object.keys(loss)).toEqual(["path", "kind", "value", "reason"]);
      expect(JSON.stringify(loss)).toBe(JSON.stringify({ path, kind: k, value, reason }));
    },
  );

  test.prop([
    fc.string(),
    kind,
    fc.option(fc.jsonValue(), { nil: undefined }),
    fc.option(fc.jsonValue(), { nil: undefined }),
    fc.string(),
  ])(
    "should build the same plain object as the literal { path, kind, value, to, reason }, keeping `to` when undefined",
    (path, k, value, to, reason) => {
      const loss = lossTo(path, k, value, to, reason);
      expect(Object.getPrototypeOf(loss)).toBe(Object.prototype);
      expect(Object.keys(loss)).toEqual(["path", "kind", "value", "to", "reason"]);
      expect(loss).toStrictEqual({ path, kind: k, value, to, reason });
    },
  );

  it("should give a fresh empty list each time", () => {
    const a = lossList();
    const b = lossList();
    expect(a).toEqual([]);
    expect(a).not.toBe(b);
    a.push(lossOf("$", "dropped", 1, "r"));
    expect(b).toEqual([]);
  });
});

describe("where losses are built", () => {
  const src = fileURLToPath(new URL("../../src", import.meta.url));
  const files = (dir: string): Array<string> =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
    );

  it("should build every loss with lossOf / lossTo and every list of losses with lossList, never a literal", () => {
    // a literal's allocation site is pretenured by V8 once callers keep many results (see lossOf)
    const literals: Array<string> = [];
    for (const file of files(src)) {
      // code only: doc comments show results as literals
      const text = readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join("\n");
      for (const m of text.matchAll(/losses\.push\(\s*\{|losses: \[\]|Loss> = \[\]|\?\?= \[\]\)\.push\(loss|\[\.\.\.\w+, loss/g))
        literals.push(`${file.slice(src.length)}: ${m[0]}`);
    }
    expect(literals).toEqual([]);
  });
});
