/*
 * The C API of libcpay, exercised from C (run by `make test-c` under valgrind).
 *
 *   test_cpay selftest   bad inputs (NULL, invalid UTF-8, invalid JSON, unknown algorithm and operation),
 *                        the Lyra, Computop (one-shot and the reusable cipher), Ogone and Sips primitives
 *                        against public vectors, last-error semantics, 8 threads calling concurrently (and
 *                        sharing one Computop cipher).
 *   test_cpay vectors    reads "op<TAB>input_json" lines on stdin, runs each through cpay_call and prints
 *                        "OK<TAB>output_json" or "ERR<TAB>status<TAB>name<TAB>last_error_json"; tests/c/vectors.py
 *                        feeds it every golden vector and compares.
 */
#include <cpay.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed = 0, failed = 0;

#define CHECK(name, cond)                                                                                      \
  do {                                                                                                         \
    if (cond) {                                                                                                \
      passed++;                                                                                                \
    } else {                                                                                                   \
      failed++;                                                                                                \
      fprintf(stderr, "FAIL %s (line %d): %s [status %u, last error %s]\n", name, __LINE__, #cond,             \
              (unsigned)cpay_last_error_status(), cpay_last_error_json() ? cpay_last_error_json() : "none");   \
    }                                                                                                          \
  } while (0)

static int field_is(const char *expected) {
  const char *field = cpay_last_error_field();
  return field != NULL && strcmp(field, expected) == 0;
}

static const char *DOC =
    "{\"vads_action_mode\":\"INTERACTIVE\",\"vads_amount\":\"5124\",\"vads_ctx_mode\":\"TEST\","
    "\"vads_currency\":\"978\",\"vads_page_action\":\"PAYMENT\",\"vads_payment_config\":\"SINGLE\","
    "\"vads_site_id\":\"12345678\",\"vads_trans_date\":\"20170129130025\",\"vads_trans_id\":\"123456\","
    "\"vads_version\":\"V2\"";
static const char *KEY = "1122334455667788";
static const char *DOC_HMAC = "ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0=";
static const char *DOC_SHA1 = "59c96b34c74b9375c332b0b6a32e6deeec87de2b";

/* DOC closed as a JSON object, optionally with a signature member. */
static char *doc_fields(const char *signature) {
  char *text = malloc(strlen(DOC) + 64);
  if (text == NULL) abort();
  if (signature)
    sprintf(text, "%s,\"signature\":\"%s\"}", DOC, signature);
  else
    sprintf(text, "%s}", DOC);
  return text;
}

/* Sign DOC and compare with `expected`; 1 when equal. */
static int signs_to(const char *algo, const char *expected) {
  char *fields = doc_fields(NULL);
  char *signature = NULL;
  int ok = cpay_lyra_sign(fields, KEY, algo, &signature) == CPAY_OK && signature != NULL &&
           strcmp(signature, expected) == 0;
  cpay_string_free(signature);
  free(fields);
  return ok;
}

static void test_statuses(void) {
  CHECK("CPAY_OK is 0", CPAY_OK == 0);
  CHECK("core numbers", CPAY_MALFORMED == 7100 && CPAY_SIGNATURE_MISMATCH == 7201 && CPAY_NOT_ELIGIBLE == 7401);
  CHECK("ffi-only range", CPAY_NULL_PARAMETER == 7900 && CPAY_INVALID_UTF8 == 7901 && CPAY_PANIC == 7902);
  CHECK("status name", strcmp(cpay_status_name(CPAY_SIGNATURE_MISMATCH), "signature_mismatch") == 0);
  CHECK("status name of a stranger", strcmp(cpay_status_name(42), "unknown_error") == 0);
  CHECK("verification failure", cpay_status_is_verification_failure(CPAY_WRONG_SHOP));
  CHECK("input error is not", !cpay_status_is_verification_failure(CPAY_INVALID_FORMAT));
  CHECK("version", cpay_version() != NULL && strlen(cpay_version()) > 0);
  cpay_string_free(NULL);
  char *ops = NULL;
  CHECK("operations", cpay_operations(&ops) == CPAY_OK && ops != NULL && strstr(ops, "\"lyra.notification\""));
  cpay_string_free(ops);
  CHECK("operations NULL out", cpay_operations(NULL) == CPAY_NULL_PARAMETER && field_is("out_json"));
}

