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
# Ogone: SHA-IN/SHA-OUT primitive, form, feedback (passphrases from the environment only).
OGDOC='{"AMOUNT":"1500","CURRENCY":"EUR","LANGUAGE":"en_US","ORDERID":"1234","PSPID":"MyPSPID"}'
check "ogone sign sha1 in" "F4CC376CD7A834D997B91598FA747825A238BE0A" "$(echo "$OGDOC" | CPAY_KEY='Mysecretsig1875!?' "$CPAY" ogone sign --algo sha1 --direction in)"
OGOUT='{"ACCEPTANCE":"1234","AMOUNT":"15.00","brand":"VISA","CARDNO":"xxxxxxxxxxxx1111","CURRENCY":"EUR","ncerror":"0","ORDERID":"12","PAYID":"32100123","PM":"CreditCard","STATUS":"9"}'
check "ogone sign sha1 out" "8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA" "$(echo "$OGOUT" | CPAY_KEY='Mysecretsig1875!?' "$CPAY" ogone sign --algo sha1 --direction out)"
check "ogone sign sha512 length" 128 "$(echo "$OGDOC" | CPAY_KEY=x "$CPAY" ogone sign --algo sha512 --direction in | tr -d '\n' | wc -c | tr -d ' ')"
echo "$OGDOC" | CPAY_KEY=x "$CPAY" ogone sign --algo md5 --direction in >/dev/null 2>&1; check "ogone sign bad algo exit" 2 $?
echo "$OGDOC" | env -u CPAY_KEY "$CPAY" ogone sign --algo sha1 --direction in >/dev/null 2>&1; check "ogone sign no key exit" 2 $?
ogorder='{"config":{"pspid":"MyPSPID","environment":"test","algorithm":"sha1"},"payment":{"order_id":"1234","amount":1500,"language":"en_US"}}'
form=$(echo "$ogorder" | CPAY_KEY='Mysecretsig1875!?' "$CPAY" ogone form)
case "$form" in *F4CC376CD7A834D997B91598FA747825A238BE0A*) check "ogone form SHASIGN" ok ok;; *) check "ogone form SHASIGN" F4CC "$form";; esac
html=$(echo "${ogorder/\"algorithm\":\"sha1\"/\"algorithm\":\"sha1\",\"charset\":\"iso-8859-1\"}" | CPAY_KEY=k "$CPAY" ogone form --html)
case "$html" in *'accept-charset="ISO-8859-1"'*orderstandard.asp*|*orderstandard.asp*'accept-charset="ISO-8859-1"'*) check "ogone ISO form charset" ok ok;; *) check "ogone ISO form charset" ISO "$html";; esac
err=$(echo "${ogorder/en_US/fr}" | CPAY_KEY='Mysecretsig1875!?' "$CPAY" ogone form 2>&1 >/dev/null); rc=$?
check "ogone form bad LANGUAGE exit" 2 $rc
case "$err" in *LANGUAGE*) check "ogone form error names field" ok ok;; *) check "ogone form error names field" LANGUAGE "$err";; esac
case "$err" in *Mysecretsig*) check "ogone no passphrase in errors" clean leaked;; *) check "ogone no passphrase in errors" clean clean;; esac
ogfb='{"config":{"pspid":"MyPSPID","environment":"test","algorithm":"sha1"},"body":"ACCEPTANCE=1234&AMOUNT=15.00&brand=VISA&CARDNO=xxxxxxxxxxxx1111&CURRENCY=EUR&ncerror=0&orderID=12&PAYID=32100123&PM=CreditCard&STATUS=9&SHASIGN=8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA"}'
echo "$ogfb" | CPAY_KEY='Mysecretsig1875!?' "$CPAY" ogone response >/dev/null; check "ogone response ok exit" 0 $?
echo "${ogfb/STATUS=9/STATUS=5}" | CPAY_KEY='Mysecretsig1875!?' "$CPAY" ogone response >/dev/null 2>&1; check "ogone response tampered exit" 1 $?
echo "$ogfb" | CPAY_KEY='wrong' "$CPAY" ogone response >/dev/null 2>&1; check "ogone response wrong passphrase exit" 1 $?

