"""Stage and pack the Node, PHP and C packages of `make dist` (mk/dist.mk) from the built libraries.

  python3 tools/dist/package.py node VERSION ADDON DIST      npm tarball: the package + cpay.linux-x64-gnu.node
  python3 tools/dist/package.py php VERSION LIBCPAY DIST     Composer zip: bindings-php + lib/linux-x86_64
  python3 tools/dist/package.py c VERSION LIBDIR DIST        cpay-VERSION-linux-x86_64.tar.gz

Each stages under target/dist-stage/ and refuses a package whose own version is not the workspace's.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
STAGE = ROOT / "target" / "dist-stage"
LICENCES = ["LICENSE-MIT", "LICENSE-APACHE"]


def fresh(name):
    path = STAGE / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def copy(src, dst, mode=None, strip=None):
    """Copy src to dst; `strip`: the option of binutils' strip to apply to the copy."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    if mode is not None:
        os.chmod(dst, mode)
    if strip is not None:
        subprocess.run(["strip", strip, str(dst)], check=True)


def node(version, addon, dist):
    """The npm package: the files package.json lists, the prebuilt addon as cpay.linux-x64-gnu.node, and a
    package.json without what only the checkout needs (dev dependencies, build scripts)."""
    src = ROOT / "bindings-node"
    meta = json.loads((src / "package.json").read_text(encoding="utf-8"))
    if meta["version"] != version:
        sys.exit(f"bindings-node/package.json has version {meta['version']}, the workspace {version}")
    stage = fresh("node")
    for name in [f for f in meta["files"] if "*" not in f] + ["README.md"]:
        copy(src / name, stage / name)
    for name in LICENCES:
        copy(ROOT / name, stage / name)
    copy(addon, stage / "cpay.linux-x64-gnu.node", 0o755, "--strip-unneeded")
    for key in ("devDependencies", "overrides"):
        meta.pop(key, None)
    meta["scripts"] = {"install": meta["scripts"]["install"]}
    meta["files"] += ["README.md"] + LICENCES
    (stage / "package.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    subprocess.run(["npm", "pack", "--quiet", "--pack-destination", str(pathlib.Path(dist).resolve())],
                   cwd=stage, check=True, stdout=subprocess.DEVNULL)


def php(version, libcpay, dist):
    """The Composer package cpay/cpay: bindings-php as published (no tests), its header, libcpay for
    linux-x86_64 where Cpay::bundledLibrary() looks; `composer validate` must pass on it."""
    src = ROOT / "bindings-php"
    stage = fresh("php")
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_file() and rel.parts[0] in ("src", "bin", "examples") or str(rel) in (
                "composer.json", "autoload.php", "preload.php", "README.md"):
            copy(path, stage / rel)
    copy(ROOT / "include" / "cpay_php.h", stage / "include" / "cpay_php.h")
    copy(libcpay, stage / "lib" / "linux-x86_64" / "libcpay.so", 0o755, "--strip-unneeded")
    for name in LICENCES:
        copy(ROOT / name, stage / name)
    subprocess.run(["composer", "validate", "--no-interaction", "--strict", "--no-check-lock"], cwd=stage, check=True)
    out = pathlib.Path(dist) / f"cpay-php-{version}.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(stage.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo.from_file(path, str(path.relative_to(stage)))
                info.date_time = (2020, 1, 1, 0, 0, 0)
                archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)


def c(version, libdir, dist):
    """The C archive: libcpay.so.VERSION with its SONAME link and libcpay.so, libcpay.a, cpay.h, a
    relocatable cpay.pc (paths from ${pcfiledir}), the licences and README.md."""
    name = f"cpay-{version}-linux-x86_64"
    stage = fresh("c") / name
    libdir = pathlib.Path(libdir)
    major, minor, _ = version.split(".", 2)
    soversion = f"0.{minor}" if major == "0" else major
    lib = stage / "lib"
    copy(libdir / "libcpay.so", lib / f"libcpay.so.{version}", 0o755, "--strip-unneeded")
    for link in (f"libcpay.so.{soversion}", "libcpay.so"):
        os.symlink(f"libcpay.so.{version}", lib / link)
    copy(libdir / "libcpay.a", lib / "libcpay.a", 0o644, "--strip-debug")
    copy(ROOT / "include" / "cpay.h", stage / "include" / "cpay.h", 0o644)
    pc = (ROOT / "ffi-c" / "cpay.pc.in").read_text(encoding="utf-8")
    for key, value in {"@PREFIX@": "${pcfiledir}/../..", "@LIBDIR@": "${prefix}/lib",
                       "@INCLUDEDIR@": "${prefix}/include", "@VERSION@": version}.items():
        pc = pc.replace(key, value)
    (lib / "pkgconfig").mkdir()
    (lib / "pkgconfig" / "cpay.pc").write_text(pc, encoding="utf-8")
    copy(ROOT / "tools" / "dist" / "README-c.md", stage / "README.md", 0o644)
    for licence in LICENCES:
        copy(ROOT / licence, stage / licence, 0o644)

    def normalised(info):
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = 1577836800
        return info

    with tarfile.open(pathlib.Path(dist) / f"{name}.tar.gz", "w:gz") as archive:
        archive.add(stage, arcname=name, filter=normalised)


if __name__ == "__main__":
    command, version, built, dist = sys.argv[1:]
    pathlib.Path(dist).mkdir(parents=True, exist_ok=True)
    {"node": node, "php": php, "c": c}[command](version, built, dist)