static void test_lyra_sign(void) {
  CHECK("doc hmac-sha256", signs_to("hmac-sha256", DOC_HMAC));
  CHECK("doc sha1", signs_to("sha1", DOC_SHA1));
  CHECK("success clears the last error", cpay_last_error_json() == NULL && cpay_last_error_field() == NULL &&
                                             strcmp(cpay_last_error_message(), "") == 0 &&
                                             cpay_last_error_status() == CPAY_OK);

  char *fields = doc_fields(NULL);
  char *out = NULL;
  CHECK("NULL fields", cpay_lyra_sign(NULL, KEY, "sha1", &out) == CPAY_NULL_PARAMETER && field_is("fields_json"));
  CHECK("NULL key", cpay_lyra_sign(fields, NULL, "sha1", &out) == CPAY_NULL_PARAMETER && field_is("key"));
  CHECK("NULL algo", cpay_lyra_sign(fields, KEY, NULL, &out) == CPAY_NULL_PARAMETER && field_is("algo"));
  CHECK("NULL out", cpay_lyra_sign(fields, KEY, "sha1", NULL) == CPAY_NULL_PARAMETER && field_is("out_signature"));
  CHECK("invalid UTF-8 key", cpay_lyra_sign(fields, "k\xff\xfe", "sha1", &out) == CPAY_INVALID_UTF8 && field_is("key"));
  CHECK("invalid UTF-8 fields",
        cpay_lyra_sign("{\"vads_a\":\"\xc3\"}", KEY, "sha1", &out) == CPAY_INVALID_UTF8 && field_is("fields_json"));
  CHECK("invalid JSON", cpay_lyra_sign("{\"vads_a\":", KEY, "sha1", &out) == CPAY_MALFORMED && field_is("fields"));
  CHECK("not an object", cpay_lyra_sign("[1,2]", KEY, "sha1", &out) == CPAY_INVALID_VALUE);
  CHECK("unknown algorithm", cpay_lyra_sign(fields, KEY, "md5", &out) == CPAY_UNSUPPORTED_ALGORITHM && field_is("algo"));
  CHECK("message names no key", strstr(cpay_last_error_message(), KEY) == NULL);
  CHECK("no output on failure", out == NULL);
  free(fields);
}

static void test_lyra_verify(void) {
  char *good = doc_fields(DOC_HMAC), *bad = doc_fields(DOC_SHA1), *none = doc_fields(NULL);
  CHECK("verify ok", cpay_lyra_verify(good, KEY, "hmac-sha256") == CPAY_OK);
  CHECK("verify wrong key", cpay_lyra_verify(good, "1122334455667789", "hmac-sha256") == CPAY_SIGNATURE_MISMATCH &&
                                field_is("signature"));
  CHECK("verify wrong algo", cpay_lyra_verify(good, KEY, "sha1") == CPAY_SIGNATURE_MISMATCH);
  CHECK("verify sha1", cpay_lyra_verify(bad, KEY, "sha1") == CPAY_OK);
  CHECK("verify missing", cpay_lyra_verify(none, KEY, "sha1") == CPAY_SIGNATURE_MISSING);
  CHECK("verify NULL", cpay_lyra_verify(good, KEY, NULL) == CPAY_NULL_PARAMETER && field_is("algo"));
  free(good);
  free(bad);
  free(none);
}

