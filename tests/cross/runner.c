/* The C runner of the cross-language test (tests/cross/driver.py): libcpay's cpay_call on every case.
 * First line: the error table {"errors":[{name, number, verification_failure}]} from cpay_status_name and
 * cpay_status_is_verification_failure; then for each stdin line "op<TAB>input_json" one line {"output": …} or
 * {"error": {code, number, field}}. */
#include <cpay.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_string(const char *s) {
  if (s == NULL) { fputs("null", stdout); return; }
  putchar('"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') printf("\\%c", *s);
    else if ((unsigned char)*s < 0x20) printf("\\u%04x", *s);
    else putchar(*s);
  }
  putchar('"');
}

int main(void) {
  fputs("{\"errors\":[", stdout);
  bool first = true;
  for (uint32_t n = 7000; n < 8000; n++) {
    const char *name = cpay_status_name(n);
    if (strcmp(name, "unknown_error") == 0 && n != CPAY_UNKNOWN_ERROR) continue;
    printf("%s{\"name\":", first ? "" : ",");
    put_string(name);
    printf(",\"number\":%u,\"verification_failure\":%s}", n, cpay_status_is_verification_failure(n) ? "true" : "false");
    first = false;
  }
  puts("]}");
  char *line = NULL;
  size_t size = 0;
  ssize_t len;
  while ((len = getline(&line, &size, stdin)) > 0) {
    if (line[len - 1] == '\n') line[len - 1] = '\0';
    char *tab = strchr(line, '\t');
    if (tab == NULL) return 2;
    *tab = '\0';
    char *out = NULL;
    cpay_status status = cpay_call(line, tab + 1, &out);
    if (status == CPAY_OK) {
      printf("{\"output\":%s}\n", out);
      cpay_string_free(out);
    } else {
      fputs("{\"error\":{\"code\":", stdout);
      put_string(cpay_status_name(status));
      printf(",\"number\":%u,\"field\":", (unsigned)status);
      put_string(cpay_last_error_field());
      puts("}}");
    }
    fflush(stdout);
  }
  free(line);
  return 0;
}
