/**
 * The `canonical` format: the canonical model's own JSON form. Decoding validates a record against
 * the published schema: every error names its JSONPath, the expected shape in words and the value
 * found. Keys the schema does not declare are never stripped silently: they travel in
 * `extensions.canonical.unknownKeys` as `[path segments, value]` pairs, so other formats report them
 * as a loss and encoding back to canonical puts each one back where it was.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema";
import type * as SchemaAST from "effect/SchemaAST";
import * as SchemaIssue from "effect/SchemaIssue";
import { SchemaJITCompiler } from "effect/schema";
import { type CanonicalEvent, CanonicalEventSchema } from "../../canonical/model.js";
import type { Codec, WireRecord } from "../../core/codec.js";
import { isObject, type JsonObject, own, pathIndex, pathKey, setOwn } from "../../core/json.js";
import { fail, type Issue, issue, lossList, type Result, succeed } from "../../core/result.js";

// Compile the canonical schema's validator once: the compiled validator is faster than the interpreter
// on this model (bench/README.md#why-the-code-looks-like-this).
SchemaJITCompiler.enable(CanonicalEventSchema.ast);
/** Every issue, unknown keys included: the reference, and what a failed record is reported with. */
const decodeStrict = Schema.decodeUnknownExit(CanonicalEventSchema, { onExcessProperty: "error", errors: "all" });
/** The same checks except unknown keys (which it would strip): the fast path, with `hasUnknownKeys` beside it. */
const decodeIgnoringUnknownKeys = Schema.decodeUnknownExit(CanonicalEventSchema, { onExcessProperty: "ignore" });

/** Whether a value holds a key its schema does not declare, anywhere inside. */
type UnknownKeyCheck = (value: unknown) => boolean;

/**
 * Builds, from a schema's AST, a check for keys the schema does not declare. effect's own check
 * (`onExcessProperty: "error"`) builds a Set of the declared keys for every object it visits, which
 * was most of the time of decoding a canonical event; this one builds the Sets once. A decode that
 * passes both `decodeIgnoringUnknownKeys` and this check is exactly one `decodeStrict` accepts (a
 * property test holds the two paths equal); anything else goes through `decodeStrict` for its issues.
 */
const unknownKeyCheck = (ast: SchemaAST.AST): UnknownKeyCheck | undefined => {
  switch (ast._tag) {
    case "Objects": {
      const open = ast.indexSignatures.length > 0;
      if (open && !ast.indexSignatures.every((s) => s.parameter._tag === "String"))
        throw new Error("unknownKeyCheck: index signatures other than string keys are not supported");
      const declared = new Set(ast.propertySignatures.map((p) => String(p.name)));
      const innerKeys: Array<string> = [];
      const innerChecks: Array<UnknownKeyCheck> = [];
      for (const p of ast.propertySignatures) {
        const c = unknownKeyCheck(p.type);
        if (c === undefined) continue;
        innerKeys.push(String(p.name));
        innerChecks.push(c);
      }
      const values = ast.indexSignatures.map((s) => unknownKeyCheck(s.type)).filter((c) => c !== undefined);
      if (values.length > 1) throw new Error("unknownKeyCheck: several index signatures over objects are not supported");
      const each = values[0];
      return (value) => {
        if (!isObject(value)) return false;
        if (!open) {
          for (const key in value) if (!declared.has(key)) return true;
        } else if (each !== undefined) {
          for (const key in value) if (!declared.has(key) && Object.hasOwn(value, key) && each(value[key])) return true;
        }
        // effect counts own enumerable symbol keys as unknown too (JSON never has them)
        if (Object.getOwnPropertySymbols(value).length > 0) return true;
        for (let i = 0; i < innerKeys.length; i++) {
          const key = innerKeys[i] as string;
          const v = value[key];
          if (v !== undefined && v !== null && Object.hasOwn(value, key) && (innerChecks[i] as UnknownKeyCheck)(v)) return true;
        }
        return false;
      };
    }
    case "Arrays": {
      const items = [...ast.elements, ...ast.rest].map(unknownKeyCheck).filter((c) => c !== undefined);
      if (items.length === 0) return undefined;
      if (ast.elements.length > 0 || ast.rest.length !== 1)
        throw new Error("unknownKeyCheck: only homogeneous arrays are supported");
      const item = items[0] as UnknownKeyCheck;
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) if (item(value[i])) return true;
        return false;
      };
    }
    case "Union": {
      const members = ast.types.map(unknownKeyCheck).filter((c) => c !== undefined);
      if (members.length === 0) return undefined;
      if (members.length > 1) throw new Error("unknownKeyCheck: unions of several object shapes are not supported");
      return members[0];
    }
    case "Suspend":
    case "Declaration":
      throw new Error(`unknownKeyCheck: ${ast._tag} is not supported`);
    default:
      return undefined;
  }
};

const hasUnknownKeys: UnknownKeyCheck = unknownKeyCheck(CanonicalEventSchema.ast) ?? (() => false);

const formatIssues = SchemaIssue.makeFormatterStandardSchemaV1();

/** The value at a path of segments, or undefined. */
const valueAt = (value: unknown, segments: ReadonlyArray<PropertyKey>): unknown => {
  let v = value;
  for (const k of segments) {
    if (Array.isArray(v) && typeof k === "number") v = v[k];
    else if (isObject(v)) v = own(v, String(k));
    else return undefined;
  }
  return v;
};

const jsonPath = (base: string, segments: ReadonlyArray<PropertyKey>): string => {
  let p = base;
  for (const k of segments) p = typeof k === "number" ? pathIndex(p, k) : pathKey(p, String(k));
  return p;
};

