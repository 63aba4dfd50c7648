"""Pure helpers of the live-watching benchmark (scripts/bench-watch.py), unit-tested by
scripts/test_bench_watch.py: delay statistics, the square-root schedule with its floor (water-filling),
the delay a periodic schedule gives, matching detections and push posts against the ground truth, and
the budget check over sliding windows.

Units: rates in records per simulated day, frequencies in checks per simulated day, delays in
simulated days unless a name says otherwise.
"""

import calendar
import json
import math
import re
import time


# --- statistics ------------------------------------------------------------------------------------

def percentile(values, fraction):
    """Linear interpolation between closest ranks (numpy's default); NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = fraction * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(values):
    """count, mean, median and p90 of `values` (NaN when empty)."""
    values = list(values)
    return {
        "count": len(values),
        "mean": sum(values) / len(values) if values else float("nan"),
        "median": percentile(values, 0.5),
        "p90": percentile(values, 0.9),
    }


# --- schedules -------------------------------------------------------------------------------------

def water_fill(rates, budget, floor):
    """Check frequencies f_i = max(floor, c·√λ_i) with Σ f_i = budget: the square-root rule, which
    minimises the record-weighted mean delay Σ λ_i/(2 f_i) under Σ f_i = F (Lagrange: λ_i/f_i² is the
    same for every map above the floor), with every map checked at least `floor` times.
    A budget below N·floor cannot honour the floor: every map then gets budget/N."""
    count = len(rates)
    if count == 0:
        return []
    if budget <= count * floor:
        return [budget / count] * count
    roots = [math.sqrt(max(rate, 0.0)) for rate in rates]
    if sum(roots) == 0:
        return [budget / count] * count
    # Maps above the floor share what the floored ones leave; the set is the k largest roots for some k.
    order = sorted(range(count), key=lambda index: roots[index], reverse=True)
    above_sum = 0.0
    scale = None
    for k in range(1, count + 1):
        above_sum += roots[order[k - 1]]
        candidate = (budget - (count - k) * floor) / above_sum
        smallest_above = candidate * roots[order[k - 1]]
        next_root = roots[order[k]] if k < count else None
        if smallest_above >= floor and (next_root is None or candidate * next_root < floor):
            scale = candidate
            break
    if scale is None:  # numerically all maps sit on the floor's edge
        return [budget / count] * count
    return [max(floor, scale * root) for root in roots]


def periodic_mean_delay(rates, frequencies):
    """Record-weighted mean delay of periodic checks: a record on map i waits U(0, 1/f_i)."""
    total = sum(rates)
    if total == 0:
        return float("nan")
    return sum(rate / (2 * frequency) for rate, frequency in zip(rates, frequencies)) / total


def periodic_quantile(rates, frequencies, fraction):
    """The `fraction` quantile of the delay of periodic checks: the mixture over maps (weights λ_i) of
    uniform delays on (0, 1/f_i); CDF(t) = Σ λ_i·min(1, t·f_i) / Σ λ_i, solved by bisection."""
    total = sum(rates)
    if total == 0:
        return float("nan")

    def cdf(t):
        return sum(rate * min(1.0, t * frequency) for rate, frequency in zip(rates, frequencies)) / total

    low, high = 0.0, max(1.0 / frequency for frequency in frequencies)
    for _ in range(100):
        middle = (low + high) / 2
        if cdf(middle) < fraction:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def periodic_summary(rates, frequencies):
    """mean, median and p90 (simulated days) of periodic checks at `frequencies`."""
    return {
        "mean": periodic_mean_delay(rates, frequencies),
        "median": periodic_quantile(rates, frequencies, 0.5),
        "p90": periodic_quantile(rates, frequencies, 0.9),
    }


def by_rate(pairs, rates, frequencies, edges=(0.1, 1.0, 10.0, 100.0)):
    """Where the delay comes from: the measured records grouped by their map's true rate (records per
    simulated day; classes split at `edges`), each with how many maps and records it holds, its measured
    mean delay and the mean the square-root plan would give it (Σ λ_i/(2 f_i) / Σ λ_i over its maps).

    `pairs`: (map uid, delay in simulated days) per detected record; `rates` and `frequencies`: per map
    uid. Returns one dict per class, lowest first (the last one's `to` is None); delays in simulated days."""
    bounds = [0.0, *edges, math.inf]
    classes = []
    for low, high in zip(bounds, bounds[1:]):
        maps = [uid for uid, rate in rates.items() if low <= rate < high]
        delays = [delay for uid, delay in pairs if low <= rates.get(uid, -1.0) < high]
        weight = sum(rates[uid] for uid in maps)
        planned = (sum(rates[uid] / (2 * frequencies[uid]) for uid in maps) / weight) if weight > 0 else None
        classes.append({"from": low, "to": None if high == math.inf else high, "maps": len(maps),
                        "records": len(delays),
                        "mean": (sum(delays) / len(delays)) if delays else None, "optimum": planned})
    return classes


# --- matching --------------------------------------------------------------------------------------

def iso_seconds(text):
    """Unix seconds of an ISO 8601 UTC instant (`2026-12-07T09:30:00Z`, fractions and +00:00 allowed)."""
    text = text.strip().replace("+00:00", "Z")
    main, _, rest = text.partition(".")
    fraction = 0.0
    if rest:
        digits = rest.rstrip("Z")
        fraction = float("0." + digits) if digits else 0.0
    main = main.rstrip("Z")
    return calendar.timegm(time.strptime(main, "%Y-%m-%dT%H:%M:%S")) + fraction


def record_key(map_uid, account_id, timestamp):
    return (map_uid, account_id, int(timestamp))


def superseded(records, within=None):
    """Sequences of records the same account beat on the same map later, within `within` seconds if
    given (a leaderboard shows only the newer one, so the older is visible only until then: a check
    due within that time may legitimately never see it)."""
    later = {}
    result = set()
    for record in sorted(records, key=lambda r: r["createdAt"], reverse=True):
        key = (record["mapUid"], record["accountId"])
        if key in later and (within is None or later[key]["createdAt"] - record["createdAt"] <= within):
            result.add(record["sequence"])
        later[key] = record
    return result


def match(records, detections, hidden=None):
    """Pairs ground-truth records with detections (dicts with mapUid, accountId, timestamp, at).

    Returns {delays: [seconds], pairs: [(map uid, seconds)], missing: [records never detected and
    never superseded], unseen_superseded: n, duplicates: n (detections beyond the first per record),
    unknown: n (detections of no created record)}. `records` are the measured ones; detections of other records
    (the warm-up's) are ignored. `hidden`: the sequences excused when never detected (default: those
    superseded among `records`; see `superseded`)."""
    by_key = {}
    for detection in detections:
        by_key.setdefault(record_key(detection["mapUid"], detection["accountId"], detection["timestamp"]),
                          []).append(detection["at"])
    hidden = superseded(records) if hidden is None else hidden
    delays, pairs, missing, duplicates, unseen = [], [], [], 0, 0
    for record in records:
        times = by_key.get(record_key(record["mapUid"], record["accountId"], record["timestamp"]))
        if not times:
            if record["sequence"] in hidden:
                unseen += 1
            else:
                missing.append(record)
            continue
        duplicates += len(times) - 1
        delays.append(min(times) - record["createdAt"])
        pairs.append((record["mapUid"], delays[-1]))
    return {"delays": delays, "pairs": pairs, "missing": missing, "unseen_superseded": unseen,
            "duplicates": duplicates}


def unknown_detections(all_records, detections):
    """Detections that match no record the simulation ever created (false news)."""
    keys = {record_key(r["mapUid"], r["accountId"], r["timestamp"]) for r in all_records}
    return [d for d in detections if record_key(d["mapUid"], d["accountId"], d["timestamp"]) not in keys]


_MAP_UID = re.compile(r"SimMap\d{7}x{14}")
_DRIVER = re.compile(r"SimDriver(\d{6})")
# A push without the display name shows the account id instead.
_DRIVER_ID = re.compile(r"5e5e5e5e-0000-4000-8002-(\d{12})")
_TIME = re.compile(r"– ((?:\d+:)?(?:\d+:)?\d+\.\d{3})")


def parse_record_time(text):
    """Milliseconds of RecordTime.format's text (`45.120`, `1:02.345`, `1:00:02.345`)."""
    seconds_part, _, millis = text.rpartition(".")
    parts = [int(part) for part in seconds_part.split(":")]
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds * 1000 + int(millis)


def driver_account(index):
    """The account id SimulatedWorld gives driver `index` (Sources/FakeTrackmania/SimulatedWorld.swift)."""
    return f"5e5e5e5e-0000-4000-8002-{index:012d}"


def discord_records(request):
    """(mapUid, accountId, score) of every record embed in one accepted Discord post."""
    try:
        body = json.loads(request["body"])
    except ValueError:
        return []
    found = []
    for embed in body.get("embeds") or []:
        title = embed.get("title") or ""
        if not (title.startswith("New record") or title.startswith("Improved record")):
            continue
        uid = _MAP_UID.search(embed.get("url") or "") or _MAP_UID.search(title)
        # Discord's markdown escapes (`\-` in an account id shown for want of a name) are not part of it.
        description = (embed.get("description") or "").replace("\\", "")
        driver = _DRIVER.search(description) or _DRIVER_ID.search(description)
        when = _TIME.search(description)
        if uid and driver and when:
            found.append((uid.group(0), driver_account(int(driver.group(1))), parse_record_time(when.group(1))))
    return found


def match_pushes(records, arrivals, hidden=None):
    """Like `match`, keyed by (mapUid, accountId, score): `arrivals` maps that key to arrival times."""
    hidden = superseded(records) if hidden is None else hidden
    delays, missing, duplicates, unseen = [], [], 0, 0
    for record in records:
        times = arrivals.get((record["mapUid"], record["accountId"], record["score"]))
        if not times:
            if record["sequence"] in hidden:
                unseen += 1
            else:
                missing.append(record)
            continue
        duplicates += len(times) - 1
        delays.append(min(times) - record["createdAt"])
    return {"delays": delays, "missing": missing, "unseen_superseded": unseen, "duplicates": duplicates}


# --- budget ----------------------------------------------------------------------------------------

def window_maximum(per_second, window, start=None, end=None, excluded=()):
    """The most calls in any `window` consecutive whole seconds of `per_second` ({unix second: calls}),
    and the first second of that window; windows overlapping an `excluded` (start, end) interval of
    unix seconds (a daily run, which has its own limit) are left out."""
    if not per_second:
        return 0, None
    first = min(per_second) if start is None else int(start)
    last = max(per_second) if end is None else int(end)
    best, best_at, running = 0, first, 0
    for second in range(first, last + 1):
        running += per_second.get(second, 0)
        if second - window >= first:
            running -= per_second.get(second - window, 0)
        opening = max(first, second - window + 1)
        if any(opening <= int(b) and int(a) <= second for a, b in excluded):
            continue
        if running > best:
            best, best_at = running, opening
    return best, best_at


def quiet_window(excluded, preferred=60, smallest=5):
    """The window to count the watcher's own calls in: `preferred` seconds when that fits between two
    daily runs (`excluded` (start, end) intervals), else the longest whole number of seconds that does
    (a quick world's day is 60 s, so every minute holds a daily run), at least `smallest`."""
    runs = sorted(excluded)
    gaps = [int(b[0]) - int(a[1]) - 1 for a, b in zip(runs, runs[1:])]
    if not gaps:
        return preferred
    return max(smallest, min(preferred, max(gaps)))