/* Computop: the spec's public vectors (Blowfish key "password", HMAC key "password") and bad inputs. */
static void test_computop(void) {
  char *data = NULL, *plain = NULL, *mac = NULL;
  size_t len = 0;
  CHECK("computop encrypt", cpay_computop_encrypt("plaintext", "password", &data, &len) == CPAY_OK && data != NULL &&
                                strcmp(data, "14ec7a6da0fbb3e50a84b47302443328") == 0 && len == 9);
  cpay_string_free(data);
  CHECK("computop decrypt", cpay_computop_decrypt("14EC7A6DA0FBB3E50A84B47302443328", 9, "password", &plain) == CPAY_OK &&
                                plain != NULL && strcmp(plain, "plaintext") == 0);
  cpay_string_free(plain);
  CHECK("computop mac", cpay_computop_mac("value", "password", &mac) == CPAY_OK && mac != NULL &&
                            strcmp(mac, "18B40402BBF3FEED824E9F762B412F1108C4D678B2A067425B99963CD68B1D6A") == 0);
  cpay_string_free(mac);

  char *out = NULL;
  size_t out_len = 77;
  CHECK("encrypt NULL plaintext",
        cpay_computop_encrypt(NULL, "password", &out, &out_len) == CPAY_NULL_PARAMETER && field_is("plaintext"));
  CHECK("encrypt NULL key", cpay_computop_encrypt("p", NULL, &out, &out_len) == CPAY_NULL_PARAMETER && field_is("key"));
  CHECK("encrypt NULL out_data",
        cpay_computop_encrypt("p", "password", NULL, &out_len) == CPAY_NULL_PARAMETER && field_is("out_data"));
  CHECK("encrypt NULL out_len",
        cpay_computop_encrypt("p", "password", &out, NULL) == CPAY_NULL_PARAMETER && field_is("out_len"));
  CHECK("encrypt empty key", cpay_computop_encrypt("p", "", &out, &out_len) == CPAY_INVALID_KEY && field_is("key"));
  CHECK("encrypt key over 72 bytes",
        cpay_computop_encrypt("p", "0123456789012345678901234567890123456789012345678901234567890123456789012",
                              &out, &out_len) == CPAY_INVALID_KEY && field_is("key"));
  CHECK("encrypt invalid UTF-8",
        cpay_computop_encrypt("p\xe9", "password", &out, &out_len) == CPAY_INVALID_UTF8 && field_is("plaintext"));
  CHECK("encrypt leaves outputs", out == NULL && out_len == 77);
  CHECK("decrypt not hex",
        cpay_computop_decrypt("zz", 1, "password", &out) == CPAY_MALFORMED && field_is("Data"));
  CHECK("decrypt wrong Len",
        cpay_computop_decrypt("14ec7a6da0fbb3e50a84b47302443328", 30, "password", &out) == CPAY_INCONSISTENT &&
            field_is("Len"));
  CHECK("decrypt NULL data", cpay_computop_decrypt(NULL, 9, "password", &out) == CPAY_NULL_PARAMETER &&
                                 field_is("data_hex"));
  CHECK("decrypt NULL out", cpay_computop_decrypt("14ec7a6da0fbb3e5", 8, "password", NULL) == CPAY_NULL_PARAMETER &&
                                field_is("out_plaintext"));
  CHECK("mac empty key", cpay_computop_mac("value", "", &out) == CPAY_INVALID_KEY && field_is("key"));
  CHECK("mac invalid UTF-8 key", cpay_computop_mac("value", "pass\xff", &out) == CPAY_INVALID_UTF8 && field_is("key"));
  CHECK("mac NULL message", cpay_computop_mac(NULL, "password", &out) == CPAY_NULL_PARAMETER && field_is("message"));
  CHECK("mac message names no key", strstr(cpay_last_error_message(), "password") == NULL);
  CHECK("computop no output on failure", out == NULL);
}

