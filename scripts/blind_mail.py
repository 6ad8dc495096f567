"""The blind probe's messages (`bench/blind/*.jsonl`): which files are held and which may be
read, and how a line becomes an .eml (MIME, its attachment made with openpyxl or python-docx).

Shared by `bench/blind_probe.py`, which scores the check on them, and `train_meaning.py`,
which trains on the look half (the files that may be read): docs/detectors.md, "The blind
probe". The held half is never read and never trained on.
"""

from __future__ import annotations

import io
import json
import re
import sys
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

BLIND = Path(__file__).resolve().parent.parent / "bench" / "blind"
HALVES = {
    "look1": ("w1", "w3"),
    "held1": ("w2", "w4"),
    "look2": ("w5", "w7"),
    "held2": ("w6", "w8"),
    "held3": ("w13", "w14", "w15", "w16"),
    "held4": ("w21", "w22"),
    "held5": ("w23", "w24"),
    "held6": ("w31", "w32"),
    "held7": ("w41", "w42"),
    "held8": ("w55", "w56"),
    "look3": ("w9", "w10"),
    "look4": ("w11", "w12"),
    "look5": ("w17", "w18"),
    "look6": ("w19", "w20"),
    "look7": ("w25", "w26"),
    "look8": ("w27", "w28"),
    "look9": ("w29", "w30"),
    "look10": ("w33", "w34"),
    "look11": ("w35", "w36"),
    "look12": ("w37", "w38"),
    "look13": ("w39", "w40"),
    "look14": ("w43", "w44"),
    "look15": ("w45", "w46"),
    "look16": ("w47", "w48"),
    "look17": ("w49", "w50"),
    "look18": ("w51", "w52"),
    "look19": ("w53", "w54"),
    "look20": ("w57", "w58"),
    "look21": ("w59", "w60"),
    "look22": ("w61", "w62"),
    "look23": ("w63", "w64"),
    "look24": ("w67", "w68"),
    "look25": ("w69", "w70"),
    "look26": ("w71", "w72"),
    "look27": ("w73", "w74"),
    "look28": ("w75", "w76"),
    "look29": ("w77", "w78"),
    "held9": ("w65", "w66"),
    "held10": ("w79", "w80"),
    "look30": ("w81", "w82"),
    "look31": ("w83", "w84"),
    "look32": ("w85", "w86"),
    "look33": ("w87", "w88"),
    "look34": ("w89", "w90"),
    "look35": ("w91", "w92"),
    "look36": ("w93", "w94"),
    "look37": ("w97", "w98"),
    "look38": ("w99", "w100"),
    "held11": ("w95", "w96"),
    # the look sets, in the order they were written
    "look": tuple(
        f"w{n}"
        for n in (
            *(1, 3, 5, 7, 9, 10, 11, 12, 17, 18, 19, 20, 25, 26, 27, 28, 29, 30),
            *range(33, 41),
            *range(43, 55),
            *range(57, 65),
            *range(67, 75),
            *range(81, 95),
            *range(97, 101),
        )
    ),
    "held": tuple(
        f"w{n}"
        for n in (
            *(2, 4, 6, 8, 13, 14, 15, 16, 21, 22, 23, 24, 31, 32, 41, 42, 55, 56, 65, 66),
            *(79, 80, 95, 96),
        )
    ),
    "all": tuple(f"w{n}" for n in range(1, 75)),
    "creds": ("creds_look",),
    "creds2": ("creds2_look",),
}
# What the meaning model trains on (train_meaning.load_look): every file that may be read.
LOOK_TRAINING = (*HALVES["look"], *HALVES["creds"], *HALVES["creds2"])
# The halves whose messages may be read (-v) to find what the check lacks.
LOOKABLE = frozenset(
    {
        "look",
        "look1",
        "look2",
        "look3",
        "look4",
        "look5",
        "look6",
        "look7",
        "look8",
        "look9",
        "look10",
        "look11",
        "look12",
        "look13",
        "look14",
        "look15",
        "look16",
        "look17",
        "look18",
        "look19",
        "look20",
        "look21",
        "look22",
        "look23",
        "look24",
        "look25",
        "look26",
        "look27",
        "look28",
        "look29",
        "look30",
        "look31",
        "look32",
        "look33",
        "look34",
        "look35",
        "look36",
        "look37",
        "look38",
        "creds",
        "creds2",
    }
)
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment_bytes(spec: dict[str, Any]) -> tuple[bytes, str, str]:
    """(data, maintype, subtype) of an attachment written as rows, paragraphs or text."""
    name = spec["filename"].lower()
    if name.endswith(".xlsx"):
        from openpyxl import Workbook

        book = Workbook()
        book.remove(book.active)
        for title, rows in spec["sheets"].items():
            sheet = book.create_sheet(re.sub(r"[\\/*?:\[\]]", "-", title)[:31])  # Excel's rule
            for row in rows:
                sheet.append(list(row))
        out = io.BytesIO()
        book.save(out)
        return out.getvalue(), *_XLSX.split("/")
    if name.endswith(".docx"):
        from docx import Document

        doc = Document()
        for para in spec["paragraphs"]:
            doc.add_paragraph(para)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue(), *_DOCX.split("/")
    subtype = "csv" if name.endswith(".csv") else "plain"
    return spec["text"].encode("utf-8"), "text", subtype


def build(row: dict[str, Any]) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = row["from"], row["to"], row["subject"]
    msg["Date"] = formatdate(0, usegmt=True)
    msg["Message-ID"] = make_msgid(idstring=row["id"], domain="blind.example")
    if row.get("html"):
        msg.set_content(row["body"], subtype="html")
    else:
        msg.set_content(row["body"])
    spec = row.get("attachment")
    if spec:
        data, main, sub = attachment_bytes(spec)
        msg.add_attachment(data, maintype=main, subtype=sub, filename=spec["filename"])
    return msg.as_bytes()


def rows(writers: tuple[str, ...]) -> list[tuple[dict[str, Any], bytes]]:
    """Each line of the writers' files with its message; a bad line stops with file and line."""
    out = []
    for writer in writers:
        path = BLIND / f"{writer}.jsonl"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                out.append((row, build(row)))
            except (ValueError, KeyError, TypeError) as exc:
                sys.exit(f"{path.name}:{n}: {type(exc).__name__}: {exc}")
    return out
