#!/bin/sh
# Start the PHP example shop: `php -S` on 127.0.0.1:$PORT with router.php, and libcpay loaded the production
# way (ffi.enable=preload: the library from ffi.preload, the Cpay\ classes from bindings-php/preload.php).
#
#   PORT          port (default 8083; 0 picks a free one)
#   SHOP_URL      the shop's base URL as the gateway reaches it (default http://127.0.0.1:$PORT)
#   SANDBOX_URL   the cpay sandbox (default http://127.0.0.1:8099)
#   DATABASE_URL  sqlite:///absolute/path.db (default: shop.db here)
#   CPAY_LIB      libcpay.so (default: ../../target/debug/libcpay.so, as `make lib-c` builds it)
#   PHP_CLI_SERVER_WORKERS  php -S worker processes (default 1)
#
# It prints `shop-php listening on http://127.0.0.1:PORT/ …` just before php -S binds the port (php -S then
# logs `Development Server (http://127.0.0.1:PORT) started` on stderr); poll GET / to know it answers.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${CPAY_LIB:=${CARGO_TARGET_DIR:-$root/target}/debug/libcpay.so}"
export CPAY_LIB
[ -f "$CPAY_LIB" ] || { echo "libcpay not found at $CPAY_LIB: run make lib-c (or set CPAY_LIB)" >&2; exit 1; }
PORT=${PORT:-8083}
if [ "$PORT" = 0 ]; then
  PORT=$(php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);')
fi
export PORT
: "${SHOP_URL:=http://127.0.0.1:$PORT}"
export SHOP_URL

# The preload header names the library: written for each start (atomically: two processes may start at once).
run="${TMPDIR:-/tmp}/cpay-shop-php-$(id -u)"
mkdir -p "$run"
preload="$run/cpay_preload-$(printf %s "$CPAY_LIB" | cksum | cut -d " " -f 1).h"
header=$(mktemp "$preload.XXXXXX")
php -r 'require $argv[1]; echo \Cpay\Cpay::preloadHeader($argv[2]);' "$root/bindings-php/autoload.php" "$CPAY_LIB" > "$header"
mv -f "$header" "$preload"
user=""
[ "$(id -u)" = 0 ] && user="-d opcache.preload_user=root"

echo "shop-php listening on http://127.0.0.1:$PORT/ (shop $SHOP_URL, sandbox ${SANDBOX_URL:-http://127.0.0.1:8099})"
# shellcheck disable=SC2086
exec php -d ffi.enable=preload -d "ffi.preload=$preload" \
    -d opcache.enable=1 -d opcache.enable_cli=1 -d "opcache.preload=$root/bindings-php/preload.php" $user \
    -d display_errors=stderr -d log_errors=1 \
    -S "127.0.0.1:$PORT" "$here/router.php"
