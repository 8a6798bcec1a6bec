import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { currentMatrix, END, START } from "../scripts/readme-matrix.mjs";

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");

describe("README", () => {
  it("should show the event matrix generated from mappings/ (run `npm run readme` when this fails)", () => {
    const a = readme.indexOf(START);
    const b = readme.indexOf(END);
    expect(a).toBeGreaterThan(-1);
    expect(readme.slice(a + START.length, b).trim()).toBe(currentMatrix());
  });
  it("should open with the two set-up commands: the demo, then the tests", () => {
    const block = readme.slice(readme.indexOf("```sh"), readme.indexOf("```", readme.indexOf("```sh") + 5));
    expect(block).toMatch(/npm install && npm run demo/);
    expect(block).toMatch(/npm test/);
  });
});
