#!/usr/bin/env python3
"""Second step of the reviewed labels (docs/supervision-eval.md): replaces the drafted reasons
of the borderline clean files with the reviewer's own, and writes the header of the file.

Usage: python3 eval/supervision/hand_reasons.py eval/supervision/labels.toml   (in place)
"""
import json,re,sys
p=sys.argv[1]
s=open(p).read()
hand={
"津滨市监评〔2024〕037号":"告知 2024-04-30，劳动节 05-01 至 05-05 放假，听证申请期第五个工作日为 05-10；05-11（调休上班的星期六）决定，为第 6 个工作日，未早于期满（第六十四条（一）、第八十五条）；自然人罚款一万元已告知听证权利（第六十三条）。",
"津滨市监评〔2024〕057号":"立案 2024-03-11，九十日届满 06-09 为星期日，06-10 端午节放假，顺延至 06-11；06-11 决定，在期限内（第六十条，民事诉讼法第八十五条）。",
"津滨市监评〔2024〕058号":"立案 2024-11-22，第 90 日 2025-02-20（星期四）决定，恰在九十日届满日（第六十条）。",
"津滨市监评〔2025〕059号":"立案 2025-02-19，第 90 日 2025-05-20（星期二）决定，恰在期满日（第六十条）。",
"津滨市监评〔2024〕060号":"立案 2024-07-03，九十日届满 10-01 在国庆假期（10-01 至 10-07），顺延至 10-08；10-08 决定，在期限内（第六十条，民事诉讼法第八十五条）。",
"津滨市监评〔2024〕061号":"立案 2024-04-12，07-01 有经负责人批准延长三十日的环节，延长 30 日；第 110 日 07-31 决定，在 08-12 前（第六十条 法律另有规定，市场监管程序规定延长三十日）。",
"津滨市监评〔2025〕062号":"立案 2025-01-17，04-07 经负责人批准延长三十日；第 110 日 05-07 决定，在延长后的期限 05-19 前（第六十条）。",
"津滨市监评〔2025〕063号":"线索 2025-01-20，春节 01-28 至 02-04 放假，01-26、02-08 调休上班；02-14 立案恰为第 15 个工作日，未超期（市场监管程序规定第十八条）。",
"津滨市监评〔2024〕064号":"告知 2024-09-27，09-29 调休上班，国庆 10-01 至 10-07 放假；10-11 决定为告知后第 6 个工作日，五个工作日已满（第四十五条、第六十四条（一）、第八十五条）。",
"津滨市监评〔2025〕065号":"决定 2025-09-29，国庆中秋 10-01 至 10-08 放假，10-11 调休上班；10-15 送达恰为第 7 个工作日（第六十一条、第八十五条）。",
"津滨市监评〔2024〕066号":"决定 2024-02-06，春节 02-10 至 02-17 放假，02-18 调休上班；02-21 公示恰为第 7 个工作日（国办发〔2018〕118号）。",
"津滨市监评〔2024〕067号":"自然人罚款 9800 元，低于一万元（听证办法第五条），无听证权利，未告知听证不是缺陷（第六十三条）；05-11 立案为调休上班日。",
"津滨市监评〔2024〕068号":"单位当场警告（第五十一条 警告可适用简易程序），当场告知并听取陈述申辩（第四十四条），当场交付决定书。",
"津滨市监评〔2024〕183号":"单位罚款 6400 元，无听证权利；当事人书面明确放弃陈述、申辩（第六十二条 但书），告知后第 2 个工作日决定不违反第四十五条。",
"津滨市监评〔2024〕185号":"自然人罚款 12600 元已告知听证权利；当事人书面放弃陈述、申辩并明确放弃听证，告知后第 2 个工作日决定不违反第四十五条、第六十四条（一）。",
"津滨市监评〔2025〕175号":"2025-06-05 送达，缴款期限 06-20；06-30 缴纳，逾期 10 日，加处罚款 6000×3%×10=1800 元已记录并缴清（第六十七条第三款、第七十二条第一款第一项）。",
"津滨市监评〔2024〕176号":"2024-09-19 送达，十五日届满 10-04 在国庆假期，顺延至 10-08；11-17 缴纳，逾期 40 日，3%×40=120% 以罚款数额 6000 元为限，加处 6000 元已缴清（第七十二条第一款第一项）。",
}
for k,v in hand.items():
    pat=re.compile(r'(key = "'+re.escape(k)+r'"\nclean = )".*?"\n')
    s,n=pat.subn(lambda m: m.group(1)+json.dumps(v,ensure_ascii=False)+"\n", s)
    assert n==1,k
s=s.replace('''# Reviewed labels of the independent supervision evaluation (docs/supervision-eval.md).
# One [[file]] per case file, by its 案号; defects with the reason read in the dump.''','''# Reviewed labels of the independent supervision evaluation (docs/supervision-eval.md).
# One [[file]] per case file, by its 案号 (stable key); each defect with the reason read in the
# dump (`fazhi supervision eval --dump`), a clean file with why it is clean. Codes are the check
# codes of fazhi_core::supervision::checks::CHECKS.
# Made by: a checklist over the dump text (eval/supervision/review.py, reading only the dump and
# the shared holiday notices) drafted the entries; the reviewer then read the dumps: every file
# from 057 on (borderline, defective and the harder files, 129 files) in a condensed view of its
# dump, the 56 ordinary clean files in a shorter view and 7 of them in full; the borderline
# files carry reasons rewritten by hand (eval/supervision/hand_reasons.py). Conventions:
# - one defect, one label: an instrument that cannot be completed only because of another
#   labelled defect (one officer on the 立案审批表, no spot notice on 当场处罚决定书) is not
#   labelled again under instruments_buildable;
# - a hearing on file (even one held after the decision) makes 第五十八条 第一款 第（二）项 apply:
#   a legal review after the hearing and before the decision is then required;
# - periods: 行政处罚法 第八十五条 (二/三/五/七日 = working days), other periods calendar days,
#   start day not counted, a last day that is a rest day moves to the next working day
#   (民事诉讼法 第八十五条); working days from ../shared/data/calendar/cn-holidays.toml.''')
open(p,'w').write(s)
