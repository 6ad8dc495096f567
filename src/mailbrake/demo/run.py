"""The demo's steps, each a plain function over the same store, settings and sink."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mailbrake.clock import Clock
from mailbrake.demo.people import INTERNAL_DOMAIN, write_people
from mailbrake.importer import import_csv
from mailbrake.pipeline.compose import Draft, compose
from mailbrake.settings import Settings
from mailbrake.store import Store

Say = Callable[[str], None]
LIST_NAME = "everyone"


@dataclass(frozen=True, slots=True)
class DemoPlace:
    """Where a demo run keeps its files, so the user can look at them afterwards."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "mailbrake.toml"

    @property
    def database(self) -> Path:
        return self.root / "demo.db"

    @property
    def sink(self) -> Path:
        return self.root / "sink"

    def write_config(self, smtp_port: int) -> None:
        self.config.write_text(
            f'database_url = "sqlite:///{self.database}"\n'
            f'smtp_url = "smtp://127.0.0.1:{smtp_port}"\n'
            f'sink_dir = "{self.sink}"\n'
            f'secret_file = "{self.root / "mailbrake.secret"}"\n'
            f'internal_domains = ["{INTERNAL_DOMAIN}"]\n',
            encoding="utf-8",
        )


def template_file(name: str) -> Path:
    return Path(str(resources.files("mailbrake.demo") / "templates" / name))


def import_people(store: Store, place: DemoPlace, count: int, say: Say) -> int:
    csv_path = place.root / "people.csv"
    write_people(csv_path, count)
    store.create_list(LIST_NAME)
    report = import_csv(store, LIST_NAME, csv_path)
    say(f"Imported {report.joined:,} subscribers from {csv_path} into list '{LIST_NAME}'.")
    return report.joined


def create_newsletter(store: Store, say: Say) -> int:
    draft = Draft(
        list_name=LIST_NAME,
        from_addr=f"Internal Communications <comms@{INTERNAL_DOMAIN}>",
        subject="{{ first_name }}, the quarterly newsletter",
        text_file=template_file("newsletter.txt"),
        html_file=template_file("newsletter.html"),
    )
    mailout_id = compose(store, draft, created_by=f"comms@{INTERNAL_DOMAIN}")
    say(f"Created mailout {mailout_id}: a personalised newsletter (text + HTML).")
    return mailout_id


def send_simply(store: Store, settings: Settings, clock: Clock, mailout_id: int) -> int:
    """Render every recipient's copy and hand it to the SMTP transport; returns accepted."""
    from mailbrake.pipeline.render import factory_for
    from mailbrake.transport import make_transport

    mailout = store.get_mailout(mailout_id)
    factory = factory_for(mailout, settings.resolved_secret(), settings.public_url, clock.now())

    async def run() -> int:
        transport = make_transport(settings)
        accepted = 0
        try:
            batch = []
            for recipient in store.iter_recipients(mailout.list_id):
                batch.append(factory.build(recipient))
                if len(batch) == 200:
                    accepted += sum(r.is_success for r in await transport.send_many(batch))
                    batch = []
            accepted += sum(r.is_success for r in await transport.send_many(batch))
        finally:
            await transport.close()
        return accepted

    return asyncio.run(run())
