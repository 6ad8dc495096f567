"""The demo's steps, each a plain function over the same store, settings and sink."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mailbrake.clock import Clock
from mailbrake.demo.people import INTERNAL_DOMAIN, write_people
from mailbrake.importer import import_csv
from mailbrake.people import Role, User
from mailbrake.pipeline.compose import Draft, compose
from mailbrake.pipeline.deliver.build import build_worker
from mailbrake.pipeline.deliver.worker import Worker
from mailbrake.settings import Settings
from mailbrake.store import Store

Say = Callable[[str], None]


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

    @property
    def token(self) -> Path:
        """IT's API token (mode 0600), for trying commands after the demo."""
        return self.root / "it.token"

    def write_config(self, smtp_port: int) -> None:
        """The demo's settings: a short undo window so the tour does not wait ten minutes."""
        self.config.write_text(
            f'database_url = "sqlite:///{self.database}"\n'
            f'smtp_url = "smtp://127.0.0.1:{smtp_port}"\n'
            f'sink_dir = "{self.sink}"\n'
            f'secret_file = "{self.root / "mailbrake.secret"}"\n'
            f'internal_domains = ["{INTERNAL_DOMAIN}"]\n'
            "undo_window_steps = [[24, 0]]\n"
            "undo_window_seconds = 2\n",
            encoding="utf-8",
        )


@dataclass(frozen=True, slots=True)
class Cast:
    """The demo's people: a sender, the approver who is also the sender's manager, IT."""

    sender: User
    approver: User
    admin: User


def hire(store: Store) -> Cast:
    domain = INTERNAL_DOMAIN
    admin = store.add_user(
        f"it@{domain}", name="Ira IT", role=Role.ADMIN, actor="demo", bootstrap=True
    )
    approver = store.add_user(
        f"lead@{domain}", name="Lee Lead", role=Role.APPROVER, actor=admin.email
    )
    sender = store.add_user(
        f"comms@{domain}",
        name="Cam Comms",
        role=Role.SENDER,
        actor=admin.email,
        manager=approver.email,
    )
    store.set_emergency(False, actor=admin.email, reason="demo set-up")
    return Cast(sender, approver, admin)


def template_file(name: str) -> Path:
    return Path(str(resources.files("mailbrake.demo") / "templates" / name))


def import_people(
    store: Store, place: DemoPlace, list_name: str, count: int, actor: User, say: Say
) -> int:
    csv_path = place.root / f"{list_name}.csv"
    write_people(csv_path, count, seed=len(list_name))
    store.create_list(list_name, actor=actor.email)
    report = import_csv(store, list_name, csv_path, actor=actor.email)
    say(f"Imported {report.joined:,} subscribers from {csv_path} into list '{list_name}'.")
    return report.joined


def compose_from(
    store: Store,
    list_name: str,
    sender: User,
    subject: str,
    text: str,
    html: str | None = None,
    attachments: tuple[Path, ...] = (),
) -> int:
    draft = Draft(
        list_name=list_name,
        from_addr=f"Internal Communications <comms@{INTERNAL_DOMAIN}>",
        subject=subject,
        text_file=template_file(text),
        html_file=template_file(html) if html else None,
        attachments=attachments,
    )
    return compose(store, draft, created_by=sender.email)


class BackgroundWorker:
    """One sending worker on its own thread and event loop, as `mailbrake worker` runs it."""

    def __init__(self, store: Store, settings: Settings, clock: Clock, mailout_id: int) -> None:
        self._store, self._settings, self._clock = store, settings, clock
        self._mailout_id = mailout_id
        self._worker: Worker | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="demo-worker", daemon=True)
        self.error: BaseException | None = None

    def __enter__(self) -> BackgroundWorker:
        self._thread.start()
        self._ready.wait()
        return self

    def __exit__(self, *exc: object) -> None:
        self.join()

    def join(self) -> None:
        self._thread.join()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # handed to the main thread by join()
            self.error = exc
            self._ready.set()

    async def _main(self) -> None:
        self._worker = build_worker(self._store, self._settings, self._clock)
        self._loop = asyncio.get_running_loop()
        self._ready.set()
        try:
            await self._worker.run(mailout_id=self._mailout_id)
        finally:
            await self._worker.transport.close()
