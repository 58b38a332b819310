"""Demo data for the ledger: deliberately none yet.

The ledger is written by the services that own the things that happened, so the demo's
rows come from the other apps' demo data as those capabilities arrive (a demo booking
records its row through `ledger.services.ledger_record`). The year 2023 will hold only
imported rows, loaded here by the key-figures/import capability so that the demo's 2023
key figures equal the memo's; until that import exists this module writes nothing.
"""


def load() -> None:
    """Nothing to load until the import capability adds the 2023 rows (see the module doc)."""
