/* A panic inside libcpay comes back to C as CPAY_PANIC with a last error, and the process goes on
 * (docs/security.md, "Panics across the FFI"). Built against a libcpay with the cargo feature `test-hooks` (make test-panic), whose
 * cpay_test_panic() panics inside the same boundary every entry point uses. */
#include <stdio.h>
#include <string.h>

#include "cpay.h"

cpay_status cpay_test_panic(void);

int main(void) {
    int failures = 0;
    for (int i = 0; i < 3; i++) { /* more than once: the library stays usable after a panic */
        cpay_status status = cpay_test_panic();
        const char *message = cpay_last_error_message();
        if (status != CPAY_PANIC || cpay_last_error_status() != CPAY_PANIC || message == NULL ||
            strstr(message, "panicked") == NULL) {
            fprintf(stderr, "panic %d: status %d, message %s\n", i, (int)status, message ? message : "(null)");
            failures++;
        }
    }
    /* And an ordinary call still works afterwards. */
    char *out = NULL;
    cpay_status status = cpay_call("lyra.trans_id", "{\"counter\": 1}", &out);
    if (status != CPAY_OK || out == NULL) {
        fprintf(stderr, "cpay_call after the panics: status %d\n", (int)status);
        failures++;
    }
    cpay_string_free(out);
    if (failures == 0) {
        printf("panic: 3 panics became CPAY_PANIC, the library went on\n");
    }
    return failures == 0 ? 0 : 1;
}
