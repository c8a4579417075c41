#!/usr/bin/env python3
"""Independent verifier of a Fazhi draw export, written from docs/sampling.md alone.

Usage: python3 tools/verify_draw.py EXPORT.json   (exit 0 = reproduced, 1 = mismatch)

Standard library only; SM3 (GB/T 32905-2016) is implemented below in pure Python.
"""

import json
import sys

# ---------------------------------------------------------------- SM3 (GB/T 32905-2016)

_IV = [0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600,
       0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E]
_M = 0xFFFFFFFF


def _rotl(x, n):
    n %= 32
    return ((x << n) | (x >> (32 - n))) & _M


def _p0(x):
    return x ^ _rotl(x, 9) ^ _rotl(x, 17)


def _p1(x):
    return x ^ _rotl(x, 15) ^ _rotl(x, 23)


_T = [(0x79CC4519 if j < 16 else 0x7A879D8A) for j in range(64)]
_TR = [_rotl(_T[j], j) for j in range(64)]


def _compress(v, block):
    w = [int.from_bytes(block[i * 4:i * 4 + 4], "big") for i in range(16)]
    for j in range(16, 68):
        w.append(_p1(w[j - 16] ^ w[j - 9] ^ _rotl(w[j - 3], 15)) ^ _rotl(w[j - 13], 7) ^ w[j - 6])
    w1 = [w[j] ^ w[j + 4] for j in range(64)]
    a, b, c, d, e, f, g, h = v
    for j in range(64):
        a12 = _rotl(a, 12)
        ss1 = _rotl((a12 + e + _TR[j]) & _M, 7)
        ss2 = ss1 ^ a12
        if j < 16:
            ff = a ^ b ^ c
            gg = e ^ f ^ g
        else:
            ff = (a & b) | (a & c) | (b & c)
            gg = (e & f) | ((~e) & g)
        tt1 = (ff + d + ss2 + w1[j]) & _M
        tt2 = (gg + h + ss1 + w[j]) & _M
        d = c
        c = _rotl(b, 9)
        b = a
        a = tt1
        h = g
        g = _rotl(f, 19)
        f = e
        e = _p0(tt2)
    return [x ^ y for x, y in zip(v, [a, b, c, d, e, f, g, h])]


def sm3(data: bytes) -> bytes:
    length = len(data) * 8
    msg = data + b"\x80"
    msg += b"\x00" * ((56 - len(msg) % 64) % 64)
    msg += length.to_bytes(8, "big")
    v = list(_IV)
    for i in range(0, len(msg), 64):
        v = _compress(v, msg[i:i + 64])
    return b"".join(x.to_bytes(4, "big") for x in v)


def sm3_hex(data: bytes) -> str:
    return sm3(data).hex()


# ---------------------------------------------------------------- the draw (docs/sampling.md)

def candidates_digest(strata):
    text = ""
    for s in strata:
        text += "S\t%s\t%d\n" % (s["key"], s["quota"])
        for c in s["candidates"]:
            text += c + "\n"
    return sm3_hex(text.encode("utf-8"))


def team_inputs_digest(e):
    text = "W\t%s\t%s\n" % (e["window_start"], e["window_end"])
    for d in e["departments"]:
        text += "D\t%d\t%s\t%d\n" % (d["department_id"], d["card_domain"], d["team_size"])
        for o in sorted(d["inspectors"], key=lambda o: o["id"]):
            text += "O\t%d\t%s\t%s\t%s\t%s\n" % (
                o["id"], o["card_status"], o["card_issued_on"], o["card_valid_until"],
                ",".join(o["card_domains"]))
    for c in sorted(e["conflicts"], key=lambda c: (c["officer_id"], c["code"].encode("utf-8"))):
        text += "C\t%d\t%s\n" % (c["officer_id"], c["code"])
    for code in sorted(e["previous_teams"], key=lambda k: k.encode("utf-8")):
        ids = sorted(e["previous_teams"][code])
        text += "P\t%s\t%s\n" % (code, ",".join(str(i) for i in ids))
    return sm3_hex(text.encode("utf-8"))


def select(seed, stratum):
    n = min(stratum["quota"], len(stratum["candidates"]))
    keyed = sorted((sm3(seed + c.encode("utf-8")), c.encode("utf-8"), c) for c in stratum["candidates"])
    return [c for _, _, c in keyed[:n]]


def eligible(o, domain, start, end):
    return (o["card_status"] == "valid" and o["card_issued_on"] <= start
            and end <= o["card_valid_until"] and domain in o["card_domains"])


def teams(seed, e, selected):
    pools = []
    for d in e["departments"]:
        ok = [o["id"] for o in d["inspectors"]
              if eligible(o, d["card_domain"], e["window_start"], e["window_end"])]
        keyed = sorted((sm3(seed + ("officer\t%d" % i).encode()), i) for i in ok)
        pool = []
        for _, i in keyed:
            if i not in pool:
                pool.append(i)
        pools.append(pool)
    conflicts = {(c["officer_id"], c["code"]) for c in e["conflicts"]}
    out = []
    for s in e["strata"]:
        for code in selected[s["key"]]:
            prev = set(e["previous_teams"].get(code, []))
            team = []
            for d, pool in zip(e["departments"], pools):
                n = len(pool)
                added = 0
                if n:
                    h = sm3(seed + ("team\t%s\t%d" % (code, d["department_id"])).encode("utf-8"))
                    first = int.from_bytes(h[:8], "big") % n
                    for j in range(n):
                        if added == d["team_size"]:
                            break
                        o = pool[(first + j) % n]
                        if o in team or o in prev or (o, code) in conflicts:
                            continue
                        team.append(o)
                        added += 1
                if added < d["team_size"]:
                    raise ValueError("department %d cannot form a team for %s" % (d["department_id"], code))
            out.append({"code": code, "stratum": s["key"], "officers": team})
    return out


def verify(e):
    problems = []
    seed = bytes.fromhex(e["seed"])
    if len(seed) != 32:
        return ["the seed is not 32 bytes"]
    if sm3_hex(seed) != e["seed_commitment"]:
        problems.append("SM3(seed) != seed_commitment")
    if candidates_digest(e["strata"]) != e["candidates_digest"]:
        problems.append("candidates_digest does not match the candidates")
    if team_inputs_digest(e) != e["team_inputs_digest"]:
        problems.append("team_inputs_digest does not match the team inputs")
    selected = {s["key"]: select(seed, s) for s in e["strata"]}
    if selected != e["selected"]:
        problems.append("selected subjects differ")
    try:
        if teams(seed, e, selected) != e["teams"]:
            problems.append("teams differ")
    except ValueError as err:
        problems.append(str(err))
    return problems


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2])
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        e = json.load(f)
    # Known-answer test of the SM3 implementation (GB/T 32905-2016, example 1).
    assert sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    problems = verify(e)
    n = sum(len(v) for v in e["selected"].values())
    if problems:
        print("MISMATCH: task %s" % e.get("task_id"))
        for p in problems:
            print("- " + p)
        return 1
    print("MATCH: task %s, %d subjects and %d teams reproduced" % (e.get("task_id"), n, len(e["teams"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
