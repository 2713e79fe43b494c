"""The Node surface of the npm package `cpay`, generated from the registry's schema.

- `bindings-node/index.js`: one namespace per gateway (`lyra`, `computop`, …, `plan`, `reply`) with one
  camelCase function per operation. Required parameters are positional, in the schema's `required` order;
  the optional ones go in a last `options` object whose keys are the operation's own (snake_case, as the
  core's JSON). A result with a single property is returned as that property's value (`lyra.sign` → the
  signature). A `body` parameter (a raw received body) takes a string, a `Buffer` or a `Uint8Array`.
  Every `<gateway>.notification` function attaches `reply` (from `reply.rejected`) to the error it throws.
  The hot primitives of `NATIVE` call the addon's typed function when every argument is a string (`fields`, a
  plain object of strings, packed by `packFields` in native.js), and `call` otherwise: the same results and
  errors either way.
- `bindings-node/index.mjs`: the ESM entry, the same names.
- `bindings-node/index.d.ts`: TypeScript declarations of every `$defs` type, every operation's input and
  output, every function and every error class.
- `bindings-node/errors.js`: `CpayError` and one subclass per code of the core's error table. The class tree
  follows the table's number blocks: 71xx `InputError`, 72xx `VerificationError`, 73xx `GatewayError` (the
  class of `gateway_error` itself, so `unexpected_response` is a `GatewayError`), 74xx `RuleError`,
  79xx `InternalError` (the class of `internal`); `isVerificationFailure` is the table's
  `verification_failure` column.
"""

from __future__ import annotations

import json
from typing import Dict, List, Optional, Set, Tuple

from tools.generate.model import ErrorCode, Model, Operation, Param, Schema, banner, camel, enum_values, pascal, ref_name, wrap

OUT = "bindings-node"

# Operations also served by a typed function of the addon (the hot primitives, bindings-node/src/lib.rs):
# the function and the input names it takes, in order. `fields` crosses packed (bytes, length, count), every
# other one as a string (an absent option as `undefined`, the operation's default).
NATIVE = {
    "lyra.sign": ("lyraSign", ["fields", "key", "algo"]),
    "lyra.verify": ("lyraVerify", ["fields", "key", "algo"]),
    "ogone.sign": ("ogoneSign", ["fields", "passphrase", "algo", "direction", "charset"]),
    "sips.seal": ("sipsSeal", ["data", "key", "algo"]),
}

# The base class of each block of error numbers (the number divided by 100).
BLOCKS = {
    71: ("InputError", "The input is invalid: nothing was signed or verified (71xx)."),
    72: ("VerificationError", "The message may be forged or misrouted: signature, shop, mode or order (72xx)."),
    73: ("GatewayError", "The gateway answered with an error, or not as its protocol says (73xx)."),
    74: ("RuleError", "A business rule refuses the operation: refund, eligibility (74xx)."),
    79: ("InternalError", "A bug in cpay, caught at the language boundary; please report it (79xx)."),
}


def files(model: Model) -> Dict[str, str]:
    return {
        f"{OUT}/index.js": index_js(model),
        f"{OUT}/index.mjs": index_mjs(model),
        f"{OUT}/index.d.ts": index_d_ts(model),
        f"{OUT}/errors.js": errors_js(model),
    }


# ---- shared naming -------------------------------------------------------------------------------------


def class_name(code: str) -> str:
    name = pascal(code)
    return name if name.endswith("Error") else f"{name}Error"


