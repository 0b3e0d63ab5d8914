"""Known application windows as an iCalendar file (RFC 5545), made in the browser from a sheet.

Each window is one all-day event: DTSTART is its first day, DTEND the day after its last (the
end of an all-day event is exclusive). Lines end in CRLF and are folded at 75 octets without
splitting a character; texts are escaped (backslash, semicolon, comma, line breaks). The UID of
an award's window is the same every time the file is made, so importing it again updates the
event instead of adding a second one. Pure: the time stamp (DTSTAMP) is given by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

PRODID = "-//Shenzhen safety, energy-saving and environmental measures explainer//calculator//EN"
UID_DOMAIN = "application-windows.invalid"  # no host is known to a copy of the site: say none
_LIMIT = 75  # octets per line, CRLF not counted


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    first: date  # the first day of the window
    last: date  # the last day, included
    description: str = ""
    url: str | None = None


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as \\n, no controls."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(c for c in text if c == "\t" or ord(c) >= 0x20 and ord(c) != 0x7F)


def fold(line: str) -> str:
    """One content line, folded: no physical line longer than 75 octets, characters whole."""
    out: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        # A continuation line starts with a space, which counts.
        if size + width > _LIMIT:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _day(day: date) -> str:
    return day.strftime("%Y%m%d")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _uri(url: str) -> str:
    """A URI value is not escaped as text; one with a control or space is left out."""
    return "" if any(c.isspace() or ord(c) < 0x20 for c in url) else url


def calendar(events: list[Event], name: str, stamp: datetime) -> str:
    """The iCalendar text of these events (an empty calendar for none: callers say so first)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_stamp(stamp)}",
            f"DTSTART;VALUE=DATE:{_day(event.first)}",
            f"DTEND;VALUE=DATE:{_day(event.last + timedelta(days=1))}",
            f"SUMMARY:{escape(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url and _uri(event.url):
            lines.append(f"URL:{_uri(event.url)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def uid(award: str, version: str, first: date, last: date) -> str:
    """Stable: the same award's same window has the same UID in every file made of it."""
    return f"{award}-{version}-{_day(first)}-{_day(last)}@{UID_DOMAIN}"
