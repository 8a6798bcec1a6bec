/** The CLI starts convert's worker threads from the raw arguments, before commander parses them. */
import { describe, expect, it } from "vitest";
import { jobsIn } from "../../src/cli/prestart.js";

describe("jobsIn", () => {
  it("reads every spelling commander accepts for --jobs", () => {
    expect(jobsIn(["convert", "--jobs", "3", "f"])).toBe(3);
    expect(jobsIn(["convert", "-j", "2"])).toBe(2);
    expect(jobsIn(["convert", "--jobs=4"])).toBe(4);
    expect(jobsIn(["convert", "-j2", "--from", "x"])).toBe(2);
  });
  it("says nothing when --jobs is absent or not a number (commander reports the error)", () => {
    expect(jobsIn(["convert", "--from", "customerio"])).toBeUndefined();
    expect(jobsIn(["convert", "--jobs", "many"])).toBeUndefined();
    expect(jobsIn(["convert", "--jobs"])).toBeUndefined();
  });
});
