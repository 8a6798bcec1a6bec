/**
 * The wire type of every format, by format id: what `translate(x, { to })`, `encode(to, …)` and a
 * format's Standard Schema validator give back. The types themselves are generated from the mapping
 * tables (`src/formats/<format>/types.generated.ts`), the same tables the codecs validate with.
 *
 * @since 0.1.0
 */
import type { CanonicalEvent } from "./canonical/model.js";
import type { AttribulyJourneyItem } from "./formats/attribuly/types.generated.js";
import type { TrackCall } from "./formats/customerio/types.generated.js";
import type { OmnisendEvent } from "./formats/omnisend/types.generated.js";
import type { OmnisendApiEvent } from "./formats/omnisend-api/types.generated.js";
import type { RedoCustomEvent } from "./formats/redo/types.generated.js";

export type {
  AttribulyAd,
  AttribulyCartViewed,
  AttribulyCheckoutCompleted,
  AttribulyCheckoutStarted,
  AttribulyCreator,
  AttribulyEmail,
  AttribulyJourneyItem,
  AttribulyOrganicSearch,
  AttribulyPaymentInfoSubmitted,
  AttribulyProducts,
  AttribulyResponse,
  AttribulySearchSubmitted,
  AttribulySocialMedia,
} from "./formats/attribuly/types.generated.js";
export type {
  CustomerioEventProperties,
  TrackBatch,
  TrackCall,
  TrackContext,
  TrackProduct,
  TrackProperties,
} from "./formats/customerio/types.generated.js";
export type { OmnisendContact, OmnisendEvent, OmnisendLineItem, OmnisendOrder } from "./formats/omnisend/types.generated.js";
export type {
  OmnisendApiContact,
  OmnisendApiEvent,
  OmnisendApiLineItem,
  OmnisendApiProperties,
  OmnisendApiViewedProduct,
} from "./formats/omnisend-api/types.generated.js";
export type {
  RedoBulkRequest,
  RedoCustomEvent,
  RedoCustomer,
  RedoEventData,
  RedoExtra,
  RedoLocation,
} from "./formats/redo/types.generated.js";

/**
 * The wire record of each format, by format id. A new format adds one line here (its id and its
 * record type); a format id without a line is typed `unknown`.
 *
 * @example
 * import type { WireTypes } from "commerce-rosetta"
 * type O = WireTypes["omnisend"] // OmnisendEvent
 *
 * @category types
 * @since 0.1.0
 */
export interface WireTypes {
  readonly canonical: CanonicalEvent;
  readonly customerio: TrackCall;
  readonly segment: TrackCall;
  readonly omnisend: OmnisendEvent;
  readonly "omnisend-api": OmnisendApiEvent;
  readonly redo: RedoCustomEvent;
  readonly attribuly: AttribulyJourneyItem;
}

/**
 * The wire record type of a format id (`unknown` for an id {@link WireTypes} does not list, and
 * for a `FormatId` not known until run time).
 *
 * @example
 * import type { WireOf } from "commerce-rosetta"
 * type T = WireOf<"segment"> // TrackCall
 *
 * @category types
 * @since 0.1.0
 */
export type WireOf<F> = string extends F ? unknown : [F] extends [keyof WireTypes] ? WireTypes[F] : unknown;
