/**
 * JSON Schema string formats the vendors' schemas use (`email`, `uri`), checked the way ajv-formats
 * checks them in "full" mode, in one place for every codec. The patterns are ajv-formats' own (a
 * test holds them equal to the installed ajv-formats). The regexes stay (V8 compiles these linear
 * patterns to native code; a hand-written scanner was slower: bench/README.md#why-the-code-looks-like-this);
 * only the backtracking-heavy `URI_PATTERN` gets a cheaper first try (`SIMPLE_URI_PATTERN`).
 *
 * @since 0.1.0
 */

/**
 * ajv-formats' full-mode `email` pattern: the definition `isEmail` follows.
 *
 * @category validation
 * @internal
 */
export const EMAIL_PATTERN =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/**
 * ajv-formats' full-mode `uri` pattern (RFC 3986 absolute URI): the definition `isUri` follows.
 *
 * @category validation
 * @internal
 */
export const URI_PATTERN =
  /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

/** ajv-formats' guard before `URI_PATTERN`: a URI has a `/` or a `:`. */
const URI_GUARD = /\/|:/;

/**
 * The common shape of an absolute URI as a pattern — `scheme://reg-name`, then path segments, query
 * and fragment of unreserved, sub-delim, `:` and `@` characters only (no `%`, no port, no userinfo,
 * no IP literal). It is a sub-language of `URI_PATTERN`'s `scheme "://" reg-name path-abempty
 * [? query] [# fragment]` branch and every match has a `:`, so a match is a URI without the full pattern's backtracking.
 *
 * @category validation
 * @internal
 */
export const SIMPLE_URI_PATTERN =
  /^[a-z][a-z0-9+\-.]*:\/\/[a-z0-9\-._~!$&'()*+,;=]*(?:\/[a-z0-9\-._~!$&'()*+,;=:@]*)*(?:\?[a-z0-9\-._~!$&'()*+,;=:@/?]*)?(?:#[a-z0-9\-._~!$&'()*+,;=:@/?]*)?$/i;

/** The last address `isEmail` found valid. */
let lastEmail: string | undefined;

/**
 * Whether a string is an email address under the JSON Schema `email` format (ajv-formats full
 * mode): dot-separated atoms, `@`, then two or more dot-separated labels of letters, digits and
 * inner hyphens.
 *
 * @example
 * isEmail("pat@example.com") // true
 * isEmail("pat@localhost") // false: one label
 *
 * @category validation
 * @since 0.1.0
 */
export const isEmail = (s: string): boolean => {
  // the last address found valid: a translation checks the same string when decoding and again
  // when encoding (omnisend → redo), and comparing it with itself is a pointer comparison
  if (s === lastEmail) return true;
  if (!EMAIL_PATTERN.test(s)) return false;
  lastEmail = s;
  return true;
};

/**
 * Whether a string is an absolute URI under the JSON Schema `uri` format (ajv-formats full mode):
 * the common shape first, the full RFC 3986 pattern otherwise.
 *
 * @example
 * isUri("https://shop.example.com/cart/9") // true
 * isUri("/cart/9") // false
 *
 * @category validation
 * @since 0.1.0
 */
export const isUri = (s: string): boolean => SIMPLE_URI_PATTERN.test(s) || (URI_GUARD.test(s) && URI_PATTERN.test(s));
