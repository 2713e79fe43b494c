"""`python3 -m tools.generate [--check] [--out DIR]`: write every generated language surface.

Each language module exposes `files(model) -> {relative path: text}`. Without `--check` the files are
written under the repository (or `--out`); with `--check` nothing is written and the command fails, naming
each file, when a committed file differs from what the registry generates now.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from tools.generate.model import ROOT, Model

LANGUAGES = ["python", "node", "php"]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python3 -m tools.generate")
    parser.add_argument("--check", action="store_true", help="fail when a committed generated file is stale")
    parser.add_argument("--out", type=Path, default=ROOT, help="write under this directory")
    parser.add_argument("languages", nargs="*", default=LANGUAGES)
    args = parser.parse_args()
    model = Model.load()
    stale = []
    for language in args.languages:
        module = importlib.import_module(f"tools.generate.{language}")
        for relative, text in sorted(module.files(model).items()):
            path = args.out / relative
            if args.check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    stale.append(relative)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if stale:
        print("stale generated files (run `make generate` and commit them):", file=sys.stderr)
        for relative in stale:
            print(f"  {relative}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
