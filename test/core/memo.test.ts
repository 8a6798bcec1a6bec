import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { pathIndex, pathKey } from "../../src/core/json.js";
import { foreignExtension, memo1, memo2, memoAt } from "../../src/core/memo.js";

const key = fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "toString", "", "é", "a.b", "0"));

describe("memo1", () => {
  test.prop([key])("should give what the function gives, the same object on every call", (k) => {
    const make = (x: string) => ({ path: pathKey("$.order", x) });
    const memo = memo1(make);
    const first = memo(k);
    expect(first).toEqual(make(k));
    expect(memo(k)).toBe(first);
  });

  it("should stop keeping results past the limit, and still compute them", () => {
    let calls = 0;
    const memo = memo1((k) => {
      calls++;
      return `<${k}>`;
    }, 2);
    for (const k of ["1", "2", "3", "1", "3"]) memo(k);
    expect(calls).toBe(4); // "1" and "2" kept, "3" computed twice
    expect(memo("3")).toBe("<3>");
  });
});

describe("memo2", () => {
  test.prop([key, key])("should give through of(a)(b) the same object as memo(a, b)", (a, b) => {
    const memo = memo2((x: string, y: string) => ({ path: pathKey(pathKey("$", x), y) }));
    const inner = memo.of(a);
    expect(memo.of(a)).toBe(inner);
    const first = inner(b);
    expect(memo(a, b)).toBe(first);
    expect(inner(b)).toBe(first);
  });

  test.prop([key, key])("should give what the function gives, the same object on every call", (a, b) => {
    const make = (x: string, y: string) => ({ path: pathKey(pathKey("$", x), y) });
    const memo = memo2(make);
    const first = memo(a, b);
    expect(first).toEqual(make(a, b));
    expect(memo(a, b)).toBe(first);
  });

  it("should stop keeping results past the limit per first argument, and still compute them", () => {
    let calls = 0;
    const memo = memo2((a, b) => {
      calls++;
      return `${a}/${b}`;
    }, 2);
    memo("x", "1");
    memo("x", "2");
    memo("x", "3");
    expect(calls).toBe(3);
    expect(memo("x", "1")).toBe("x/1");
    expect(memo("x", "3")).toBe("x/3");
    expect(calls).toBe(4); // "1" and "2" kept, "3" computed again
  });
});

describe("memoAt", () => {
  test.prop([fc.nat({ max: 200 }), key])("should give what the function gives for any position and key", (i, k) => {
    const make = (index: number, name: string) => pathKey(pathIndex("$.products", index), name);
    const memo = memoAt(make);
    expect(memo(i, k)).toBe(make(i, k));
    expect(memo(i, k)).toBe(make(i, k));
  });

  it("should keep positions below maxIndex and compute the others every time", () => {
    let calls = 0;
    const memo = memoAt((i, k) => {
      calls++;
      return { i, k };
    }, 4);
    const a = memo(3, "sku");
    expect(memo(3, "sku")).toBe(a);
    expect(calls).toBe(1);
    const b = memo(4, "sku");
    expect(memo(4, "sku")).not.toBe(b);
    expect(memo(4, "sku")).toEqual({ i: 4, k: "sku" });
    expect(calls).toBe(4);
  });
});

describe("foreignExtension", () => {
  it("should name the extension's path and the destination that cannot carry it", () => {
    expect(foreignExtension("omnisend", "redo")).toEqual({
      path: "$.extensions.redo",
      reason: "omnisend cannot carry redo-only fields",
    });
    expect(foreignExtension("redo", "__proto__").path).toBe("$.extensions.__proto__");
    expect(foreignExtension("redo", "my-app").path).toBe('$.extensions["my-app"]');
  });
});
