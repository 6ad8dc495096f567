"""Reading what the sink stored: the index, find by number or key, and a Maildir without index."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from mailbrake.errors import NotFoundError
from mailbrake.sink import SinkStore, find_arrival, list_arrivals, read_message


def fill(directory: Path, count: int) -> SinkStore:
    store = SinkStore(directory)
    for n in range(1, count + 1):
        store.add("news@example.org", [f"r{n}@example.net"], f"Subject: s{n}\r\n\r\nb\r\n".encode())
    return store


def test_limit_shows_the_latest_arrivals_oldest_first(tmp_path: Path) -> None:
    fill(tmp_path, 5)
    listing = list_arrivals(tmp_path, limit=2)
    assert [(a.number, a.subject, a.rcpt_tos) for a in listing.arrivals] == [
        (4, "s4", ("r4@example.net",)),
        (5, "s5", ("r5@example.net",)),
    ]
    assert listing.total == 5
    assert len(list_arrivals(tmp_path).arrivals) == 5


def test_find_by_number_key_or_unique_key_prefix_reads_the_exact_bytes(tmp_path: Path) -> None:
    fill(tmp_path, 3)
    second = list_arrivals(tmp_path).arrivals[1]
    assert find_arrival(tmp_path, "2") == second
    assert find_arrival(tmp_path, second.key) == second
    assert read_message(tmp_path, second) == b"Subject: s2\r\n\r\nb\r\n"


def test_unknown_number_says_how_to_list(tmp_path: Path) -> None:
    fill(tmp_path, 1)
    with pytest.raises(NotFoundError) as info:
        find_arrival(tmp_path, "7")
    assert "'7'" in str(info.value)
    assert "mailbrake sink list" in str(info.value)


def test_unreadable_index_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    fill(tmp_path, 2)
    with (tmp_path / "index.jsonl").open("a") as index:
        index.write("{not json\n")
    listing = list_arrivals(tmp_path)
    assert (len(listing.arrivals), listing.unreadable) == (2, 1)


def test_a_maildir_without_index_is_listed_from_its_files(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "box", create=True)
    box.add(b"Subject: from elsewhere\r\n\r\nhi\r\n")
    [arrival] = list_arrivals(tmp_path / "box").arrivals
    assert (arrival.number, arrival.subject, arrival.mail_from) == (1, "from elsewhere", "")


def test_a_missing_folder_lists_nothing(tmp_path: Path) -> None:
    assert list_arrivals(tmp_path / "nothing-here").arrivals == []
