"""Writes bench/cases.json: the realistic inputs every benchmark harness (Rust, Python, Node, PHP) measures.

Signatures, seals and SHASIGNs inside the fixtures are computed here with Python's hmac/hashlib, independently
of cpay, so a harness that verifies them checks cpay against an outside implementation. Run:
python3 bench/tools/gen_cases.py
"""
import base64
import hashlib
import hmac
import json
import pathlib
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent

LYRA_KEY = "1122334455667788"
LYRA_CONFIG = {"platform": "sogecommerce", "site_id": "12345678", "mode": "TEST", "test_key": LYRA_KEY}

# A Cpay payment with the buyer's details and return URLs, accented and with apostrophes as French shops'
# buyers are: 26 vads_ fields once built (27 with the signature).
LYRA_PAYMENT = {
    "amount": 42850, "trans_id": 362812, "trans_date": "2026-03-10T14:05:00+01:00", "order_id": "CMD-2026-0042",
    "customer": {"email": "renee.lefevre@example.fr", "first_name": "Renée", "last_name": "Lefèvre-d'Aubigné",
                 "phone": "+33102030405", "address": "12 rue de l'Église", "zip": "42000",
                 "city": "Saint-Étienne", "country": "FR"},
    "urls": {"return": "https://shop.example/return", "check": "https://shop.example/ipn"},
    "return_mode": "POST", "language": "fr",
}


def lyra_sign(fields, key=LYRA_KEY):
    values = [fields[k] for k in sorted(k for k in fields if k.startswith("vads_"))]
    message = ("+".join(values) + "+" + key).encode()
    return base64.b64encode(hmac.new(key.encode(), message, hashlib.sha256).digest()).decode()


# An IPN as the platform posts it for a captured Cpay payment: 60 fields.
IPN = {
    "vads_action_mode": "INTERACTIVE", "vads_amount": "42850", "vads_auth_mode": "FULL", "vads_auth_number": "3fc116",
    "vads_auth_result": "00", "vads_bank_code": "30004", "vads_bank_label": "Crédit Agricole",
    "vads_bank_product": "AUR", "vads_capture_delay": "0", "vads_card_brand": "AURORE-MULTI",
    "vads_card_country": "FR", "vads_card_number": "507140XXXXXX0011", "vads_contract_used": "5785350",
    "vads_ctx_mode": "TEST", "vads_currency": "978", "vads_cust_address": "12 rue de l'Église",
    "vads_cust_cell_phone": "0612345678", "vads_cust_city": "Saint-Étienne", "vads_cust_country": "FR",
    "vads_cust_email": "renee.lefevre@example.fr", "vads_cust_first_name": "Renée",
    "vads_cust_last_name": "Lefèvre-d'Aubigné",
    "vads_cust_phone": "+33102030405", "vads_cust_zip": "42000", "vads_effective_amount": "42850",
    "vads_effective_creation_date": "20260310130512", "vads_effective_currency": "978",
    "vads_expiry_month": "12", "vads_expiry_year": "2028", "vads_extra_result": "",
    "vads_hash": "5a1a0d28c8c9fa3e8a2b50ac3d2bd0a8e2f9c8d7b6a5f4e3d2c1b0a9f8e7d6c5", "vads_language": "fr",
    "vads_acquirer_network": "AURORE", "vads_occurrence_type": "UNITAIRE", "vads_operation_type": "DEBIT",
    "vads_order_id": "CMD-2026-0042", "vads_order_info": "Code \"B12\" \\ 3e étage, côté cour", "vads_page_action": "PAYMENT",
    "vads_pays_ip": "FR", "vads_payment_cards": "AURORE-MULTI", "vads_payment_certificate":
    "8c3c4e2b0e1d4a5b6c7d8e9f0a1b2c3d4e5f6a7b", "vads_payment_config": "SINGLE", "vads_payment_src": "EC",
    "vads_presentation_date": "20260310130512", "vads_result": "00", "vads_sequence_number": "1",
    "vads_site_id": "12345678", "vads_threeds_auth_type": "CHALLENGE", "vads_threeds_cavv": "",
    "vads_threeds_enrolled": "Y", "vads_threeds_status": "Y", "vads_trans_date": "20260310130500",
    "vads_trans_id": "362812", "vads_trans_status": "CAPTURED",
    "vads_trans_uuid": "9f3c2a1b4d5e6f708192a3b4c5d6e7f8", "vads_url_check_src": "PAY",
    "vads_validation_mode": "0", "vads_version": "V2", "vads_warranty_result": "YES",
}
IPN["signature"] = lyra_sign(IPN)
assert len(IPN) == 60, len(IPN)

