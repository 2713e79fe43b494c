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

"$CPAY" demo >/dev/null; check "demo exit" 0 $?

# Plans: schedules, eligibility, refunds and the other rules (JSON on stdin and stdout).
check "plan schedule fullcb-3x" '{"installments":[{"date":"2026-01-31","amount":3334},{"date":"2026-02-28","amount":3333},{"date":"2026-03-31","amount":3333}]}' \
  "$(echo '{"method":"fullcb-3x","total":10000,"first_date":"2026-01-31"}' | "$CPAY" plan schedule)"
err=$(echo '{"method":"custom","total":9000,"count":3,"period_months":1,"first_date":"2026-04-16","restrictive":true,"event_dates":["2026-06-15"]}' | "$CPAY" plan schedule 2>&1 >/dev/null); rc=$?
check "plan schedule restrictive refused exit" 2 $rc
case "$err" in *"falls after the earliest event"*) check "plan schedule refusal gives the reason" ok ok;; *) check "plan schedule refusal gives the reason" reason "$err";; esac
check "plan eligible below 90 EUR" '{"eligible":false,"reason":"fullcb-3x through computop needs at least 90.00 EUR (the amount is 89.99)"}' \
  "$(echo '{"method":"fullcb-3x","gateway":"computop","amount":8999,"currency":"EUR","country":"FR"}' | "$CPAY" plan eligible)"
check "plan refund payline 13 months" '{"allowed":false,"max":0,"reason":"Payline refunds a Cpay payment up to 13 months after the transaction; this one is older"}' \
  "$(echo '{"gateway":"payline","method":"cpay","paid_at":"2026-03-10T10:00:00Z","now":"2027-04-10T10:00:01Z","captured":100,"refunded":0,"amount":1}' | "$CPAY" plan refund)"
out=$(echo '{"gateway":"sips","method":"cpay","paid_at":"2000-01-01T00:00:00Z","captured":100,"amount":100}' | "$CPAY" plan refund); rc=$?
check "plan refund now defaults to the clock" "0 true" "$rc $(echo "$out" | python3 -c 'import json,sys; print(str(json.load(sys.stdin)["allowed"]).lower())')"
out=$(echo '{"total":3600,"promo_codes":[{"code":"X","percent":5}]}' | "$CPAY" plan split | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["due"], d["card"])')
check "plan split promo" "3420 3420" "$out"
out=$(echo '{"policy":"never","payment_date":"2026-05-01","method":"cpay"}' | "$CPAY" plan three-ds | python3 -c 'import json,sys; print(json.load(sys.stdin)["three_ds"])')
check "plan three-ds cpay always" "True" "$out"
ipn='{"gateway":"lyra","status":"accepted","code":"CAPTURED","message":"m","server_to_server":true,"idempotency_key":"lyra:k","fields":{}}'
out=$(echo "{\"current\":{\"status\":\"accepted\",\"key\":\"lyra:k\"},\"outcome\":$ipn}" | "$CPAY" plan order-state | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["decision"], d["ship"])')
check "plan order-state duplicate IPN" "duplicate False" "$out"
echo '{"method":"fullcb-3x"}' | "$CPAY" plan schedule >/dev/null 2>&1; check "plan schedule missing field exit" 2 $?

# Every golden vector through `cpay call`.
out=$(python3 "$here/vectors.py" "$CPAY" "$here/../vectors"); rc=$?
echo "$out" | tail -n 1
check "vectors through cpay call" 0 $rc

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
