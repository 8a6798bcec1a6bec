/**
 * The canonical model's JSON Schema (draft 2020-12), generated from the Effect schema so the two
 * can never disagree. Published in the package as `commerce-rosetta/canonical.schema.json` and
 * printed by `rosetta schema canonical`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema";
import { CanonicalEventSchema } from "./model.js";

/**
 * The JSON Schema document of the canonical event.
 *
 * @example
 * import { canonicalJsonSchema } from "commerce-rosetta"
 * canonicalJsonSchema().$schema // "https://json-schema.org/draft/2020-12/schema"
 *
 * @category schemas
 * @since 0.1.0
 */
export const canonicalJsonSchema = (): Record<string, unknown> => {
  const doc = Schema.toJsonSchemaDocument(CanonicalEventSchema, { onExcessProperty: "error" }) as unknown as {
    schema: Record<string, unknown>;
    definitions?: Record<string, unknown>;
  };
  const out: Record<string, unknown> = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://commerce-rosetta.dev/schemas/canonical-event.json",
    ...doc.schema,
  };
  if (doc.definitions !== undefined && Object.keys(doc.definitions).length > 0) out.$defs = doc.definitions;
  return out;
};
