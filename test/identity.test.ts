import { describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../src/canonical/model.js";
import { deriveAnonymousId, hasUsableIdentifier } from "../src/identity.js";
import { type TranslateOptions, translate } from "../src/translate.js";

/** Every combination of an absent / a valid / an unusable email, phone and destination id. */
const EMAILS = [undefined, "pat@example.com", "ünïcode@example.com"] as const;
const PHONES = [undefined, "+14155550000", "+1 (415) 555-0000"] as const;
const IDS = [undefined, "id-1", ""] as const;
const combinations = (idKey: string): Array<{ identity: Record<string, string>; e: number; p: number; i: number }> => {
  const out = [];
  for (let e = 0; e < 3; e++)
    for (let p = 0; p < 3; p++)
      for (let i = 0; i < 3; i++) {
        const identity: Record<string, string> = {};
        if (EMAILS[e] !== undefined) identity.email = EMAILS[e] as string;
        if (PHONES[p] !== undefined) identity.phone = PHONES[p] as string;
        if (IDS[i] !== undefined) identity[idKey] = IDS[i] as string;
        out.push({ identity, e, p, i });
      }
  return out;
};
const order = (identity: Record<string, string>): CanonicalEvent =>
  ({
    type: "order_completed",
    name: "Order Completed",
    id: "o-1",
    identity,
    order: { id: "1001", total: 5, currency: "USD" },
  }) as CanonicalEvent;
const identityLosses = (r: ReturnType<typeof translate>) =>
  r.ok ? r.losses.filter((l) => l.path.startsWith("$.identity")).map((l) => `${l.path} ${l.kind}`) : [];
const VALID = 1;
const UNUSABLE = 2;

describe("identity per destination: every combination of a valid / an unusable email, phone and id", () => {
  it("redo: converted while one identifier is usable (unusable ones dropped), else rejected naming what Redo accepts", () => {
    for (const { identity, e, p, i } of combinations("redoCustomerId")) {
      const r = translate(order(identity), { from: "canonical", to: "redo" });
      const usable = e === VALID || p === VALID || i === VALID;
      expect(r.ok, JSON.stringify(identity)).toBe(usable);
      if (!r.ok) {
        expect(r.errors.map((x) => x.path)).toEqual(["$.identity"]);
        expect(r.errors[0]?.message).toContain("identity.redoCustomerId, identity.email or an E.164 identity.phone");
        continue;
      }
      const expected = [
        ...(i === UNUSABLE ? ["$.identity.redoCustomerId dropped"] : []),
        ...(e === UNUSABLE ? ["$.identity.email dropped"] : []),
        ...(p === UNUSABLE ? ["$.identity.phone dropped"] : []),
      ];
      expect(identityLosses(r).sort(), JSON.stringify(identity)).toEqual(expected.sort());
    }
  });

  it("omnisend: converted while one identifier is usable (an unusable email dropped), else rejected naming what Omnisend accepts", () => {
    for (const { identity, e, p, i } of combinations("omnisendContactId")) {
      const r = translate(order(identity), { from: "canonical", to: "omnisend" });
      // the seed format holds any non-empty phone
      const usable = e === VALID || p !== 0 || i === VALID;
      expect(r.ok, JSON.stringify(identity)).toBe(usable);
      if (!r.ok) {
        expect(r.errors[0]?.message).toContain("omnisend needs a contact identifier (omnisendContactId, email, phone)");
        continue;
      }
      expect(identityLosses(r), JSON.stringify(identity)).toEqual(e === UNUSABLE ? ["$.identity.email dropped"] : []);
    }
  });

  for (const to of ["customerio", "segment"] as const) {
    it(`${to}: needs a userId; --user-id email / --anonymous-id derive supply one from the record's identifiers (reported as defaulted)`, () => {
      for (const { identity, e, p, i } of combinations("userId")) {
        const plain = translate(order(identity), { from: "canonical", to });
        expect(plain.ok, JSON.stringify(identity)).toBe(i === VALID);
        if (!plain.ok) expect(plain.errors[0]?.message).toContain("needs a userId or anonymousId");

        const byEmail = translate(order(identity), { from: "canonical", to, userId: "email" });
        expect(byEmail.ok, JSON.stringify(identity)).toBe(i === VALID || e !== 0);
        if (byEmail.ok && i !== VALID) {
          expect((byEmail.value as { userId: string }).userId).toBe(identity.email);
          expect(identityLosses(byEmail)).toEqual(["$.identity.userId defaulted"]);
        }

        const derived = translate(order(identity), { from: "canonical", to, anonymousId: "derive" });
        expect(derived.ok, JSON.stringify(identity)).toBe(i === VALID || e !== 0 || p !== 0);
        if (derived.ok && i !== VALID) {
          const anonymousId = (derived.value as { anonymousId: string }).anonymousId;
          expect(anonymousId).toBe(deriveAnonymousId(identity));
          expect(anonymousId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        }
      }
    });
  }

  it("attribuly and canonical need no identifier: every combination converts", () => {
    for (const to of ["attribuly", "canonical"] as const)
      for (const { identity } of combinations("userId"))
        expect(translate(order(identity), { from: "canonical", to }).ok).toBe(true);
  });
});

describe("identifiers from every place clients put them", () => {
  const options = (to: TranslateOptions["to"]): TranslateOptions => ({ from: "segment", to });
  it("reads properties.phone and a top-level traits.email when the destination needs them, reporting each as defaulted", () => {
    const byPhone = translate(
      { type: "track", userId: "u", event: "Cart Viewed", properties: { phone: "+14155550000" } },
      options("redo"),
    );
    expect(byPhone.ok && (byPhone.value as { customer: unknown }).customer).toEqual({ phoneNumber: "+14155550000" });
    expect(identityLosses(byPhone)).toContain("$.identity.phone defaulted");
    const byTraits = translate(
      { type: "track", userId: "u", event: "Cart Viewed", traits: { email: "pat@example.com" } },
      options("omnisend"),
    );
    expect(byTraits.ok && (byTraits.value as { contact: unknown }).contact).toEqual({ email: "pat@example.com" });
  });
  it("leaves them alone when the event already has an identifier the destination accepts", () => {
    const r = translate(
      {
        type: "track",
        userId: "u",
        event: "Cart Viewed",
        properties: { phone: "+14155550000" },
        context: { traits: { email: "pat@example.com" } },
      },
      options("redo"),
    );
    expect(r.ok && (r.value as { customer: unknown }).customer).toEqual({ email: "pat@example.com" });
  });
  it("moves an Omnisend history to Customer.io with --user-id email and a Redo history to Omnisend", () => {
    const omnisend = {
      eventName: "placed order",
      eventID: "e-1",
      contact: { email: "pat@example.com", contactID: "c-9" },
      order: { orderID: "1", totalPrice: 5, currency: "USD" },
    };
    const cio = translate(omnisend, { from: "omnisend", to: "customerio", userId: "email" });
    expect(cio.ok && (cio.value as { userId: string }).userId).toBe("pat@example.com");
    const byContact = translate(omnisend, { from: "omnisend", to: "customerio", userId: "omnisendContactId" });
    expect(byContact.ok && (byContact.value as { userId: string }).userId).toBe("c-9");
    const redo = { eventName: "Order Completed", customer: { email: "pat@example.com", id: "r-1" } };
    const os = translate(redo, { from: "redo", to: "omnisend" });
    expect(os.ok && (os.value as { contact: unknown }).contact).toEqual({ email: "pat@example.com" });
    // a Segment call with an email Redo cannot hold and a valid phone reaches Redo by the phone
    const seg = {
      type: "track",
      userId: "u",
      event: "Cart Viewed",
      context: { traits: { email: "ünïcode@example.com", phone: "+14155550000" } },
    };
    const toRedo = translate(seg, { from: "segment", to: "redo" });
    expect(toRedo.ok && (toRedo.value as { customer: unknown }).customer).toEqual({ phoneNumber: "+14155550000" });
    expect(identityLosses(toRedo)).toContain("$.identity.email dropped");
  });
  it("derives the same anonymousId on every run from the same identifiers, and none from none", () => {
    expect(deriveAnonymousId({ email: "pat@example.com" })).toBe(
      deriveAnonymousId({ email: "pat@example.com", userId: "ignored" }),
    );
    expect(deriveAnonymousId({ email: "pat@example.com" })).not.toBe(deriveAnonymousId({ phone: "pat@example.com" }));
    expect(deriveAnonymousId({})).toBeUndefined();
  });
  it("holds Omnisend's public API to 15-character phones", () => {
    expect(hasUsableIdentifier("omnisend-api", { phone: "+1234567890123456" })).toBe(false);
    expect(hasUsableIdentifier("omnisend-api", { phone: "+12345678901234" })).toBe(true);
  });
});
