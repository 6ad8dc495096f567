"""The local capture sink: `mailbrake sink` stores every message it receives into a Maildir."""

from mailbrake.sink.listing import Listing, find_arrival, list_arrivals, read_message
from mailbrake.sink.server import RunningSink, start_sink
from mailbrake.sink.store import Arrival, SinkError, SinkStore

__all__ = [
    "Arrival",
    "Listing",
    "RunningSink",
    "SinkError",
    "SinkStore",
    "find_arrival",
    "list_arrivals",
    "read_message",
    "start_sink",
]
