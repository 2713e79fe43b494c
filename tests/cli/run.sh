#!/usr/bin/env bash
# The CLI's public interface: exit codes (0 ok, 1 verification failure, 2 invalid input, 3 internal), errors as
# JSON on stderr naming the field, the gateway shortcuts (each one operation, keys from the environment only),
# and every golden vector through `cpay call`.
set -uo pipefail
CPAY=${1:?usage: run.sh path/to/cpay}
here=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
check() { # name, expected, actual
  if [ "$2" == "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: expected [$2] got [$3]"; fi
}
contains() { # name, needle, haystack
  case "$3" in *"$2"*) check "$1" ok ok;; *) check "$1" "$2" "$3";; esac
}
lacks() { # name, needle, haystack
  case "$3" in *"$2"*) check "$1" clean leaked;; *) check "$1" clean clean;; esac
}
field() { python3 -c 'import json,sys; d=json.load(sys.stdin)
for k in sys.argv[1:]: d=d[k]
print(d)' "$@"; }

# cpay call / ops / schema / demo
"$CPAY" ops --raw | grep -qx lyra.notification; check "ops --raw lists lyra.notification" 0 $?
check "ops prints JSON like every command" True "$("$CPAY" ops | python3 -c 'import json,sys; print("lyra.notification" in json.load(sys.stdin))')"
check "ops --json names" "$("$CPAY" ops --raw | wc -l | tr -d ' ')" "$("$CPAY" ops --json | python3 -c 'import json,sys; print(len([o for o in json.load(sys.stdin) if o["input"] and o["output"]]))')"
check "schema is the committed one" "$(python3 -m json.tool --sort-keys "$here/../../schema/cpay.schema.json")" "$("$CPAY" schema | python3 -m json.tool --sort-keys)"
"$CPAY" demo >/dev/null; check "demo exit" 0 $?
demo=$("$CPAY" demo)
contains "demo accepted" "status            accepted" "$demo"
contains "demo tampered rejected" "[7201 signature_mismatch]" "$demo"
contains "demo wrong shop rejected" "[7202 wrong_shop]" "$demo"
contains "demo reply" "HTTP 400" "$demo"
err=$(echo '{}' | "$CPAY" call nope.op 2>&1 >/dev/null); rc=$?
check "unknown op exit" 2 $rc
check "unknown op error" "invalid_value 7104 operation" "$(echo "$err" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["code"], d["number"], d["field"])')"
echo "{" | "$CPAY" call lyra.sign >/dev/null 2>&1; check "call bad json exit" 2 $?

# Lyra: the key is taken from config like every other layer (no mode or platform picked by the CLI).
IPN=$(python3 -c 'import json,sys; print(json.dumps([c for c in json.load(open(sys.argv[1]))["cases"] if c["op"]=="lyra.notification" and "output" in c][0]["input"]))' "$here/../vectors/lyra.json")
out=$(echo "$IPN" | "$CPAY" call lyra.notification); rc=$?
check "lyra notification exit" 0 $rc
check "lyra notification {outcome, reply}" "accepted 200" "$(echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["outcome"]["status"], d["reply"]["status"])')"
echo "${IPN/vads_amount=2990/vads_amount=2991}" | "$CPAY" call lyra.notification >/dev/null 2>&1; check "lyra tampered IPN exit" 1 $?
err=$(echo "$IPN" | python3 -c 'import json,sys; d=json.load(sys.stdin); del d["config"]["test_key"]; print(json.dumps(d))' | "$CPAY" call lyra.notification 2>&1 >/dev/null); rc=$?
check "lyra missing key exit" 2 $rc
check "lyra missing key error" "invalid_key config.test_key" "$(echo "$err" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["code"], d["field"])')"

# Lyra shortcuts: the raw primitives, key from $CPAY_KEY (or --key-env).
DOC='{"vads_action_mode":"INTERACTIVE","vads_amount":"5124","vads_ctx_mode":"TEST","vads_currency":"978","vads_page_action":"PAYMENT","vads_payment_config":"SINGLE","vads_site_id":"12345678","vads_trans_date":"20170129130025","vads_trans_id":"123456","vads_version":"V2"}'
export CPAY_KEY=1122334455667788
check "lyra sign prints JSON" '{"signature":"ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0="}' "$(echo "$DOC" | "$CPAY" lyra sign)"
check "lyra sign hmac --raw" "ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0=" "$(echo "$DOC" | "$CPAY" lyra sign --raw)"
check "lyra sign sha1 --raw" "59c96b34c74b9375c332b0b6a32e6deeec87de2b" "$(echo "$DOC" | "$CPAY" --raw lyra sign --algo sha1)"
signed=${DOC/\}/,\"signature\":\"ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0=\"\}}
check "lyra verify ok" '{"valid":true}' "$(echo "$signed" | "$CPAY" lyra verify)"
echo "${signed/5124/5125}" | "$CPAY" lyra verify >/dev/null 2>&1; check "lyra verify tampered exit" 1 $?
echo "$signed" | CPAY_KEY=wrong "$CPAY" lyra verify >/dev/null 2>&1; check "lyra verify wrong key exit" 1 $?
echo "{" | "$CPAY" lyra sign >/dev/null 2>&1; check "lyra sign bad json exit" 2 $?
err=$(echo "$DOC" | "$CPAY" lyra sign --algo md5 2>&1 >/dev/null); rc=$?
check "lyra sign bad algo exit" 2 $rc
contains "lyra sign bad algo names algo" '"field":"algo"' "$err"
err=$(echo "$DOC" | env -u CPAY_KEY "$CPAY" lyra sign 2>&1 >/dev/null); rc=$?
check "no key exit" 2 $rc
contains "no key names the variable" CPAY_KEY "$err"
contains "no key is invalid_key on key" '"code":"invalid_key","number":7108,"field":"key"' "$err"
# --key-env takes a variable NAME: a key pasted there (or a flag or argument that looks like one) is refused
# without being printed.
err=$(echo "$DOC" | "$CPAY" --key-env 1122334455667788 lyra sign 2>&1 >/dev/null); rc=$?
check "--key-env with a key exit" 2 $rc
contains "--key-env with a key is refused on --key-env" '"field":"--key-env"' "$err"
lacks "--key-env with a key is not echoed" 1122334455667788 "$err"
err=$(echo "$DOC" | env -u CPAY_KEY "$CPAY" --key-env Ab9xYzKey lyra sign 2>&1 >/dev/null)
lacks "an unset variable with a key-like name is not echoed" Ab9xYzKey "$err"
err=$(echo "$DOC" | env -u SHOP_LYRA_KEY "$CPAY" --key-env SHOP_LYRA_KEY lyra sign 2>&1 >/dev/null)
contains "an unset conventional variable is named" SHOP_LYRA_KEY "$err"
err=$("$CPAY" lyra sign --key 7Ku3dyK0NdEdQEBV </dev/null 2>&1 >/dev/null)
lacks "--key VALUE is not echoed" 7Ku3dyK0NdEdQEBV "$err"
lacks "--key does not suggest pasting into --key-env" "similar argument" "$err"
contains "--key says keys come from the environment" "never read from the command line" "$err"
err=$("$CPAY" lyra sign 7Ku3dyK0NdEdQEBV </dev/null 2>&1 >/dev/null); rc=$?
check "a stray argument exit" 2 $rc
lacks "a stray argument is not echoed" 7Ku3dyK0NdEdQEBV "$err"
err=$("$CPAY" 7Ku3dyK0NdEdQEBV </dev/null 2>&1 >/dev/null)
lacks "a stray subcommand is not echoed" 7Ku3dyK0NdEdQEBV "$err"
echo "$DOC" | MY_KEY=1122334455667788 "$CPAY" --key-env MY_KEY lyra sign >/dev/null; check "--key-env" 0 $?
"$CPAY" lyra sign --key 1122334455667788 </dev/null >/dev/null 2>&1; check "no key on argv" 2 $?

# Computop primitives.
check "computop encrypt" '{"data":"14ec7a6da0fbb3e50a84b47302443328","len":9}' "$(echo plaintext | CPAY_KEY=password "$CPAY" computop encrypt)"
check "computop decrypt --raw" "plaintext" "$(echo 14EC7A6DA0FBB3E50A84B47302443328 | CPAY_KEY=password "$CPAY" computop decrypt --len 9 --raw)"
check "computop decrypt JSON" '{"plaintext":"plaintext"}' "$(echo 14EC7A6DA0FBB3E50A84B47302443328 | CPAY_KEY=password "$CPAY" computop decrypt --len 9)"
check "computop mac --raw" "18B40402BBF3FEED824E9F762B412F1108C4D678B2A067425B99963CD68B1D6A" "$(echo value | CPAY_KEY=password "$CPAY" computop mac --raw)"
echo 14ec7a6da0fbb3e50a84b47302443328 | CPAY_KEY=password "$CPAY" computop decrypt --len 17 >/dev/null 2>&1; check "computop decrypt wrong Len exit" 2 $?
echo 14ec7a6da0fbb3e50a84b47302443328 | CPAY_KEY=password "$CPAY" computop decrypt >/dev/null 2>&1; check "computop decrypt without --len exit" 2 $?
echo plaintext | CPAY_KEY= "$CPAY" computop encrypt >/dev/null 2>&1; check "computop encrypt empty key exit" 2 $?
cpt_order='{"config":{"merchant_id":"cpay_test","host":"test","blowfish_key":"bf-pass-1234","mac_key":"hmac-pass-5678"},"payment":{"trans_id":"T1","amount":45000,"pay_type":1,"url_success":"https://shop.example/ok","url_failure":"https://shop.example/ko","url_notify":"https://shop.example/n","customer":{"salutation":"M","first_name":"Jean","last_name":"Dupont","email":"jean@example.fr","phone":"+44612345678"},"billing":{"first_name":"Jean","last_name":"Dupont","street":"2 rue Haute","zip":"69001","city":"Lyon","country_code":"FR"}}}'
err=$(echo "$cpt_order" | "$CPAY" call computop.form 2>&1 >/dev/null); rc=$?
check "computop form bad phone exit" 2 $rc
contains "computop form error names Phone" Phone "$err"
lacks "computop no key in errors" bf-pass-1234 "$err"

# Ogone: SHA-IN/SHA-OUT primitive (the algorithm and direction are required: no default anywhere).
OGDOC='{"AMOUNT":"1500","CURRENCY":"EUR","LANGUAGE":"en_US","ORDERID":"1234","PSPID":"MyPSPID"}'
check "ogone sign sha1 in" "F4CC376CD7A834D997B91598FA747825A238BE0A" "$(echo "$OGDOC" | CPAY_KEY='Mysecretsig1875!?' "$CPAY" ogone sign --algo sha1 --direction in --raw)"
OGOUT='{"ACCEPTANCE":"1234","AMOUNT":"15.00","brand":"VISA","CARDNO":"xxxxxxxxxxxx1111","CURRENCY":"EUR","ncerror":"0","ORDERID":"12","PAYID":"32100123","PM":"CreditCard","STATUS":"9"}'
check "ogone sign sha1 out" "8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA" "$(echo "$OGOUT" | CPAY_KEY='Mysecretsig1875!?' "$CPAY" ogone sign --algo sha1 --direction out | field shasign)"
check "ogone sign sha512 length" 128 "$(echo "$OGDOC" | CPAY_KEY=x "$CPAY" ogone sign --algo sha512 --direction in --raw | tr -d '\n' | wc -c | tr -d ' ')"
err=$(echo "$OGDOC" | CPAY_KEY=x "$CPAY" ogone sign --direction in 2>&1 >/dev/null); rc=$?
check "ogone sign without --algo exit" 2 $rc
contains "ogone sign without --algo names algo" '"field":"algo"' "$err"
echo "$OGDOC" | CPAY_KEY=x "$CPAY" ogone sign --algo md5 --direction in >/dev/null 2>&1; check "ogone sign bad algo exit" 2 $?
echo "$OGDOC" | env -u CPAY_KEY "$CPAY" ogone sign --algo sha1 --direction in >/dev/null 2>&1; check "ogone sign no key exit" 2 $?
ogfb='{"config":{"pspid":"MyPSPID","environment":"test","algorithm":"sha1","sha_in_passphrase":"in","sha_out_passphrase":"Mysecretsig1875!?"},"body":"ACCEPTANCE=1234&AMOUNT=15.00&brand=VISA&CARDNO=xxxxxxxxxxxx1111&CURRENCY=EUR&ncerror=0&orderID=12&PAYID=32100123&PM=CreditCard&STATUS=9&SHASIGN=8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA"}'
echo "$ogfb" | "$CPAY" call ogone.notification >/dev/null; check "ogone notification ok exit" 0 $?
echo "${ogfb/STATUS=9/STATUS=5}" | "$CPAY" call ogone.notification >/dev/null 2>&1; check "ogone notification tampered exit" 1 $?

# Sips: the Seal primitive.
check "sips seal hmac (RFC 4231 case 2)" "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" "$(printf 'what do ya want for nothing?' | CPAY_KEY=Jefe "$CPAY" sips seal --algo hmac-sha256 --raw)"
check "sips seal ignores one trailing newline" "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" "$(echo 'what do ya want for nothing?' | CPAY_KEY=Jefe "$CPAY" sips seal | field seal)"
check "sips seal sha256" "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" "$(printf 'ab' | CPAY_KEY=c "$CPAY" sips seal --algo sha256 --raw)"
printf 'a=1' | CPAY_KEY=k "$CPAY" sips seal --algo md5 >/dev/null 2>&1; check "sips seal bad algo exit" 2 $?

# Payline: the doWebPayment call from {config, payment}, the access key from the environment.
PL='{"config":{"merchant_id":"111111111","environment":"homologation"},"payment":{"contract_number":"CPAY01","amount":45025,"currency":"EUR","order_ref":"CMD-1","order_date":"2026-03-10T14:05:00Z","return_url":"https://shop.example/r","cancel_url":"https://shop.example/c","notification_url":"https://shop.example/n","mode":"CPT","action":101}}'
pl=$(echo "$PL" | CPAY_KEY=AFju9XHplQzvamffO72L "$CPAY" payline form); rc=$?
check "payline form exit" 0 $rc
lacks "payline form hides the Authorization header" MTExMTExMTExOkFGanU5WEhwbFF6dmFtZmZPNzJM "$pl"
contains "payline form says how to show it" "--show-secrets" "$(echo "$pl" | field headers Authorization)"
check "payline form --show-secrets basic auth" "Basic MTExMTExMTExOkFGanU5WEhwbFF6dmFtZmZPNzJM" "$(echo "$PL" | CPAY_KEY=AFju9XHplQzvamffO72L "$CPAY" payline form --show-secrets | field headers Authorization)"
check "payline form url" "https://homologation.payline.com/V4/services/WebPaymentAPI" "$(echo "$pl" | field url)"
echo "${PL/\"CPT\"/\"NX\"}" | CPAY_KEY=k "$CPAY" payline form >/dev/null 2>&1; check "payline form NX exit" 2 $?
echo "$PL" | env -u CPAY_KEY "$CPAY" payline form >/dev/null 2>&1; check "payline form no key exit" 2 $?

# Plans: JSON on stdin and stdout.
check "plan schedule fullcb-3x" '{"instalments":[{"date":"2026-01-31","amount":3334},{"date":"2026-02-28","amount":3333},{"date":"2026-03-31","amount":3333}]}' \
  "$(echo '{"method":"fullcb-3x","total":10000,"first_date":"2026-01-31"}' | "$CPAY" plan schedule)"
err=$(echo '{"method":"custom","total":9000,"count":3,"period_months":1,"first_date":"2026-04-16","restrictive":true,"event_dates":["2026-06-15"]}' | "$CPAY" plan schedule 2>&1 >/dev/null); rc=$?
check "plan schedule restrictive refused exit" 2 $rc
contains "plan schedule refusal gives the reason" "falls after the earliest event" "$err"
check "plan eligible below 90 EUR" '{"eligible":false,"reason":"fullcb-3x through computop needs at least 90.00 EUR (the amount is 89.99)"}' \
  "$(echo '{"method":"fullcb-3x","gateway":"computop","amount":8999,"currency":"EUR","country":"FR"}' | "$CPAY" plan eligible)"
check "plan refund payline 13 months" '{"allowed":false,"max":0,"reason":"Payline refunds a Cpay payment up to 13 months after the transaction; this one is older"}' \
  "$(echo '{"gateway":"payline","method":"cpay","paid_at":"2026-03-10T10:00:00Z","now":"2027-04-10T10:00:01Z","captured":100,"refunded":0,"amount":1}' | "$CPAY" plan refund)"
out=$(echo '{"gateway":"sips","method":"cpay","paid_at":"2000-01-01T00:00:00Z","captured":100,"amount":100}' | "$CPAY" plan refund); rc=$?
check "plan refund now defaults to the clock" "0 True" "$rc $(echo "$out" | field allowed)"
check "plan split promo" "3420" "$(echo '{"total":3600,"promo_codes":[{"code":"X","percent":5}]}' | "$CPAY" plan split | field due)"
check "plan three-ds cpay always" "True" "$(echo '{"policy":"never","payment_date":"2026-05-01","method":"cpay"}' | "$CPAY" plan three-ds | field three_ds)"
echo '{"method":"fullcb-3x"}' | "$CPAY" plan schedule >/dev/null 2>&1; check "plan schedule missing field exit" 2 $?

# Errors in the shop's terms (issue 20): the field path as written, accepted values in words, no serde internals.
FORM=$(python3 -c 'import json,sys; print(json.dumps([c for c in json.load(open(sys.argv[1]))["cases"] if c["op"]=="lyra.form" and "output" in c][0]["input"]))' "$here/../vectors/lyra.json")
jset() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); exec(sys.argv[2]); print(json.dumps(d))' "$@"; }
err=$(jset "$FORM" 'd["payment"]["amount"]=29.9' | "$CPAY" call lyra.form 2>&1 >/dev/null); rc=$?
check "amount 29.9 exit" 2 $rc
check "amount 29.9 field" payment.amount "$(echo "$err" | field field)"
contains "amount 29.9 in minor units" "amounts are integer minor units: 29.90 € is 2990" "$err"
lacks "amount 29.9 no serde" "expected u64" "$err"
lacks "amount 29.9 no position" "column" "$err"
check "amount 2990.0 is 2990" 2990 "$(jset "$FORM" 'd["payment"]["amount"]=2990.0' | "$CPAY" call lyra.form | field form fields vads_amount)"
err=$(jset "$FORM" 'd["config"]["mode"]="test"' | "$CPAY" call lyra.form 2>&1 >/dev/null)
check "mode in words" 'config.mode must be `TEST` or `PRODUCTION`' "$(echo "$err" | field message)"
SIPSN=$(python3 -c 'import json,sys; print(json.dumps([c for c in json.load(open(sys.argv[1]))["cases"] if c["op"]=="sips.notification" and "output" in c][0]["input"]))' "$here/../vectors/sips.json")
err=$(jset "$SIPSN" 'd["config"]["key_version"]="1"' | "$CPAY" call sips.notification 2>&1 >/dev/null)
check "sips key_version is a number" "config.key_version must be a whole number (0 or more); it is a string" "$(echo "$err" | field message)"
err=$(jset "$IPN" 'd["body"]=""' | "$CPAY" call lyra.notification 2>&1 >/dev/null); rc=$?
check "empty body exit" 2 $rc
check "empty body code" "missing_field body" "$(echo "$err" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["code"], d["field"])')"
contains "empty body explains Flask" "request.get_data()" "$err"
contains "empty body explains Express" "express.raw" "$err"
contains "empty body explains PHP" "php://input" "$err"
CTN=$(python3 -c 'import json,sys; print(json.dumps([c for c in json.load(open(sys.argv[1]))["cases"] if c["op"]=="computop.notification" and "output" in c][0]["input"]))' "$here/../vectors/computop.json")
err=$(jset "$CTN" 'd["config"]["blowfish_key"]="another-password"' | "$CPAY" call computop.notification 2>&1 >/dev/null)
check "computop wrong Blowfish password named" config.blowfish_key "$(echo "$err" | field field)"
lacks "computop wrong Blowfish password not echoed" another-password "$err"
err=$(jset "$CTN" 'c=d["config"]; c["blowfish_key"], c["mac_key"] = c["mac_key"], c["blowfish_key"]' | "$CPAY" call computop.notification 2>&1 >/dev/null)
contains "computop swapped passwords named" "swapped" "$err"
err=$(jset "$CTN" 'd["config"].pop("blowfish_key")' | "$CPAY" call computop.notification 2>&1 >/dev/null)
check "computop missing key is invalid_key on config.blowfish_key" "invalid_key config.blowfish_key" "$(echo "$err" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["code"], d["field"])')"
err=$(echo "$IPN" | field body | "$CPAY" call lyra.notification 2>&1 >/dev/null); rc=$?
check "raw IPN body on stdin exit" 2 $rc
contains "raw IPN body on stdin hints at the JSON input" '\"body\"' "$err"
lacks "raw IPN body not echoed" "vads_trans_id" "$err"

# Every golden vector through `cpay call`.
out=$(python3 "$here/vectors.py" "$CPAY" "$here/../vectors"); rc=$?
echo "$out" | tail -n 1
check "vectors through cpay call" 0 $rc

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
