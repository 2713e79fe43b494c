"""PHP: the gateway classes (`Cpay\\Lyra`, …, `Cpay\\Plan`, `Cpay\\Reply`) and the exception classes.

Each operation `<gw>.<verb>` becomes a static method `Cpay\\<Gw>::<verb in camelCase>()` with typed
parameters (required ones first, optional ones with their defaults, named arguments for the rest), an
array-shape docblock read from the operation's JSON Schema, and the operation's JSON result as an array.
`<gw>.notification` methods attach the reply to give the gateway (the `reply.rejected` operation) to the
exception they throw. The error table becomes `CpayException`'s constants and one subclass per code.

The hand-written glue these files call is `Cpay\\Cpay` (loading, `call`), `Cpay\\Native` (the typed C
functions of the hot primitives) and `Cpay\\LoadException`.
"""

from __future__ import annotations

import pathlib
import re
from typing import Dict, List, Tuple

from tools.generate.model import Model, Operation, Param, Schema, banner, camel, enum_values, is_nullable
from tools.generate.model import non_null, pascal, ref_name, wrap

SRC = "bindings-php/src"

CLASSES = {
    "lyra": ("Lyra", "Lyra platforms (Sogecommerce, PayZen, Systempay, Scellius, Clic&Pay, OSB)."),
    "computop": ("Computop", "Computop (Paygate, Axepta): Cetelem 3x/4x FullCB."),
    "payline": ("Payline", "Payline (Monext): Cpay through the web payment API."),
    "ogone": ("Ogone", "Ogone e-Commerce (Worldline, ePDQ, PostFinance)."),
    "sips": ("Sips", "Worldline Sips 2.0 Paypage POST."),
    "plan": ("Plan", "Gateway-neutral rules: eligibility, schedules, refunds, tenders, 3-D Secure, order state."),
    "reply": ("Reply", "The HTTP answers to give a gateway."),
}

# Operations served by a typed C function instead of `cpay_call` (the hot primitives): the glue method of
# `Cpay\Native` taking the same parameters and returning the operation's JSON result as an array.
NATIVE = {
    "lyra.sign": "lyraSign",
    "lyra.verify": "lyraVerify",
    "computop.encrypt": "computopEncrypt",
    "computop.decrypt": "computopDecrypt",
    "computop.mac": "computopMac",
    "sips.seal": "sipsSeal",
    "ogone.sign": "ogoneSign",
}

def native_parameters(method: str) -> list[str]:
    """The parameters (`$name`, in order) of the hand-written `Native::<method>`, which wraps a typed C function."""
    text = (pathlib.Path(__file__).resolve().parents[2] / "bindings-php" / "src" / "Native.php").read_text()
    found = re.search(rf"public static function {method}\(([^)]*)\)", text)
    if found is None:
        raise SystemExit(f"bindings-php/src/Native.php has no {method}")
    return re.findall(r"(\$\w+)", found.group(1))


# libcpay's own statuses, which the core's table does not have (include/cpay.h).
FFI_STATUSES = [
    ("null_parameter", 7900, "A pointer parameter was NULL (libcpay only)."),
    ("invalid_utf8", 7901, "A string parameter is not valid UTF-8 (libcpay only)."),
    ("unknown_error", 7903, "libcpay and the core disagree; please report it (libcpay only)."),
]

DEPTH = 2  # nesting of array shapes spelled out in docblocks


