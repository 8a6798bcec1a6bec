/**
 * Validates payloads against the seed Customer.io OpenAPI (`../shared/specs/customerio-ecommerce.openapi.json`,
 * with a copy of record in test/fixtures for clones without shared/).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";

const specPath = fileURLToPath(new URL("../fixtures/customerio/customerio-ecommerce.openapi.json", import.meta.url));
const spec = JSON.parse(readFileSync(specPath, "utf8")) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(spec, "cio");

/** The validator of a `/track` request body (one of the 28 semantic events, known or anonymous user). */
export const validateTrackBody = ajv.compile({ $ref: "cio#/paths/~1track/post/requestBody/content/application~1json/schema" });

/** Validator of one event's schema by name (`order_completed_event`). */
export const eventValidator = (name: string) => ajv.compile({ $ref: `cio#/components/schemas/${name}` });