# Computop FullCB: the request plaintext a shop encrypts (every field of a Cetelem 4x order), the MAC
# message, and a notify's plaintext (encrypted by each harness at start-up, host and cpay must agree).
COMPUTOP = {
    "blowfish_key": "bf-pass-1234", "mac_key": "hmac-pass-5678", "merchant_id": "cpay_test",
    "request_plaintext": "&".join([
        "MerchantID=cpay_test", "TransID=CMD20260042", "RefNr=CMD20260042", "Amount=45000", "Currency=EUR",
        "URLSuccess=https://shop.example/computop/ok", "URLFailure=https://shop.example/computop/ko",
        "URLNotify=https://shop.example/computop/notify", "OrderDesc=Commande CMD20260042", "UserData=order-42",
        "ReqId=CMD20260042-1", "PayType=2", "MAC=0000000000000000000000000000000000000000000000000000000000000000",
        "Salutation=Mme", "FirstName=Renée", "LastName=Lefèvre", "Email=renee@example.fr", "Phone=0612345678",
        "bdFirstName=Renée", "bdLastName=Lefèvre", "bdStreet=12 rue de l'Église", "bdZip=42000",
        "bdCity=Saint-Étienne",
        "bdCountryCode=FR", "sdFirstName=Paul", "sdLastName=Martin", "sdStreet=5 quai Saint-Vincent",
        "sdAddressAddition=Bat. B", "sdZip=69001", "sdCity=Lyon", "sdCountryCode=FR", "UseBillingData=No",
        "Language=fr", "Response=encrypt",
    ]),
    "request_mac_message": "*CMD20260042*cpay_test*45000*EUR",
    "notify_fields": {
        "mid": "cpay_test", "PayID": "d9a1c0b2e3f4a5b6c7d8e9f0a1b2c3d4", "XID": "e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6",
        "TransID": "CMD20260042", "refnr": "CMD20260042", "Status": "OK", "Description": "success",
        "Code": "00000000", "UserData": "order-42", "PaymentGuarantee": "FULL", "CodeExt": "00",
        "PID": "PID42", "FullCBTransactionID": "CTL123",
    },
}
nf = COMPUTOP["notify_fields"]
notify_mac = hmac.new(COMPUTOP["mac_key"].encode(),
                      f"{nf['PayID']}*{nf['TransID']}*{nf['mid']}*{nf['Status']}*{nf['Code']}".encode(),
                      hashlib.sha256).hexdigest().upper()
COMPUTOP["notify_plaintext"] = "&".join(f"{k}={v}" for k, v in nf.items()) + "&MAC=" + notify_mac
COMPUTOP["notify_mac"] = notify_mac
COMPUTOP["request_mac"] = hmac.new(COMPUTOP["mac_key"].encode(), COMPUTOP["request_mac_message"].encode(),
                                   hashlib.sha256).hexdigest().upper()

# Ogone SHA-OUT: the 22 parameters of a typical redirect back to the shop, SHA-256.
OGONE_PASS = "Mysecretsig1875!?"
OGONE_PARAMS = {
    "orderID": "CMD-2026-0042", "currency": "EUR", "amount": "428.5", "PM": "CreditCard", "ACCEPTANCE": "test123",
    "STATUS": "9", "CARDNO": "XXXXXXXXXXXX0011", "ED": "1228", "CN": "Renée Lefèvre-d'Aubigné", "TRXDATE": "03/10/26",
    "PAYID": "3014543211", "PAYIDSUB": "0", "NCERROR": "0", "BRAND": "CPAY", "IP": "192.0.2.10",
    "IPCTY": "FR", "CCCTY": "FR", "ECI": "7", "CVCCheck": "NO", "AAVCheck": "NO", "VC": "NO",
    "COMPLUS": "panier \"77\" \\ n°3",
}
SHA_OUT = [line.strip() for line in (ROOT / "tests/vectors/tools/ogone-sha-out-parameters.txt").open()
           if line.strip()]
upper = {k.upper(): v for k, v in OGONE_PARAMS.items()}
assert all(k in SHA_OUT for k in upper), [k for k in upper if k not in SHA_OUT]
ogone_msg = "".join(f"{k}={upper[k]}{OGONE_PASS}" for k in sorted(upper) if upper[k] != "")
OGONE_SHASIGN = hashlib.sha256(ogone_msg.encode()).hexdigest().upper()

