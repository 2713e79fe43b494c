"""The Python surface of cpay (bindings-python/python/cpay), generated from the registry's schema.

- `cpay/types.py`: one `Literal` alias per enum, one `TypedDict` per input-only object type (configs,
  payments, …), one frozen dataclass per result type (`$defs` reached from an output, and each operation's
  own output object), with `from_dict`.
- `cpay/errors.py`: `CpayError` and one subclass per row of the error table.
- `cpay/<gateway>.py`: one snake_case function per operation: required parameters positional-or-keyword,
  optional ones keyword-only with their defaults, the operation's doc as docstring. An output object of one
  property is returned unwrapped (`lyra.sign` → `str`). Every `<gateway>.notification` attaches to the error
  it raises the reply `reply.rejected` gives.
- `cpay/__init__.py`: the package, re-exporting the above.

What stays hand-written is glue: `_facade.py` (JSON in and out, raw bodies), `_cpay.pyi` (the native module).
"""

from __future__ import annotations

import json
import keyword
from typing import Any, Dict, List, Optional, Set, Tuple

from tools.generate.model import (
    Model,
    Operation,
    Schema,
    banner,
    enum_values,
    is_nullable,
    non_null,
    pascal,
    ref_name,
    wrap,
)

PACKAGE = "bindings-python/python/cpay"

# Names of the result types the registry writes inline (without a `$defs` entry), by the first operation
# returning that shape; other inline results are named `<Gateway><Verb>`.
RESULT_NAMES = {
    "lyra.form": "FormPage",
    "lyra.notification": "Notification",
    "lyra.refund": "HttpRequest",
    "lyra.refund_answer": "LyraTransactionAnswer",
    "computop.encrypt": "Encrypted",
    "payline.form_answer": "FormAnswer",
    "payline.token": "PaylineToken",
    "payline.capture_answer": "OperationAnswer",
    "plan.refund": "RefundDecision",
    "plan.split": "TenderSplit",
    "plan.three_ds": "ThreeDsDecision",
    "plan.order_state": "OrderDecision",
}

# Operations served by a typed native function of `cpay._cpay` (no JSON in between), for the primitives the
# benchmark compares with Python's own `hmac`/`hashlib`/pycryptodome. Arguments in the facade's order; a
# result of several properties comes back as a tuple in the order of the output's `required` list.
NATIVE = {
    "lyra.sign": "lyra_sign",
    "lyra.verify": "lyra_verify",
    "computop.encrypt": "computop_encrypt",
    "computop.decrypt": "computop_decrypt",
    "computop.mac": "computop_mac",
    "ogone.sign": "ogone_sign",
    "sips.seal": "sips_seal",
}

# Native classes a gateway module re-exports (`cpay.computop.Cipher`), with their documentation.
NATIVE_CLASSES = {
    "computop": [("Cipher", "ComputopCipher")],
}

GATEWAY_DOCS = {
    "lyra": "Lyra platforms (Sogecommerce, PayZen, Systempay, Scellius, Clic&Pay, OSB): forms, IPN, REST calls.",
    "computop": "Computop Paygate (and Axepta): Cetelem 3x/4x FullCB forms, notifications and refunds.",
    "payline": "Payline (Monext): web payment, notifications, details, capture and refund (SOAP calls).",
    "ogone": "Ogone e-Commerce (Ingenico / Worldline legacy, ePDQ, PostFinance): SHA-IN forms, SHA-OUT feedback.",
    "sips": "Worldline Sips 2.0 (Paypage POST): sealed forms and verified responses.",
    "plan": "The business rules around a Cetelem payment: schedules, eligibility, refunds, tenders, 3-D Secure, order state.",
    "reply": "The HTTP answer to give a gateway for what it sent.",
}

WIDTH = 110


def files(model: Model) -> Dict[str, str]:
    gen = _Generator(model)
    out = {
        f"{PACKAGE}/types.py": gen.types_module(),
        f"{PACKAGE}/errors.py": gen.errors_module(),
        f"{PACKAGE}/__init__.py": gen.init_module(),
    }
    for gateway in model.gateways():
        out[f"{PACKAGE}/{gateway}.py"] = gen.gateway_module(gateway)
    out["bindings-python/stubtest-allowlist.txt"] = gen.stubtest_allowlist()
    return out


