"""A slow e-mail backend for the worker's kill test: each message takes
TORGET_TEST_MAIL_DELAY seconds, then its recipient is appended to TORGET_TEST_MAIL_FILE (a
line per message sent, so the test counts what left)."""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        delay = float(os.environ.get("TORGET_TEST_MAIL_DELAY", "0.3"))
        sent = 0
        for message in email_messages:
            time.sleep(delay)
            with open(os.environ["TORGET_TEST_MAIL_FILE"], "a") as f:
                f.write(",".join(message.to) + "\n")
                f.flush()
                os.fsync(f.fileno())
            sent += 1
        return sent
