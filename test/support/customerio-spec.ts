/**
 * Validates payloads against the seed Customer.io OpenAPI (a copy of record in test/fixtures, so a
 * clone without ../shared runs the tests). The spec calls `timestamp` "the ISO-8601 timestamp", so
 * its `date-time` format is checked as ISO-8601 with a real calendar date (offsets, optional seconds).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import { EVENT_NAME_TABLE } from "../../src/canonical/names.js";
import { isTimestamp } from "../../src/canonical/time.js";

const specPath = fileURLToPath(new URL("../fixtures/customerio/customerio-ecommerce.openapi.json", import.meta.url));
const spec = JSON.parse(readFileSync(specPath, "utf8")) as { components: { schemas: Record<string, unknown> } };
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat("date-time", { type: "string", validate: isTimestamp });
ajv.addSchema(spec, "cio");

/** The validator of a `/track` request body (one of the 28 semantic events, known or anonymous user). */
export const validateTrackBody = ajv.compile({ $ref: "cio#/paths/~1track/post/requestBody/content/application~1json/schema" });

/** Validator of one event's schema by name (`order_completed_event`). */
export const eventValidator = (name: string) => ajv.compile({ $ref: `cio#/components/schemas/${name}` });

const TYPE_BY_NAME = new Map(EVENT_NAME_TABLE.map((r) => [r.customerio, r.type]));
const variants = new Map<string, ValidateFunction>();

/**
 * Validates a track call against its own event's schema — the known-user variant when it has a
 * `userId`, else the anonymous one (the spec's `oneOf` rejects a call that has both, which the
 * Segment Spec allows). Returns `undefined` for names the spec does not cover (custom events).
 */
export const validateTrackCall = (call: { event?: unknown; userId?: unknown }): ValidateFunction | undefined => {
  const type = typeof call.event === "string" ? TYPE_BY_NAME.get(call.event) : undefined;
  if (type === undefined || !Object.hasOwn(spec.components.schemas, `${type}_event`)) return undefined;
  const variant = typeof call.userId === "string" ? 0 : 1;
  const key = `${type}/${variant}`;
  let v = variants.get(key);
  if (v === undefined) {
    v = ajv.compile({ $ref: `cio#/components/schemas/${type}_event/oneOf/${variant}` });
    variants.set(key, v);
  }
  return v;
};
