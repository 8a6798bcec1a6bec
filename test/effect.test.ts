import { Effect, Exit, Schema, Stream } from "effect";
import { describe, expect, it } from "vitest";
import { codecSchema, decodeEffect, encodeEffect, TranslationError, translateEffect, translateStream } from "../src/effect.js";

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
