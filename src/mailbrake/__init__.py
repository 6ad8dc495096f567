"""mailbrake: mass email with brakes."""

__version__ = "0.1.0"
