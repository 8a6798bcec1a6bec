/**
 * The `commerce-rosetta/omnisend-api` entry point: the Omnisend Events API codec and its helpers.
 *
 * @since 0.2.0
 */
export { decodeOmnisendApi, encodeOmnisendApi, omnisendApi, omnisendApiEventName } from "./codec.js";