class Php:
    def __init__(self, model: Model):
        self.model = model

    # Types -----------------------------------------------------------------------------------------
    def hint(self, schema: Schema) -> str:
        """The parameter's PHP type declaration (without nullability)."""
        schema = self.model.resolve(non_null(schema))
        if enum_values(schema) is not None:
            return "string"
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if len(kinds) == 1 else None
        return {"string": "string", "integer": "int", "boolean": "bool", "number": "float",
                "object": "array", "array": "array"}.get(kind or "", "mixed")

    def is_object(self, schema: Schema) -> bool:
        schema = self.model.resolve(non_null(schema))
        return schema.get("type") == "object" or (
            "oneOf" in schema and enum_values(schema) is None and "type" not in schema)

    def doc_type(self, schema: Schema, depth: int = 0) -> str:
        """The docblock type: array shapes, lists, string literal unions."""
        nullable = is_nullable(schema)
        inner = non_null(schema)
        ref = ref_name(inner)
        resolved = self.model.resolve(inner)
        values = enum_values(resolved)
        if values is not None:
            text = "|".join(f"'{v}'" for v in values if isinstance(v, str)) or "string"
        elif "oneOf" in resolved or "anyOf" in resolved:
            text = "array<string, mixed>" if ref else "mixed"
        else:
            kind = resolved.get("type")
            if isinstance(kind, list):
                kinds = [k for k in kind if k != "null"]
                kind = kinds[0] if len(kinds) == 1 else None
            if kind == "object":
                text = self.shape(resolved, depth)
            elif kind == "array":
                text = f"list<{self.doc_type(resolved.get('items', {}), depth + 1)}>"
            else:
                text = {"string": "string", "integer": "int", "boolean": "bool", "number": "float"}.get(
                    kind or "", "mixed")
        return f"{text}|null" if nullable and text != "mixed" else text

    def shape(self, schema: Schema, depth: int) -> str:
        properties = schema.get("properties")
        if not properties:
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                return f"array<string, {self.doc_type(extra, depth + 1)}>"
            return "array<string, mixed>"
        if depth >= DEPTH:
            return "array<string, mixed>"
        required = set(schema.get("required", []))
        parts = [f"{name}{'' if name in required else '?'}: {self.doc_type(sub, depth + 1)}"
                 for name, sub in properties.items()]
        return "array{" + ", ".join(parts) + "}"

    # Methods ---------------------------------------------------------------------------------------
    def default(self, param: Param) -> Tuple[str, bool]:
        """(PHP default literal, nullable) of an optional parameter."""
        value = param.schema.get("default")
        hint = self.hint(param.schema)
        if isinstance(value, bool) and hint == "bool":
            return ("true" if value else "false"), False
        if isinstance(value, int) and not isinstance(value, bool) and hint == "int":
            return str(value), False
        if isinstance(value, str) and hint == "string":
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'", False
        return "null", True

    def signature(self, op: Operation) -> Tuple[List[str], List[Tuple[Param, str]]]:
        args = []
        ordered = []
        for param in op.required_params + op.optional_params:
            var = "$" + camel(param.name)
            hint = self.hint(param.schema)
            if param.required:
                args.append(f"{hint} {var}")
            else:
                literal, nullable = self.default(param)
                args.append(f"{'?' if nullable and hint != 'mixed' else ''}{hint} {var} = {literal}")
            ordered.append((param, var))
        return args, ordered

    def method(self, op: Operation) -> List[str]:
        args, ordered = self.signature(op)
        lines = ["    /**"]
        for paragraph in op.doc.split("\n\n"):
            lines += [f"     * {line}" for line in wrap(paragraph.replace("\n", " "), 100)]
            lines.append("     *")
        for param, var in ordered:
            text = " ".join(param.description.split())
            lines.append(f"     * @param {self.doc_type(param.schema)} {var} {text}".rstrip())
        lines.append(f"     * @return {self.doc_type(op.output)}")
        lines.append(f"     * @throws CpayException (`{op.name}`)")
        lines.append("     */")
        head = f"    public static function {camel(op.verb)}({', '.join(args)}): array"
        if len(head) > 120:
            head = (f"    public static function {camel(op.verb)}(\n" +
                    "".join(f"        {a},\n" for a in args).rstrip(",\n") + "\n    ): array {")
        lines.append(head)
        if not head.endswith("{"):
            lines.append("    {")
        if op.name in NATIVE:
            # The typed C function takes the parameters its Native.php method declares; a call that sets another
            # optional one away from its default goes through `Cpay::call` instead.
            taken = native_parameters(NATIVE[op.name])
            optional = [(param, var) for param, var in ordered if not param.required and var not in taken]
            native = f"Native::{NATIVE[op.name]}({', '.join(taken)})"
            if optional:
                test = " && ".join(f"{var} === {self.default(param)[0]}" for param, var in optional)
                entries = [f"'{param.name}' => {var}" for param, var in ordered]
                lines.append(f"        if ({test}) {{")
                lines.append(f"            return {native};")
                lines.append("        }")
                call = f"Cpay::call('{op.name}', [{', '.join(entries)}])"
                if len(call) > 100:
                    call = (f"Cpay::call('{op.name}', [\n" + "".join(f"            {e},\n" for e in entries) +
                            "        ])")
            else:
                call = native
        else:
            entries = []
            for param, var in ordered:
                value = f"Cpay::object({var})" if self.is_object(param.schema) and self.hint(param.schema) == "array" \
                    else var
                entries.append(f"'{param.name}' => {value}")
            call = f"Cpay::call('{op.name}', [{', '.join(entries)}])"
            if len(call) > 100:
                call = (f"Cpay::call('{op.name}', [\n" + "".join(f"            {e},\n" for e in entries) +
                        "        ])")
        if op.verb == "notification":
            lines += ["        try {", f"            return {indent(call)};",
                      "        } catch (CpayException $e) {", "            throw $e->withReply();", "        }"]
        else:
            lines.append(f"        return {call};")
        lines.append("    }")
        return lines

    def gateway_class(self, gateway: str) -> str:
        name, summary = CLASSES.get(gateway, (pascal(gateway), f"The `{gateway}.*` operations."))
        out = header([
            "/**",
            f" * {summary}",
            " *",
            f" * One static method per `{gateway}.*` operation of the registry; each returns the operation's",
            " * JSON result as an array and throws a CpayException naming the field at fault.",
            " */",
            f"final class {name}",
            "{",
        ])
        methods = ["\n".join(self.method(op)) for op in self.model.operations_of(gateway)]
        return out + "\n\n".join(methods) + "\n}\n"

    # Errors ----------------------------------------------------------------------------------------
    def statuses(self) -> List[Tuple[str, int, str, bool]]:
        rows = [(e.name, e.number, e.summary, e.verification_failure) for e in self.model.errors]
        return rows + [(n, number, s, False) for n, number, s in FFI_STATUSES]

    def exception(self) -> str:
        rows = sorted(self.statuses(), key=lambda r: r[1])
        lines = header([
            "/**",
            " * A cpay failure: its number (also {@see getCode()}), its stable name ({@see getErrorCode()}), the",
            " * gateway field or parameter at fault, a sentence (never a secret), the gateway's own code where one",
            " * exists and, when a `<gateway>.notification` method threw it, the reply to give the gateway.",
            " *",
            " * Each code has its subclass (`SignatureMismatchException`, …); the verification failures (forged,",
            " * tampered or misrouted: reject the message) extend {@see VerificationException}.",
            " */",
            "class CpayException extends \\RuntimeException",
            "{",
            "    public const OK = 0;",
        ])
        for name, number, summary, _ in rows:
            lines += f"    /** {summary} */\n    public const {name.upper()} = {number};\n"
        lines += "\n    /** number => [name, verification failure, class] */\n    private const TABLE = [\n"
        for name, number, _, verification in rows:
            lines += (f"        {number} => ['{name}', {'true' if verification else 'false'}, "
                      f"{pascal(name)}Exception::class],\n")
        lines += "    ];\n"
        lines += PHP_EXCEPTION_BODY
        return lines

    def code_class(self, name: str, number: int, summary: str, verification: bool) -> str:
        parent = "VerificationException" if verification else "CpayException"
        return header([
            f"/** `{name}` ({number}): {summary} */",
            f"final class {pascal(name)}Exception extends {parent}",
            "{",
            "}",
        ])

    def files(self) -> Dict[str, str]:
        out = {f"{SRC}/{CLASSES.get(g, (pascal(g),))[0]}.php": self.gateway_class(g) for g in self.model.gateways()}
        out[f"{SRC}/CpayException.php"] = self.exception()
        out[f"{SRC}/VerificationException.php"] = header([
            "/** The message may be forged, tampered or misrouted: reject it (the core's `verification_failure`). */",
            "abstract class VerificationException extends CpayException",
            "{",
            "}",
        ])
        for name, number, summary, verification in self.statuses():
            out[f"{SRC}/{pascal(name)}Exception.php"] = self.code_class(name, number, summary, verification)
        return out


