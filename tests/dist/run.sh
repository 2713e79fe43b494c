#!/bin/bash
# The install tests of `make test-dist` (mk/dist.mk): each package of DIST_DIR installed the way a user does,
# in a clean environment (env -i, PATH=/usr/bin:/bin: no cargo or rustc) with no network (a network namespace
# of its own: unshare -n), then every golden vector through it and its version checked against VERSION.
#
# usage: bash tests/dist/run.sh DIST_DIR VERSION WORK_DIR TSC_JS
set -euo pipefail
DIST=$(realpath "$1") VERSION=$2 WORK=$3 TSC=$4
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$WORK" && mkdir -p "$WORK/home" && WORK=$(realpath "$WORK")

# clean CMD...: CMD with nothing of this shell's environment, no Rust, no network.
clean() {
  env -i HOME="$WORK/home" PATH=/usr/bin:/bin LANG=C.UTF-8 npm_config_cache="$WORK/home/npm-cache" \
    COMPOSER_HOME="$WORK/home/composer" COMPOSER_NO_INTERACTION=1 unshare -n "$@"
}
clean sh -c '! command -v cargo && ! command -v rustc' >/dev/null ||
  { echo "test-dist: cargo or rustc is on the clean PATH"; exit 1; }
clean sh -c 'exec 3<>/dev/tcp/1.1.1.1/443' 2>/dev/null && { echo "test-dist: the clean environment has network"; exit 1; }
echo "test-dist: clean environment: PATH=/usr/bin:/bin (no cargo, no rustc), no network (unshare -n)"

echo "== Python: a venv of /usr/bin/python3, pip install --no-index the wheel"
wheel=$(ls "$DIST"/cpay-"$VERSION"-cp310-abi3-*manylinux_2_17_x86_64*.whl)
clean /usr/bin/python3 -m venv "$WORK/venv"
clean "$WORK/venv/bin/pip" install --quiet --no-index --no-cache-dir "$wheel"
python3 "$HERE/vectors.py" python "$VERSION" env -i PATH=/usr/bin:/bin unshare -n "$WORK/venv/bin/python" "$HERE/runner.py"

echo "== Node: a fresh npm project, npm install --offline the tarball"
mkdir -p "$WORK/node" && cp "$HERE/runner.js" "$HERE/types.ts" "$WORK/node/"
(cd "$WORK/node" && clean npm init -y >/dev/null &&
  clean npm install --offline --no-audit --no-fund --loglevel=error "$DIST/cpay-$VERSION.tgz")
python3 "$HERE/vectors.py" node "$VERSION" env -i PATH=/usr/bin:/bin unshare -n sh -c "cd '$WORK/node' && node runner.js"
(cd "$WORK/node" && clean node "$TSC" --strict --noEmit --module nodenext --moduleResolution nodenext \
  --target es2022 --types node --typeRoots "$(dirname "$(dirname "$TSC")")/../@types" types.ts) &&
  echo "node: the package's types check (tsc --strict)"
# A checkout whose addon is not built: its install fails, saying what to do.
mkdir -p "$WORK/checkout" "$WORK/node-checkout"
cp "$HERE"/../../bindings-node/{package.json,index.js,index.mjs,index.d.ts,errors.js,native.js} "$WORK/checkout/"
if (cd "$WORK/node-checkout" && clean npm init -y >/dev/null &&
    clean npm install --offline --no-audit --no-fund "$WORK/checkout") >"$WORK/checkout.log" 2>&1; then
  echo "node: installing a checkout without its addon succeeded"; exit 1
fi
grep -q 'cpay: the native addon is not built; build it from source' "$WORK/checkout.log" ||
  { cat "$WORK/checkout.log"; echo "node: the failed install does not say what to do"; exit 1; }
echo "node: installing a checkout without its addon fails: $(grep -o 'cpay: the native addon is not built;[^,]*' "$WORK/checkout.log" | head -1)"

echo "== PHP: a fresh Composer project, path repository, packagist disabled"
mkdir -p "$WORK/php-package" "$WORK/php"
python3 -m zipfile -e "$DIST/cpay-php-$VERSION.zip" "$WORK/php-package"
cat > "$WORK/php/composer.json" <<JSON
{
    "repositories": [
        {"type": "path", "url": "$WORK/php-package", "options": {"symlink": false, "versions": {"cpay/cpay": "$VERSION"}}},
        {"packagist.org": false}
    ],
    "require": {"cpay/cpay": "$VERSION"}
}
JSON
(cd "$WORK/php" && clean composer install --no-interaction --no-progress --quiet)
python3 "$HERE/vectors.py" php "$VERSION" env -i PATH=/usr/bin:/bin unshare -n php "$HERE/runner.php" "$WORK/php"
# Production settings: ffi.enable=preload, the library preloaded from the header the package prints.
(cd "$WORK/php" && clean php vendor/bin/preload-header.php > "$WORK/cpay_preload.h")
got=$(cd "$WORK/php" && clean php -d ffi.enable=preload -d ffi.preload="$WORK/cpay_preload.h" -d opcache.enable_cli=1 \
  -d opcache.preload="$WORK/php/vendor/cpay/cpay/preload.php" -d opcache.preload_user=root \
  -r 'echo Cpay\Cpay::version(), " ", Cpay\Lyra::sign(["vads_amount" => "5124"], "k")["signature"];')
[ "${got%% *}" = "$VERSION" ] || { echo "php: preloaded: $got"; exit 1; }
echo "php: preloaded (ffi.enable=preload, ffi.preload, opcache.preload): version $got"

echo "== C: the archive, a program built with pkg-config"
tar -C "$WORK" -xzf "$DIST/cpay-$VERSION-linux-x86_64.tar.gz"
root="$WORK/cpay-$VERSION-linux-x86_64"
export PKG_CONFIG_PATH="$root/lib/pkgconfig"
[ "$(pkg-config --modversion cpay)" = "$VERSION" ] || { echo "c: cpay.pc has $(pkg-config --modversion cpay)"; exit 1; }
cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -pthread "$HERE/../c/test_cpay.c" $(pkg-config --cflags --libs cpay) \
  -Wl,-rpath,"$root/lib" -o "$WORK/test_cpay"
cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -pthread "$HERE/../c/test_cpay.c" $(pkg-config --cflags cpay) \
  "$root/lib/libcpay.a" $(pkg-config --static --libs-only-l cpay | sed 's/-lcpay //') -o "$WORK/test_cpay_static"
readelf -d "$WORK/test_cpay" | grep -q "NEEDED.*\[libcpay.so.${VERSION%.*}\]" ||
  { echo "c: the program does not need libcpay by its SONAME"; readelf -d "$WORK/test_cpay" | grep NEEDED; exit 1; }
printf '#include <cpay.h>\n#include <stdio.h>\nint main(void) { puts(cpay_version()); return 0; }\n' > "$WORK/version.c"
cc "$WORK/version.c" $(pkg-config --cflags --libs cpay) -Wl,-rpath,"$root/lib" -o "$WORK/version"
[ "$(clean "$WORK/version")" = "$VERSION" ] || { echo "c: cpay_version() is $(clean "$WORK/version")"; exit 1; }
clean "$WORK/test_cpay" selftest
clean "$WORK/test_cpay_static" selftest
python3 "$HERE/../c/vectors.py" "$HERE/../vectors" env -i PATH=/usr/bin:/bin unshare -n "$WORK/test_cpay" vectors
echo "test-dist: every package installed offline without Rust and passed every vector ($VERSION)"
