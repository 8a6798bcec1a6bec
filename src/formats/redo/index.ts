/**
 * The `commerce-rosetta/redo` entry point: the Redo codec (custom events and bulk requests), its
 * decode/encode helpers, default event names and limits.
 *
 * @since 0.1.0
 */
export { decodeRedo, encodeRedo, REDO_LIMITS, redo, redoEventName } from "./codec.js";
