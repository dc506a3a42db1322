"""Read a feed strictly: well-formed XML, what RSS 2.0 / Atom 1.0 require, and as a reader reads it.

    entries = strict_rss(response.content)   # [{"title", "link", "id"}, ...]
    entries = strict_atom(response.content)

Checks the required elements (RSS 2.0: channel title, link, description; each item a title or
description, an RFC 822 pubDate, a guid. Atom, RFC 4287: feed id, title, updated, an author on
the feed or on every entry; each entry id, title, updated, a link) and that feedparser, which
most readers are built like, reads it without a complaint (``bozo``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"


def _reader(content: bytes, version: str):
    parsed = feedparser.parse(content)
    assert not parsed.bozo, f"feedparser complains: {parsed.get('bozo_exception')!r}"
    assert parsed.version == version, parsed.version
    return parsed


def _text(element, path: str) -> str:
    found = element.find(path)
    assert found is not None, f"missing <{path}>"
    assert (found.text or "").strip() or found.attrib, f"empty <{path}>"
    return (found.text or "").strip()


def strict_rss(content: bytes) -> list[dict]:
    root = ET.fromstring(content)  # noqa: S314 - see above
    assert root.tag == "rss", root.tag
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    for name in ("title", "link", "description"):
        _text(channel, name)
    entries = []
    for item in channel.findall("item"):
        title = _text(item, "title")
        link = _text(item, "link")
        guid = _text(item, "guid")
        assert parsedate_to_datetime(_text(item, "pubDate")).tzinfo is not None
        entries.append({"title": title, "link": link, "id": guid})
    parsed = _reader(content, "rss20")
    assert [e.link for e in parsed.entries] == [e["link"] for e in entries]
    return entries


def strict_atom(content: bytes) -> list[dict]:
    root = ET.fromstring(content)  # noqa: S314 - see above
    assert root.tag == f"{ATOM}feed", root.tag
    for name in ("id", "title", "updated"):
        _text(root, f"{ATOM}{name}")
    datetime.fromisoformat(_text(root, f"{ATOM}updated"))
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        entry_id = _text(entry, f"{ATOM}id")
        title = _text(entry, f"{ATOM}title")
        datetime.fromisoformat(_text(entry, f"{ATOM}updated"))
        link = entry.find(f"{ATOM}link")
        assert link is not None
        assert link.get("href")
        assert feed_author or entry.find(f"{ATOM}author/{ATOM}name") is not None, "an entry without author"
        entries.append({"title": title, "link": link.get("href"), "id": entry_id})
    parsed = _reader(content, "atom10")
    assert [e.link for e in parsed.entries] == [e["link"] for e in entries]
    return entries
