"""HTML fragments as plain text: paragraphs and list items kept readable, every tag dropped.

Job boards put HTML in vacancy descriptions (``<p>``, ``<ul><li>``, ``<br>``,
entities); Vincula stores and e-mails plain text. Some exports escape the HTML
once more (``&lt;p&gt;``); such a fragment is unescaped before it is read.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_ESCAPED_TAG = re.compile(r"&lt;\s*/?\s*[a-zA-Z][^&]*&gt;")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")

# Tags that end a paragraph, and tags whose content is never text.
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "dl",
    }
)
_LINES = frozenset({"br", "tr", "dt", "dd"})
_HIDDEN = frozenset({"script", "style", "head", "template", "noscript"})


class _TextCollector(HTMLParser):
    """Collects the text of a fragment as lines; an empty line separates paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._words: list[str] = []
        self._prefix = ""  # the bullet of the list item being read
        self._lists: list[int | None] = []  # one entry per open list: its counter, None if <ul>
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS:
            self._paragraph()
        elif tag in _LINES:
            self._line()
        elif tag in ("ul", "ol"):
            self._paragraph() if not self._lists else self._line()
            self._lists.append(0 if tag == "ol" else None)
        elif tag == "li":
            self._line()
            self._prefix = self._bullet()
        elif tag in ("td", "th"):
            self._words.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self._paragraph()
        elif tag in ("ul", "ol"):
            if self._lists:
                self._lists.pop()
            self._paragraph() if not self._lists else self._line()
        elif tag in ("li", "tr", "dt", "dd"):
            self._line()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._words.append(data)

    def close(self) -> None:
        super().close()
        self._line()

    def _bullet(self) -> str:
        indent = "  " * (len(self._lists) - 1) if self._lists else ""
        if not self._lists or self._lists[-1] is None:
            return f"{indent}- "
        self._lists[-1] += 1
        return f"{indent}{self._lists[-1]}. "

    def _line(self) -> None:
        # Spaces and line breaks inside the text collapse, as a browser shows them.
        collapsed = " ".join("".join(self._words).split())
        if collapsed:
            self.lines.append(self._prefix + collapsed)
        self._words = []
        self._prefix = ""

    def _paragraph(self) -> None:
        self._line()
        if self.lines and self.lines[-1]:
            self.lines.append("")


def _plain(text: str) -> str:
    """Text without tags: entities decoded, spaces collapsed, its own line breaks kept."""
    lines = [" ".join(_SPACES.sub(" ", line).split()) for line in html.unescape(text).splitlines()]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip()


def html_to_text(fragment: str) -> str:
    """The readable plain text of an HTML fragment (or of plain text, which passes through)."""
    if not _TAG.search(fragment) and _ESCAPED_TAG.search(fragment):
        fragment = html.unescape(fragment)
    if not _TAG.search(fragment):
        return _plain(fragment)
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return "\n".join(collector.lines).strip()