/* Computop's reusable cipher: the same bytes as the one-shot functions, reused, and bad inputs. */
static void test_computop_cipher(void) {
  struct cpay_computop_cipher *cipher = NULL;
  CHECK("cipher new", cpay_computop_cipher_new("password", &cipher) == CPAY_OK && cipher != NULL);
  const char *texts[] = {"plaintext", "MerchantID=shop&TransID=CMD1&Amount=45000&Currency=EUR", "12345678", ""};
  for (int round = 0; round < 3; round++) {
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
      char *data = NULL, *once = NULL, *plain = NULL;
      size_t len = 0, once_len = 0;
      CHECK("cipher encrypt", cpay_computop_cipher_encrypt(cipher, texts[i], &data, &len) == CPAY_OK && data != NULL);
      CHECK("one-shot encrypt", cpay_computop_encrypt(texts[i], "password", &once, &once_len) == CPAY_OK);
      CHECK("cipher matches cpay_computop_encrypt",
            data != NULL && once != NULL && strcmp(data, once) == 0 && len == once_len && len == strlen(texts[i]));
      CHECK("cipher decrypt", data != NULL && cpay_computop_cipher_decrypt(cipher, data, len, &plain) == CPAY_OK &&
                                  plain != NULL && strcmp(plain, texts[i]) == 0);
      cpay_string_free(data);
      cpay_string_free(once);
      cpay_string_free(plain);
    }
  }
  char *data = NULL;
  size_t len = 0;
  CHECK("cipher spec vector", cpay_computop_cipher_encrypt(cipher, "plaintext", &data, &len) == CPAY_OK &&
                                  strcmp(data, "14ec7a6da0fbb3e50a84b47302443328") == 0 && len == 9);
  cpay_string_free(data);

  char *out = NULL;
  size_t out_len = 77;
  struct cpay_computop_cipher *none = NULL;
  CHECK("cipher new NULL key", cpay_computop_cipher_new(NULL, &none) == CPAY_NULL_PARAMETER && field_is("key"));
  CHECK("cipher new NULL out",
        cpay_computop_cipher_new("password", NULL) == CPAY_NULL_PARAMETER && field_is("out_cipher"));
  CHECK("cipher new empty key", cpay_computop_cipher_new("", &none) == CPAY_INVALID_KEY && field_is("key"));
  CHECK("cipher new key over 72 bytes",
        cpay_computop_cipher_new("0123456789012345678901234567890123456789012345678901234567890123456789012",
                                 &none) == CPAY_INVALID_KEY && field_is("key"));
  CHECK("cipher new invalid UTF-8 key",
        cpay_computop_cipher_new("pass\xff", &none) == CPAY_INVALID_UTF8 && field_is("key"));
  CHECK("cipher new message names no key", strstr(cpay_last_error_message(), "pass") == NULL);
  CHECK("cipher new leaves output", none == NULL);
  CHECK("cipher encrypt NULL cipher",
        cpay_computop_cipher_encrypt(NULL, "p", &out, &out_len) == CPAY_NULL_PARAMETER && field_is("cipher"));
  CHECK("cipher encrypt NULL plaintext",
        cpay_computop_cipher_encrypt(cipher, NULL, &out, &out_len) == CPAY_NULL_PARAMETER && field_is("plaintext"));
  CHECK("cipher encrypt NULL out_data",
        cpay_computop_cipher_encrypt(cipher, "p", NULL, &out_len) == CPAY_NULL_PARAMETER && field_is("out_data"));
  CHECK("cipher encrypt NULL out_len",
        cpay_computop_cipher_encrypt(cipher, "p", &out, NULL) == CPAY_NULL_PARAMETER && field_is("out_len"));
  CHECK("cipher encrypt invalid UTF-8",
        cpay_computop_cipher_encrypt(cipher, "p\xe9", &out, &out_len) == CPAY_INVALID_UTF8 && field_is("plaintext"));
  CHECK("cipher encrypt leaves outputs", out == NULL && out_len == 77);
  CHECK("cipher decrypt NULL cipher",
        cpay_computop_cipher_decrypt(NULL, "14ec7a6da0fbb3e5", 8, &out) == CPAY_NULL_PARAMETER && field_is("cipher"));
  CHECK("cipher decrypt NULL data",
        cpay_computop_cipher_decrypt(cipher, NULL, 8, &out) == CPAY_NULL_PARAMETER && field_is("data_hex"));
  CHECK("cipher decrypt NULL out", cpay_computop_cipher_decrypt(cipher, "14ec7a6da0fbb3e5", 8, NULL) ==
                                       CPAY_NULL_PARAMETER && field_is("out_plaintext"));
  CHECK("cipher decrypt not hex", cpay_computop_cipher_decrypt(cipher, "zz", 1, &out) == CPAY_MALFORMED &&
                                      field_is("Data"));
  CHECK("cipher decrypt wrong Len",
        cpay_computop_cipher_decrypt(cipher, "14ec7a6da0fbb3e50a84b47302443328", 30, &out) == CPAY_INCONSISTENT &&
            field_is("Len"));
  CHECK("cipher no output on failure", out == NULL);
  CHECK("cipher usable after failures", cpay_computop_cipher_decrypt(cipher, "14EC7A6DA0FBB3E50A84B47302443328", 9,
                                                                     &out) == CPAY_OK && strcmp(out, "plaintext") == 0);
  cpay_string_free(out);
  cpay_computop_cipher_free(cipher);
  cpay_computop_cipher_free(NULL);
  CHECK("cipher free(NULL) is a no-op", 1);
}

