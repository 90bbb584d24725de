# The python side of `npm run bench`'s peers section: icalendar parses the big calendar the bench
# dumped to a file, recurring_ical_events lists the occurrences of a week and of a year. Run by
# bench/peers.ts through Debian's /usr/bin/python3, once per round, alternating with the engine.
#
#   /usr/bin/python3 bench/peers/python_peer.py <calendar.ics> <week start ms> <year start ms>
#
# Prints one JSON line: {"parse": ms, "week": ms, "year": ms, "weekCount": n, "yearCount": n}.
import datetime
import json
import sys
import time

import icalendar
import recurring_ical_events


def main() -> None:
    path, week_ms, year_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(path, "rb") as f:
        data = f.read()
    utc = datetime.timezone.utc
    week = datetime.datetime.fromtimestamp(week_ms / 1000, utc)
    year = datetime.datetime.fromtimestamp(year_ms / 1000, utc)
    t0 = time.perf_counter()
    cal = icalendar.Calendar.from_ical(data)
    t1 = time.perf_counter()
    week_count = len(recurring_ical_events.of(cal).between(week, week + datetime.timedelta(days=7)))
    t2 = time.perf_counter()
    year_count = len(recurring_ical_events.of(cal).between(year, year + datetime.timedelta(days=365)))
    t3 = time.perf_counter()
    print(json.dumps({"parse": (t1 - t0) * 1000, "week": (t2 - t1) * 1000, "year": (t3 - t2) * 1000, "weekCount": week_count, "yearCount": year_count}))


main()
