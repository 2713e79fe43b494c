<?php
/**
 * The shop's orders in SQLite through PDO: the order as cpay's `plan.order_state` reads and returns it, the
 * gateway references needed later (refund, status check), and an `order_events` log of every change. (In
 * PrestaShop the module would keep this in its own table beside `ps_orders` and call
 * `$order->setCurrentState()`.)
 *
 * Several PHP workers may share the file (two IPN copies at once): each change is read-decide-write inside
 * one `BEGIN IMMEDIATE` transaction, which takes SQLite's write lock before the read, so the second copy
 * reads what the first stored and `plan.order_state` calls it a duplicate. PDO's beginTransaction() would
 * issue a deferred BEGIN, whose read does not hold the lock: hence the explicit statement.
 */
declare(strict_types=1);

namespace CpayCetelem;

use Cpay\Plan;
use PDO;

final class Orders
{
    /** cpay's name of the paid status (`plan.order_state`); `paid_transitions` counts changes to it. */
    public const PAID = 'accepted';

    private const SCHEMA = <<<'SQL'
        CREATE TABLE IF NOT EXISTS orders (
          id TEXT PRIMARY KEY,
          way TEXT NOT NULL,
          gateway TEXT NOT NULL,
          amount INTEGER NOT NULL,
          currency TEXT NOT NULL DEFAULT 'EUR',
          status TEXT NOT NULL,
          key TEXT,
          captured INTEGER,
          refunds TEXT NOT NULL DEFAULT '[]',
          shipped INTEGER NOT NULL DEFAULT 0,
          trans_id TEXT NOT NULL,
          gateway_ref TEXT,
          notify_answered INTEGER NOT NULL DEFAULT 0,
          paid_at TEXT,
          created_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS order_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          order_id TEXT NOT NULL REFERENCES orders(id),
          from_status TEXT,
          to_status TEXT NOT NULL,
          idempotency_key TEXT,
          at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS order_events_order ON order_events(order_id);
        CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        SQL;

    private PDO $db;

    public function __construct(string $file)
    {
        // PDO::ATTR_TIMEOUT is SQLite's busy timeout: a writer waits for the other one's transaction.
        $this->db = new PDO("sqlite:$file", null, null, [
            PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
            PDO::ATTR_DEFAULT_FETCH_MODE => PDO::FETCH_ASSOC,
            PDO::ATTR_TIMEOUT => 10,
        ]);
        $this->db->exec('PRAGMA journal_mode = WAL');
        $this->db->exec('PRAGMA foreign_keys = ON');
        $this->db->exec(self::SCHEMA);
    }

    /**
     * Run `$work` inside BEGIN IMMEDIATE … COMMIT (ROLLBACK on any exception).
     *
     * @template T
     * @param callable(): T $work
     * @return T
     */
    private function immediate(callable $work): mixed
    {
        $this->db->exec('BEGIN IMMEDIATE');
        try {
            $result = $work();
            $this->db->exec('COMMIT');
            return $result;
        } catch (\Throwable $e) {
            $this->db->exec('ROLLBACK');
            throw $e;
        }
    }

    private static function now(): string
    {
        return gmdate('Y-m-d\TH:i:s\Z');
    }

    /**
     * A new order (`new`), its creation logged. `vads_trans_id` must be unique per shop and day: the counter
     * starts at a random point of Lyra's range when the database is created, so a fresh database against a
     * long-running sandbox does not reuse the morning's ids.
     *
     * @return array{id: string, counter: int}
     */
    public function create(string $way, string $gateway, int $amount): array
    {
        return $this->immediate(function () use ($way, $gateway, $amount): array {
            $this->db->prepare('INSERT OR IGNORE INTO counters (name, value) VALUES (?, ?)')
                ->execute(['trans', random_int(0, 800000)]);
            $this->db->exec("UPDATE counters SET value = value + 1 WHERE name = 'trans'");
            $counter = (int) $this->db->query("SELECT value FROM counters WHERE name = 'trans'")->fetchColumn();
            $id = 'CMD' . strtoupper(bin2hex(random_bytes(5)));
            $at = self::now();
            $this->db->prepare("INSERT INTO orders (id, way, gateway, amount, status, trans_id, created_at)
                VALUES (?, ?, ?, ?, 'new', ?, ?)")
                ->execute([$id, $way, $gateway, $amount, $gateway === 'computop' ? $id : (string) $counter, $at]);
            $this->db->prepare('INSERT INTO order_events (order_id, from_status, to_status, idempotency_key, at)
                VALUES (?, NULL, ?, NULL, ?)')->execute([$id, 'new', $at]);
            return ['id' => $id, 'counter' => $counter];
        });
    }

    /** @return array<string, mixed>|null */
    public function get(string $id): ?array
    {
        $statement = $this->db->prepare('SELECT * FROM orders WHERE id = ?');
        $statement->execute([$id]);
        $order = $statement->fetch();
        return $order === false ? null : $order;
    }

    /** @return list<array<string, mixed>> */
    public function all(): array
    {
        return $this->db->query('SELECT * FROM orders ORDER BY created_at DESC')->fetchAll();
    }

    /** @param array<string, mixed> $order */
    public static function refunded(array $order): int
    {
        return array_sum(array_map(static fn (array $r): int => (int) $r['amount'], json_decode($order['refunds'], true) ?: []));
    }

    /**
     * The API view of an order: what the browser tests read.
     *
     * @return array<string, mixed>|null
     */
    public function view(string $id): ?array
    {
        $order = $this->get($id);
        if ($order === null) {
            return null;
        }
        $paid = $this->db->prepare('SELECT count(*) FROM order_events WHERE order_id = ? AND to_status = ?');
        $paid->execute([$id, self::PAID]);
        $events = $this->db->prepare('SELECT from_status, to_status, idempotency_key, at FROM order_events WHERE order_id = ? ORDER BY id');
        $events->execute([$id]);
        return [
            'id' => $order['id'],
            'status' => $order['status'],
            'gateway' => $order['gateway'],
            'way' => $order['way'],
            'amount' => (int) $order['amount'],
            'refunded' => self::refunded($order),
            'paid_transitions' => (int) $paid->fetchColumn(),
            'events' => $events->fetchAll(),
        ];
    }

    /** Record a gateway reference (PayID, uuid) learnt from a verified message; never changes the status. */
    public function remember(string $id, string $gatewayRef): void
    {
        $this->db->prepare('UPDATE orders SET gateway_ref = coalesce(gateway_ref, ?) WHERE id = ?')->execute([$gatewayRef, $id]);
    }

    /**
     * Apply one verified outcome to order `$id` as `plan.order_state` decides, atomically: read, decide,
     * store what the decision returns, log the change. `$serverToServer` marks the gateway's notification as
     * answered (Computop requires it before a credit). Returns the decision.
     *
     * @param array<string, mixed> $outcome
     * @return array<string, mixed>
     */
    public function apply(string $id, array $outcome, bool $serverToServer = false): array
    {
        return $this->immediate(function () use ($id, $outcome, $serverToServer): array {
            $order = $this->get($id);
            if ($order === null) {
                throw new \RuntimeException("unknown order $id");
            }
            $decision = Plan::orderState([
                'status' => $order['status'],
                'key' => $order['key'],
                'amount' => (int) $order['amount'],
                'currency' => $order['currency'],
                'captured' => $order['captured'] === null ? null : (int) $order['captured'],
                'refunds' => json_decode($order['refunds'], true) ?: [],
                'shipped' => (int) $order['shipped'] === 1,
            ], $outcome);
            if ($decision['decision'] === 'apply') {
                $at = self::now();
                $operation = $outcome['operation'] ?? 'payment';
                $isPayment = in_array($operation, ['payment', 'capture'], true);
                $paidNow = $decision['status'] === self::PAID && $order['status'] !== self::PAID && $isPayment;
                $ref = $outcome['gateway_reference'] ?? null;
                $this->db->prepare('UPDATE orders SET status = ?, key = ?, captured = ?, refunds = ?, shipped = ?,
                    gateway_ref = CASE WHEN ? AND ? IS NOT NULL THEN ? ELSE gateway_ref END,
                    paid_at = CASE WHEN ? THEN ? ELSE paid_at END WHERE id = ?')->execute([
                    $decision['status'], $decision['key'] ?? null, $decision['captured'] ?? null,
                    json_encode($decision['refunds']), ($decision['shipped'] || $decision['ship']) ? 1 : 0,
                    $isPayment ? 1 : 0, $ref, $ref, $paidNow ? 1 : 0, $at, $id,
                ]);
                if ($decision['status'] !== $order['status']) {
                    $this->db->prepare('INSERT INTO order_events (order_id, from_status, to_status, idempotency_key, at)
                        VALUES (?, ?, ?, ?, ?)')->execute([$id, $order['status'], $decision['status'], $outcome['idempotency_key'], $at]);
                }
            }
            if ($serverToServer) {
                $this->db->prepare('UPDATE orders SET notify_answered = 1 WHERE id = ?')->execute([$id]);
            }
            // A real module hands the order to its warehouse when $decision['ship'] is true (once per order).
            return $decision;
        });
    }
}
