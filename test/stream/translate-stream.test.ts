import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  createTranslateStream,
  createTranslateTransformStream,
  type StreamedTranslation,
} from "../../src/stream/translate-stream.js";

const CALL = { type: "track", userId: "u", event: "Cart Viewed", properties: { cart_id: "c" } };

describe("translation streams", () => {
  it("Node Transform: one result per record, in order, bad records failing alone", async () => {
    const out: Array<StreamedTranslation> = [];
    await new Promise<void>((resolve, reject) =>
      Readable.from([CALL, { batch: [CALL, { nope: 1 }] }, "junk"])
        .pipe(createTranslateStream({ from: "segment", to: "canonical" }))
        .on("data", (r: StreamedTranslation) => out.push(r))
        .on("end", resolve)
        .on("error", reject),
    );
    expect(out.map((r) => [r.index, r.path, r.ok])).toEqual([
      [0, "$", true],
      [1, "$.batch[0]", true],
      [1, "$.batch[1]", false],
      [2, "$", false],
    ]);
  });
  it("WHATWG TransformStream: the same results", async () => {
    const results: Array<StreamedTranslation> = [];
    const source = new ReadableStream({
      start(c) {
        c.enqueue(CALL);
        c.enqueue({ type: "track", event: "x" });
        c.close();
      },
    });
    const reader = source
      .pipeThrough(createTranslateTransformStream({ from: "segment", to: "omnisend", identity: () => ({ email: "a@b.c" }) }))
      .getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) results.push(r.value);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[0]?.ok && (results[0].value as { contact: unknown }).contact).toEqual({ email: "a@b.c" });
  });
  it("refuses an unknown format when the stream is made", () => {
    // @ts-expect-error: a JavaScript caller's typo
    expect(() => createTranslateStream({ from: "segmnet", to: "canonical" })).toThrow(/known formats/);
  });
});
