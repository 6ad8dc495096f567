"""The web front door: recipients' links (deletion confirmations, one-click unsubscribe)."""

from mailbrake.web.app import create_app

__all__ = ["create_app"]