/** Where a schema failure went wrong: the unknown keys apart from every other problem. */
const problemsOf = (
  input: unknown,
  failure: unknown,
): { unknownKeys: Array<ReadonlyArray<PropertyKey>>; others: Array<{ path: ReadonlyArray<PropertyKey>; message: string }> } => {
  const unknownKeys: Array<ReadonlyArray<PropertyKey>> = [];
  const others: Array<{ path: ReadonlyArray<PropertyKey>; message: string }> = [];
  const issue = (failure as { issue?: unknown }).issue;
  if (!SchemaIssue.isIssue(issue)) {
    others.push({ path: [], message: `Expected a canonical event (${String(failure)})` });
    return { unknownKeys, others };
  }
  for (const entry of formatIssues(issue).issues) {
    const path = (entry.path ?? []).map((k) => (typeof k === "object" && k !== null ? (k as { key: PropertyKey }).key : k));
    const last = path[path.length - 1];
    // an undeclared key: its parent is an object the schema closes, and the key is there
    if (/^(Unexpected key|Expected no excess property)/.test(entry.message) && last !== undefined) {
      const parent = valueAt(input, path.slice(0, -1));
      if (isObject(parent) && Object.hasOwn(parent, String(last))) {
        unknownKeys.push(path);
        continue;
      }
    }
    others.push({ path, message: entry.message });
  }
  return { unknownKeys, others };
};

/** An issue in words: the path, what was expected there and the value found. */
const toIssue = (base: string, input: unknown, path: ReadonlyArray<PropertyKey>, message: string): Issue => {
  const at = jsonPath(base, path);
  const found = valueAt(input, path);
  const expected = /^Missing key/.test(message)
    ? "a value (the key is required)"
    : message.replace(/^Expected /, "").replace(/, got [\s\S]*$/, "");
  return found === undefined ? issue(at, expected) : issue(at, expected, found);
};

/** Moves undeclared keys into `extensions.canonical.unknownKeys` of the decoded event. */
const keepUnknownKeys = (
  event: CanonicalEvent,
  input: unknown,
  keys: ReadonlyArray<ReadonlyArray<PropertyKey>>,
): CanonicalEvent => {
  if (keys.length === 0) return event;
  const out = event as unknown as JsonObject;
  const extensions: JsonObject = isObject(out.extensions) ? { ...out.extensions } : {};
  const previous = isObject(extensions.canonical) ? extensions.canonical : {};
  const kept: Array<unknown> = Array.isArray(previous.unknownKeys) ? [...previous.unknownKeys] : [];
  for (const k of keys) kept.push([k.map((x) => (typeof x === "number" ? x : String(x))), valueAt(input, k)]);
  extensions.canonical = { ...previous, unknownKeys: kept };
  out.extensions = extensions;
  return event;
};

const decode = (record: WireRecord): Result<CanonicalEvent> => {
  const fast = decodeIgnoringUnknownKeys(record.value);
  if (fast._tag === "Success" && !hasUnknownKeys(record.value)) return succeed(fast.value);
  const exit = decodeStrict(record.value);
  if (exit._tag === "Success") return succeed(exit.value);
  const cause = exit.cause as unknown as {
    failures?: ReadonlyArray<{ error?: unknown }>;
    reasons?: ReadonlyArray<{ error?: unknown }>;
  };
  const failure = (cause.reasons ?? cause.failures ?? [])[0]?.error ?? cause;
  const { unknownKeys, others } = problemsOf(record.value, failure);
  if (others.length === 0 && fast._tag === "Success") return succeed(keepUnknownKeys(fast.value, record.value, unknownKeys));
  if (others.length === 0) return fail([issue(record.path, "a canonical event", record.value)]);
  return fail(others.map((o) => toIssue(record.path, record.value, o.path, o.message)));
};

/** The event with the undeclared keys it carries in `extensions.canonical.unknownKeys` put back in place. */
const restoreUnknownKeys = (event: CanonicalEvent): unknown => {
  if (!isObject(event)) return event;
  const e = event as unknown as JsonObject;
  const ext = isObject(e.extensions) ? e.extensions : undefined;
  const canon = ext !== undefined && isObject(ext.canonical) ? ext.canonical : undefined;
  if (canon === undefined || !Array.isArray(canon.unknownKeys) || Object.keys(canon).length !== 1) return event;
  const out = structuredClone(e);
  const outExt = out.extensions as JsonObject;
  delete outExt.canonical;
  if (Object.keys(outExt).length === 0) delete out.extensions;
  for (const entry of canon.unknownKeys as ReadonlyArray<unknown>) {
    if (!Array.isArray(entry) || !Array.isArray(entry[0]) || entry[0].length === 0) return event;
    const segments = entry[0] as ReadonlyArray<string | number>;
    let target: unknown = out;
    for (const k of segments.slice(0, -1))
      target = Array.isArray(target) ? target[k as number] : isObject(target) ? own(target, String(k)) : undefined;
    if (!isObject(target)) return event;
    setOwn(target, String(segments[segments.length - 1]), entry[1]);
  }
  return out;
};

/**
 * The `canonical` codec.
 *
 * @example
 * import { canonical } from "commerce-rosetta"
 * canonical.decode({ value: { type: "custom", name: "x" }, path: "$" }, {})
 *
 * @category codecs
 * @since 0.1.0
 */
export const canonical: Codec = {
  id: "canonical",
  description: "commerce-rosetta's canonical event JSON (schema: `rosetta schema canonical`)",
  explode: (document, path) => succeed([{ value: document, path }]),
  decode,
  // effect's Schema decode builds a new object (a test holds it)
  freshEvents: true,
  encode: (event) => succeed({ value: restoreUnknownKeys(event), losses: lossList() }),
};
