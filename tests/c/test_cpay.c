/*
 * The C API of libcpay, exercised from C (run by `make test-c` under valgrind).
 *
 *   test_cpay selftest   bad inputs (NULL, invalid UTF-8, invalid JSON, unknown algorithm and operation),
 *                        the Lyra primitives, last-error semantics, 8 threads calling concurrently.
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
  CHECK("invalid JSON", cpay_lyra_sign("{\"vads_a\":", KEY, "sha1", &out) == CPAY_MALFORMED && field_is("fields_json"));
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

static void test_call(void) {
  char *out = NULL;
  CHECK("call NULL operation", cpay_call(NULL, "{}", &out) == CPAY_NULL_PARAMETER && field_is("operation"));
  CHECK("call NULL input", cpay_call("lyra.sign", NULL, &out) == CPAY_NULL_PARAMETER && field_is("input_json"));
  CHECK("call NULL out", cpay_call("lyra.sign", "{}", NULL) == CPAY_NULL_PARAMETER && field_is("out_json"));
  CHECK("call invalid UTF-8", cpay_call("lyra.sign", "{\"\xff\"}", &out) == CPAY_INVALID_UTF8 && field_is("input_json"));
  CHECK("call invalid JSON", cpay_call("lyra.sign", "{", &out) == CPAY_MALFORMED);
  CHECK("call unknown operation", cpay_call("nope.sign", "{}", &out) == CPAY_INVALID_VALUE && field_is("operation"));
  CHECK("call missing field", cpay_call("lyra.sign", "{\"fields\":{}}", &out) == CPAY_MISSING_FIELD && field_is("key"));
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
  }
  free(good);
  return NULL;
}

static void test_threads(void) {
  pthread_t threads[THREADS];
  long failures[THREADS] = {0};
  for (int i = 0; i < THREADS; i++) CHECK("thread start", pthread_create(&threads[i], NULL, worker, &failures[i]) == 0);
  long total = 0;
  for (int i = 0; i < THREADS; i++) {
    pthread_join(threads[i], NULL);
    total += failures[i];
  }
  CHECK("8 threads concurrently", total == 0);
}

static int selftest(void) {
  test_statuses();
  test_lyra_sign();
  test_lyra_verify();
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