# Sips: Seal primitive, form, response (secret key from the environment only).
check "sips seal hmac (RFC 4231 case 2)" "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" "$(printf 'what do ya want for nothing?' | CPAY_KEY=Jefe "$CPAY" sips seal --algo hmac-sha256)"
check "sips seal ignores one trailing newline" "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" "$(echo 'what do ya want for nothing?' | CPAY_KEY=Jefe "$CPAY" sips seal)"
check "sips seal sha256" "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" "$(printf 'ab' | CPAY_KEY=c "$CPAY" sips seal --algo sha256)"
printf 'a=1' | CPAY_KEY=k "$CPAY" sips seal --algo md5 >/dev/null 2>&1; check "sips seal bad algo exit" 2 $?
sorder='{"config":{"merchant_id":"002001000000001","key_version":1,"environment":"simu"},"payment":{"amount":2990,"transaction_reference":"T1","normal_return_url":"https://shop.example/r"}}'
html=$(echo "$sorder" | CPAY_KEY=002001000000001_KEY1 "$CPAY" sips form --html)
case "$html" in *'name="SealAlgorithm" value="HMAC-SHA-256"'*) check "sips form --html" ok ok;; *) check "sips form --html" form "$html";; esac
err=$(echo "${sorder/2990,/2990,\"currency\":\"USD\",}" | CPAY_KEY=002001000000001_KEY1 "$CPAY" sips form 2>&1 >/dev/null); rc=$?
check "sips form Cpay USD exit" 2 $rc
case "$err" in *not_allowed*currencyCode*) check "sips form Cpay rule named" ok ok;; *) check "sips form Cpay rule named" currencyCode "$err";; esac
sdata='amount=2990|currencyCode=978|merchantId=002001000000001|responseCode=00|transactionReference=T1'
sseal=$(printf '%s' "$sdata" | CPAY_KEY=002001000000001_KEY1 "$CPAY" sips seal)
sresp="{\"config\":{\"merchant_id\":\"002001000000001\",\"key_version\":1,\"environment\":\"simu\"},\"fields\":{\"Data\":\"$sdata\",\"Seal\":\"$sseal\"},\"expected\":{\"transaction_reference\":\"T1\"}}"
echo "$sresp" | CPAY_KEY=002001000000001_KEY1 "$CPAY" sips response >/dev/null; check "sips response ok exit" 0 $?
echo "${sresp/2990/2991}" | CPAY_KEY=002001000000001_KEY1 "$CPAY" sips response >/dev/null 2>&1; check "sips response tampered exit" 1 $?
echo "${sresp/\"T1\"\}\}/\"T2\"\}\}}" | CPAY_KEY=002001000000001_KEY1 "$CPAY" sips response >/dev/null 2>&1; check "sips response wrong order exit" 1 $?
echo "$sresp" | CPAY_KEY=other "$CPAY" sips response >/dev/null 2>&1; check "sips response wrong key exit" 1 $?

"$CPAY" demo >/dev/null; check "demo exit" 0 $?

