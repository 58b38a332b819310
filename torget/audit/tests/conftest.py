from torget.booking.tests.conftest import frozen_now, room  # noqa: F401  the booking tests' own
