"""The back office of the apps below places (accounts and the outbox), registered here at
the top: their admins use the back-office rules (`torget.places.backoffice`), which read
hubs, and an app must not import one above it."""

from torget.site.admin import accounts, jobs, outbox  # noqa: F401 (registers the admins)
