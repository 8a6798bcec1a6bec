import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { FormatId } from "../src/core/codec.js";
import { jsonDiff } from "../src/core/json.js";
import { codecOf } from "../src/formats/index.js";
import { FREE_FORM_AREAS } from "../src/lossless.js";
import { translate } from "../src/translate.js";
import { canonicalEvent } from "./arbitraries/canonical.js";

const withArea = (Object.keys(FREE_FORM_AREAS) as Array<FormatId>).filter((f) => codecOf(f) !== undefined);

describe("lossless mode", () => {
  for (const to of withArea) {
    test.prop([canonicalEvent({ identified: true }), fc.emailAddress()], { numRuns: 200 })(
      `should give back the canonical event after a lossless trip through ${to}`,
      (event, email) => {
        const input = { ...event, identity: { ...event.identity, email } };
        const there = translate(input, { from: "canonical", to, lossless: true });
        // some events cannot be written at all (a quantity of 0 for Omnisend, …): those are errors, not losses
        fc.pre(there.ok);
        if (!there.ok) return;
        expect(there.losses).toEqual([]);
        const back = translate(JSON.parse(JSON.stringify(there.value)), { from: to, to: "canonical" });
        expect(back.ok ? "ok" : back.errors).toBe("ok");
        if (back.ok) expect(jsonDiff(input, back.value)).toEqual([]);
      },
    );
  }
});
