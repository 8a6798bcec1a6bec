import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { draftEvent } from "../../src/canonical/draft.js";
import { EVENT_TYPES } from "../../src/canonical/event-types.js";

describe("draftEvent", () => {
  test.prop([fc.constantFrom(...EVENT_TYPES), fc.string()])(
    "should build the same plain object as the literal { type, name }",
    (type, name) => {
      const e = draftEvent(type, name);
      expect(e).toStrictEqual({ type, name });
      expect(Object.keys(e)).toEqual(["type", "name"]);
      expect(Object.getPrototypeOf(e)).toBe(Object.prototype);
    },
  );

  it("should give a fresh object each time", () => {
    const a = draftEvent("custom", "x");
    a.id = "m-1";
    expect(draftEvent("custom", "x")).toStrictEqual({ type: "custom", name: "x" });
  });
});

describe("where decoders start their events", () => {
  it("should start every decoded event with draftEvent, never the literal { type, name }", () => {
    // a literal's allocation site is pretenured by V8 once callers keep many events (see draftEvent)
    const formats = fileURLToPath(new URL("../../src/formats", import.meta.url));
    const literals: Array<string> = [];
    for (const dir of readdirSync(formats, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      const file = join(formats, dir.name, "codec.ts");
      const text = readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join("\n");
      for (const m of text.matchAll(/\{\s*type,\s*name\b/g)) literals.push(`${dir.name}/codec.ts: ${m[0]}`);
    }
    expect(literals).toEqual([]);
  });
});
