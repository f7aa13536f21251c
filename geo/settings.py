"""Settings: one dataclass, read once at the entry point and passed down."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path = REPO_DIR / "data"
    database_url: str | None = None  # default: SQLite file in data_dir
    boundaries_dir: Path = REPO_DIR / "assets" / "boundaries"
    taxonomy_path: Path = Path(__file__).resolve().parent / "data" / "taxonomy.yaml"
    min_city_population: int = 500
    # "gazetteer" (offline, the default) or any geopy service name ("nominatim", "photon", "pelias"…)
    geocoder: str = "gazetteer"
    geocoder_options: dict = field(default_factory=dict)  # passed to the geopy geocoder: domain, scheme…
    geocoder_timeout_s: float = 5.0
    geocoder_min_delay_s: float = 1.0  # geopy RateLimiter: at most one request per this many seconds
    geocoder_failures_before_pause: int = 3  # failures in a row, then the geocoder is left alone…
    geocoder_pause_s: float = 300.0  # …for this long (its places pending an online look-up meanwhile)
    cache_path: Path | None = None  # gazetteer, boundary and geocoder caches; default: data_dir/cache
    # Who may frame the dashboard (CSP frame-ancestors): "'self'" by default; a portal adds its origin.
    frame_ancestors: str = "'self'"
    export_limit: int = 100_000  # claim–place rows in one export
    write_token: str | None = None  # uploads need it; unset: the dashboard takes no uploads
    read_token: str | None = None  # reading needs it too when set; unset: reading is open
    max_document_bytes: int = 50 * 1024 * 1024  # a bigger file is refused before it is read
    max_upload_files: int = 50
    max_upload_bytes: int = 5 * 1024 * 1024  # per file
    max_upload_request_bytes: int = 32 * 1024 * 1024  # one upload's request, base64 included (upload route only)
    max_request_bytes: int = 1024 * 1024  # any other request's body
    # Host names the dashboard answers to ("*" any; ".example.org" that domain and its subdomains); empty: any.
    allowed_hosts: tuple[str, ...] = ()

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def cache_dir(self) -> Path:
        return self.cache_path or self.data_dir / "cache"

    @property
    def store_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'claims.db'}"
