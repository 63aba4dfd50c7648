#!/usr/bin/env python3
"""Seeds pending digest items for three players straight into a recordsw SQLite store, so
`recordsw digest preview --html` can render their next digests for the browser test:

- ann@example.com: a mapper and driver digest (styled names, a secret time, a TMX link, a folded
  popular map, passed with rivals, a personal best, a map left behind);
- dan@example.com: a driver-only digest;
- busy@example.com: 100 new records over ten maps.

usage: browser-digests.py STORE.sqlite   (a migrated store; the three users are created here, so
the API's registration limit is not spent on them)
"""
import json
import sqlite3
import sys
import time

NOW = int(time.time())
STAMP = time.strftime("%Y-%m-%d %H:%M:%S.000", time.gmtime(NOW))


def record(map_uid, map_name, account, position, score, improved=False, exchange_id=None, ago=3600):
    payload = {"mapUid": map_uid, "mapName": map_name, "accountId": account, "zoneName": "France",
               "position": position, "score": score, "timestamp": NOW - ago, "improved": improved}
    if exchange_id:
        payload["exchangeId"] = exchange_id
    return "mapper", f"record:{map_uid}:{account}:{NOW - ago}", map_uid, payload


def change(kind, map_uid, map_name, old, new, old_score, new_score, passers=(), scores=None):
    payload = {"kind": kind, "mapUid": map_uid, "mapName": map_name, "oldPosition": old, "newPosition": new,
               "oldScore": old_score, "newScore": new_score, "passedBy": list(passers), "range": 100,
               "detectedAt": NOW - 600}
    if scores is not None:
        payload["passedByScores"] = scores
    return "driver", f"driver:{kind}:{map_uid}:{NOW}", map_uid, payload


def main():
    store = sqlite3.connect(sys.argv[1])
    names = {"acc-red": "$f00Red$z Racer", "acc-fancy": "$o$i$wFancy Pants", "acc-long": "Bartholomew" * 12,
             "acc-plain": "Player 7", "acc-wr": "$0f0World$fff Champion"}
    for account, name in names.items():
        store.execute("INSERT OR REPLACE INTO display_names (account_id, display_name, updated_at) VALUES (?, ?, ?)",
                      (account, name, STAMP))
    items = {
        "ann@example.com": [
            record("TMX1", "$o$f80Sunset$z Boulevard", "acc-wr", 1, 41_234, exchange_id=90017),
            record("TMX1", "$o$f80Sunset$z Boulevard", "acc-red", 2, 41_530, improved=True, exchange_id=90017),
            record("TMX1", "$o$f80Sunset$z Boulevard", "acc-long", 14, 43_002, exchange_id=90017),
            record("SECRET", "Hidden Valley", "acc-fancy", 5, -1),
            *[record("POP", "$sTrack of the Day", f"acc-pop-{i}", i + 1, 50_000 + i * 37) for i in range(25)],
            change("beaten", "DRIVE1", "$i$0afIce$z Rink", 2, 4, 52_100, 52_100, ["acc-red", "acc-plain"],
                   [51_880, 52_004]),
            change("improved", "DRIVE2", "Canyon Run", 9, 3, 61_500, 60_012),
            change("outOfRange", "DRIVE3", "Deep Forest", 98, None, 70_000, None),
        ],
        "dan@example.com": [
            change("beaten", "DRIVE1", "$i$0afIce$z Rink", 1, 2, 51_990, 51_990, ["acc-wr"], [51_880]),
            change("beaten", "DRIVE4", "Stadium Loop", 3, 5, 45_500, 45_500, ["acc-fancy", "acc-red"], [-1, 45_100]),
            change("improved", "DRIVE5", "Dirt Dash", 12, 7, 38_400, 37_950),
        ],
        "busy@example.com": [
            record(f"BUSY{m}", f"Busy map {m + 1}", f"acc-b{m}-{i}", i * 3 + 1, 30_000 + m * 1_000 + i * 111,
                   improved=(i % 4 == 0), exchange_id=(91_000 + m) if m % 2 == 0 else None, ago=600 * (i + 1))
            for m in range(10) for i in range(10)
        ],
    }
    for email, rows in items.items():
        store.execute("INSERT INTO users (username, email, password) VALUES (?, ?, ?)",
                      (email.split("@")[0], email, "not-a-login"))
        user = store.execute("SELECT id FROM users WHERE email = ?", (email,)).fetchone()
        for section, key, map_uid, payload in rows:
            store.execute("INSERT INTO digest_items (user_id, section, dedupe_key, map_uid, payload, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?)",
                          (user[0], section, key, map_uid, json.dumps(payload, sort_keys=True), STAMP))
    store.commit()
    print(f"seeded {sum(len(rows) for rows in items.values())} digest items")


if __name__ == "__main__":
    main()
