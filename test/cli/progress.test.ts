import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { progressBar } from "../../src/cli/progress.js";
import { emptyStats } from "../../src/pipeline/process.js";

describe("progress bar", () => {
  it("shows records/s, counts and, when the input size is known, percent and ETA", () => {
    const stream = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 160,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    });
    let text = "";
    stream.on("data", (c) => (text += c));
    const bar = progressBar(stream, 1000);
    bar.update({ ...emptyStats(), read: 42, converted: 40, rejected: 2 }, 500);
    bar.stop();
    expect(text).toMatch(/42 records/);
    expect(text).toMatch(/converted 40 \| rejected 2/);
    expect(text).toMatch(/50%/);
    expect(text).toMatch(/ETA/);
  });
});
