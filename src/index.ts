/**
 * commerce-rosetta: translate ecommerce events between Customer.io/Segment, Redo, Omnisend and
 * Attribuly through one canonical model, both ways, with an honest loss report.
 *
 * @since 0.1.0
 */
export { eventHeadIssues, isEventType } from "./canonical/event-types.js";
export { canonicalJsonSchema } from "./canonical/json-schema.js";
export * from "./canonical/model.js";
export { currencyExponent, minorUnitsToMoney, moneyToMinorUnits } from "./canonical/money.js";
export { EVENT_NAME_TABLE, type EventNameRow, eventNameRow, nameLookup, SEGMENT_ALIASES } from "./canonical/names.js";
export { daysInMonth, isCalendarDate, isLeapYear, isRfc3339DateTime, isTimestamp } from "./canonical/time.js";
export {
  type Disambiguation,
  formatWallClock,
  instantToTimestamp,
  instantToWallClock,
  parseWallClock,
  resolveTimeZone,
  timestampInstant,
  timestampToWallClock,
  type WallClock,
  wallClockInstants,
  wallClockToTimestamp,
  zoneOffsetAt,
} from "./canonical/zone.js";
export type { Codec, CodecOptions, EncodedItem, FormatId, WireRecord } from "./core/codec.js";
export {
  copyOwn,
  isObject,
  type JsonObject,
  jsonDiff,
  jsonEqual,
  MAX_DEPTH,
  notJsonAt,
  own,
  pathIndex,
  pathKey,
  setOwn,
} from "./core/json.js";
export {
  describe,
  type Encoded,
  fail,
  type Issue,
  issue,
  type Loss,
  type LossKind,
  lossList,
  lossOf,
  lossTo,
  type Result,
  succeed,
} from "./core/result.js";
export { type DetectResult, detectFormat } from "./detect.js";
export { type AttribulyOptions, attribuly, decodeAttribuly, encodeAttribuly } from "./formats/attribuly/codec.js";
export { canonical } from "./formats/canonical/codec.js";
export { customerio, segment } from "./formats/customerio/codec.js";
export { CODECS, codecOf, FORMAT_IDS } from "./formats/index.js";
export { decodeOmnisend, encodeOmnisend, omnisend } from "./formats/omnisend/codec.js";
export { decodeRedo, encodeRedo, redo } from "./formats/redo/codec.js";
export {
  applyPatch,
  FREE_FORM_AREAS,
  LOSSLESS_KEY,
  type PatchStep,
  parsePath,
  patchBetween,
  stash,
  unstash,
} from "./lossless.js";
export {
  type ChunkResult,
  createProcessor,
  emptyStats,
  mergeStats,
  type PipelineConfig,
  type RunStats,
  type SourceResolver,
  type Unit,
} from "./pipeline/process.js";
export { sourceResolver } from "./pipeline/source.js";
export { createTranslateStream, createTranslateTransformStream, type StreamedTranslation } from "./stream/translate-stream.js";
export { readUnitBatches, type UnitBatchOptions } from "./stream/units.js";
export {
  DERIVED_ID_NAMESPACE,
  decode,
  deriveId,
  encode,
  type IdentityResolver,
  recordsOf,
  resolveCodec,
  type TranslateOptions,
  type Translation,
  translate,
  translateAll,
  translateRecord,
} from "./translate.js";
