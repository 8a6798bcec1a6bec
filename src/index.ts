/**
 * commerce-rosetta: translate ecommerce events between Customer.io/Segment, Redo, Omnisend and
 * Attribuly through one canonical model, both ways, with an honest loss report.
 *
 * The root holds what an application calls: translate, decode, encode, the codecs, format
 * detection, the streams, NDJSON reading and writing, batching, schemas, the wire and canonical
 * types, issues and losses. Helpers for writing a codec are in `commerce-rosetta/codec-kit`; the
 * Effect API is `commerce-rosetta/effect`. `api/commerce-rosetta.api.md` lists this surface and CI
 * fails when it changes without that file being updated (`npm run api:update`).
 *
 * @since 0.1.0
 */

// batching, streams, NDJSON
export { type BatchOf, batchLimit, toBatches } from "./batch.js";
// types: the canonical model and each format's wire record
export type { EventType } from "./canonical/event-types.js";
// schemas
export { canonicalJsonSchema } from "./canonical/json-schema.js";
export type { CanonicalEvent, CanonicalProduct } from "./canonical/model.js";
// codecs and formats
export type { Codec, CodecOptions, EncodedItem, FormatId, WireRecord } from "./core/codec.js";
export { MAX_DEPTH } from "./core/json.js";
// issues and losses
export type { Encoded, Issue, Loss, LossKind, Result } from "./core/result.js";
export { type DetectResult, detectFormat } from "./detect.js";
export { attribuly } from "./formats/attribuly/codec.js";
export { canonical } from "./formats/canonical/codec.js";
export { customerio, segment } from "./formats/customerio/codec.js";
export { CODECS, codecOf, FORMAT_IDS } from "./formats/index.js";
export { omnisend } from "./formats/omnisend/codec.js";
export { omnisendApi } from "./formats/omnisend-api/codec.js";
export { redo } from "./formats/redo/codec.js";
export type { IdentityChoices, UserIdSource } from "./identity.js";
export { LOSSLESS_KEY } from "./lossless.js";
export { jsonSchemaOf, standardSchemaOf } from "./schemas.js";
export {
  type NdjsonLine,
  type NdjsonReject,
  type NdjsonWriter,
  type ReadNdjsonOptions,
  readNdjson,
  rejectOf,
  writeNdjson,
} from "./stream/ndjson.js";
export { createTranslateStream, createTranslateTransformStream, type StreamedTranslation } from "./stream/translate-stream.js";
// translation
export {
  decode,
  type Encoding,
  encode,
  type IdentityResolver,
  type TranslateOptions,
  type Translation,
  translate,
  translateAll,
} from "./translate.js";
export type * from "./types.js";
