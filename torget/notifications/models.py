"""The outbox: every e-mail and SMS is queued here and sent after commit."""
