import { fc, test } from "@fast-check/vitest";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { describe, expect, it } from "vitest";
import { EMAIL_PATTERN, isEmail, isUri, SIMPLE_URI_PATTERN, URI_PATTERN } from "../../src/core/formats.js";

// characters that decide these formats, plus look-alikes the `i` flag must not fold into ASCII
// (Kelvin sign, long s), non-ASCII letters, whitespace and a lone surrogate
const decisive = "aZz09.@-_+!#$%&'*/=?^`{|}~:;,()[]\\\" \n\té\u212A\u017F\uD800";
const soup = fc.array(fc.constantFrom(...decisive.split("")), { maxLength: 24 }).map((cs) => cs.join(""));

/** One edit of a string: none, a character replaced, inserted or appended (often a decisive one). */
const edited = (base: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(
      base,
      fc.constantFrom("none", "replace", "insert", "append"),
      fc.nat(60),
      fc.oneof(fc.constantFrom(..."-.@a_:/?#%".split("")), soup),
    )
    .map(([s, how, at, noise]) => {
      const c = noise.slice(0, 1);
      const i = Math.min(at, s.length);
      if (how === "replace") return s.slice(0, i) + c + s.slice(i + 1);
      if (how === "insert") return s.slice(0, i) + c + s.slice(i);
      if (how === "append") return s + c;
      return s;
    });
const uriChar = fc.constantFrom(..."aZ09-._~!$&'()*+,;=:@/?#%[] é".split(""));
/** scheme://… with arbitrary tails, each sometimes edited once. */
const uriish = edited(
  fc
    .tuple(
      fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9+.-]{0,5}$/),
      fc.constantFrom("://", ":", ":/", "//", "://["),
      fc.array(uriChar, { maxLength: 30 }),
    )
    .map(([scheme, sep, rest]) => scheme + sep + rest.join("")),
);

describe("the format patterns", () => {
  it("should be ajv-formats' own full-mode email pattern (uri: see the isUri laws)", () => {
    expect(EMAIL_PATTERN.source).toBe((fullFormats.email as RegExp).source);
    expect(EMAIL_PATTERN.flags).toBe((fullFormats.email as RegExp).flags);
  });
});

describe("isEmail", () => {
  it.each([
    ["pat@example.com", true],
    ["pat.lee+tag@mail.example.co.uk", true],
    ["PAT@EXAMPLE.COM", true],
    ["pat@localhost", false], // one label
    [".pat@example.com", false],
    ["pat.@example.com", false],
    ["pa..t@example.com", false],
    ["pat@-example.com", false],
    ["pat@example-.com", false],
    ["pat@example..com", false],
    ["pat@example.com.", false],
    ["pat@example.co-", false], // a label ends with a hyphen

    ["pat@example.-co", false], // a label starts with a hyphen
    ["pat@example.c-m", true],
    ["p\u212Aat@example.com", false], // Kelvin sign is not K
    ["pat@exa\u017Fmple.com", false], // long s is not s
    ["pat@@example.com", false],
    ["@example.com", false],
    ["pat@", false],
    ["", false],
    ["pat@example.com\n", false],
  ])("should read %j as %s", (s, want) => {
    expect(isEmail(s)).toBe(want);
    expect(EMAIL_PATTERN.test(s)).toBe(want);
  });
});

describe("isUri", () => {
  test.prop([fc.oneof(uriish, soup, fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string())], {
    numRuns: 3000,
  })("should accept exactly what ajv-formats' uri format accepts", (s) => {
    expect(isUri(s)).toBe((fullFormats.uri as (s: string) => boolean)(s));
  });

  test.prop([fc.oneof(uriish, soup, fc.webUrl({ withQueryParameters: true, withFragments: true }))], { numRuns: 3000 })(
    "should match the simple shape only where the full pattern matches",
    (s) => {
      if (SIMPLE_URI_PATTERN.test(s)) expect(URI_PATTERN.test(s)).toBe(true);
    },
  );

  it.each([
    ["https://shop.example.com/p/9?ref=a&b=c#top", true, true],
    ["HTTPS://SHOP.EXAMPLE.COM/", true, true],
    ["https://shop.example.com:8443/p", false, true], // a port: the full pattern
    ["https://user@shop.example.com/", false, true], // userinfo: the full pattern
    ["https://shop.example.com/a%20b", false, true], // a percent-escape: the full pattern
    ["https://[::1]/", false, true],
    ["mailto:pat@example.com", false, true],
    ["urn:isbn:0451450523", false, true],
    ["/cart/9", false, false],
    ["shop.example.com", false, false],
    ["https://shop.example.com/a b", false, false],
    ["1http://x", false, false],
    ["", false, false],
  ])("should read %j as simple %s, a uri %s", (s, simple, uri) => {
    expect(SIMPLE_URI_PATTERN.test(s)).toBe(simple);
    expect(isUri(s)).toBe(uri);
  });
});

describe("the last-valid caches", () => {
  const emailish = edited(fc.oneof(fc.emailAddress(), fc.constantFrom("pat@example.com", "pat@localhost")));
  test.prop([fc.array(emailish, { minLength: 2, maxLength: 12 })], { numRuns: 1000 })(
    "should answer every string of a sequence as the pattern does, whatever came before",
    (strings) => {
      for (const s of strings) expect(isEmail(s), s).toBe(EMAIL_PATTERN.test(s));
    },
  );
  it("should answer an equal string built apart, and a near miss right after a valid one", () => {
    expect(isEmail("pat@example.com")).toBe(true);
    expect(isEmail(["pat", "example.com"].join("@"))).toBe(true);
    expect(isEmail("pat@example.com\n")).toBe(false);
    expect(isEmail("pat@example.com.")).toBe(false);
    expect(isEmail("pat@example.com")).toBe(true);
  });
});
