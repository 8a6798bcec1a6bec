/**
 * `commerce-rosetta/attribuly`: the Attribuly order customer-journey codec.
 *
 * @since 0.1.0
 */
export {
  type AttribulyOptions,
  attribuly,
  batchAttribuly,
  decodeAttribuly,
  encodeAttribuly,
  explodeAttribuly,
} from "./codec.js";