def _doc(text: str, indent: str) -> List[str]:
    """A docstring: paragraphs wrapped, triple quotes closing."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines: List[str] = []
    for i, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
        if i:
            lines.append("")
        lines.extend(wrap(paragraph, WIDTH - len(indent)))
    if not lines:
        return []
    if len(lines) == 1 and len(lines[0]) + len(indent) + 6 <= WIDTH:
        return [f'{indent}"""{lines[0]}"""']
    out = [f'{indent}"""{lines[0]}']
    out += [f"{indent}{line}" if line else "" for line in lines[1:]]
    out.append(f'{indent}"""')
    return out


def _comment(text: str, indent: str) -> List[str]:
    return [f"{indent}#: {line}" for line in wrap(" ".join(text.split()), WIDTH - len(indent) - 3)]


class _Generator:
    def __init__(self, model: Model):
        self.model = model
        self.defs = model.defs
        self.results: Dict[str, Tuple[str, Schema]] = {}  # op name -> (type name, object schema)
        self.unwrapped: Dict[str, Tuple[str, Schema]] = {}  # op name -> (property, schema)
        shapes: List[Tuple[str, str]] = []  # (json of shape, name)
        self.inline: Dict[str, Schema] = {}  # inline result name -> schema
        for op in model.operations:
            name = ref_name(op.output) or self._def_equal(op.output)
            props = op.output.get("properties", {})
            if name is None and len(props) == 1:
                (prop, schema), = props.items()
                self.unwrapped[op.name] = (prop, schema)
                continue
            if name is None:
                key = json.dumps(op.output, sort_keys=True)
                found = [n for k, n in shapes if k == key]
                if found:
                    name = found[0]
                else:
                    name = RESULT_NAMES.get(op.name) or pascal(op.gateway) + pascal(op.verb)
                    shapes.append((key, name))
                    self.inline[name] = op.output
            self.results[op.name] = (name, op.output)
        # Which `$defs` are reached from outputs (dataclasses) and from inputs (TypedDicts).
        self.out_defs: Set[str] = set()
        for schema in list(self.inline.values()) + [s for _, s in self.unwrapped.values()]:
            self._reach(schema, self.out_defs)
        for op in model.operations:
            if ref_name(op.output) or self._def_equal(op.output):
                self._reach({"$ref": f"#/$defs/{self.results[op.name][0]}"}, self.out_defs)
        self.in_defs: Set[str] = set()
        for op in model.operations:
            self._reach(op.input, self.in_defs)

    def _def_equal(self, schema: Schema) -> Optional[str]:
        for name, definition in self.defs.items():
            if definition == schema:
                return name
        return None

    def _reach(self, schema: Any, seen: Set[str]) -> None:
        if isinstance(schema, dict):
            ref = ref_name(schema)
            if ref and ref not in seen:
                seen.add(ref)
                self._reach(self.defs[ref], seen)
            for value in schema.values():
                self._reach(value, seen)
        elif isinstance(schema, list):
            for value in schema:
                self._reach(value, seen)

    # ---- kinds of definitions ----

    def is_record(self, name: str) -> bool:
        """An object type with named properties."""
        d = self.defs[name]
        return d.get("type") == "object" and "properties" in d

    def is_dataclass(self, name: str) -> bool:
        return name in self.inline or (name in self.defs and self.is_record(name) and name in self.out_defs)

    # ---- type expressions ----

    def type_of(self, schema: Schema, inp: bool) -> str:
        """The Python annotation of a schema; `inp` for what the caller gives (Mapping, Sequence)."""
        if is_nullable(schema):
            inner = self.type_of(non_null(schema), inp)
            return inner if inner == "Any" else f"Optional[{inner}]"
        ref = ref_name(schema)
        if ref:
            if self.is_dataclass(ref) and inp:
                return f"Union[{ref}, Mapping[str, Any]]"
            return ref
        values = enum_values(schema)
        if values is not None:
            return "Literal[" + ", ".join(json.dumps(v) for v in values) + "]"
        for key in ("oneOf", "anyOf"):
            if key in schema:
                members: List[str] = []
                consts = [o["const"] for o in schema[key] if "const" in o]
                if consts:
                    members.append("Literal[" + ", ".join(json.dumps(v) for v in consts) + "]")
                for option in schema[key]:
                    if "const" not in option:
                        t = self.type_of(option, inp)
                        if t not in members:
                            members.append(t)
                return members[0] if len(members) == 1 else "Union[" + ", ".join(members) + "]"
        kind = schema.get("type")
        if kind == "string":
            return "str"
        if kind == "integer":
            return "int"
        if kind == "number":
            return "float"
        if kind == "boolean":
            return "bool"
        if kind == "array":
            item = self.type_of(schema.get("items", {}), inp)
            return f"Sequence[{item}]" if inp else f"List[{item}]"
        if kind == "object":
            extra = schema.get("additionalProperties")
            value = self.type_of(extra, inp) if isinstance(extra, dict) else "Any"
            return f"Mapping[str, {value}]" if inp else f"Dict[str, {value}]"
        return "Any"

    def convert(self, expr: str, schema: Schema) -> str:
        """The expression turning JSON `expr` into the value of `type_of(schema, False)`."""
        if is_nullable(schema):
            inner = non_null(schema)
            converted = self.convert("_v", inner)
            if converted == "_v":
                return expr
            return f"_opt({self._converter(inner)}, {expr})"
        ref = ref_name(schema)
        if ref and self.is_dataclass(ref):
            return f"{ref}.from_dict({expr})"
        if schema.get("type") == "array":
            item = schema.get("items", {})
            if self.convert("_v", item) != "_v":
                return f"[{self.convert('_i', item)} for _i in {expr}]"
        return expr

    def _converter(self, schema: Schema) -> str:
        ref = ref_name(schema)
        if ref and self.is_dataclass(ref):
            return f"{ref}.from_dict"
        return f"lambda _v: {self.convert('_v', schema)}"

    # ---- types.py ----

    def types_module(self) -> str:
        lines = [
            banner("#"),
            '"""The types of cpay\'s operations, generated from the core\'s serde types.',
            "",
            "Literal aliases for the enumerations, ``TypedDict``s for what the shop gives (configs, payments, …) and",
            "frozen dataclasses with ``from_dict`` for what cpay returns. Amounts are integer minor units.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from dataclasses import dataclass, field",
            "from typing import Any, Callable, Dict, List, Literal, Mapping, Optional, Sequence, TypedDict, TypeVar, Union",
            "",
        ]
        names: List[str] = []
        body: List[str] = []
        # Aliases first (enums and unions), then TypedDicts, then dataclasses; each group in name order.
        aliases = [n for n in sorted(self.defs) if not self.is_record(n)]
        records = [n for n in sorted(self.defs) if self.is_record(n) and not self.is_dataclass(n)]
        classes = sorted([n for n in self.defs if self.is_record(n) and self.is_dataclass(n)] + list(self.inline))
        for name in aliases:
            d = self.defs[name]
            body += [""] + _comment(d.get("description", name), "")
            body.append(f"{name} = {self.type_of(d, name in self.in_defs)}")
            names.append(name)
        for name in records:
            body += ["", ""] + self.typed_dict(name, self.defs[name])
            names.append(name)
        body += [
            "",
            "",
            '_T = TypeVar("_T")',
            "",
            "",
            "def _opt(convert: Callable[[Any], _T], value: Any) -> Optional[_T]:",
            "    return None if value is None else convert(value)",
        ]
        for name in classes:
            schema = self.inline.get(name) or self.defs[name]
            body += ["", ""] + self.dataclass(name, schema)
            names.append(name)
        lines.append("__all__ = [")
        lines += [f'    "{n}",' for n in sorted(names)]
        lines.append("]")
        return "\n".join(lines + body) + "\n"

    def typed_dict(self, name: str, schema: Schema) -> List[str]:
        props: Dict[str, Schema] = schema.get("properties", {})
        required = [p for p in schema.get("required", []) if p in props]
        optional = [p for p in props if p not in required]
        doc = _doc(schema.get("description", name), "    ")
        if any(keyword.iskeyword(p) for p in props):
            # A key that is a Python keyword (`return`) needs the functional syntax (all keys optional).
            assert not required, f"{name}: a required key is a Python keyword"
            items = ", ".join(f'"{p}": {self.type_of(s, True)}' for p, s in props.items())
            return _comment(schema.get("description", name), "") + [
                f'{name} = TypedDict("{name}", {{{items}}}, total=False)'
            ]
        out: List[str] = []
        if required and optional:
            out += [f"class _{name}Required(TypedDict):"]
            for p in required:
                out += self._field_comment(props[p]) + [f"    {p}: {self.type_of(props[p], True)}"]
            out += ["", "", f"class {name}(_{name}Required, total=False):"] + doc
            for p in optional:
                out += self._field_comment(props[p]) + [f"    {p}: {self.type_of(props[p], True)}"]
            return out
        total = "" if required else ", total=False"
        out += [f"class {name}(TypedDict{total}):"] + doc
        for p in required or optional:
            out += self._field_comment(props[p]) + [f"    {p}: {self.type_of(props[p], True)}"]
        return out

    def _field_comment(self, schema: Schema) -> List[str]:
        text = schema.get("description")
        return _comment(text, "    ") if text else []

    def dataclass(self, name: str, schema: Schema) -> List[str]:
        props: Dict[str, Schema] = schema.get("properties", {})
        required = [p for p in schema.get("required", []) if p in props]
        optional = [p for p in props if p not in required]
        out = ["@dataclass(frozen=True)", f"class {name}:"] + _doc(schema.get("description", name), "    ") + [""]
        for p in required:
            out += self._field_comment(props[p]) + [f"    {p}: {self.type_of(props[p], False)}"]
        for p in optional:
            s = props[p]
            t = self.type_of(s, False)
            if t.startswith("Optional[") or t == "Any":
                default = "None"
            elif t.startswith("Dict["):
                default = "field(default_factory=dict)"
            elif t.startswith("List["):
                default = "field(default_factory=list)"
            elif "default" in s and not isinstance(s["default"], (dict, list)):
                default = _literal(s["default"])
            else:
                t, default = f"Optional[{t}]", "None"
            out += self._field_comment(s) + [f"    {p}: {t} = {default}"]
        out += [
            "",
            "    @classmethod",
            f"    def from_dict(cls, data: Mapping[str, Any]) -> {name}:",
            "        \"\"\"From the core's JSON object (keys it does not know are ignored).\"\"\"",
            "        return cls(",
        ]
        for p in required:
            out.append("            " + p + "=" + self.convert(f'data["{p}"]', props[p]) + ",")
        for p in optional:
            s = props[p]
            expr = self.convert(f'data.get("{p}")', s)
            t = self.type_of(s, False)
            if t.startswith("Dict["):
                expr = f'dict(data.get("{p}") or {{}})'
            elif t.startswith("List["):
                expr = self.convert(f'data.get("{p}") or []', s) if self.convert("_x", s) == "_x" else \
                    "[" + self.convert("_i", s["items"]) + f' for _i in data.get("{p}") or []]'
            elif expr != f'data.get("{p}")' and not is_nullable(s):
                expr = f"_opt({self._converter(s)}, data.get(\"{p}\"))"
            elif "default" in s and not isinstance(s["default"], (dict, list)) and s["default"] is not None:
                expr = f'data.get("{p}", ' + _literal(s["default"]) + ")"
            out.append(f"            {p}={expr},")
        out.append("        )")
        return out

    def stubtest_allowlist(self) -> str:
        """`python -m mypy.stubtest cpay --allowlist …`: the aliases stubtest cannot judge.

        An enum is `Literal["a", "b", …]`; stubtest compares a multi-value Literal alias as a Union against the
        runtime `typing._LiteralGenericAlias` and reports "is not a Union" (it does so for any such alias).
        """
        names = [n for n in sorted(self.defs) if len(enum_values(self.defs[n]) or []) > 1]
        return "\n".join([banner("#"), *[f"cpay.types.{n}" for n in names]]) + "\n"

    # ---- errors.py ----

    @staticmethod
    def error_class(name: str) -> str:
        cls = pascal(name)
        return cls if cls.endswith("Error") else cls + "Error"

    def errors_module(self) -> str:
        classes = [self.error_class(e.name) for e in self.model.errors]
        lines = [
            banner("#"),
            '"""The exceptions cpay raises: one class per row of the core\'s error table.',
            "",
            "Every exception is a :class:`CpayError` with ``code`` (the stable name, the same in every language),",
            "``number`` (the stable number), ``field`` (the gateway's field concerned, or ``None``), ``message`` (a",
            "sentence naming the rule broken, never a secret), ``gateway_code`` (the gateway's own code, or ``None``),",
            "``is_verification_failure`` (the message may be forged or misrouted: do not act on it) and ``reply``",
            "(set by every ``<gateway>.notification`` function: the HTTP answer to give the gateway).",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from typing import ClassVar, Dict, Optional, Type",
            "",
            "from cpay.types import Reply",
            "",
            "__all__ = [",
            '    "CpayError",',
        ]
        lines += [f'    "{c}",' for c in classes]
        lines += [
            '    "ERRORS",',
            "]",
            "",
            "",
            "class CpayError(Exception):",
            '    """Any error cpay reports. ``str(err)`` is ``"<code>: <message> (<field>)"``, as in Rust."""',
            "",
            '    CODE: ClassVar[str] = "internal"',
            "    NUMBER: ClassVar[int] = 7902",
            "    VERIFICATION_FAILURE: ClassVar[bool] = False",
            "",
            "    code: str",
            "    number: int",
            "    field: Optional[str]",
            "    message: str",
            "    gateway_code: Optional[str]",
            "    reply: Optional[Reply]",
            "",
            "    def __init__(",
            "        self,",
            "        message: str,",
            "        *,",
            "        field: Optional[str] = None,",
            "        gateway_code: Optional[str] = None,",
            "        code: Optional[str] = None,",
            "        number: Optional[int] = None,",
            "    ) -> None:",
            "        super().__init__(message)",
            "        self.message = message",
            "        self.field = field",
            "        self.gateway_code = gateway_code",
            "        self.code = code if code is not None else self.CODE",
            "        self.number = number if number is not None else self.NUMBER",
            "        self.reply = None",
            "",
            "    @property",
            "    def is_verification_failure(self) -> bool:",
            '        """Whether the message may be forged or misrouted (the core\'s error table says so)."""',
            "        return self.VERIFICATION_FAILURE",
            "",
            "    def __str__(self) -> str:",
            "        if self.field is not None and self.field not in self.message:",
            '            return f"{self.code}: {self.message} ({self.field})"',
            '        return f"{self.code}: {self.message}"',
            "",
            "    def __repr__(self) -> str:",
            '        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r}, message={self.message!r})"',
            "",
            "    def to_dict(self) -> Dict[str, object]:",
            '        """The error as the JSON object of the core: ``{code, number, field?, message, gateway_code?}``."""',
            '        out: Dict[str, object] = {"code": self.code, "number": self.number, "message": self.message}',
            "        if self.field is not None:",
            '            out["field"] = self.field',
            "        if self.gateway_code is not None:",
            '            out["gateway_code"] = self.gateway_code',
            "        return out",
        ]
        for error, cls in zip(self.model.errors, classes):
            lines += ["", "", f"class {cls}(CpayError):"] + _doc(error.summary, "    ") + [
                "",
                f'    CODE = "{error.name}"',
                f"    NUMBER = {error.number}",
                f"    VERIFICATION_FAILURE = {error.verification_failure}",
            ]
        lines += [
            "",
            "",
            "#: Stable code name → exception class.",
            "ERRORS: Dict[str, Type[CpayError]] = {",
        ]
        lines += [f"    {c}.CODE: {c}," for c in classes]
        lines += [
            "}",
            "",
            "",
            "def _from_native(",
            "    code: str, number: int, field: Optional[str], message: str, gateway_code: Optional[str]",
            ") -> CpayError:",
            '    """The exception for a core error (called by the native module); unknown codes keep the base class."""',
            "    cls = ERRORS.get(code, CpayError)",
            "    return cls(message, field=field, gateway_code=gateway_code, code=code, number=number)",
        ]
        return "\n".join(lines) + "\n"

    # ---- <gateway>.py ----

    def result_type(self, op: Operation) -> str:
        if op.name in self.unwrapped:
            return self.type_of(self.unwrapped[op.name][1], False)
        return self.results[op.name][0]

    def params(self, op: Operation) -> Tuple[List[str], List[str]]:
        """(signature parts, input dict items)."""
        sig: List[str] = []
        items: List[str] = []
        order = [p for name in op.input.get("required", []) for p in op.params if p.name == name]
        optional = [p for p in op.params if not p.required]
        for p in order:
            sig.append(f"{p.name}: {self.param_type(op, p.name, p.schema)}")
        if optional:
            sig.append("*")
        for p in optional:
            t = self.param_type(op, p.name, p.schema)
            default = p.schema.get("default")
            if default is None or isinstance(default, (dict, list)):
                if not (t.startswith("Optional[") or t == "Body"):
                    t = f"Optional[{t}]"
                default_text = "None"
            else:
                default_text = _literal(default)
            sig.append(f"{p.name}: {t} = {default_text}")
        for p in order + optional:
            value = f"text({p.name})" if self.is_body(p.name, p.schema) else p.name
            items.append(f'"{p.name}": {value}')
        return sig, items

    @staticmethod
    def is_body(name: str, schema: Schema) -> bool:
        return name == "body" and non_null(schema).get("type") == "string"

    def param_type(self, op: Operation, name: str, schema: Schema) -> str:
        if self.is_body(name, schema):
            return "Body" if is_nullable(schema) else "RawBody"
        return self.type_of(schema, True)

    def gateway_module(self, gateway: str) -> str:
        ops = self.model.operations_of(gateway)
        needs_reply = any(op.verb == "notification" for op in ops)
        uses_native = any(op.name in NATIVE for op in ops)
        uses_invoke = any(op.name not in NATIVE for op in ops)
        type_names: Set[str] = set()
        signatures = []
        for op in ops:
            sig, items = self.params(op)
            signatures.append((op, sig, items))
        text_block = "\n".join(s for _, sig, _ in signatures for s in sig) + "\n" + "\n".join(
            self.result_type(op) for op in ops
        )
        for name in list(self.defs) + list(self.inline):
            if _word_in(name, text_block):
                type_names.add(name)
        lines = [banner("#")] + _doc(GATEWAY_DOCS.get(gateway, gateway), "") + [
            "",
            "from __future__ import annotations",
            "",
        ]
        typing_names = [n for n in ("Any", "Dict", "List", "Literal", "Mapping", "Optional", "Sequence", "Union")
                        if _word_in(n, text_block)]
        if typing_names:
            lines += [f"from typing import {', '.join(typing_names)}", ""]
        if uses_native or gateway in NATIVE_CLASSES:
            lines.append("from cpay import _cpay")
        if needs_reply:
            lines.append("from cpay import reply as _reply")
        for py_name, native in NATIVE_CLASSES.get(gateway, []):
            lines.append(f"from cpay._cpay import {native} as {py_name}")
        facade = [n for n, used in (("Body", _word_in("Body", text_block)), ("RawBody", _word_in("RawBody", text_block)),
                                    ("invoke", uses_invoke), ("text", "text(" in "".join(i for _, _, it in signatures for i in it)))
                  if used]
        if facade:
            lines += _import("cpay._facade", sorted(facade))
        if needs_reply:
            lines.append("from cpay.errors import CpayError")
        if type_names:
            lines += _import("cpay.types", sorted(type_names))
        exported = [py for py, _ in NATIVE_CLASSES.get(gateway, [])] + [op.verb for op in ops]
        lines += ["", "__all__ = ["] + [f'    "{n}",' for n in exported] + ["]"]
        for op, sig, items in signatures:
            lines += ["", ""] + self.function(op, sig, items)
        return "\n".join(lines) + "\n"

    def function(self, op: Operation, sig: List[str], items: List[str]) -> List[str]:
        result = self.result_type(op)
        head = f"def {op.verb}({', '.join(sig)}) -> {result}:"
        if len(head) > WIDTH:
            out = [f"def {op.verb}("] + [f"    {s}," for s in sig] + [f") -> {result}:"]
        else:
            out = [head]
        out += _doc(op.doc, "    ")
        if op.name in NATIVE:
            # The native function takes the required parameters; a call that sets an optional one away from its
            # default goes through the registry's JSON entry point instead (below).
            required = [s.split(":")[0] for s in sig if s != "*" and "=" not in s]
            optional = [(s.split(":")[0], s.split("=", 1)[1].strip()) for s in sig if s != "*" and "=" in s]
            call = f"_cpay.{NATIVE[op.name]}({', '.join(required)})"
            native = f"return {call}" if op.name in self.unwrapped else f"return {result}(*{call})"
            if not optional:
                out.append(f"    {native}")
                return out
            test = " and ".join(f"{n} is None" if d == "None" else f"{n} == {d}" for n, d in optional)
            out += [f"    if {test}:", f"        {native}"]
        call = f'invoke("{op.name}", {{{", ".join(items)}}})'
        prelude: List[str] = []
        if len(call) + 30 > WIDTH:
            prelude = ["    args = {"] + [f"        {item}," for item in items] + ["    }"]
            call = f'invoke("{op.name}", args)'
        if op.name in self.unwrapped:
            prop, schema = self.unwrapped[op.name]
            expr = self.convert(f'{call}["{prop}"]', schema)
            if expr.endswith(f'["{prop}"]'):
                body = [f'    value: {result} = {call}["{prop}"]', "    return value"]
            else:
                body = [f"    return {expr}"]
        else:
            body = [f"    return {result}.from_dict({call})"]
        body = prelude + body
        if op.verb == "notification":
            # The reply goes with every error, the reading of the raw body's bytes included.
            out.append("    try:")
            out += ["    " + line for line in body]
            out += [
                "    except CpayError as error:",
                "        error.reply = _reply.rejected(error.code, error.message, field=error.field)",
                "        raise",
            ]
        else:
            out += body
        return out

    # ---- __init__.py ----

    def init_module(self) -> str:
        gateways = self.model.gateways()
        errors = ["CpayError"] + [self.error_class(e.name) for e in self.model.errors] + ["ERRORS"]
        lines = [
            banner("#"),
            '"""cpay: accept Cetelem payments (the Cpay card, Cetelem 3x/4x) through French payment gateways.',
            "",
            "One submodule per gateway (" + ", ".join(f"``cpay.{g}``" for g in gateways) + "),",
            "one function per operation of the core; :func:`call` runs any operation on a dict. Errors are",
            ":class:`CpayError` subclasses (:mod:`cpay.errors`); types are in :mod:`cpay.types`.",
            '"""',
            "",
            f"from cpay import {', '.join(sorted(gateways))}, types",
            "from cpay._cpay import __version__",
            "from cpay._facade import call, operations",
            "from cpay.errors import (",
        ]
        lines += [f"    {e}," for e in sorted(errors)]
        lines += [
            ")",
            "",
            "__all__ = [",
            '    "__version__",',
            '    "call",',
            '    "operations",',
            '    "types",',
        ]
        lines += [f'    "{g}",' for g in gateways]
        lines += [f'    "{e}",' for e in errors]
        lines.append("]")
        return "\n".join(lines) + "\n"


def _literal(value: Any) -> str:
    """A JSON default as Python source (strings in double quotes)."""
    return json.dumps(value) if isinstance(value, str) else repr(value)


def _import(module: str, names: List[str]) -> List[str]:
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= WIDTH:
        return [line]
    return [f"from {module} import ("] + [f"    {n}," for n in names] + [")"]


def _word_in(name: str, text: str) -> bool:
    import re

    return re.search(rf"\b{re.escape(name)}\b", text) is not None
