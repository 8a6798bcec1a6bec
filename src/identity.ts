/**
 * Identity each destination can use: which identifiers a destination accepts, where else a record
 * names its person (a `properties.email`, a top-level `traits.phone`), and the caller's choices for
 * Customer.io / Segment destinations when the source has no `userId` / `anonymousId` — make one of
 * the record's identifiers the `userId` (`userId: "email"`, `--user-id email`) or derive a stable
 * `anonymousId` (UUID v5 of the record's identifiers, `--anonymous-id derive`). Every value supplied
 * here is reported as `defaulted`.
 *
 * @since 0.2.0
 */
import { v5 as uuidV5 } from "uuid";
import type { CanonicalEvent } from "./canonical/model.js";
import type { FormatId } from "./core/codec.js";
import { isEmail } from "./core/formats.js";
import { copyOwn, isObject, type JsonObject } from "./core/json.js";
import { type Loss, lossList, lossTo } from "./core/result.js";

/**
 * The identifier that becomes the `userId` of a Customer.io / Segment call whose source has none.
 *
 * @example
 * import type { UserIdSource } from "commerce-rosetta"
 * const s: UserIdSource = "email"
 *
 * @category identity
 * @since 0.2.0
 */
export type UserIdSource = "email" | "phone" | "omnisendContactId" | "redoCustomerId";

/**
 * The CLI spellings of {@link UserIdSource} (`--user-id omnisend-contact-id`).
 *
 * @example
 * import { USER_ID_SOURCES } from "commerce-rosetta"
 * USER_ID_SOURCES["omnisend-contact-id"] // "omnisendContactId"
 *
 * @category identity
 * @since 0.2.0
 */
export const USER_ID_SOURCES: Readonly<Record<string, UserIdSource>> = {
  email: "email",
  phone: "phone",
  "omnisend-contact-id": "omnisendContactId",
  "redo-customer-id": "redoCustomerId",
};

/** The namespace of derived anonymous ids (UUID v5): a fixed UUID of this project, apart from derived event ids. */
export const ANONYMOUS_ID_NAMESPACE = "2b4d5c7e-1f3a-5b6c-8d9e-0a1b2c3d4e5f";

/**
 * A deterministic UUID v5 from a person's identifiers (email, phone, Omnisend contact id, Redo
 * customer id): the same person gets the same `anonymousId` on every run. `undefined` when the
 * identity holds none of them.
 *
 * @example
 * import { deriveAnonymousId } from "commerce-rosetta"
 * deriveAnonymousId({ email: "pat@example.com" }) === deriveAnonymousId({ email: "pat@example.com" }) // true
 *
 * @category identity
 * @since 0.2.0
 */
export const deriveAnonymousId = (identity: Readonly<Record<string, unknown>> | null | undefined): string | undefined => {
  if (identity === null || identity === undefined) return undefined;
  const parts = [identity.email, identity.phone, identity.omnisendContactId, identity.redoCustomerId].map((v) =>
    typeof v === "string" && v !== "" ? v : null,
  );
  if (parts.every((p) => p === null)) return undefined;
  return uuidV5(JSON.stringify(parts), ANONYMOUS_ID_NAMESPACE);
};

const E164 = /^\+[1-9]\d{1,14}$/;
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v !== "";

/**
 * Whether an identity holds an identifier a destination accepts: Customer.io / Segment a `userId` or
 * `anonymousId`; Omnisend a contact id, an email in its format or a phone (Omnisend's public API,
 * `omnisend-api`: of at most 15 characters);
 * Redo a customer id, an email or an E.164 phone. Other destinations need none.
 *
 * @example
 * import { hasUsableIdentifier } from "commerce-rosetta"
 * hasUsableIdentifier("redo", { phone: "+1 (415) 555-0000" }) // false
 *
 * @category identity
 * @since 0.2.0
 */
export const hasUsableIdentifier = (
  to: FormatId | string,
  identity: Readonly<Record<string, unknown>> | null | undefined,
): boolean => {
  const id = identity ?? {};
  switch (to) {
    case "customerio":
    case "segment":
      return nonEmpty(id.userId) || nonEmpty(id.anonymousId);
    case "omnisend":
      return nonEmpty(id.omnisendContactId) || (nonEmpty(id.email) && isEmail(id.email)) || nonEmpty(id.phone);
    case "omnisend-api":
      // Omnisend's public API: a phone of at most 15 characters
      return (
        nonEmpty(id.omnisendContactId) ||
        (nonEmpty(id.email) && isEmail(id.email)) ||
        (nonEmpty(id.phone) && id.phone.length <= 15)
      );
    case "redo":
      return (
        nonEmpty(id.redoCustomerId) || (nonEmpty(id.email) && isEmail(id.email)) || (nonEmpty(id.phone) && E164.test(id.phone))
      );
    default:
      return true;
  }
};

