<?php
declare(strict_types=1);

namespace Cpay;

/**
 * The gateway-neutral rules (the `plan.*` operations; docs/plans.md gives every shape): instalment
 * schedules, eligibility, refunds, the tender split, the 3-D Secure policy and the order state machine.
 * Dates are `YYYY-MM-DD`, instants RFC 3339, amounts integer minor units.
 */
final class Plan
{
    /**
     * The instalments of a plan (`plan.schedule`): `['installments' => [['date' => …, 'amount' => …], …]]`.
     *
     * @param array<string, mixed> $plan {method: "fullcb-3x"|"fullcb-4x", total, first_date} or
     *                                   {method: "custom", total, count, period_days|period_months, first_date, …}
     * @return array<string, mixed>
     * @throws CpayException
     */
    public static function schedule(array $plan): array
    {
        return Cpay::call('plan.schedule', $plan);
    }

    /**
     * Whether a payment may use a method (`plan.eligible`): `['eligible' => bool, 'reason' => …]`.
     *
     * @param array<string, mixed> $payment {method, gateway, amount, currency, country?, capture?, …}
     * @return array<string, mixed>
     * @throws CpayException
     */
    public static function eligible(array $payment): array
    {
        return Cpay::call('plan.eligible', $payment);
    }

    /**
     * Whether a refund is allowed and up to how much (`plan.refund`): `['allowed' => bool, 'max' => …, 'reason' => …]`.
     *
     * @param array<string, mixed> $refund {gateway, method, option?, paid_at, now, captured, refunded?, amount}
     * @return array<string, mixed>
     * @throws CpayException
     */
    public static function refund(array $refund): array
    {
        return Cpay::call('plan.refund', $refund);
    }

    /**
     * Split a basket between promo codes, vouchers, credit balance and the card (`plan.split`).
     *
     * @param array<string, mixed> $basket {total, promo_codes?, vouchers?, credit_balance?, waiting_account?, card?}
     * @return array<string, mixed> {total, discount, due, lines, card, card_eligibility?}
     * @throws CpayException
     */
    public static function split(array $basket): array
    {
        return Cpay::call('plan.split', $basket);
    }

    /**
     * Whether to ask for 3-D Secure (`plan.three_ds`): `['three_ds' => bool, 'reason' => …]`.
     *
     * @param array<string, mixed> $policy {policy: "always"|"never"|"near_event", days?, payment_date, event_dates?, method?}
     * @return array<string, mixed>
     * @throws CpayException
     */
    public static function threeDs(array $policy): array
    {
        return Cpay::call('plan.three_ds', $policy);
    }

    /**
     * What to do with an order given a verified Outcome (`plan.order_state`): `{decision, status, key?,
     * ship, reason}` — idempotent for repeated notifications.
     *
     * @param array<string, mixed> $current {status, key?, amount?, currency?}: the order as stored
     * @param array<string, mixed> $outcome an Outcome from a notification or response method
     * @return array<string, mixed>
     * @throws CpayException
     */
    public static function orderState(array $current, array $outcome): array
    {
        return Cpay::call('plan.order_state', ['current' => $current, 'outcome' => $outcome]);
    }
}
