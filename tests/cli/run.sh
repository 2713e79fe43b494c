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

# Every golden vector through `cpay call`.
out=$(python3 "$here/vectors.py" "$CPAY" "$here/../vectors"); rc=$?
echo "$out" | tail -n 1
check "vectors through cpay call" 0 $rc

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