def error_classes(model: Model) -> Tuple[List[Tuple[str, str, ErrorCode]], List[Tuple[str, str]], Set[str]]:
    """(class name, base class name, error row) for every code, block bases first."""
    rows = []
    codes = {class_name(e.name) for e in model.errors}
    for e in model.errors:
        block = BLOCKS.get(e.number // 100)
        name = class_name(e.name)
        base = "CpayError" if block is None or block[0] == name else block[0]
        rows.append((name, base, e))
    bases = [(b, doc) for b, doc in BLOCKS.values() if b not in codes]
    return rows, bases, codes


def body_param(p: Param) -> bool:
    """A raw received body: accepted as a string, a Buffer or a Uint8Array."""
    return p.name == "body" and "string" in json.dumps(p.schema.get("type", ""))


def single_output(op: Operation) -> Optional[str]:
    """The one property of a single-property result, returned unwrapped."""
    props = list(op.output.get("properties", {}))
    return props[0] if len(props) == 1 and op.output.get("required") == props else None


def positional(op: Operation) -> List[Param]:
    by_name = {p.name: p for p in op.params}
    return [by_name[name] for name in op.input.get("required", [])]


def options_of(op: Operation) -> List[Param]:
    required = set(op.input.get("required", []))
    return [p for p in op.params if p.name not in required]


def type_prefix(op: Operation) -> str:
    return pascal(op.gateway) + pascal(op.verb)


def comment(text: str, indent: str = "") -> List[str]:
    lines = [f"{indent}/**"]
    for n, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
        if n:
            lines.append(f"{indent} *")
        lines.extend(f"{indent} * {line}".rstrip() for line in wrap(paragraph.replace("*/", "*\\/"), 100))
    lines.append(f"{indent} */")
    return lines


# ---- index.js ------------------------------------------------------------------------------------------


def function_js(op: Operation) -> List[str]:
    args = [p.name for p in positional(op)]
    has_options = bool(options_of(op))
    signature = ", ".join(args + (["options = {}"] if has_options else []))
    parts = (["...options"] if has_options else []) + [
        f"{p.name}: text({p.name})" if body_param(p) else p.name for p in positional(op)
    ]
    if any(body_param(p) for p in options_of(op)):
        parts.insert(1, "body: text(options.body)")
    invoke = "notify" if op.verb == "notification" else "call"
    result = f"{invoke}('{op.name}', {{ {', '.join(parts)} }})"
    single = single_output(op)
    if single:
        result += f".{single}"
    return [f"  {camel(op.verb)}({signature}) {{", *native_js(op), f"    return {result};", "  },"]


def native_js(op: Operation) -> List[str]:
    """The typed crossing of a NATIVE operation, taken when every argument is a string."""
    if op.name not in NATIVE:
        return []
    function, names = NATIVE[op.name]
    required = [p.name for p in positional(op)]
    optional = [p.name for p in options_of(op)]
    assert sorted(names) == sorted(required + optional), op.name
    checks, args = [], []
    for name in names:
        if name == "fields":
            checks.insert(0, "packed !== undefined")
            args += ["packed.bytes", "packed.length", "packed.count"]
        elif name in required:
            checks.append(f"isText({name})")
            args.append(name)
        else:
            args.append(f"options.{name}")
    options = ", ".join(f"'{n}'" for n in optional)
    checks.append(f"textOptions(options, [{options}])")
    condition = " && ".join(checks)
    if len(condition) > 90:
        condition = "\n      " + "\n      && ".join(checks) + "\n    "
    invoke = f"typed(native.{function}, {', '.join(args)})"
    if "fields" not in names:
        return [f"    if ({condition}) {{", f"      return {invoke};", "    }"]
    # The addon answers null for fields its packing cannot carry (packFields in native.js); `call` then.
    return [
        "    const packed = packFields(fields);",
        f"    if ({condition}) {{",
        f"      const answer = {invoke};",
        "      if (answer !== null) return answer;",
        "    }",
    ]


def index_js(model: Model) -> str:
    out = [
        banner("//"),
        "'use strict';",
        "// The facade of the npm package `cpay`: one function per operation of the core's registry (see",
        "// index.d.ts for each one's documentation and types). native.js is the hand-written glue to the addon.",
        "const { call, notify, text, Cipher, operations, version, errorCodes } = require('./native.js');",
        "const { native, typed, isText, textOptions, packFields } = require('./native.js'); // the typed crossings (NATIVE)",
        "const errors = require('./errors.js');",
        "",
    ]
    for gateway in model.gateways():
        out.append(f"const {gateway} = Object.freeze({{")
        for op in model.operations_of(gateway):
            out.extend(function_js(op))
        if gateway == "computop":
            out.append("  Cipher,")
        out.extend(["});", ""])
    names = ", ".join(model.gateways())
    out.append(f"module.exports = Object.freeze({{ call, operations, version, errorCodes, {names}, ...errors }});")
    return "\n".join(out) + "\n"


def index_mjs(model: Model) -> str:
    rows, bases, _ = error_classes(model)
    names = ["call", "operations", "version", "errorCodes", *model.gateways(), "CpayError", "ERROR_CODES",
             "VERIFICATION_FAILURES"]
    names += [b for b, _ in bases] + [r[0] for r in rows]
    out = [banner("//"), "// ESM entry: the same objects as the CommonJS entry (index.js).", "import cpay from './index.js';", ""]
    out += ["export default cpay;", "export const {"]
    out += [f"  {name}," for name in names]
    out += ["} = cpay;"]
    return "\n".join(out) + "\n"


# ---- errors.js -----------------------------------------------------------------------------------------


def errors_js(model: Model) -> str:
    rows, bases, _ = error_classes(model)
    out = [
        banner("//"),
        "'use strict';",
        "// The errors cpay throws: CpayError and one subclass per code of the core's error table.",
        "",
        "/** The core's error table: code → stable number (the same in every language). */",
        "const ERROR_CODES = Object.freeze({",
    ]
    out += [f"  {e.name}: {e.number}," for e in model.errors]
    out += ["});", "", "const VERIFICATION_FAILURES = new Set(["]
    out += [f"  '{e.name}'," for e in model.errors if e.verification_failure]
    out += [
        "]);",
        "",
        "/** Every error cpay throws. */",
        "class CpayError extends Error {",
        "  constructor(detail) {",
        "    super(detail.message);",
        "    this.name = new.target.name;",
        "    this.code = detail.code;",
        "    this.number = detail.number;",
        "    this.field = detail.field ?? null;",
        "    this.gatewayCode = detail.gateway_code ?? null;",
        "  }",
        "",
        "  /** Whether the message may be forged or misrouted (the core's `verification_failure`). */",
        "  get isVerificationFailure() {",
        "    return VERIFICATION_FAILURES.has(this.code);",
        "  }",
        "}",
        "",
    ]
    for base, doc in bases:
        out += [f"/** {doc} */", f"class {base} extends CpayError {{}}", ""]
    for name, base, e in rows:
        out += [f"/** `{e.name}` ({e.number}): {e.summary} */", f"class {name} extends {base} {{}}", ""]
    out += ["const BY_CODE = Object.freeze({"]
    out += [f"  {e.name}: {name}," for name, _, e in rows]
    out += [
        "});",
        "",
        "/** The error for `detail` (`{code, number, field, message, gateway_code}`, the core's error JSON). */",
        "function fromDetail(detail) {",
        "  const Class = Object.hasOwn(BY_CODE, detail.code) ? BY_CODE[detail.code] : CpayError;",
        "  return new Class(detail);",
        "}",
        "",
        "module.exports = {",
        "  ERROR_CODES,",
        "  VERIFICATION_FAILURES,",
        "  CpayError,",
    ]
    out += [f"  {b}," for b, _ in bases] + [f"  {name}," for name, _, _ in rows]
    out += ["  fromDetail,", "};"]
    return "\n".join(out) + "\n"


# ---- index.d.ts ----------------------------------------------------------------------------------------


def literal(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def ts_type(model: Model, schema: Schema, indent: str = "") -> str:
    ref = ref_name(schema)
    if ref:
        return ref
    if "const" in schema:
        return literal(schema["const"])
    values = enum_values(schema)
    if values is not None and "oneOf" not in schema:
        return " | ".join(literal(v) for v in values)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            parts = []
            for option in schema[key]:
                t = ts_type(model, option, indent)
                if t not in parts:
                    parts.append(t)
            return " | ".join(parts)
    types = schema.get("type")
    if isinstance(types, list):
        parts = [ts_type(model, {**schema, "type": t}, indent) for t in types]
        return " | ".join(parts)
    if types == "string":
        return "string"
    if types in ("integer", "number"):
        return "number"
    if types == "boolean":
        return "boolean"
    if types == "null":
        return "null"
    if types == "array":
        item = ts_type(model, schema.get("items", {}), indent)
        return f"Array<{item}>"
    if types == "object":
        if "properties" in schema:
            return object_type(model, schema, indent)
        extra = schema.get("additionalProperties")
        value = ts_type(model, extra, indent) if isinstance(extra, dict) else "unknown"
        return f"Record<string, {value}>"
    return "unknown"


def object_type(model: Model, schema: Schema, indent: str) -> str:
    lines = ["{"]
    lines += members(model, schema, indent + "  ")
    lines.append(f"{indent}}}")
    return "\n".join(lines)


def members(model: Model, schema: Schema, indent: str) -> List[str]:
    required = set(schema.get("required", []))
    lines = []
    for name, prop in schema.get("properties", {}).items():
        if prop.get("description"):
            lines += comment(prop["description"], indent)
        mark = "" if name in required else "?"
        lines.append(f"{indent}{name}{mark}: {ts_type(model, prop, indent)};")
    return lines


def declare(model: Model, name: str, schema: Schema) -> List[str]:
    lines = comment(schema["description"]) if schema.get("description") else []
    if schema.get("type") == "object" and "properties" in schema:
        lines.append(f"export interface {name} {{")
        lines += members(model, schema, "  ")
        lines.append("}")
    else:
        lines.append(f"export type {name} = {ts_type(model, schema)};")
    return lines


def function_ts(model: Model, op: Operation) -> List[str]:
    prefix = type_prefix(op)
    args = []
    for p in positional(op):
        t = "RawBody" if body_param(p) else f'{prefix}Input["{p.name}"]'
        args.append(f"{p.name}: {t}")
    optional = options_of(op)
    if optional:
        omitted = [p.name for p in positional(op)] + [p.name for p in optional if body_param(p)]
        options = f"Omit<{prefix}Input, {' | '.join(literal(n) for n in omitted)}>" if omitted else f"{prefix}Input"
        if any(body_param(p) for p in optional):
            options += " & { body?: RawBody | null }"
        args.append(f"options?: {options}")
    single = single_output(op)
    result = f'{prefix}Output["{single}"]' if single else f"{prefix}Output"
    doc = op.doc
    if op.verb == "notification":
        doc += "\n\nA rejected message throws a `CpayError` whose `reply` is the answer to give the gateway instead."
    return comment(doc, "  ") + [f"  export function {camel(op.verb)}({', '.join(args)}): {result};"]


def index_d_ts(model: Model) -> str:
    rows, bases, _ = error_classes(model)
    out = [
        banner("//"),
        "// TypeScript declarations of the npm package `cpay`. Object keys are the core's JSON names (snake_case).",
        "",
        "/** A raw body as received: text, or its bytes (decoded as UTF-8). */",
        "export type RawBody = string | Uint8Array;",
        "",
    ]
    for name, schema in model.defs.items():
        out += declare(model, name, schema) + [""]
    for op in model.operations:
        prefix = type_prefix(op)
        out += declare(model, f"{prefix}Input", op.input) + [""]
        out += declare(model, f"{prefix}Output", op.output) + [""]
    out += ["/** Every operation: its input and its output. */", "export interface Operations {"]
    out += [f'  "{op.name}": [{type_prefix(op)}Input, {type_prefix(op)}Output];' for op in model.operations]
    out += [
        "}",
        "",
        "/** Run the operation `op` on `input` (its JSON shape) and return its result. */",
        "export function call<K extends keyof Operations>(op: K, input: Operations[K][0]): Operations[K][1];",
        "/** The names of every operation `call` serves. */",
        "export function operations(): Array<keyof Operations>;",
        "/** The version of the cpay core inside the addon. */",
        "export function version(): string;",
        "/** The core's table of stable error codes, as the addon reports it. */",
        "export function errorCodes(): Record<ErrorCode, number>;",
        "",
    ]
    for gateway in model.gateways():
        out.append(f"export namespace {gateway} {{")
        for op in model.operations_of(gateway):
            out += function_ts(model, op)
        if gateway == "computop":
            out += CIPHER_TS
        out += ["}", ""]
    out += ["/** A code of the core's error table. */"]
    out += ["export type ErrorCode =", *[f"  | {literal(e.name)}" for e in model.errors], ";", ""]
    out += [
        "/** The core's error table: code → stable number. */",
        "export const ERROR_CODES: Readonly<Record<ErrorCode, number>>;",
        "",
        "/** The codes that mean \"this message may be forged or misrouted\" (the core's predicate). */",
        "export const VERIFICATION_FAILURES: ReadonlySet<ErrorCode>;",
        "",
        "/** Every error cpay throws. */",
        "export class CpayError extends Error {",
        "  /** The stable code (`signature_mismatch`). */",
        "  readonly code: ErrorCode;",
        "  /** The stable number (7201). */",
        "  readonly number: number;",
        "  /** The gateway field or input key concerned, when there is one. */",
        "  readonly field: string | null;",
        "  /** The gateway's own error code, for a gateway error. */",
        "  readonly gatewayCode: string | null;",
        "  /** Whether the message may be forged or misrouted (the core's `verification_failure`). */",
        "  readonly isVerificationFailure: boolean;",
        "  /** For an error thrown by a `<gateway>.notification` function: the answer to give the gateway. */",
        "  reply?: Reply;",
        "}",
        "",
    ]
    for base, doc in bases:
        out += [f"/** {doc} */", f"export class {base} extends CpayError {{}}"]
    for name, base, e in rows:
        out += [f"/** `{e.name}` ({e.number}): {e.summary} */", f"export class {name} extends {base} {{}}"]
    return "\n".join(out) + "\n"


CIPHER_TS = [
    "  /**",
    "   * A Computop Blowfish cipher keyed once with the Blowfish password: `encrypt` and `decrypt` give exactly",
    "   * what `computop.encrypt` / `computop.decrypt` give under that password, without re-running the key",
    "   * schedule on every call.",
    "   */",
    "  export class Cipher {",
    "    /** Key the cipher; throws `InvalidKeyError` for an empty or too long password. */",
    "    constructor(key: string);",
    "    /** `{data, len}` for `plaintext`, as `computop.encrypt`. */",
    "    encrypt(plaintext: string): ComputopEncryptOutput;",
    "    /** The plaintext of hex `data`, cut after `len` characters, as `computop.decrypt`. */",
    "    decrypt(data: string, len: number): string;",
    "  }",
]
