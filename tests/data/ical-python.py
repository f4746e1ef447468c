#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Third-party iCalendar check for test-format-ical, with the Python
icalendar module (Debian's python3-icalendar, run by /usr/bin/python3).

  ical-python.py write OUT.ics   writes a calendar Chronomap must read
  ical-python.py read IN.ics     prints one line per event, for the test
"""
import sys
from datetime import date, datetime, timedelta, timezone

import icalendar
import pytz  # a dependency of python3-icalendar: its zones are written as TZID=Europe/Paris


def write(path):
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Chronomap tests//python icalendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Written by Python")

    talks = icalendar.Event()
    talks.add("uid", "talks@python.example.org")
    talks.add("dtstamp", datetime(2011, 5, 1, tzinfo=timezone.utc))
    paris = pytz.timezone("Europe/Paris")
    talks.add("dtstart", paris.localize(datetime(2011, 5, 26, 13, 0)))
    talks.add("dtend", paris.localize(datetime(2011, 5, 26, 14, 30)))
    talks.add("summary", "Talks, written by Python; with punctuation")
    talks.add("description", "Two lines\nof text")
    talks.add("location", "Deauville")
    talks.add("geo", (49.36, 0.075))
    talks.add("categories", ["Diplomacy"])
    talks.add("url", "https://example.org/talks")
    cal.add_component(talks)

    summit = icalendar.Event()
    summit.add("uid", "summit@python.example.org")
    summit.add("dtstamp", datetime(2011, 5, 1, tzinfo=timezone.utc))
    summit.add("dtstart", date(2011, 5, 26))
    summit.add("dtend", date(2011, 5, 28))
    summit.add("summary", "G8 summit")
    cal.add_component(summit)

    # A fixed offset: icalendar names it TZID="UTC+01:00", with no VTIMEZONE.
    landing = icalendar.Event()
    landing.add("uid", "landing@python.example.org")
    landing.add("dtstamp", datetime(2011, 5, 1, tzinfo=timezone.utc))
    landing.add("dtstart", datetime(2011, 5, 23, 9, 30, tzinfo=timezone(timedelta(hours=1))))
    landing.add("summary", "Landing in Dublin")
    cal.add_component(landing)

    weekly = icalendar.Event()
    weekly.add("uid", "weekly@python.example.org")
    weekly.add("dtstamp", datetime(2011, 5, 1, tzinfo=timezone.utc))
    weekly.add("dtstart", datetime(2011, 5, 2, 8, 0, tzinfo=timezone.utc))
    weekly.add("rrule", {"freq": "weekly", "count": 4})
    weekly.add("summary", "Weekly briefing")
    cal.add_component(weekly)

    with open(path, "wb") as out:
        out.write(cal.to_ical())


def text(value):
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def read(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    print("calendar=%s version=%s" % (cal.get("prodid"), cal.get("version")))
    for event in cal.walk("VEVENT"):
        start = event.decoded("dtstart")
        end = event.decoded("dtend") if "dtend" in event else None
        geo = event.get("geo")
        cats = event.get("categories")
        print("event|%s|%s|%s|%s|%s|%s|%s|%s|%s" % (
            event.get("summary"),
            start.isoformat(),
            end.isoformat() if end is not None else "",
            event.get("location") or "",
            "%.4f,%.4f" % (geo.latitude, geo.longitude) if geo is not None else "",
            ",".join(text(c.cats) for c in (cats if isinstance(cats, list) else [cats])) if cats else "",
            event.get("url") or "",
            event.get("uid"),
            (event.get("description") or "").replace("\n", "\\n"),
        ))


if __name__ == "__main__":
    {"write": write, "read": read}[sys.argv[1]](sys.argv[2])