/** Places besides the identity where clients put an email or phone, as canonical paths. */
const FALLBACKS: ReadonlyArray<{
  readonly key: "email" | "phone";
  readonly path: string;
  readonly at: (e: JsonObject) => unknown;
}> = [
  { key: "email", path: "$.properties.email", at: (e) => own(e.properties, "email") },
  { key: "phone", path: "$.properties.phone", at: (e) => own(e.properties, "phone") },
  {
    key: "email",
    path: "$.extensions.customerio.envelope.traits.email",
    at: (e) => own(own(own(own(e.extensions, "customerio"), "envelope"), "traits"), "email"),
  },
  {
    key: "phone",
    path: "$.extensions.customerio.envelope.traits.phone",
    at: (e) => own(own(own(own(e.extensions, "customerio"), "envelope"), "traits"), "phone"),
  },
];

const own = (o: unknown, key: string): unknown => (isObject(o) && Object.hasOwn(o, key) ? o[key] : undefined);

/**
 * How translation completes an identity for a destination.
 *
 * @category identity
 * @since 0.2.0
 */
export interface IdentityChoices {
  /** Customer.io / Segment destinations: the identifier that becomes a missing `userId`. */
  readonly userId?: UserIdSource | undefined;
  /** Customer.io / Segment destinations: `"derive"` gives a missing `anonymousId` from the record's identifiers. */
  readonly anonymousId?: "derive" | undefined;
}

/**
 * Completes an event's identity for a destination (see the module doc). Returns the event (the
 * same object when nothing changed; else `event` changed in place when `owned`, or a copy) and a
 * `defaulted` loss per value supplied.
 *
 * @example
 * import { completeIdentity } from "commerce-rosetta"
 * const r = completeIdentity({ type: "custom", name: "x", identity: { email: "pat@example.com" } }, "customerio", { userId: "email" }, false)
 * // r.event.identity.userId === "pat@example.com"; r.added[0].kind === "defaulted"
 *
 * @category identity
 * @since 0.2.0
 */
export const completeIdentity = (
  event: CanonicalEvent,
  to: FormatId | string,
  choices: IdentityChoices,
  owned: boolean,
): { readonly event: CanonicalEvent; readonly added: ReadonlyArray<Loss> } => {
  const current = event.identity as JsonObject | null | undefined;
  if (hasUsableIdentifier(to, current)) return { event, added: NONE };
  let identity: JsonObject | undefined;
  const added = lossList();
  const set = (key: string, value: unknown, reason: string): void => {
    identity ??= copyOwn(current);
    added.push(lossTo(`$.identity.${key}`, "defaulted", identity[key], value, reason));
    identity[key] = value;
  };
  // an email or phone the record names elsewhere
  for (const f of FALLBACKS) {
    const have = (identity ?? current)?.[f.key];
    if (nonEmpty(have)) continue;
    const v = f.at(event as unknown as JsonObject);
    if (nonEmpty(v)) set(f.key, v, `read from ${f.path}`);
  }
  if (to === "customerio" || to === "segment" || to === "canonical") {
    const now = (): JsonObject => identity ?? current ?? {};
    if (choices.userId !== undefined && !nonEmpty(now().userId)) {
      const v = now()[choices.userId];
      if (nonEmpty(v)) set("userId", v, `the ${choices.userId} made the userId (userId option, --user-id)`);
    }
    if (choices.anonymousId === "derive" && !nonEmpty(now().userId) && !nonEmpty(now().anonymousId)) {
      const v = deriveAnonymousId(now());
      if (v !== undefined)
        set("anonymousId", v, "UUID v5 of the record's identifiers (anonymousId: derive, --anonymous-id derive)");
    }
  }
  if (identity === undefined) return { event, added: NONE };
  const target = owned ? (event as unknown as JsonObject) : copyOwn(event as unknown as JsonObject);
  target.identity = identity;
  return { event: target as unknown as CanonicalEvent, added };
};

const NONE: ReadonlyArray<Loss> = lossList();