/* Ogone: the spec's SHA-IN vector (SHA-1), the SHA-OUT one, and bad inputs. */
static void test_ogone(void) {
  const char *params = "{\"AMOUNT\":\"1500\",\"CURRENCY\":\"EUR\",\"LANGUAGE\":\"en_US\",\"ORDERID\":\"1234\","
                       "\"PSPID\":\"MyPSPID\"}";
  const char *pass = "Mysecretsig1875!?";
  char *sign = NULL;
  CHECK("ogone SHA-IN sha1", cpay_ogone_sign(params, pass, "sha1", "in", &sign) == CPAY_OK && sign != NULL &&
                                 strcmp(sign, "F4CC376CD7A834D997B91598FA747825A238BE0A") == 0);
  cpay_string_free(sign);
  sign = NULL;
  const char *feedback = "{\"ACCEPTANCE\":\"1234\",\"AMOUNT\":\"15.00\",\"BRAND\":\"VISA\",\"CARDNO\":\"xxxxxxxxxxxx1111\","
                         "\"CURRENCY\":\"EUR\",\"ncerror\":\"0\",\"orderID\":\"12\",\"PAYID\":\"32100123\","
                         "\"PM\":\"CreditCard\",\"STATUS\":\"9\"}";
  CHECK("ogone SHA-OUT sha1", cpay_ogone_sign(feedback, pass, "sha1", "out", &sign) == CPAY_OK && sign != NULL &&
                                  strcmp(sign, "8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA") == 0);
  cpay_string_free(sign);

  char *out = NULL;
  CHECK("ogone NULL params", cpay_ogone_sign(NULL, pass, "sha1", "in", &out) == CPAY_NULL_PARAMETER &&
                                 field_is("params_json"));
  CHECK("ogone NULL direction", cpay_ogone_sign(params, pass, "sha1", NULL, &out) == CPAY_NULL_PARAMETER &&
                                    field_is("direction"));
  CHECK("ogone NULL out", cpay_ogone_sign(params, pass, "sha1", "in", NULL) == CPAY_NULL_PARAMETER &&
                              field_is("out_shasign"));
  CHECK("ogone empty passphrase", cpay_ogone_sign(params, "", "sha1", "in", &out) == CPAY_INVALID_KEY &&
                                      field_is("passphrase"));
  CHECK("ogone invalid UTF-8 passphrase",
        cpay_ogone_sign(params, "\xc3(", "sha1", "in", &out) == CPAY_INVALID_UTF8 && field_is("passphrase"));
  CHECK("ogone unknown algorithm", cpay_ogone_sign(params, pass, "md5", "in", &out) == CPAY_UNSUPPORTED_ALGORITHM &&
                                       field_is("algo"));
  CHECK("ogone unknown direction", cpay_ogone_sign(params, pass, "sha1", "up", &out) == CPAY_INVALID_VALUE &&
                                       field_is("direction"));
  CHECK("ogone invalid JSON", cpay_ogone_sign("{\"AMOUNT\":", pass, "sha1", "in", &out) == CPAY_MALFORMED &&
                                  field_is("fields"));
  CHECK("ogone not strings", cpay_ogone_sign("{\"AMOUNT\":1500}", pass, "sha1", "in", &out) == CPAY_INVALID_VALUE &&
                                 field_is("fields.AMOUNT"));
  CHECK("ogone name twice", cpay_ogone_sign("{\"AMOUNT\":\"1\",\"amount\":\"2\"}", pass, "sha1", "in", &out) ==
                                CPAY_MALFORMED);
  CHECK("ogone message names no passphrase", strstr(cpay_last_error_message(), pass) == NULL);
  CHECK("ogone no output on failure", out == NULL);
}

