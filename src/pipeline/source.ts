/**
 * Choosing the source codec of each document: a fixed format, or `auto`, which recognises each
 * record's format and rejects ambiguous ones with the candidates.
 *
 * @since 0.1.0
 */
import type { FormatId } from "../core/codec.js";
import { issue } from "../core/result.js";
import { detectFormat } from "../detect.js";
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
  if (from === "auto") {
    return (document) => {
      const d = detectFormat(document);
      if (d.ok) {
        const codec = codecOf(d.format);
        if (codec !== undefined) return { ok: true, codec };
      }
      const candidates = d.ok ? [d.format] : d.candidates;
      return {
        ok: false,
        errors: [
          issue(
            "$",
            candidates.length === 0
              ? "a record of a known format"
              : `a record of exactly one format (candidates: ${candidates.join(", ")})`,
            undefined,
            `$: --from auto: ${d.reason}${candidates.length > 1 ? ` — candidates: ${candidates.join(", ")}; name the format with --from` : ""}`,
          ),
        ],
      };
    };
  }
  const codec = codecOf(from);
  if (codec === undefined) throw new Error(`unknown format ${from}`);
  return () => ({ ok: true, codec });
};
