/**
 * Every format's schemas: its JSON Schema (draft 2020-12; `rosetta schema F` prints it) and a
 * Standard Schema validator (`@standard-schema/spec` v1), so zod, valibot, ArkType or any Standard
 * Schema consumer can check a wire record without translating it. The validator runs the codec's own
 * decoder, so it accepts exactly what translation accepts; the JSON Schemas of the vendor formats are
 * generated from the same mapping tables as the codecs, the canonical one from its Effect schema.
 *
 * @since 0.1.0
 */
import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";
import { canonicalJsonSchema } from "./canonical/json-schema.js";
import type { CodecOptions, FormatId } from "./core/codec.js";
import { ATTRIBULY_JOURNEY_ITEM_JSON_SCHEMA } from "./formats/attribuly/types.generated.js";
import { TRACK_CALL_JSON_SCHEMA } from "./formats/customerio/types.generated.js";
import { codecOf, FORMAT_IDS } from "./formats/index.js";
import { OMNISEND_EVENT_JSON_SCHEMA } from "./formats/omnisend/types.generated.js";
import { OMNISEND_API_EVENT_JSON_SCHEMA } from "./formats/omnisend-api/types.generated.js";
import { REDO_CUSTOM_EVENT_JSON_SCHEMA } from "./formats/redo/types.generated.js";
import { parsePath } from "./lossless.js";
import type { WireOf } from "./types.js";

/** The JSON Schema of each format that has one; a new format adds one line. */
const JSON_SCHEMAS: { readonly [F in FormatId]?: () => { readonly [key: string]: unknown } } = {
  canonical: canonicalJsonSchema,
  customerio: () => TRACK_CALL_JSON_SCHEMA,
  segment: () => TRACK_CALL_JSON_SCHEMA,
  omnisend: () => OMNISEND_EVENT_JSON_SCHEMA,
  "omnisend-api": () => OMNISEND_API_EVENT_JSON_SCHEMA,
  redo: () => REDO_CUSTOM_EVENT_JSON_SCHEMA,
  attribuly: () => ATTRIBULY_JOURNEY_ITEM_JSON_SCHEMA,
};

/**
 * The JSON Schema (draft 2020-12) of one wire record of a format, or `undefined` for an unknown
 * id. It describes what the codec reads and writes; a few of the codec's checks (a real calendar
 * date, Redo's 5 MB payload) are beyond JSON Schema and are named in its descriptions.
 *
 * @example
 * import { jsonSchemaOf } from "commerce-rosetta"
 * jsonSchemaOf("omnisend")?.title // "Omnisend customer event"
 *
 * @category schemas
 * @since 0.1.0
 */
export const jsonSchemaOf = (format: string): { readonly [key: string]: unknown } | undefined => {
  const make = Object.hasOwn(JSON_SCHEMAS, format) ? JSON_SCHEMAS[format as FormatId] : undefined;
  return make === undefined ? undefined : (JSON.parse(JSON.stringify(make())) as { readonly [key: string]: unknown });
};

/**
 * A format's validator as a Standard Schema (v1, with its JSON Schema as a Standard JSON Schema):
 * `validate` runs the codec's decoder on one wire record and gives back the record itself, typed, or
 * the decoder's issues, each with its path.
 *
 * @example
 * import { standardSchemaOf } from "commerce-rosetta"
 * const omnisendEvent = standardSchemaOf("omnisend")
 * const r = omnisendEvent["~standard"].validate({ eventName: "placed order", contact: { email: "pat@example.com" } })
 * // r.issues === undefined && r.value.contact.email === "pat@example.com"
 *
 * @category schemas
 * @since 0.1.0
 */
export const standardSchemaOf = <F extends FormatId>(
  format: F,
  options: CodecOptions = {},
): StandardSchemaV1<unknown, WireOf<F>> & StandardJSONSchemaV1<unknown, WireOf<F>> => {
  const codec = codecOf(format);
  if (codec === undefined)
    throw new TypeError(`unknown format ${JSON.stringify(format)}; known formats: ${FORMAT_IDS.join(", ")}`);
  const jsonSchema = (o: StandardJSONSchemaV1.Options): Record<string, unknown> => {
    if (o.target !== "draft-2020-12") throw new TypeError(`commerce-rosetta writes JSON Schema draft-2020-12, not ${o.target}`);
    return (jsonSchemaOf(format) ?? {}) as Record<string, unknown>;
  };
  return {
    "~standard": {
      version: 1,
      vendor: "commerce-rosetta",
      validate: (value: unknown): StandardSchemaV1.Result<WireOf<F>> => {
        const r = codec.decode({ value, path: "$" }, options);
        if (r.ok) return { value: value as WireOf<F> };
        return { issues: r.errors.map((e) => ({ message: e.message, path: parsePath(e.path) ?? [e.path] })) };
      },
      jsonSchema: { input: jsonSchema, output: jsonSchema },
    },
  };
};