/* Sips: seals from tests/vectors/sips.json (base64 Data as posted; RFC 4231 case 2) and bad inputs. */
static void test_sips(void) {
  char *seal = NULL;
  CHECK("sips seal hmac-sha256",
        cpay_sips_seal("YW1vdW50PTI5OTB8Y3VycmVuY3lDb2RlPTk3OHxtZXJjaGFudElkPTAwMjAwMTAwMDAwMDAwMQ==",
                       "002001000000001_KEY1", "hmac-sha256", &seal) == CPAY_OK &&
            seal != NULL && strcmp(seal, "5fcdb4a71545894c8c16fdb01e7360fd9634789c4ffb825819e96000e15dc3c0") == 0);
  cpay_string_free(seal);
  seal = NULL;
  CHECK("sips seal HMAC-SHA-256 spelling",
        cpay_sips_seal("what do ya want for nothing?", "Jefe", "HMAC-SHA-256", &seal) == CPAY_OK && seal != NULL &&
            strcmp(seal, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843") == 0);
  cpay_string_free(seal);

  char *out = NULL;
  CHECK("sips NULL data", cpay_sips_seal(NULL, "k", "sha256", &out) == CPAY_NULL_PARAMETER && field_is("data"));
  CHECK("sips NULL algo", cpay_sips_seal("a=1", "k", NULL, &out) == CPAY_NULL_PARAMETER && field_is("algo"));
  CHECK("sips NULL out", cpay_sips_seal("a=1", "k", "sha256", NULL) == CPAY_NULL_PARAMETER && field_is("out_seal"));
  CHECK("sips empty key", cpay_sips_seal("a=1", "", "sha256", &out) == CPAY_INVALID_KEY && field_is("key"));
  CHECK("sips invalid UTF-8 data", cpay_sips_seal("a=\xff", "k", "sha256", &out) == CPAY_INVALID_UTF8 &&
                                       field_is("data"));
  CHECK("sips unknown algorithm", cpay_sips_seal("a=1", "k", "md5", &out) == CPAY_UNSUPPORTED_ALGORITHM &&
                                      field_is("algo"));
  CHECK("sips no output on failure", out == NULL);
}

static void test_call(void) {
  char *out = NULL;
  CHECK("call NULL operation", cpay_call(NULL, "{}", &out) == CPAY_NULL_PARAMETER && field_is("operation"));
  CHECK("call NULL input", cpay_call("lyra.sign", NULL, &out) == CPAY_NULL_PARAMETER && field_is("input_json"));
  CHECK("call NULL out", cpay_call("lyra.sign", "{}", NULL) == CPAY_NULL_PARAMETER && field_is("out_json"));
  CHECK("call invalid UTF-8", cpay_call("lyra.sign", "{\"\xff\"}", &out) == CPAY_INVALID_UTF8 && field_is("input_json"));
  CHECK("call invalid JSON", cpay_call("lyra.sign", "{", &out) == CPAY_MALFORMED);
  CHECK("call unknown operation", cpay_call("nope.sign", "{}", &out) == CPAY_INVALID_VALUE && field_is("operation"));
  CHECK("call missing key", cpay_call("lyra.sign", "{\"fields\":{}}", &out) == CPAY_INVALID_KEY && field_is("key"));
  CHECK("call missing field", cpay_call("lyra.sign", "{\"key\":\"k\"}", &out) == CPAY_MISSING_FIELD && field_is("fields"));
  CHECK("error JSON", cpay_last_error_json() != NULL && strstr(cpay_last_error_json(), "\"code\":\"missing_field\""));
  const char *form = "{\"config\":{\"platform\":\"sogecommerce\",\"site_id\":\"12345678\",\"mode\":\"TEST\","
                     "\"test_key\":\"1122334455667788\"},\"payment\":{\"amount\":2990,\"trans_id\":362812,"
                     "\"trans_date\":\"2020-07-10T10:14:07Z\",\"customer\":{\"last_name\":\"Doe\\r\\nX\"}}}";
  CHECK("form error names the gateway field",
        cpay_call("lyra.form", form, &out) != CPAY_OK && field_is("vads_cust_last_name"));
  CHECK("no output on failure", out == NULL);
}

/* Eight threads sign, fail and verify at once; each must see its own results and its own last error. */
#define THREADS 8
#define ROUNDS 50

static struct cpay_computop_cipher *shared_cipher = NULL;

static void *worker(void *arg) {
  long *failures = arg;
  char *good = doc_fields(DOC_HMAC);
  for (int i = 0; i < ROUNDS; i++) {
    if (!signs_to(i % 2 ? "sha1" : "hmac-sha256", i % 2 ? DOC_SHA1 : DOC_HMAC)) (*failures)++;
    char *out = NULL;
    const char *key = (i % 3) ? "key" : "\"key\":1";
    char input[64];
    snprintf(input, sizeof input, "{\"fields\":{},%s}", key);
    cpay_status status = cpay_call("lyra.sign", input, &out);
    /* a missing key (MissingField on "key") or a number where a string is wanted (InvalidValue) */
    if (status != ((i % 3) ? CPAY_MALFORMED : CPAY_INVALID_VALUE) || out != NULL) (*failures)++;
    if (cpay_last_error_status() != status) (*failures)++;
    if (cpay_lyra_verify(good, KEY, "hmac-sha256") != CPAY_OK || cpay_last_error_json() != NULL) (*failures)++;
    char *data = NULL;
    size_t len = 0;
    if (cpay_computop_cipher_encrypt(shared_cipher, "plaintext", &data, &len) != CPAY_OK || len != 9 ||
        strcmp(data, "14ec7a6da0fbb3e50a84b47302443328") != 0)
      (*failures)++;
    cpay_string_free(data);
  }
  free(good);
  return NULL;
}

static void test_threads(void) {
  pthread_t threads[THREADS];
  long failures[THREADS] = {0};
  CHECK("shared cipher", cpay_computop_cipher_new("password", &shared_cipher) == CPAY_OK);
  for (int i = 0; i < THREADS; i++) CHECK("thread start", pthread_create(&threads[i], NULL, worker, &failures[i]) == 0);
  long total = 0;
  for (int i = 0; i < THREADS; i++) {
    pthread_join(threads[i], NULL);
    total += failures[i];
  }
  CHECK("8 threads concurrently", total == 0);
  cpay_computop_cipher_free(shared_cipher);
}

static int selftest(void) {
  test_statuses();
  test_lyra_sign();
  test_lyra_verify();
  test_computop();
  test_computop_cipher();
  test_ogone();
  test_sips();
  test_call();
  test_threads();
  printf("c selftest: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}

/* One line per case: op TAB input_json. */
static int vectors(void) {
  char *line = NULL;
  size_t capacity = 0;
  ssize_t length;
  while ((length = getline(&line, &capacity, stdin)) > 0) {
    if (line[length - 1] == '\n') line[length - 1] = '\0';
    char *tab = strchr(line, '\t');
    if (tab == NULL) {
      fprintf(stderr, "malformed line: %s\n", line);
      free(line);
      return 2;
    }
    *tab = '\0';
    char *out = NULL;
    cpay_status status = cpay_call(line, tab + 1, &out);
    if (status == CPAY_OK) {
      printf("OK\t%s\n", out);
      cpay_string_free(out);
    } else {
      const char *error = cpay_last_error_json();
      printf("ERR\t%u\t%s\t%s\n", (unsigned)status, cpay_status_name(status), error ? error : "null");
    }
  }
  free(line);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "selftest") == 0) return selftest();
  if (argc == 2 && strcmp(argv[1], "vectors") == 0) return vectors();
  fprintf(stderr, "usage: %s selftest|vectors\n", argv[0]);
  return 2;
}
