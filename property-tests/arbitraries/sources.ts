/**
 * One arbitrary of valid payloads per source format, and the identity resolver the cross-format
 * properties pass so every destination has the identifiers it needs.
 */
import type fc from "fast-check";
import type { FormatId } from "../../src/core/codec.js";
import type { IdentityResolver } from "../../src/translate.js";
import { attribulyItem } from "./attribuly.js";
import { canonicalEvent } from "./canonical.js";
import { trackCall } from "./customerio.js";
import { omnisendPayload } from "./omnisend.js";
import { redoEvent } from "./redo.js";

/** Every source format with an arbitrary of its valid payloads. */
export const SOURCES: ReadonlyArray<readonly [FormatId, fc.Arbitrary<unknown>]> = [
  ["customerio", trackCall],
  ["omnisend", omnisendPayload],
  ["redo", redoEvent],
  ["attribuly", attribulyItem("UTC")],
  ["canonical", canonicalEvent()],
];

/** Supplies what a destination needs and the source may lack: a user id, an email. */
export const resolvedIdentity: IdentityResolver = () => ({ userId: "resolved-user", email: "resolved@example.com" });
