<?php
declare(strict_types=1);

namespace Cpay;

/**
 * Payline (Monext): the SOAP requests to send with the shop's own HTTP client and their answers (the
 * `payline.*` operations; docs/payline.md gives the shapes). cpay never opens a socket: the request
 * methods return an HttpRequest `{method, url, headers, body}` and the answer methods read the body back.
 *
 * `$account` is `['merchant_id' => …, 'environment' => 'homologation'|'production'|['custom' => url],
 * 'access_key' => …, 'version' => …?]`; it is sent beside the operation's own fields.
 */
final class Payline
{
    /**
     * The doWebPayment request (`payline.web_payment`).
     *
     * @param array<string, mixed> $account
     * @param array<string, mixed> $payment {contract_number, amount, currency?, order_ref, order_date, return_url, …}
     * @return array<string, mixed> an HttpRequest
     * @throws CpayException naming the field at fault
     */
    public static function webPayment(array $account, array $payment): array
    {
        return Cpay::call('payline.web_payment', self::flat($account, $payment));
    }

    /**
     * Read the doWebPayment answer (`payline.web_payment_answer`): `{code, short_message, long_message,
     * token, redirect_url}`.
     *
     * @return array<string, mixed>
     * @throws CpayException GatewayException when Payline refused the request
     */
    public static function webPaymentAnswer(string $body): array
    {
        return Cpay::call('payline.web_payment_answer', ['body' => $body]);
    }

    /**
     * Read a notification URL (`payline.notification`): `{notification_type, token, next_call,
     * next_operation}`. It is not proof of payment: call {@see Payline::details()} next.
     *
     * @param string $query the notification URL or its query string
     * @param string|null $storedToken the token stored with the order, checked against the notification's
     * @return array<string, mixed>
     * @throws CpayException
     */
    public static function notification(string $query, ?string $storedToken = null): array
    {
        $input = ['query' => $query];
        if ($storedToken !== null) {
            $input['stored_token'] = $storedToken;
        }
        return Cpay::call('payline.notification', $input);
    }

    /**
     * The getWebPaymentDetails request for `$token` (`payline.details`).
     *
     * @param array<string, mixed> $account
     * @return array<string, mixed> an HttpRequest
     * @throws CpayException
     */
    public static function details(array $account, string $token): array
    {
        return Cpay::call('payline.details', self::flat($account, ['token' => $token]));
    }

    /**
     * The Outcome of a getWebPaymentDetails answer (`payline.outcome`).
     *
     * @param array<string, mixed> $expected {order_ref?, token?, amount?}: what the shop expects
     * @return array<string, mixed>
     * @throws CpayException VerificationException when the answer is for another order or token
     */
    public static function outcome(string $body, ?string $token = null, array $expected = []): array
    {
        $input = ['body' => $body, 'expected' => Cpay::object($expected)];
        if ($token !== null) {
            $input['token'] = $token;
        }
        return Cpay::call('payline.outcome', $input);
    }

    /**
     * The doCapture request (`payline.capture`).
     *
     * @param array<string, mixed> $account
     * @param array<string, mixed> $capture {transaction_id, amount, currency?, contract_number, sequence_number?, authorized_at?, now?}
     * @return array<string, mixed> an HttpRequest
     * @throws CpayException RuleException when the capture window is over
     */
    public static function capture(array $account, array $capture): array
    {
        return Cpay::call('payline.capture', self::flat($account, $capture));
    }

    /**
     * Read the doCapture answer (`payline.capture_answer`): `{code, …, transaction_id, transaction_date}`.
     *
     * @return array<string, mixed>
     * @throws CpayException GatewayException when Payline refused the capture
     */
    public static function captureAnswer(string $body): array
    {
        return Cpay::call('payline.capture_answer', ['body' => $body]);
    }

    /**
     * The doRefund request (`payline.refund`), after the refund rules (window, amount) are checked.
     *
     * @param array<string, mixed> $account
     * @param array<string, mixed> $refund {transaction_id, amount, currency?, contract_number, paid_at, now, captured, refunded?, comment?}
     * @return array<string, mixed> an HttpRequest
     * @throws CpayException RuleException (REFUND_NOT_ALLOWED) when the refund is not allowed
     */
    public static function refund(array $account, array $refund): array
    {
        return Cpay::call('payline.refund', self::flat($account, $refund));
    }

    /**
     * Read the doRefund answer (`payline.refund_answer`): `{code, …, transaction_id, transaction_date}`.
     *
     * @return array<string, mixed>
     * @throws CpayException GatewayException when Payline refused the refund
     */
    public static function refundAnswer(string $body): array
    {
        return Cpay::call('payline.refund_answer', ['body' => $body]);
    }

    /**
     * The operations take the account beside their own fields; a field in both is refused rather than
     * one silently winning.
     *
     * @param array<string, mixed> $account
     * @param array<string, mixed> $fields
     * @return array<string, mixed>
     * @throws CpayException
     */
    private static function flat(array $account, array $fields): array
    {
        foreach (array_keys($fields) as $name) {
            if (array_key_exists($name, $account)) {
                throw CpayException::create(CpayException::INCONSISTENT, "$name is given twice (account and operation)", (string) $name);
            }
        }
        return $account + $fields;
    }
}
