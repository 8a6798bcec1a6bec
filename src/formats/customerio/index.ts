/**
 * `commerce-rosetta/customerio`: the Customer.io Pipelines / Segment Spec codec.
 *
 * @since 0.1.0
 */
export { CUSTOMERIO_LIMITS, customerio, customerioEventName, decodeCustomerio, encodeCustomerio, segment } from "./codec.js";