PHP_EXCEPTION_BODY = """
    private ?string $field;
    private ?string $gatewayCode;
    /** @var array{status: int, content_type: string, body: string}|null */
    private ?array $reply = null;

    public function __construct(int $status, string $message, ?string $field = null, ?string $gatewayCode = null)
    {
        parent::__construct($message, $status);
        $this->field = $field;
        $this->gatewayCode = $gatewayCode;
    }

    /** The exception of `$status`'s class. */
    public static function create(int $status, string $message, ?string $field = null, ?string $gatewayCode = null): self
    {
        $class = self::TABLE[$status][2] ?? UnknownErrorException::class;
        return new $class($status, $message, $field, $gatewayCode);
    }

    /** The status number (the same as {@see getCode()}). */
    public function getStatus(): int
    {
        return $this->getCode();
    }

    /** The stable name, e.g. "signature_mismatch" (the `code` of the golden vectors). */
    public function getErrorCode(): string
    {
        return self::TABLE[$this->getCode()][0] ?? 'unknown_error';
    }

    /** Whether the message may be forged, tampered or misrouted: reject it, do not retry. */
    public function isVerificationFailure(): bool
    {
        return self::TABLE[$this->getCode()][1] ?? false;
    }

    /** The gateway field (`vads_cust_zip`) or parameter (`key`) at fault, if any. */
    public function getField(): ?string
    {
        return $this->field;
    }

    /** The gateway's own error code for this problem, if it has one. */
    public function getGatewayCode(): ?string
    {
        return $this->gatewayCode;
    }

    /**
     * The HTTP answer to give the gateway, when a `<gateway>.notification` method threw this (400 naming
     * the rule, 500 for `internal` so the gateway retries); null otherwise.
     *
     * @return array{status: int, content_type: string, body: string}|null
     */
    public function getReply(): ?array
    {
        return $this->reply;
    }

    /**
     * This exception with its reply attached (the `reply.rejected` operation).
     *
     * @internal for the generated notification methods.
     */
    public function withReply(): self
    {
        try {
            $this->reply = Reply::rejected($this->getErrorCode(), $this->getMessage(), $this->field);
        } catch (CpayException $unavailable) {
            $this->reply = null;
        }
        return $this;
    }
}
"""


def indent(text: str) -> str:
    return text.replace("\n", "\n    ")


def header(lines: List[str]) -> str:
    return "<?php\n" + banner("//") + "\ndeclare(strict_types=1);\n\nnamespace Cpay;\n\n" + "\n".join(lines) + "\n"


def files(model: Model) -> Dict[str, str]:
    return Php(model).files()
