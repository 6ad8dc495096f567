"""/api/v1/docs: a readable list of the endpoints, rendered here from the OpenAPI document
(no CDN-hosted viewer: every asset is served by the app)."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
METHODS = ("get", "post", "put", "patch", "delete")


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    document = request.app.openapi()
    rows = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op:
                summary = escape(op.get("summary", ""))
                where = f"<code>/api/v1{escape(path)}</code>"
                rows.append(f"<tr><td><code>{method.upper()}</code></td><td>{where}</td>"
                            f"<td>{summary}</td></tr>")  # fmt: skip
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>mailbrake API</title><link rel="stylesheet" href="/static/app.css"></head>'
        f"<body><main><h1>mailbrake API v1</h1><p>{escape(document['info']['description'])}</p>"
        '<p>The machine-readable document: <a href="/api/v1/openapi.json">openapi.json</a>. '
        "A walk through it with curl is in docs/api.md.</p>"
        f"<table>{''.join(rows)}</table></main></body></html>"
    )
    return HTMLResponse(html)
