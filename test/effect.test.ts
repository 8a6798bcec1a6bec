import { Readable } from "node:stream";
import { Effect, Exit, Schema, Stream } from "effect";
import { describe, expect, it } from "vitest";
import {
  codecSchema,
  decodeEffect,
  encodeEffect,
  readNdjsonStream,
  rejectOfStreamed,
  TranslationError,
  translateEffect,
  translateLines,
  translateStream,
} from "../src/effect.js";

const CALL = { type: "track", userId: "u", event: "Product Viewed", properties: { product_id: "p", price: 5 } };

describe("Effect API", () => {
  it("decodes, encodes and translates as Effects", () => {
    expect(Effect.runSync(decodeEffect("customerio", CALL))[0]?.products).toEqual([{ id: "p", price: 5 }]);
    expect(Effect.runSync(translateEffect(CALL, { from: "segment", to: "canonical" })).losses).toEqual([]);
    const enc = Effect.runSync(encodeEffect("customerio", { type: "custom", name: "x", identity: { userId: "u" } }));
    expect(enc.value).toEqual({ type: "track", event: "x", userId: "u" });
  });
  it("fails with a tagged TranslationError that carries the issues", () => {
    const exit = Effect.runSyncExit(decodeEffect("customerio", { type: "track", event: "x" }));
    expect(Exit.isFailure(exit)).toBe(true);
    const caught = Effect.runSync(
      decodeEffect("customerio", 1).pipe(Effect.catchTag("TranslationError", (e) => Effect.succeed(e))),
    );
    expect(caught).toBeInstanceOf(TranslationError);
    expect((caught as TranslationError).errors[0]?.path).toBe("$");
  });
  it("exposes each codec as an Effect Schema, wire ⇄ canonical", () => {
    const CustomerIo = codecSchema("customerio");
    const event = Schema.decodeUnknownSync(CustomerIo)(CALL);
    expect(event.type).toBe("product_viewed");
    expect(Schema.encodeSync(CustomerIo)(event)).toEqual(CALL);
    expect(Schema.decodeUnknownExit(CustomerIo)({ type: "track" })._tag).toBe("Failure");
  });
  it("translates a Stream record by record, a bad one failing alone", () => {
    const out = Effect.runSync(
      Stream.runCollect(
        Stream.fromIterable([CALL, { nope: 1 }, CALL]).pipe(translateStream({ from: "segment", to: "canonical" })),
      ),
    );
    expect(Array.from(out).map((t) => t.ok)).toEqual([true, false, true]);
  });
});

describe("Effect streams carry each record's place", () => {
  it("gives every result its index; a failure also its input", () => {
    const out = Array.from(
      Effect.runSync(
        Stream.runCollect(
          Stream.fromIterable([CALL, { nope: 1 }, CALL]).pipe(translateStream({ from: "segment", to: "canonical" })),
        ),
      ),
    );
    expect(out.map((t) => t.index)).toEqual([0, 1, 2]);
    expect(out.every((t) => t.line === undefined)).toBe(true);
    const bad = out[1];
    expect(bad?.ok === false && bad.input).toEqual({ nope: 1 });
    if (bad?.ok === false) expect(rejectOfStreamed(bad)).toEqual({ line: 2, input: { nope: 1 }, errors: bad.errors });
  });

  it("reads NDJSON with line numbers: a non-JSON line and a bad record fail with their line, blank lines counted", async () => {
    const text = `${JSON.stringify(CALL)}\n\nnot json\n${JSON.stringify({ type: "track", event: "x" })}\n${JSON.stringify(CALL)}`;
    const out = Array.from(
      await Effect.runPromise(
        Stream.runCollect(
          readNdjsonStream(Readable.from([Buffer.from(text)])).pipe(translateLines({ from: "segment", to: "canonical" })),
        ),
      ),
    );
    expect(out.map((t) => [t.ok, t.index, t.line])).toEqual([
      [true, 0, 1],
      [false, 1, 3],
      [false, 2, 4],
      [true, 3, 5],
    ]);
    const notJson = out[1];
    if (notJson?.ok !== false) throw new Error("expected a failure");
    expect(notJson.input).toBe("not json");
    expect(notJson.errors[0]?.message).toMatch(/^\$: not JSON/);
    expect(rejectOfStreamed(notJson, "in.ndjson")).toEqual({
      file: "in.ndjson",
      line: 3,
      input: "not json",
      errors: notJson.errors,
    });
  });

  it("fails the stream when the source fails", async () => {
    async function* broken(): AsyncGenerator<string> {
      yield `${JSON.stringify(CALL)}\n`;
      throw new Error("disk gone");
    }
    const exit = await Effect.runPromiseExit(Stream.runCollect(readNdjsonStream(broken())));
    expect(Exit.isFailure(exit)).toBe(true);
  });
});