# Sips 2.0: the Data of an automatic response (the Worldline documentation's field list), HMAC-SHA-256.
SIPS_KEY = "002001000000001_KEY1"
SIPS_DATA = "|".join([
    "captureDay=0", "captureMode=AUTHOR_CAPTURE", "currencyCode=978", "merchantId=002001000000001",
    "orderChannel=INTERNET", "responseCode=00", "transactionDateTime=2026-03-10T14:07:12+01:00",
    "transactionReference=STX2024000042", "keyVersion=1", "acquirerResponseCode=00", "amount=34200",
    "authorisationId=12345", "guaranteeIndicator=Y", "cardCSCResultCode=4D", "panExpiryDate=202812",
    "paymentMeanBrand=CPAY", "paymentMeanType=CARD", "customerIpAddress=192.0.2.10",
    "maskedPan=5071##########11", "returnContext={\"basket\":77,\"client\":\"Renée Lefèvre\"}", "holderAuthentRelegation=N",
    "holderAuthentStatus=3D_SUCCESS", "tokenPan=dp528b9xwknujmkw", "transactionOrigin=INTERNET",
    "paymentPattern=ONE_SHOT", "customerMobilePhone=null", "mandateAuthentMethod=null", "mandateUsage=null",
    "transactionActors=null", "mandateId=null", "captureLimitDate=20260310", "dccStatus=null",
    "dccResponseCode=null", "dccAmount=null", "dccCurrencyCode=null", "dccExchangeRate=null",
    "dccExchangeRateValidity=null", "dccProvider=null", "statementReference=tx20260310130050",
    "panEntryMode=MANUAL", "walletType=null", "holderAuthentMethod=NOT_SPECIFIED", "orderId=STX-2024-000042",
    "interfaceVersion=HP_3.4",
])
SIPS_SEAL = hmac.new(SIPS_KEY.encode(), SIPS_DATA.encode(), hashlib.sha256).hexdigest()


def payline_inputs():
    """The doWebPayment order and getWebPaymentDetails answer of tests/vectors/payline.json (accepted case)."""
    cases = json.loads((ROOT / "tests/vectors/payline.json").read_text())["cases"]
    web = next(c for c in cases if c["op"] == "payline.form" and "error" not in c)
    outcome = next(c for c in cases if c["op"] == "payline.notification"
                   and c.get("output", {}).get("outcome", {}).get("status") == "accepted")
    return web["input"], outcome["input"]


def computop_form_input():
    """The FullCB 4x order of tests/vectors/computop.json with every field (billing and shipping)."""
    cases = json.loads((ROOT / "tests/vectors/computop.json").read_text())["cases"]
    return next(c for c in cases if c["name"].startswith("FullCB 4x form: every field"))["input"]


COMPUTOP["form"] = computop_form_input()
web_payment, outcome = payline_inputs()
CASES = {
    "comment": "Generated by bench/tools/gen_cases.py; signatures computed there with Python hmac/hashlib.",
    "lyra": {"config": LYRA_CONFIG, "payment": LYRA_PAYMENT, "key": LYRA_KEY, "ipn_fields": IPN,
             "ipn_body": urllib.parse.urlencode(IPN), "ipn_expected": {"order_id": "CMD-2026-0042", "amount": 42850}},
    "computop": COMPUTOP,
    "ogone": {"fields": OGONE_PARAMS, "passphrase": OGONE_PASS, "algo": "sha256", "direction": "out",
              "shasign": OGONE_SHASIGN, "sha_out_list": SHA_OUT},
    "sips": {"data": SIPS_DATA, "key": SIPS_KEY, "algo": "hmac-sha256", "seal": SIPS_SEAL},
    "payline": {"form": web_payment, "notification": outcome},
}

# A form for a buyer with accented names and values that JSON must escape (a quote, a backslash, an
# apostrophe): 25 vads_ fields, the same count as the ASCII form, so the two rows compare.
LYRA_ACCENTED = {
    "vads_action_mode": "INTERACTIVE", "vads_amount": "42850", "vads_ctx_mode": "TEST", "vads_currency": "978",
    "vads_cust_address": '12 rue de l\'Église "Le Clos" \\ bât. B', "vads_cust_city": "Dijon",
    "vads_cust_country": "FR", "vads_cust_email": "renee.lefevre@example.fr", "vads_cust_first_name": "Renée",
    "vads_cust_last_name": "Lefèvre", "vads_cust_name": "Renée Lefèvre", "vads_cust_phone": "+33380123456",
    "vads_cust_state": "Côte-d'Or", "vads_cust_zip": "21000", "vads_language": "fr",
    "vads_order_id": "CMD-2026-0042", "vads_order_info": "Livraison : « sonner chez Mme Lefèvre »",
    "vads_page_action": "PAYMENT", "vads_payment_cards": "AURORE-MULTI", "vads_payment_config": "SINGLE",
    "vads_site_id": "12345678", "vads_trans_date": "20260310130500", "vads_trans_id": "362812",
    "vads_url_return": "https://shop.example/return?c=Côte-d'Or", "vads_version": "V2",
}
CASES["lyra_accented"] = {"fields": LYRA_ACCENTED, "key": LYRA_KEY, "signature": lyra_sign(LYRA_ACCENTED)}

(HERE.parent / "cases.json").write_text(json.dumps(CASES, indent=1, ensure_ascii=False) + "\n")
