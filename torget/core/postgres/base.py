"""Django's PostgreSQL backend with a health check that costs no round trip.

Torget keeps connections between requests (CONN_MAX_AGE) and checks one before a request
reuses it (CONN_HEALTH_CHECKS), so that a database restart costs no request a 500. Django's
check is a `SELECT 1`: one more round trip on every request, as dear as a booking's own
statements. A connection the server has closed (a restart, `pg_terminate_backend`, an
idle timeout) tells the client by the socket becoming readable (its last message, then
end of file); an idle connection in good health has nothing to read. So the check asks the
socket, without writing to it.
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        conn = self.connection
        if conn is None or conn.closed or conn.pgconn.status != pq.ConnStatus.OK:
            return False
        if conn.pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return super().is_usable()  # mid-transaction: only a statement can tell
        # poll, not select: select cannot watch a descriptor numbered 1024 or above, which a
        # busy server process reaches, and every connection would then look broken.
        poller = select.poll()
        try:
            poller.register(conn.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
            ready = poller.poll(0)
        except (OSError, ValueError):
            return False
        # Something to read on an idle connection is the server's goodbye (or, rarely, a
        # notice): either way a fresh connection is the safe choice.
        return not ready
