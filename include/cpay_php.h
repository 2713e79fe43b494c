/* Generated from include/cpay.h by ffi-c/tools/php_header.py for PHP FFI::cdef(); do not edit. */
enum cpay_status
 {
  CPAY_OK = 0,
  CPAY_MALFORMED = 7100,
  CPAY_TOO_LARGE = 7101,
  CPAY_MISSING_FIELD = 7102,
  CPAY_INVALID_FORMAT = 7103,
  CPAY_INVALID_VALUE = 7104,
  CPAY_NOT_ALLOWED = 7105,
  CPAY_INCONSISTENT = 7106,
  CPAY_UNSUPPORTED_ALGORITHM = 7107,
  CPAY_INVALID_KEY = 7108,
  CPAY_SIGNATURE_MISSING = 7200,
  CPAY_SIGNATURE_MISMATCH = 7201,
  CPAY_WRONG_SHOP = 7202,
  CPAY_WRONG_MODE = 7203,
  CPAY_WRONG_ORDER = 7204,
  CPAY_GATEWAY_ERROR = 7300,
  CPAY_UNEXPECTED_RESPONSE = 7301,
  CPAY_REFUND_NOT_ALLOWED = 7400,
  CPAY_NOT_ELIGIBLE = 7401,
  CPAY_NULL_PARAMETER = 7900,
  CPAY_INVALID_UTF8 = 7901,
  CPAY_PANIC = 7902,
  CPAY_UNKNOWN_ERROR = 7903,
};
typedef uint32_t cpay_status;
typedef struct cpay_computop_cipher cpay_computop_cipher;
cpay_status cpay_call(const char *operation,
                      const char *input_json,
                      char **out_json);
cpay_status cpay_operations(char **out_json);
const char *cpay_version(void);
cpay_status cpay_computop_encrypt(const char *plaintext,
                                  const char *key,
                                  char **out_data,
                                  size_t *out_len);
cpay_status cpay_computop_decrypt(const char *data_hex,
                                  size_t len,
                                  const char *key,
                                  char **out_plaintext);
cpay_status cpay_computop_mac(const char *message,
                              const char *key,
                              char **out_mac);
cpay_status cpay_computop_cipher_new(const char *key,
                                     struct cpay_computop_cipher **out_cipher);
cpay_status cpay_computop_cipher_encrypt(const struct cpay_computop_cipher *cipher,
                                         const char *plaintext,
                                         char **out_data,
                                         size_t *out_len);
cpay_status cpay_computop_cipher_decrypt(const struct cpay_computop_cipher *cipher,
                                         const char *data_hex,
                                         size_t len,
                                         char **out_plaintext);
void cpay_computop_cipher_free(struct cpay_computop_cipher *cipher);
cpay_status cpay_last_error_status(void);
const char *cpay_last_error_message(void);
const char *cpay_last_error_field(void);
const char *cpay_last_error_gateway_code(void);
const char *cpay_last_error_json(void);
cpay_status cpay_lyra_sign(const char *fields_json,
                           const char *key,
                           const char *algo,
                           char **out_signature);
cpay_status cpay_lyra_verify(const char *fields_json,
                             const char *key,
                             const char *algo);
cpay_status cpay_ogone_sign(const char *params_json,
                            const char *passphrase,
                            const char *algo,
                            const char *direction,
                            char **out_shasign);
cpay_status cpay_sips_seal(const char *data,
                           const char *key,
                           const char *algo,
                           char **out_seal);
const char *cpay_status_name(uint32_t status);
bool cpay_status_is_verification_failure(uint32_t status);
void cpay_string_free(char *s);
