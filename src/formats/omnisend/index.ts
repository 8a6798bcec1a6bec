/**
 * The `commerce-rosetta/omnisend` entry point: the Omnisend codec and its helpers.
 *
 * @since 0.1.0
 */
export { decodeOmnisend, encodeOmnisend, omnisend, omnisendEventName } from "./codec.js";
