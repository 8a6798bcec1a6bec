/**
 * The cross-format laws of DESIGN.md (invariant 3), for every pair of formats:
 * - A → B → A gives back A's canonical event minus exactly B's reported losses;
 * - with lossless on, A → B → A is the identity wherever B has a free-form area (modulo identifiers
 *   a caller's resolver supplied, which the trip keeps).
 */
import { test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { FormatId } from "../src/core/codec.js";
import { jsonDiff } from "../src/core/json.js";
import { FREE_FORM_AREAS } from "../src/lossless.js";
import { decode, translate } from "../src/translate.js";
import { resolvedIdentity, SOURCES } from "./arbitraries/sources.js";
import { lossReportGaps } from "./laws.js";

const DESTINATIONS: ReadonlyArray<FormatId> = ["customerio", "omnisend", "redo", "attribuly", "canonical"];

const identity = resolvedIdentity;
const RUNS = 150;

describe("cross-format translation", () => {
  for (const [from, arbitrary] of SOURCES) {
    for (const to of DESTINATIONS) {
      test.prop([arbitrary], { numRuns: RUNS })(
        `should give back the ${from} event after ${from} → ${to} → canonical, minus exactly ${to}'s reported losses`,
        (payload) => {
          const original = decode(from, payload);
          expect(original.ok).toBe(true);
          const there = translate(payload, { from, to, identity });
          // a destination may refuse a record outright (no such kind in Attribuly, a quantity of 0 in Omnisend): an error, never a silent loss
          if (!there.ok) {
            expect(there.errors.length).toBeGreaterThan(0);
            return;
          }
          const back = translate(JSON.parse(JSON.stringify(there.value)), { from: to, to: "canonical" });
          expect(back.ok ? "ok" : back.errors).toBe("ok");
          if (!back.ok || !original.ok) return;
          expect(lossReportGaps(original.value[0], back.value, there.losses)).toEqual({ unexplained: [], unfounded: [] });
        },
      );
      if (FREE_FORM_AREAS[to] === undefined || to === from) continue;
      const tally = { tried: 0, carried: 0 };
      test.prop([arbitrary], { numRuns: RUNS })(
        `should give back the ${from} payload exactly after ${from} → ${to} → ${from} in lossless mode`,
        (payload) => {
          tally.tried++;
          const there = translate(payload, { from, to, identity, lossless: true });
          if (!there.ok) return;
          tally.carried++;
          expect(there.losses.every((l) => l.kind === "defaulted")).toBe(true);
          // what A itself writes for the event the trip carried (the resolver's identifiers included)
          const expected = translate(there.event, { from: "canonical", to: from });
          const back = translate(JSON.parse(JSON.stringify(there.value)), { from: to, to: from });
          expect(back.ok ? "ok" : back.errors).toBe("ok");
          if (!back.ok || !expected.ok) return;
          expect(jsonDiff(expected.value, back.value)).toEqual([]);
          if (there.losses.length === 0) expect(jsonDiff(payload, back.value)).toEqual([]);
        },
      );
      it(`should have carried most ${from} payloads through ${to} (the lossless law is not vacuous)`, () => {
        expect(tally.tried).toBeGreaterThan(0);
        // refusals are honest errors (an invalid email for Redo, a quantity of 0 for Omnisend, …); generated
        // payloads hit them often, so require only that a fair share of each run went the whole way
        expect(tally.carried / tally.tried).toBeGreaterThan(0.1);
      });
    }
  }
});
