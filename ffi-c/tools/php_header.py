"""Derive include/cpay_php.h from include/cpay.h: the same declarations, without preprocessor lines.

PHP's FFI::cdef() parses plain C declarations only (no #include, #define or #if), so the conditionals
cbindgen writes are resolved here for a C11 compiler that is not C++: `#ifndef X` holds, `#ifdef X` and
every `#if <expression>` (they only test __cplusplus or C23) do not. A directive of any other shape stops
the script, so a cbindgen upgrade that writes one cannot produce a silently wrong header.

Comments are dropped too: a request that loads libcpay without preload parses this header on its first call,
and the documentation is in include/cpay.h (about 3 KB of declarations instead of 15 KB).

usage: python3 ffi-c/tools/php_header.py include/cpay.h > include/cpay_php.h
"""
import re
import sys


def flatten(lines):
    out = []
    stack = []  # one entry per open conditional: is the current branch kept?
    for number, line in enumerate(lines, 1):
        directive = line.strip()
        if not directive.startswith("#"):
            if all(stack):
                out.append(line)
            continue
        if directive.startswith("#ifndef "):
            stack.append(True)
        elif directive.startswith("#ifdef ") or directive.startswith("#if "):
            stack.append(False)
        elif directive.startswith("#else"):
            if not stack:
                sys.exit(f"line {number}: #else without #if")
            stack[-1] = not stack[-1]
        elif directive.startswith("#endif"):
            if not stack:
                sys.exit(f"line {number}: #endif without #if")
            stack.pop()
        elif re.match(r"#(define|include)\b", directive):
            pass  # the include guard and the system headers: PHP FFI knows stdint/stdbool types
        else:
            sys.exit(f"line {number}: unexpected directive {directive!r}")
    if stack:
        sys.exit("unterminated #if")
    text = "".join(out)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # cbindgen writes no comment markers inside strings
    text = re.sub(r"^[ \t]*//.*\n", "", text, flags=re.M)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{2,}", "\n", text).strip() + "\n"


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as header:
        sys.stdout.write(
            "/* Generated from include/cpay.h by ffi-c/tools/php_header.py for PHP FFI::cdef(); do not edit. */\n"
            + flatten(header.readlines())
        )
