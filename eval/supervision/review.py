#!/usr/bin/env python3
"""Reviewer's checklist over the text dump of the evaluation set (`fazhi supervision eval
--dump`), used to DRAFT eval/supervision/labels.toml. It reads only the dump text and the
shared holiday notices; it imports nothing of the platform. Every draft label was then read
against its dump by the reviewer (docs/supervision-eval.md says how, and which were changed).

Usage: fazhi supervision eval --dump > /tmp/dump.txt
       python3 eval/supervision/review.py /tmp/dump.txt > eval/supervision/labels.draft.toml
"""

import datetime as dt
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CAL = HERE / "../../../shared/data/calendar/cn-holidays.toml"


def notices():
    off, on, cur = set(), set(), None
    for line in CAL.read_text(encoding="utf-8").splitlines():
        t = line.split("#")[0].strip()
        if t.startswith("holidays"):
            cur = off
        elif t.startswith("workdays"):
            cur = on
        if cur is not None:
            for d in re.findall(r'"(\d{4}-\d{2}-\d{2})"', t):
                cur.add(dt.date.fromisoformat(d))
            if "]" in t:
                cur = None
    return off, on


OFF, ON = notices()


def working(d):
    return d in ON or (d not in OFF and d.weekday() < 5)


def wd_after(d, n):
    while n > 0:
        d += dt.timedelta(days=1)
        if working(d):
            n -= 1
    return d


def cal_after(d, n):
    # 民事诉讼法 第八十五条: start day not counted; a last day that is a rest day moves on.
    d += dt.timedelta(days=n)
    while not working(d):
        d += dt.timedelta(days=1)
    return d


def wd_between(a, b):
    n = 0
    while a < b:
        a += dt.timedelta(days=1)
        if working(a):
            n += 1
    return n


def date(s):
    try:
        return dt.date.fromisoformat(s)
    except (TypeError, ValueError):
        return None


def field(block, label):
    m = re.search(label + r" ([^·\n]*)", block)
    return m.group(1).strip() if m else ""


