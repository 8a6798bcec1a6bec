/**
 * Conformance against the vendors' own schemas (issue 6): every Customer.io semantic event, Omnisend
 * event and Redo event this library writes — translated from property-generated input of every
 * source format — validates against the seed OpenAPI, the seed JSON Schema and
 * `@redotech/redo-api-schema` respectively.
 */
import { test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { FormatId } from "../src/core/codec.js";
import { translate } from "../src/translate.js";
import { validateTrackCall } from "../test/support/customerio-spec.js";
import { schemaErrors } from "./arbitraries/omnisend.js";
import { validateRedoEvent } from "./arbitraries/redo.js";
import { resolvedIdentity, SOURCES } from "./arbitraries/sources.js";

const identity = resolvedIdentity;

/** The vendor validator of each destination: the list of problems, empty when valid (or not covered). */
const VALIDATORS: ReadonlyArray<readonly [FormatId, (value: unknown) => ReadonlyArray<unknown>]> = [
  [
    "customerio",
    (value) => {
      const v = validateTrackCall(value as { event?: unknown; userId?: unknown });
      return v === undefined || v(value) ? [] : (v.errors ?? ["invalid"]);
    },
  ],
  ["omnisend", (value) => schemaErrors(value)],
  ["redo", (value) => (validateRedoEvent(value) ? [] : (validateRedoEvent.errors ?? ["invalid"]))],
];

describe("outputs validate against the vendors' own schemas", () => {
  for (const [from, arbitrary] of SOURCES) {
    for (const [to, problems] of VALIDATORS) {
      for (const lossless of [false, true]) {
        test.prop([arbitrary], { numRuns: 100 })(
          `should write only schema-valid ${to} payloads from ${from} input${lossless ? " in lossless mode" : ""}`,
          (payload) => {
            const r = translate(payload, { from, to, identity, lossless });
            if (r.ok) expect(problems(r.value)).toEqual([]);
          },
        );
      }
    }
  }
});
