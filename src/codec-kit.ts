/**
 * `commerce-rosetta/codec-kit`: the helpers a codec author needs to write a format of their own
 * (see the `Codec` interface): building results, issues and losses; JSON and JSONPath helpers; the
 * canonical event-name table; money and time conversions; the lossless-mode stash; and the record
 * splitting and translation steps the library's own API is made of. Applications translating
 * events need only the root export.
 *
 * @example
 * import { fail, issue, lossOf, succeed } from "commerce-rosetta/codec-kit"
 * import type { Codec } from "commerce-rosetta"
 *
 * @since 0.1.0
 */
export { draftEvent } from "./canonical/draft.js";
export { EVENT_TYPES, type EventType, eventHeadIssues, isEventType } from "./canonical/event-types.js";
export type { Draft } from "./canonical/model.js";
export { currencyExponent, minorUnitsToMoney, moneyToMinorUnits } from "./canonical/money.js";
export {
  EVENT_NAME_TABLE,
  type EventNameRow,
  eventNameRow,
  nameLookup,
  normalizeEventName,
  SEGMENT_ALIASES,
} from "./canonical/names.js";
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
export {
  applyUndo,
  type Coerced,
  type Coercion,
  coercionLosses,
  decodeCoercing,
  undoOf,
  withCoerceHint,
} from "./coerce.js";
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
export { describe, fail, issue, lossList, lossOf, lossTo, succeed } from "./core/result.js";
export {
  ANONYMOUS_ID_NAMESPACE,
  completeIdentity,
  deriveAnonymousId,
  hasUsableIdentifier,
  type IdentityChoices,
  USER_ID_SOURCES,
  type UserIdSource,
} from "./identity.js";
export {
  applyPatch,
  type CoercedOrigin,
  FREE_FORM_AREAS,
  LOSSLESS_KEY,
  type PatchStep,
  parsePath,
  patchBetween,
  stash,
  unstash,
} from "./lossless.js";
export { DERIVED_ID_NAMESPACE, deriveId, recordsOf, resolveCodec, translateRecord } from "./translate.js";
