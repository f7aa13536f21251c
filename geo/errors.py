"""One small tree of errors, translated at the edges (CLI message, dashboard notice)."""


class ClaimsMapError(Exception):
    """Root of every error this package raises on purpose."""


class DocumentError(ClaimsMapError, ValueError):
    """A document could not be read; the message names the file and the reason."""

    def __init__(self, path: str | None, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path or '<document>'}: {reason}")

    def __reduce__(self):  # whole again after crossing to another process
        return type(self), (self.path, self.reason)


class ConfigurationError(ClaimsMapError, ValueError):
    """A setting or a data file (taxonomy, aliases) is wrong."""


class GeocoderUnavailable(ClaimsMapError, ConnectionError):
    """A configured online geocoder could not be reached or answered garbage."""


class InvalidRequest(ClaimsMapError, ValueError):
    """A request to the dashboard asks for what it may not (a value of the wrong type, a callback the
    app does not have, a body too deep); answered with a 400 and the reason."""
