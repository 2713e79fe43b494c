#!/usr/bin/env bash
# The CLI's public interface: exit codes, stdin/stdout forms, keys from the environment only,
# and every golden vector through `cpay call`.
set -uo pipefail
CPAY=${1:?usage: run.sh path/to/cpay}
here=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
check() { # name, expected, actual
  if [ "$2" == "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: expected [$2] got [$3]"; fi
}

DOC='{"vads_action_mode":"INTERACTIVE","vads_amount":"5124","vads_ctx_mode":"TEST","vads_currency":"978","vads_page_action":"PAYMENT","vads_payment_config":"SINGLE","vads_site_id":"12345678","vads_trans_date":"20170129130025","vads_trans_id":"123456","vads_version":"V2"}'
export CPAY_KEY=1122334455667788
check "lyra sign hmac" "ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0=" "$(echo "$DOC" | "$CPAY" lyra sign)"
check "lyra sign sha1" "59c96b34c74b9375c332b0b6a32e6deeec87de2b" "$(echo "$DOC" | "$CPAY" lyra sign --algo sha1)"
signed=$(echo "$DOC" | python3 -c 'import json,sys; d=json.load(sys.stdin); d["signature"]="ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0="; print(json.dumps(d))')
echo "$signed" | "$CPAY" lyra verify >/dev/null; check "lyra verify ok exit" 0 $?
echo "${signed/5124/5125}" | "$CPAY" lyra verify >/dev/null 2>&1; check "lyra verify tampered exit" 1 $?
echo "$signed" | CPAY_KEY=wrong "$CPAY" lyra verify >/dev/null 2>&1; check "lyra verify wrong key exit" 1 $?
echo "{" | "$CPAY" lyra sign >/dev/null 2>&1; check "lyra sign bad json exit" 2 $?
echo "$DOC" | "$CPAY" lyra sign --algo md5 >/dev/null 2>&1; check "lyra sign bad algo exit" 2 $?
echo "$DOC" | env -u CPAY_KEY "$CPAY" lyra sign >/dev/null 2>&1; check "no key exit" 2 $?
err=$(echo "$DOC" | env -u CPAY_KEY "$CPAY" lyra sign 2>&1 >/dev/null); case "$err" in *CPAY_KEY*) check "no key names the variable" ok ok;; *) check "no key names the variable" "CPAY_KEY" "$err";; esac
echo "$DOC" | MY_KEY=1122334455667788 "$CPAY" --key-env MY_KEY lyra sign >/dev/null; check "--key-env" 0 $?

order='{"config":{"platform":"sogecommerce","site_id":"12345678","mode":"TEST"},"payment":{"amount":2990,"trans_id":362812,"trans_date":"2020-07-10T10:14:07Z","customer":{"last_name":"Doe\r\nX"}}}'
err=$(echo "$order" | "$CPAY" lyra form 2>&1 >/dev/null); rc=$?
check "lyra form CRLF exit" 2 $rc
case "$err" in *vads_cust_last_name*) check "lyra form error names field" ok ok;; *) check "lyra form error names field" vads_cust_last_name "$err";; esac
case "$err" in *1122334455667788*) check "no key in errors" clean leaked;; *) check "no key in errors" clean clean;; esac
html=$(echo "${order/Doe\\r\\nX/Doe}" | "$CPAY" lyra form --html)
case "$html" in *'name="vads_trans_id" value="362812"'*) check "lyra form --html" ok ok;; *) check "lyra form --html" form "$html";; esac

# Payline: doWebPayment from a JSON order (key from the environment), outcome from a SOAP answer.
PL_ORDER='{"merchant_id":"111111111","environment":"homologation","contract_number":"CPAY01","amount":45025,"currency":"EUR","order_ref":"CMD-1","order_date":"2026-03-10T14:05:00Z","return_url":"https://shop.example/r","cancel_url":"https://shop.example/c","notification_url":"https://shop.example/n","mode":"CPT","action":101}'
pl=$(echo "$PL_ORDER" | CPAY_KEY=AFju9XHplQzvamffO72L "$CPAY" payline web-payment)
check "payline web-payment exit" 0 $?
check "payline web-payment basic auth" "Basic MTExMTExMTExOkFGanU5WEhwbFF6dmFtZmZPNzJM" "$(echo "$pl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["headers"]["Authorization"])')"
check "payline web-payment url" "POST https://homologation.payline.com/V4/services/WebPaymentAPI" "$(echo "$pl" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["method"], d["url"])')"
echo "${PL_ORDER/\"CPT\"/\"NX\"}" | "$CPAY" payline web-payment >/dev/null 2>&1; check "payline web-payment NX exit" 2 $?
echo "${PL_ORDER/\}/,\"access_key\":\"x\"\}}" | "$CPAY" payline web-payment >/dev/null 2>&1; check "payline key on stdin refused" 2 $?
echo "$PL_ORDER" | env -u CPAY_KEY "$CPAY" payline web-payment >/dev/null 2>&1; check "payline no key exit" 2 $?
pl_answer() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([c for c in d["cases"] if c["name"]==sys.argv[2]][0]["input"]["body"])' "$here/../vectors/payline.json" "$1"; }
pl_ok=$(pl_answer "details 00000 → accepted")
check "payline outcome accepted" accepted "$(echo "$pl_ok" | "$CPAY" payline outcome | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')"
check "payline outcome refused" refused "$(pl_answer "details 01102 → refused" | "$CPAY" payline outcome | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')"
echo "$pl_ok" | "$CPAY" payline outcome --order-ref CMD-2026-0043 >/dev/null 2>&1; check "payline outcome other order exit" 1 $?
echo "$pl_ok" | "$CPAY" payline outcome --token AAA --stored-token BBB >/dev/null 2>&1; check "payline outcome other token exit" 1 $?
err=$(echo "${pl_ok:0:200}" | "$CPAY" payline outcome 2>&1 >/dev/null); rc=$?
check "payline outcome malformed exit" 2 $rc
case "$err" in *malformed*) check "payline malformed message" ok ok;; *) check "payline malformed message" malformed "$err";; esac

"$CPAY" demo >/dev/null; check "demo exit" 0 $?

# Every golden vector through `cpay call`.
out=$(python3 "$here/vectors.py" "$CPAY" "$here/../vectors"); rc=$?
echo "$out" | tail -n 1
check "vectors through cpay call" 0 $rc

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
