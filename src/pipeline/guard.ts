/**
 * What a record's text can hold that its parsed value cannot show: numbers JavaScript does not keep
 * as written (an integer outside ±2^53, an underflow to 0, a -0, an overflow to Infinity), found
 * in the text with the streaming tokenizer of `@streamparser/json` keeping each number's spelling,
 * and reported as `coerced` losses with the original text; and the error for nesting beyond
 * `MAX_DEPTH`.
 *
 * @since 0.1.0
 */
import Tokenizer from "@streamparser/json/tokenizer.js";
import { MAX_DEPTH, pathIndex, pathKey } from "../core/json.js";
import { type Issue, type Loss, lossList, lossTo } from "../core/result.js";

/**
 * A number whose value differs from its text: where (in the document), the text and what is written.
 *
 * @example
 * const c: NumberChange = { path: "$.n", text: "-0", to: 0, reason: "-0 is negative zero, which JSON writes as 0" }
 *
 * @category pipeline
 * @internal
 */
export interface NumberChange {
  readonly path: string;
  readonly text: string;
  readonly to: number | null;
  readonly reason: string;
}

/** A tokenizer that hands numbers over as their text. */
class SpellingTokenizer extends Tokenizer {
  protected override parseNumber(text: string): number {
    return text as unknown as number;
  }
}

const changeOf = (text: string): { to: number | null; reason: string } | undefined => {
  const v = Number(text);
  if (!Number.isFinite(v))
    return { to: null, reason: `${text} is beyond the largest number JavaScript holds; JSON writes it as null` };
  if (Object.is(v, -0)) return { to: 0, reason: `${text} is negative zero, which JSON writes as 0` };
  const integer = /^-?\d+$/.test(text);
  if (integer) {
    if (Number.isSafeInteger(v) || BigInt(text) === BigInt(v)) return undefined;
    return { to: v, reason: `${text} is outside ±2^53, where JavaScript numbers are not exact; it is written as ${v}` };
  }
  if (v === 0 && /[1-9]/.test(text.replace(/[eE].*$/, "")))
    return { to: 0, reason: `${text} is smaller than the smallest number JavaScript holds; it is written as 0` };
  return undefined;
};

/**
 * The numbers of a JSON text that parsing changes, with their JSONPaths in the document.
 *
 * @example
 * numberLosses('{"n":9007199254740993}') // [{ path: "$.n", text: "9007199254740993", to: 9007199254740992, reason: "…" }]
 *
 * @category pipeline
 * @internal
 */
export const numberLosses = (text: string): ReadonlyArray<NumberChange> => {
  const out: Array<NumberChange> = [];
  const stack: Array<{ array: boolean; index: number; key: string; expectKey: boolean }> = [];
  const pathOf = (): string => {
    let p = "$";
    for (const f of stack) p = f.array ? pathIndex(p, f.index) : pathKey(p, f.key);
    return p;
  };
  const t = new SpellingTokenizer({ separator: "" });
  t.onError = () => {};
  t.onToken = ({ token, value }) => {
    const top = stack[stack.length - 1];
    switch (token) {
      case 0:
      case 2:
        stack.push({ array: token === 2, index: 0, key: "", expectKey: token === 0 });
        return;
      case 1:
      case 3:
        stack.pop();
        return;
      case 5:
        if (top !== undefined) {
          if (top.array) top.index++;
          else top.expectKey = true;
        }
        return;
      case 9:
        if (top !== undefined && !top.array && top.expectKey) {
          top.key = value as string;
          top.expectKey = false;
        }
        return;
      case 10: {
        const c = changeOf(String(value));
        if (c !== undefined) out.push({ path: pathOf(), text: String(value), ...c });
        return;
      }
      default:
        return;
    }
  };
  try {
    t.write(text);
    t.end();
  } catch {
    // the text was parsed before this scan; a tokenizer failure leaves what was found
  }
  return out;
};

/**
 * The `coerced` losses of the record at `recordPath` of its document (paths relative to the record).
 *
 * @example
 * recordLosses(numberLosses('{"batch":[{"n":-0}]}'), "$.batch[0]") // [{ path: "$.n", kind: "coerced", value: "-0", to: 0, … }]
 *
 * @category pipeline
 * @internal
 */
export const recordLosses = (changes: ReadonlyArray<NumberChange>, recordPath: string): Array<Loss> => {
  const out = lossList();
  for (const c of changes) {
    if (
      recordPath !== "$" &&
      !(c.path.startsWith(recordPath) && /^[.[]|^$/.test(c.path.slice(recordPath.length, recordPath.length + 1)))
    )
      continue;
    out.push(lossTo(`$${c.path.slice(recordPath.length)}`, "coerced", c.text, c.to, c.reason));
  }
  return out;
};

/**
 * The error for a value nested beyond `MAX_DEPTH` at `path`.
 *
 * @example
 * tooDeep("$.a").expected // "nesting at most 1000 levels deep"
 *
 * @category pipeline
 * @internal
 */
export const tooDeep = (path: string): Issue => ({
  _tag: "Issue",
  path,
  expected: `nesting at most ${MAX_DEPTH} levels deep`,
  message: `${path}: nested more than ${MAX_DEPTH} levels deep (arrays and objects); the record is refused rather than risk the stack`,
});