def review(block):
    key = re.search(r"==== (.+?) ====", block).group(1)
    proc = field(block, "程序")
    kind, name = re.search(r"当事人 \[(\w+)\] (\S+)", block).groups()
    code = field(block, "证件")
    dates = dict(re.findall(r"(线索|立案|告知|决定|送达|执行|结案|归档) (\d{4}-\d{2}-\d{2}|—)", block.split("日期 ", 1)[1].split("\n", 1)[0]))
    d = {k: date(v) for k, v in dates.items()}
    circ = json.loads(field(block, "情节"))
    facts = field(block, "查明事实")
    fine = float(re.search(r"罚款 ([\d.]+) 元", block).group(1))
    paid = float(re.search(r"已缴 ([\d.]+) 元", block).group(1))
    surcharge = float(re.search(r"加处罚款 ([\d.]+) 元", block).group(1))
    pay_due = date(field(block, "缴款期限"))
    tier = field(block, "裁量档次")
    reason = field(block, "超档理由")
    ext = int(re.search(r"延长 (-?\d+) 日", block).group(1))
    hearing_told = field(block, "听证权利告知") == "true"
    spot_told = field(block, "当场告知") == "true"
    review_line = re.search(r"法制审核 (\S*) ", block)
    steps = re.findall(r"^  (\d{4}-\d{2}-\d{2}) (\S+)\s+(.*)$", block, re.M)
    steps = [(date(a), b, c) for a, b, c in steps if b not in ("", )]
    acts = [s for s in steps if s[1] in ("file", "investigate", "evidence", "decide_on_spot", "review", "legal_review", "notify", "request_hearing", "hearing", "discuss", "extend", "decide", "serve", "execute", "close", "archive")]
    def step(a):
        return [s for s in acts if s[1] == a]
    audit = int(re.search(r"审计日志 (\d+) 条（环节 (\d+) 个）", block).group(1))
    nsteps = int(re.search(r"审计日志 (\d+) 条（环节 (\d+) 个）", block).group(2))
    owner = field(block, "所属")
    dept = field(block, "办案机关")
    violated = field(block, "违反条款")
    evid = re.findall(r"^  (\S+) · 收集 (\S+) · 登记摘要（(环节有记录|环节无记录)） · 现存内容摘要(与登记一致|与登记不一致)", block, re.M)
    disc = re.findall(r"^公示 (\d{4}-\d{2}-\d{2})（决定后第 (\d+) 个工作日）\S+ · 内容 (.*)$", block, re.M)
    team = field(block, "办案人员")
    out = []

    def lab(c, r):
        out.append((c, r))

    general = proc == "general"
    decided = d.get("决定")
    citizen = kind == "citizen"
    if general and d.get("立案"):
        k = wd_between(d["线索"], d["立案"])
        if k > 15:
            lab("filing_deadline", f"线索 {d['线索']} 至立案 {d['立案']} 为 {k} 个工作日，超过十五个工作日（市场监管程序规定第十八条，行政处罚法第五十四条）")
    if "不属于" in owner or dept not in owner:
        lab("power_of_body", f"权责事项所属 {owner}，办案机关为 {dept}（第十七条 法定职权）")
    team_steps = step("investigate") + step("decide_on_spot")
    officers_of = lambda t: re.findall(r"([^\s、；（]+)（(EVAL-[\d-]+) (\d{4}-\d{2}-\d{2})至(\d{4}-\d{2}-\d{2}) (\w+) 领域 ([^）]*)）", t)
    domain = field(block, "执法领域")
    if any(len(officers_of(s[2])) < 2 for s in team_steps) or len(officers_of(team)) < 2:
        lab("officer_count", f"调查取证/当场处罚环节执法人员 {len(officers_of(team))} 名（第四十二条 不得少于两人）")
    bad_cards = []
    for s in team_steps + step("evidence"):
        for n, no, a, b, st, doms in officers_of(s[2]):
            if not (date(a) <= s[0] <= date(b)) or st != "valid":
                bad_cards.append(f"{n} 证件 {a}至{b}，环节 {s[0]}")
            elif domain and domain not in doms.split("/"):
                bad_cards.append(f"{n} 证件执法领域为{doms}，案件领域为{domain}")
    if bad_cards:
        lab("officer_cards", "执法证在执法之日无效或领域不符：" + "；".join(sorted(set(bad_cards))) + "（第四十二条）")
    if decided and not evid:
        lab("evidence_present", "案卷证据 0 件即作出决定（第四十条、第四十六条）")
    if any(e[2] == "环节无记录" or e[3] == "与登记不一致" for e in evid):
        bad = [e[0] for e in evid if e[2] == "环节无记录" or e[3] == "与登记不一致"]
        lab("evidence_integrity", f"证据 {'、'.join(bad)} 现存内容的摘要与登记不一致（第四十六条、第四十七条）")
    if decided and (name not in facts or len(facts) < 20):
        lab("facts_recorded", f"查明事实“{facts}”未载明当事人及违法行为（第四十条）")
    if re.search(r"art_(\d+)", violated) and int(re.search(r"art_(\d+)", violated).group(1)) > 160 or "para_9" in violated:
        lab("provisions_in_force", f"违反条款 {violated} 在食品安全法中不存在（第三十七条、第三十八条）")
    act = date(circ.get("act_ended_on"))
    if act and d["线索"] and (d["线索"] - act).days > 730:
        lab("penalty_allowed", f"违法行为 {act} 终了，{d['线索']} 才发现，超过二年（第三十六条）仍予处罚")
    tiers = {"较轻": (5000, 20000), "一般": (20000, 35000), "较重": (35000, 50000)}
    out_of_tier = False
    if fine > 0 and tier in tiers:
        lo, hi = tiers[tier]
        if not (lo <= fine <= hi):
            out_of_tier = True
            if reason in ("", "—"):
                lab("discretion_reason", f"档次“{tier}”为 {lo}–{hi} 元，罚款 {fine:.0f} 元，未记录超出档次的理由（第三十四条 裁量基准）")
    hearing = step("hearing")
    lr = [s for s in step("legal_review") if decided and s[0] <= decided]
    need = []
    if circ.get("major_public_interest"):
        need.append("重大公共利益（第五十八条第一款第一项）")
    if circ.get("complex"):
        need.append("疑难复杂（第三项）")
    if hearing:
        need.append("经过听证（第二项）")
    if out_of_tier:
        need.append("罚款超出裁量档次（裁量基准）")
    if need and decided and not lr:
        late = f"，审核记录迟至 {step('legal_review')[0][0]}" if step("legal_review") else ""
        lab("legal_review", f"应当法制审核（{'、'.join(need)}），{decided} 决定前无审核记录{late}（第五十八条）")
    if general and decided and not [x for x in step("notify") if x[0] <= decided]:
        if step("notify"):
            lab("prior_notice", f"{decided} 作出罚款决定，告知环节迟至 {step('notify')[0][0]}（第四十四条 决定之前告知）")
        else:
            lab("prior_notice", f"{decided} 作出罚款决定，案卷无告知环节（第四十四条、第六十二条）")
    if not general and decided and not spot_told:
        lab("prior_notice", f"简易程序 {decided} 当场处罚，未载当场告知并听取陈述申辩（第四十四条、第五十二条）")
    if fine >= (10000 if citizen else 100000) and not hearing_told and d.get("告知"):
        lab("hearing_right_notice", f"{'自然人' if citizen else '单位'}罚款 {fine:.0f} 元，达到听证标准（听证办法第五条），告知 {d['告知']} 未告知听证权利（第六十三条）")
    st_waived = field(block, "放弃陈述申辩") == "true"
    hr_waived = field(block, "放弃听证") == "true"
    # 第六十二条: an express waiver of 陈述、申辩 lifts the wait, except for the hearing request
    # window of 第六十四条（一） when the party has the right and did not waive it.
    window_applies = not st_waived or (hearing_told and not hr_waived)
    if general and d.get("告知") and decided and window_applies:
        k = wd_between(d["告知"], decided) if d["告知"] <= decided else 0
        if k <= 5 and st_waived:
            lab("statement_window", f"当事人仅放弃陈述申辩、未放弃听证；告知 {d['告知']}，{decided} 决定为第 {k} 个工作日，听证申请期未满（第六十二条、第六十四条（一））")
        elif k <= 5:
            lab("statement_window", f"告知 {d['告知']}，{decided} 决定为告知后第 {k} 个工作日，五个工作日陈述申辩/听证申请期未满（第四十五条、第六十四条（一）、第八十五条）")
    if step("request_hearing") and not [s for s in hearing if s[0] <= decided]:
        late = f"，听证迟至 {hearing[0][0]} 才举行" if hearing else ""
        lab("hearing_held", f"当事人 {step('request_hearing')[0][0]} 申请听证，{decided} 决定前未举行听证{late}（第六十三条、第六十五条）")
    if (circ.get("serious_violation") or circ.get("complex")) and decided and not [s for s in step("discuss") if s[0] <= decided]:
        late = f"，集体讨论迟至 {step('discuss')[0][0]}" if step("discuss") else ""
        lab("collective_discussion", f"{'重大违法行为' if circ.get('serious_violation') else '情节复杂'}，{decided} 决定前无负责人集体讨论{late}（第五十七条第二款）")
    if not general and fine > (200 if citizen else 3000):
        lab("summary_limits", f"简易程序当场罚款 {fine:.0f} 元，超过{'公民二百' if citizen else '单位三千'}元（第五十一条）")
    if general and d.get("立案") and decided:
        due = cal_after(d["立案"], 90)
        approved = bool(step("extend")) and 0 < ext <= 30
        if approved:
            due = cal_after(d["立案"], 90 + ext)
        if decided > due:
            lab("decision_deadline", f"立案 {d['立案']}，{decided} 决定（第 {(decided - d['立案']).days} 日），期限 {due}{'（已批准延长' + str(ext) + '日）' if approved else '（无批准延期环节）' if ext else ''}（第六十条 九十日）")
    if general and decided and d.get("送达"):
        k = wd_between(decided, d["送达"])
        if k > 7:
            lab("service_deadline", f"{decided} 决定，{d['送达']} 送达，为第 {k} 个工作日（第六十一条七日、第八十五条）")
    if fine > 0 and d.get("送达"):
        right = cal_after(d["送达"], 15)
        if pay_due != right:
            lab("payment_due", f"{d['送达']} 直接送达，缴款期限应为 {right}（十五日，届满日逢休息日顺延），记录为 {pay_due}（第六十七条第三款）")
        if d.get("执行") and d["执行"] > right:
            days = (d["执行"] - right).days
            owed = min(fine, round(fine * 0.03 * days, 2))
            if abs(surcharge - owed) > 0.005:
                lab("surcharge", f"缴款期限 {right}，{d['执行']} 才缴纳，逾期 {days} 日应加处 {owed:.2f} 元，记录 {surcharge:.2f} 元（第七十二条第一款第一项 每日百分之三，不超过罚款数额）")
    if fine > 0 and d.get("结案") and paid < fine + surcharge:
        lab("payment_complete", f"罚款 {fine:.0f} 元，实缴 {paid:.0f} 元即于 {d['结案']} 结案（第六十六条、第六十七条）")
    if general and fine > 0 and not disc and d.get("结案"):
        lab("disclosure_made", f"普通程序罚款决定 {decided}，{d['结案']} 结案时未公示（第四十八条，公示规定第二条）")
    for on, k, content in disc[:1]:
        if int(k) > 7:
            lab("disclosure_on_time", f"{decided} 决定，{on} 公示，为决定后第 {k} 个工作日（国办发〔2018〕118号 七个工作日）")
    shown = []
    if citizen and any(name in c for _, _, c in disc):
        shown.append(f"完整姓名“{name}”")
    if citizen and code and any(code in c for _, _, c in disc):
        shown.append(f"身份证号 {code}")
    if shown:
        lab("disclosure_masked", f"公示内容含自然人当事人{'和'.join(shown)}（第四十八条、个人信息保护法第六条）")
    seq = [d.get(k) for k in ("线索", "立案", "告知", "决定", "送达", "执行", "结案", "归档")]
    seq = [x for x in seq if x]
    names = [k for k in ("线索", "立案", "告知", "决定", "送达", "执行", "结案", "归档") if d.get(k)]
    bad = [(names[i], seq[i], names[i + 1], seq[i + 1]) for i in range(len(seq) - 1) if seq[i + 1] < seq[i]]
    if bad:
        a, da, b, db = bad[0]
        lab("chronology", f"{a} {da} 晚于其后的{b} {db}，日期顺序颠倒（第四十七条 全过程记录）")
    if audit < nsteps:
        lab("audit_trail", f"环节 {nsteps} 个，审计日志仅 {audit} 条（第四十七条 全过程记录）")
    clean = ""
    if not out:
        bits = [f"{proc}"]
        if general and d.get("立案"):
            bits.append(f"立案后第 {(decided - d['立案']).days} 日决定（期限 {cal_after(d['立案'], 90 + (ext if step('extend') else 0))}）")
            bits.append(f"告知后第 {wd_between(d['告知'], decided)} 个工作日决定")
            bits.append(f"决定后第 {wd_between(decided, d['送达'])} 个工作日送达")
            if disc:
                bits.append(f"第 {disc[0][1]} 个工作日公示")
        else:
            bits.append("当场警告，当场告知" if spot_told else "当场处罚")
        bits.append(f"罚款 {fine:.0f} 元 档次 {tier or '—'}")
        if hearing_told:
            bits.append("已告知听证权利")
        if need:
            bits.append("法制审核在决定前")
        clean = "；".join(bits)
    return key, out, clean


def main():
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    blocks = ["==== " + b for b in text.split("==== ")[1:] if "====" in b]
    blocks = [b for b in text.split("\n\n") if b.startswith("==== ")]
    print("# Reviewed labels of the independent supervision evaluation (docs/supervision-eval.md).")
    print("# One [[file]] per case file, by its 案号; defects with the reason read in the dump.")
    print("schema = 1\n")
    for b in blocks:
        key, out, clean = review(b)
        print("[[file]]")
        print(f'key = "{key}"')
        if out:
            for c, r in out:
                print("[[file.defects]]")
                print(f'code = "{c}"')
                print(f"reason = {json.dumps(r, ensure_ascii=False)}")
        else:
            print(f"clean = {json.dumps(clean, ensure_ascii=False)}")
        print()


if __name__ == "__main__":
    main()