# Computop: primitives, the two passwords from the environment, form and notification.
check "computop encrypt" '{"data":"14ec7a6da0fbb3e50a84b47302443328","len":9}' "$(echo plaintext | CPAY_KEY=password "$CPAY" computop encrypt)"
check "computop decrypt" "plaintext" "$(echo 14EC7A6DA0FBB3E50A84B47302443328 | CPAY_KEY=password "$CPAY" computop decrypt --len 9)"
check "computop mac" "18B40402BBF3FEED824E9F762B412F1108C4D678B2A067425B99963CD68B1D6A" "$(echo value | CPAY_KEY=password "$CPAY" computop mac)"
echo 14ec7a6da0fbb3e50a84b47302443328 | CPAY_KEY=password "$CPAY" computop decrypt --len 17 >/dev/null 2>&1; check "computop decrypt wrong Len exit" 2 $?
echo plaintext | CPAY_KEY= "$CPAY" computop encrypt >/dev/null 2>&1; check "computop encrypt empty key exit" 2 $?
export CPAY_KEY=bf-pass-1234 CPAY_MAC_KEY=hmac-pass-5678
cpt_order='{"config":{"merchant_id":"cpay_test","host":"test"},"payment":{"trans_id":"T1","amount":45000,"pay_type":1,"url_success":"https://shop.example/ok","url_failure":"https://shop.example/ko","url_notify":"https://shop.example/n","customer":{"salutation":"M","first_name":"Jean","last_name":"Dupont","email":"jean@example.fr","phone":"+33612345678"},"billing":{"first_name":"Jean","last_name":"Dupont","street":"2 rue Haute","zip":"69001","city":"Lyon","country_code":"FR"}}}'
html=$(echo "$cpt_order" | "$CPAY" computop form --html)
case "$html" in *'action="https://test.computop-paygate.com/CetelemFullCB.aspx"'*'name="Len"'*) check "computop form --html" ok ok;; *) check "computop form --html" form "$html";; esac
echo "$cpt_order" | env -u CPAY_MAC_KEY "$CPAY" computop form >/dev/null 2>&1; check "computop form without HMAC password exit" 2 $?
err=$(echo "$cpt_order" | env -u CPAY_MAC_KEY "$CPAY" computop form 2>&1 >/dev/null); case "$err" in *CPAY_MAC_KEY*) check "computop names CPAY_MAC_KEY" ok ok;; *) check "computop names CPAY_MAC_KEY" CPAY_MAC_KEY "$err";; esac
echo "$cpt_order" | env -u CPAY_MAC_KEY MY_MAC=x "$CPAY" computop form --mac-key-env MY_MAC >/dev/null; check "computop --mac-key-env" 0 $?
err=$(echo "${cpt_order/+33612345678/+44612345678}" | "$CPAY" computop form 2>&1 >/dev/null); rc=$?
check "computop form bad phone exit" 2 $rc
case "$err" in *Phone*) check "computop form error names Phone" ok ok;; *) check "computop form error names Phone" Phone "$err";; esac
case "$err" in *bf-pass-1234*|*hmac-pass-5678*) check "computop no key in errors" clean leaked;; *) check "computop no key in errors" clean clean;; esac
cpt_pay=0123456789abcdef0123456789abcdef
cpt_notify() { # status code → raw Len/Data body
  local m; m=$(printf '%s' "$cpt_pay*T1*cpay_test*$1*$2" | CPAY_KEY=$CPAY_MAC_KEY "$CPAY" computop mac)
  printf '%s' "mid=cpay_test&PayID=$cpt_pay&TransID=T1&Status=$1&Code=$2&MAC=$m" | "$CPAY" computop encrypt |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print("Len=%d&Data=%s" % (d["len"], d["data"]))'
}
ok_body=$(cpt_notify OK 00000000)
out=$(echo "$ok_body" | "$CPAY" computop notification --merchant-id cpay_test --trans-id T1); rc=$?
check "computop notification exit" 0 $rc
case "$out" in *'"status": "accepted"'*) check "computop notification accepted" ok ok;; *) check "computop notification accepted" accepted "$out";; esac
out=$(cpt_notify FAILED 21500985 | "$CPAY" computop notification --merchant-id cpay_test)
case "$out" in *'"status": "refused"'*) check "computop failure Data is refused" ok ok;; *) check "computop failure Data is refused" refused "$out";; esac
echo "$ok_body" | "$CPAY" computop notification --merchant-id other >/dev/null 2>&1; check "computop wrong merchant exit" 1 $?
echo "$ok_body" | "$CPAY" computop notification --merchant-id cpay_test --trans-id T2 >/dev/null 2>&1; check "computop wrong TransID exit" 1 $?
echo "$ok_body" | CPAY_MAC_KEY=wrong "$CPAY" computop notification --merchant-id cpay_test >/dev/null 2>&1; check "computop wrong HMAC password exit" 1 $?
export CPAY_KEY=1122334455667788
unset CPAY_MAC_KEY

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
