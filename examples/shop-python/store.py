"""The shop's orders, in SQLite (the default) or PostgreSQL (``DATABASE_URL=postgresql://…``).

Two tables: ``orders`` (what ``cpay.plan.order_state`` needs back: status, idempotency key, captured amount,
refunds, shipped) and ``order_events`` (one row per state change). The one function that changes an order's
state is :meth:`Store.apply`: it reads the order *locked*, asks cpay what the verified outcome does to it, and
writes the result and its event in the same transaction, so that two server processes receiving the same
notification at once change the order once (see README.md, "Duplicate notifications on several processes").
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Tuple, cast

import cpay
from cpay.types import OrderState, OrderStatus

SCHEMA_SQLITE = """
CREATE TABLE IF NOT EXISTS orders (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    way TEXT NOT NULL,
    gateway TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL DEFAULT 'EUR',
    trans_id TEXT NOT NULL,
    status TEXT NOT NULL,
    idempotency_key TEXT,
    reference TEXT,
    captured INTEGER,
    refunds TEXT NOT NULL DEFAULT '[]',
    shipped INTEGER NOT NULL DEFAULT 0,
    notified INTEGER NOT NULL DEFAULT 0,
    paid_at TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS shop_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS order_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL REFERENCES orders(id),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    idempotency_key TEXT,
    at TEXT NOT NULL
);
"""

SCHEMA_POSTGRES = SCHEMA_SQLITE.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY").replace(
    "INTEGER", "BIGINT"
)


def now_iso() -> str:
    """UTC now, ISO 8601 with seconds (what cpay's date fields take)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass
class Order:
    """One row of ``orders``."""

    seq: int
    id: str
    way: str
    gateway: str
    amount: int
    currency: str
    trans_id: str
    status: str
    idempotency_key: Optional[str]
    reference: Optional[str]
    captured: Optional[int]
    refunds: List[Dict[str, Any]] = field(default_factory=list)
    shipped: bool = False
    notified: bool = False
    paid_at: Optional[str] = None
    created_at: str = ""

    @property
    def refunded(self) -> int:
        return sum(int(r.get("amount", 0)) for r in self.refunds)

    def state(self) -> OrderState:
        """The order as ``plan.order_state`` wants it (everything its last decision returned)."""
        return {
            "status": cast(OrderStatus, self.status),
            "key": self.idempotency_key,
            "amount": self.amount,
            "currency": self.currency,
            "captured": self.captured,
            "refunds": self.refunds,
            "shipped": self.shipped,
        }


COLUMNS = (
    "seq, id, way, gateway, amount, currency, trans_id, status, idempotency_key, reference, captured, refunds, "
    "shipped, notified, paid_at, created_at"
)


def _order(row: Tuple[Any, ...]) -> Order:
    values = list(row)
    values[11] = json.loads(values[11] or "[]")
    values[12] = bool(values[12])
    values[13] = bool(values[13])
    return Order(*values)


class Store:
    """Orders in one database; every method opens its own connection (one per request, any process)."""

    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith(("postgresql://", "postgres://")):
            self.kind = "postgres"
        elif url.startswith("sqlite:///"):
            self.kind = "sqlite"
            self.path = url[len("sqlite://") :]  # sqlite:///abs/path.db → /abs/path.db
        else:
            raise ValueError("DATABASE_URL must be sqlite:///path or postgresql://…")
        self.mark = "%s" if self.kind == "postgres" else "?"

    # -- connections ---------------------------------------------------------------------------------------

    def _connect(self) -> Any:
        if self.kind == "postgres":
            import psycopg  # imported here: a SQLite shop does not need it

            return psycopg.connect(self.url)
        # isolation_level=None: we issue BEGIN ourselves (BEGIN IMMEDIATE for a state change).
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[Any]:
        """A transaction; for SQLite ``write`` takes the database's write lock at once (BEGIN IMMEDIATE), so that
        two processes never read the same order state and both update it."""
        conn = self._connect()
        try:
            if self.kind == "sqlite":
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            cur = conn.cursor()
            yield cur
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()

    def sql(self, text: str) -> str:
        return text.replace("?", self.mark)

    def init(self) -> None:
        schema = SCHEMA_POSTGRES if self.kind == "postgres" else SCHEMA_SQLITE
        conn = self._connect()
        try:
            if self.kind == "postgres":
                # Two processes starting at once: serialise the CREATE TABLEs.
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(4242)")
                    for statement in filter(str.strip, schema.split(";")):
                        conn.execute(statement)
            else:
                conn.executescript(schema)
            # Lyra wants a vads_trans_id unique per shop and day: the counter starts at a random point of the
            # 0-899999 range, so that a new database does not reuse the numbers of the one before it today.
            with self.transaction(write=True) as cur:
                cur.execute(
                    self.sql(
                        "INSERT INTO shop_settings (name, value) VALUES ('trans_id_offset', ?) ON CONFLICT DO NOTHING"
                    ),
                    (str(secrets.randbelow(900000)),),
                )
        finally:
            conn.close()

    # -- orders --------------------------------------------------------------------------------------------

    def create(self, order_id: str, way: str, gateway: str, amount: int) -> Order:
        """A new order (status ``new``, cpay's name for an order not yet paid) with its own transaction number."""
        with self.transaction(write=True) as cur:
            cur.execute(
                self.sql(
                    "INSERT INTO orders (id, way, gateway, amount, trans_id, status, created_at) "
                    "VALUES (?, ?, ?, ?, '', 'new', ?) RETURNING seq"
                ),
                (order_id, way, gateway, amount, now_iso()),
            )
            seq = int(cur.fetchone()[0])
            cur.execute("SELECT value FROM shop_settings WHERE name = 'trans_id_offset'")
            offset = int(cur.fetchone()[0])
            # Lyra's vads_trans_id: six digits, unique per shop and day; the sequence is shared by every process.
            trans_id = cpay.lyra.trans_id((offset + seq) % 900000)
            cur.execute(self.sql("UPDATE orders SET trans_id = ? WHERE seq = ?"), (trans_id, seq))
        order = self.find(order_id)
        assert order is not None
        return order

    def find(self, order_id: Optional[str]) -> Optional[Order]:
        if not order_id:
            return None
        with self.transaction(write=False) as cur:
            cur.execute(self.sql(f"SELECT {COLUMNS} FROM orders WHERE id = ?"), (order_id,))
            row = cur.fetchone()
        return _order(row) if row else None

    def all(self) -> List[Order]:
        with self.transaction(write=False) as cur:
            cur.execute(f"SELECT {COLUMNS} FROM orders ORDER BY seq DESC")
            return [_order(r) for r in cur.fetchall()]

    def paid_transitions(self, order_id: str) -> int:
        with self.transaction(write=False) as cur:
            cur.execute(
                self.sql("SELECT COUNT(*) FROM order_events WHERE order_id = ? AND to_status = 'accepted'"),
                (order_id,),
            )
            return int(cur.fetchone()[0])

    def events(self, order_id: str) -> List[Dict[str, Any]]:
        with self.transaction(write=False) as cur:
            cur.execute(
                self.sql(
                    "SELECT from_status, to_status, idempotency_key, at FROM order_events WHERE order_id = ? "
                    "ORDER BY id"
                ),
                (order_id,),
            )
            return [dict(zip(("from", "to", "idempotency_key", "at"), r)) for r in cur.fetchall()]

    def apply(self, order_id: str, outcome: cpay.types.Outcome, *, notified: bool = False) -> Optional[str]:
        """Apply a verified outcome to its order, atomically: the state change happens at most once.

        The order is read under a lock (SQLite: the transaction began IMMEDIATE, so it holds the database's write
        lock; PostgreSQL: ``SELECT … FOR UPDATE`` locks the row until COMMIT), ``plan.order_state`` decides from
        what is stored, and the new state and its ``order_events`` row are written before the lock is released.
        A second process delivering the same notification waits for the lock, then reads the updated order, and
        cpay calls it a duplicate. Returns the decision (``apply``, ``duplicate``, ``conflict``…), or None when
        the order is unknown.
        """
        lock = " FOR UPDATE" if self.kind == "postgres" else ""
        with self.transaction(write=True) as cur:
            cur.execute(self.sql(f"SELECT {COLUMNS} FROM orders WHERE id = ?{lock}"), (order_id,))
            row = cur.fetchone()
            if row is None:
                return None
            order = _order(row)
            decision = cpay.plan.order_state(order.state(), outcome)
            if notified and not order.notified:
                cur.execute(self.sql("UPDATE orders SET notified = 1 WHERE id = ?"), (order_id,))
            if decision.decision != "apply":
                return decision.decision
            paid_at = order.paid_at
            if decision.status == "accepted" and order.status != "accepted" and outcome.operation == "payment":
                paid_at = now_iso()
            reference = order.reference
            if outcome.operation == "payment" and outcome.gateway_reference:
                reference = outcome.gateway_reference
            cur.execute(
                self.sql(
                    "UPDATE orders SET status = ?, idempotency_key = ?, captured = ?, refunds = ?, shipped = ?, "
                    "reference = ?, paid_at = ? WHERE id = ?"
                ),
                (
                    decision.status,
                    decision.key,
                    decision.captured,
                    json.dumps([{"key": r.key, "amount": r.amount} for r in decision.refunds]),
                    1 if decision.shipped else 0,
                    reference,
                    paid_at,
                    order_id,
                ),
            )
            cur.execute(
                self.sql(
                    "INSERT INTO order_events (order_id, from_status, to_status, idempotency_key, at) "
                    "VALUES (?, ?, ?, ?, ?)"
                ),
                (order_id, order.status, decision.status, outcome.idempotency_key, now_iso()),
            )
            # decision.ship: hand the order to the warehouse here (once: cpay says it once per payment).
            return decision.decision
