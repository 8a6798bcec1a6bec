/**
 * The registry of formats: id → codec.
 *
 * @since 0.1.0
 */
import type { Codec, FormatId } from "../core/codec.js";
import { attribuly } from "./attribuly/codec.js";
import { canonical } from "./canonical/codec.js";
import { customerio, segment } from "./customerio/codec.js";
import { omnisend } from "./omnisend/codec.js";
import { omnisendApi } from "./omnisend-api/codec.js";
import { redo } from "./redo/codec.js";

/**
 * Every codec by format id.
 *
 * @example
 * import { CODECS } from "commerce-rosetta"
 * Object.keys(CODECS) // ["customerio", "segment", "canonical", …]
 *
 * @category codecs
 * @since 0.1.0
 */
export const CODECS: Readonly<Partial<Record<FormatId, Codec>>> = {
  customerio,
  segment,
  canonical,
  // FORMATS: one line per codec below (omnisend, redo, attribuly)
  attribuly,
  redo,
  omnisend,
  "omnisend-api": omnisendApi,
};

/**
 * The format ids this build knows.
 *
 * @example
 * import { FORMAT_IDS } from "commerce-rosetta"
 * FORMAT_IDS.includes("customerio") // true
 *
 * @category codecs
 * @since 0.1.0
 */
export const FORMAT_IDS = Object.keys(CODECS) as ReadonlyArray<FormatId>;

/**
 * The codec of a format id, or `undefined`.
 *
 * @example
 * import { codecOf } from "commerce-rosetta"
 * codecOf("segment")?.id // "segment"
 *
 * @category codecs
 * @since 0.1.0
 */
export const codecOf = (id: string): Codec | undefined => (Object.hasOwn(CODECS, id) ? CODECS[id as FormatId] : undefined);
