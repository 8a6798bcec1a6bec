import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { jsonEqual } from "../src/core/json.js";
import { customerio } from "../src/formats/customerio/codec.js";
import { canonicalEvent } from "./arbitraries/canonical.js";
import { jsonValue } from "./arbitraries/common.js";
import { trackCall } from "./arbitraries/customerio.js";
import { isValidCanonical, lossReportGaps } from "./laws.js";

const decode = (value: unknown) => customerio.decode({ value, path: "$" }, {});

describe("customerio codec laws", () => {
  test.prop([trackCall], { numRuns: 400 })("should give back the input after decode then encode", (call) => {
    const decoded = decode(call);
    expect(decoded.ok ? "ok" : decoded.errors).toBe("ok");
    if (!decoded.ok) return;
    const encoded = customerio.encode(decoded.value, {});
    expect(encoded.ok).toBe(true);
    if (!encoded.ok) return;
    expect(encoded.value.losses).toEqual([]);
    expect(jsonEqual(encoded.value.value, call)).toBe(true);
  });

  test.prop([trackCall], { numRuns: 200 })("should decode every valid call into a valid canonical event", (call) => {
    const decoded = decode(call);
    expect(decoded.ok && isValidCanonical(decoded.value)).toBe(true);
  });

  test.prop([canonicalEvent({ identified: true })], { numRuns: 400 })(
    "should give back the canonical event after encode then decode, minus exactly the reported losses",
    (event) => {
      expect(isValidCanonical(event)).toBe(true);
      const encoded = customerio.encode(event, {});
      expect(encoded.ok ? "ok" : encoded.errors).toBe("ok");
      if (!encoded.ok) return;
      const back = decode(encoded.value.value);
      expect(back.ok ? "ok" : back.errors).toBe("ok");
      if (!back.ok) return;
      expect(lossReportGaps(event, back.value, encoded.value.losses)).toEqual({ unexplained: [], unfounded: [] });
    },
  );

  test.prop([jsonValue], { numRuns: 300 })("should answer junk with issues that carry a JSONPath, never a throw", (junk) => {
    const r = decode(junk);
    if (!r.ok) {
      expect(r.errors.length).toBeGreaterThan(0);
      for (const e of r.errors) expect(e.path.startsWith("$")).toBe(true);
    }
  });

  test.prop([fc.anything()], { numRuns: 200 })("should never throw on any JavaScript value", (value) => {
    expect(() => decode(value)).not.toThrow();
  });
});
