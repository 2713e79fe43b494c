ts/header.d.ts

/**
 * Run the core operation `op` on `input` (an object shaped as the operation's JSON schema) and return its
 * result as a plain object. Every operation in `operations()` is reachable this way.
 */
export declare function call(op: string, input: object): any

/** The table of stable error codes: `{ signature_mismatch: 7201, … }` (the same numbers in every language). */
export declare function errorCodes(): Record<CpayErrorCode, number>

/** How `lyra.form` renders the HTML. */
export interface FormOptions {
  /** Render a page that submits itself on load (default `false`: a plain form with a button). */
  autoSubmit?: boolean
  /** The button's label (default `"Payer"`). */
  submitLabel?: string
}

/** The keys that may have hashed a `kr-answer`. */
export interface KrKeys {
  /** The HMAC-SHA-256 key (browser return, `kr-hash-key=sha256_hmac`). */
  hmacKey?: string
  /** The REST password (IPN, `kr-hash-key=password`). */
  password?: string
}

/** The names of every operation `call` serves, e.g. `["lyra.sign", …]`. */
export declare function operations(): Array<string>

/** The version of the cpay core inside this addon. */
export declare function version(): string

export declare namespace lyra {
  /** The REST request that cancels a payment not yet captured. */
  export function cancel(config: LyraConfig, uuid: string, comment?: string): HttpRequest
  /** The signed payment form for `payment` at the shop `config`: `{form: {action, method, fields}, html}`. */
  export function form(config: LyraConfig, payment: LyraPayment, options?: FormOptions): LyraForm
  /** The REST request that reads a transaction's current state. */
  export function get(config: LyraConfig, uuid: string): HttpRequest
  /**
   * Verify the `kr-hash` of a REST / JavaScript-client notification (the raw url-encoded body) and
   * classify its `kr-answer`: an `Outcome`.
   */
  export function krAnswer(body: string, keys: KrKeys): Outcome
  /**
   * Verify an IPN or browser return and classify it: `{outcome, reply}`. `request` is the raw url-encoded
   * body (a string, as received) or the already-decoded fields (an object). `expected` (`order_id`,
   * `trans_id`, `amount`) rejects a genuine message for another order. Answer the gateway with `reply`;
   * a rejected message throws a `CpayError` whose `reply` is the answer to give instead.
   */
  export function notification(config: LyraConfig, request: string | Record<string, string>, expected?: LyraExpected): Notification
  /** The REST request that refunds (part of) a captured payment, once the refund rules allow it. */
  export function refund(config: LyraConfig, refund: LyraRefund): HttpRequest
  /**
   * The `answer` of a REST web-service response, after checking its envelope (throws `gateway_error` with
   * the gateway's code for an error answer).
   */
  export function restAnswer(response: HttpResponse): any
  /**
   * The signature of the `vads_*` fields among `fields` (others are ignored) with the shop's key:
   * base64 HMAC-SHA-256 (`algo` `"hmac-sha256"`, the default) or hex SHA-1 (`"sha1"`).
   */
  export function sign(fields: Record<string, string>, key: string, algo?: LyraAlgorithm): string
  /** The 6-digit `vads_trans_id` for the shop's own counter (wrapping below 900000). */
  export function transId(counter: number): string
  /** The REST request that validates a payment waiting for manual validation. */
  export function validate(config: LyraConfig, uuid: string, comment?: string): HttpRequest
  /**
   * Whether `fields.signature` is the signature of the other fields, compared in constant time. Throws
   * `signature_missing` when there is no `signature` field. This is the raw primitive: to accept a payment,
   * use `lyra.notification`, which also checks the shop, the mode and the order.
   */
  export function verify(fields: Record<string, string>, key: string, algo?: LyraAlgorithm): boolean
}
