"""What every part of the store shares: the engine, the clock and the dialect."""

from __future__ import annotations

import sqlalchemy as sa

from mailbrake.clock import Clock


class StoreBase:
    """Holds the engine; the domain verbs live in mixins, one module per family."""

    def __init__(self, engine: sa.Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def close(self) -> None:
        self.engine.dispose()
