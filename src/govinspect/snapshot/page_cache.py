"""Pages not parsed again (页面解析缓存): what extraction made of a body, kept in the store.

Extraction (HTML → :class:`~govinspect.model.PageModel`) is the per-page work of every analysis.
A page whose body is unchanged since an earlier run (the same SHA-256, ``fetches.content_hash``,
also when the server answered 304) at the same URL gives the same model, so the model is
kept in ``page_models`` under a key made of the body's hash, the request and the site, and
the extraction code itself (a digest of the source of :mod:`govinspect.extract`,
:mod:`govinspect.model` and :mod:`govinspect.urls`, and the versions of the parsing libraries):
changed extraction code never reads an old model. Models are
pickled; the store is the tool's own, written only by this module.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import zlib
from importlib import metadata, resources

from sqlalchemy import select

from govinspect.model import PageModel
from govinspect.store import Store
from govinspect.store.models import PageModelRow
from govinspect.timeutil import utcnow

log = logging.getLogger(__name__)

_CHUNK = 500  # keys per SELECT … IN (…)
_LIBRARIES = ("selectolax", "charset-normalizer")  # what extraction parses and decodes with


@functools.cache
def extraction_code() -> str:
    """A digest of the extraction source: any change to it makes new keys."""
    digest = hashlib.sha256()
    for library in _LIBRARIES:
        digest.update(f"{library}={metadata.version(library)};".encode())
    root = resources.files("govinspect")
    sources = [root.joinpath("model.py"), root.joinpath("urls.py")]
    extract = root.joinpath("extract")
    sources += sorted((p for p in extract.iterdir() if p.name.endswith(".py")), key=lambda p: p.name)
    for source in sources:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def page_key(content_hash: str, url: str, final_url: str, status: int | None, content_type: str,
             site_url: str) -> str:
    """The cache key of one extraction: the body's hash and everything else extraction reads."""
    parts = (extraction_code(), content_hash, url, final_url, str(status), content_type, site_url)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def load_models(store: Store, keys: list[str]) -> dict[str, PageModel]:
    """The cached models of ``keys`` that exist (a model that cannot be read is left out)."""
    found: dict[str, PageModel] = {}
    with store.session() as session:
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start:start + _CHUNK]
            for key, blob in session.execute(select(PageModelRow.key, PageModelRow.model)
                                             .where(PageModelRow.key.in_(chunk))):
                try:
                    model = pickle.loads(zlib.decompress(blob))  # the store's own rows, written by pack()
                except Exception:  # an unreadable entry is parsed again
                    log.warning("page model cache entry unreadable: %s", key)
                    continue
                if isinstance(model, PageModel):
                    found[key] = model
    return found


def pack(model: PageModel) -> bytes:
    """A model as the cache keeps it (pickled, compressed): taken right after extraction, before a
    rule or the column builder could change the object."""
    return zlib.compress(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL), 1)


def save_models(store: Store, packed: dict[str, bytes]) -> None:
    """Keep newly extracted models (:func:`pack`); an entry another process wrote meanwhile stays."""
    now = utcnow()
    store.add_new([PageModelRow(key=key, model=blob, created=now) for key, blob in packed.items()])
