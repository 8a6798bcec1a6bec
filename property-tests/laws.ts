/**
 * Helpers that state the invariants of DESIGN.md as checks a property can assert.
 */
import { Schema } from "effect";
import { CanonicalEventSchema } from "../src/canonical/model.js";
import { jsonDiff } from "../src/core/json.js";
import type { Loss } from "../src/core/result.js";

const related = (a: string, b: string): boolean =>
  a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);

/**
 * Compares the paths where `after` differs from `before` with the reported losses: every difference
 * must be covered by a loss (at, above or under it), and every loss must point at a difference.
 */
export const lossReportGaps = (
  before: unknown,
  after: unknown,
  losses: ReadonlyArray<Loss>,
): { unexplained: Array<string>; unfounded: Array<string> } => {
  const diff = jsonDiff(before, after);
  const reported: Array<string> = [];
  for (const l of losses) {
    reported.push(l.path);
    if (l.kind === "moved" && typeof l.to === "string") reported.push(l.to);
  }
  return {
    unexplained: diff.filter((d) => !reported.some((p) => related(d, p))),
    unfounded: losses.map((l) => l.path).filter((p) => !diff.some((d) => related(d, p))),
  };
};

const validate = Schema.decodeUnknownExit(CanonicalEventSchema, { onExcessProperty: "error" });

/** Whether a value is a valid canonical event (unknown keys are errors). */
export const isValidCanonical = (u: unknown): boolean => validate(u)._tag === "Success";
