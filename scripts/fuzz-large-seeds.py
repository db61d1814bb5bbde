#!/usr/bin/env python3
"""Writes large seeds for the fuzz targets (scripts/fuzz.sh), so that each parser is fuzzed from
inputs of the size real files reach, not only from small ones: a portfolio spreadsheet of 40,000
rows as CSV and as .xlsx, a portfolio file of 3,000 guarantees, a checklist of 2,000 questions,
a policy padded to a megabyte, a 6,000 x 4,000 photo, a manifest of 1,000 files, a page of 1,000
updates, and head office's requests at their largest. Standard library only (no network, no
packages); the same bytes every run.

Usage: fuzz-large-seeds.py CORPUS_ROOT   (writes CORPUS_ROOT/TARGET/large-*)
"""

import io
import json
import os
import random
import struct
import sys
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADINGS = ["合同编号", "借款人", "担保品种", "担保金额（元）", "起始日期", "到期日期", "风险等级", "客户经理"]
CITIES = ["常州", "无锡", "绍兴", "嘉兴", "宁波", "湖州", "金华", "台州"]
# Guarantees of the demo portfolio as of 2026-11-20, which the apply_updates target starts from.
DEMO_CONTRACTS = ["BH-WT-2024-0133", "BH-WT-2024-0143", "BH-WT-2025-0109", "BH-WT-2025-0110",
                  "BH-WT-2025-0112", "BH-WT-2025-0114", "BH-WT-2025-0130", "BH-WT-2025-0136",
                  "BH-WT-2025-0140", "BH-WT-2026-0101", "BH-WT-2026-0102", "BH-WT-2026-0103"]
TRADES = ["机械", "纺织", "印染", "化纤", "电缆", "门业", "食品", "光伏"]


def row(n):
    return [
        f"WT-2026-{n:05d}",
        f"{CITIES[n % 8]}{TRADES[(n // 8) % 8]}第{n}有限公司",
        ["流动资金贷款", "银行承兑汇票", "固定资产贷款"][n % 3],
        f"{(n % 97 + 1) * 100000:,}.00",
        f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
        f"2027-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
        str(n % 4 + 1),
        ["张伟", "李娜", "王敏", "赵磊"][n % 4],
    ]


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def csv_rows(rows):
    out = io.StringIO()
    for r in rows:
        out.write(",".join(f'"{c}"' if "," in c else c for c in r) + "\r\n")
    return out.getvalue().encode("utf-8")


def xlsx(rows):
    """A workbook of one sheet, every text in the shared-strings table (as Excel writes it)."""
    strings, index = [], {}
    cells = []
    for r_no, r in enumerate(rows, start=1):
        line = []
        for c_no, text in enumerate(r):
            col = chr(ord("A") + c_no)
            if text not in index:
                index[text] = len(strings)
                strings.append(text)
            line.append(f'<c r="{col}{r_no}" t="s"><v>{index[text]}</v></c>')
        cells.append(f'<row r="{r_no}">{"".join(line)}</row>')
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    sst = "".join(f"<si><t>{esc(s)}</t></si>" for s in strings)
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="在保项目" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{"".join(cells)}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return out.getvalue()


def png(width, height, pixel):
    """An RGB PNG whose pixel (x, y) is pixel(x, y), compressed fast."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        raw += pixel(y)
    chunk = lambda kind, data: (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    )
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(bytes(raw), 1))
        + chunk(b"IEND", b"")
    )


def main(root):
    rows = [HEADINGS] + [row(n) for n in range(40_000)]
    write(f"{root}/spreadsheet_import/large-40000-rows.csv", csv_rows(rows))
    write(f"{root}/spreadsheet_import/large-40000-rows.xlsx", xlsx(rows))

    guarantees = [
        {
            "contract_no": r[0], "borrower": r[1], "product": r[2], "amount": f"{n % 97 + 1}00万",
            "start": r[4], "maturity": r[5], "tier": n % 4 + 1, "status": "在保", "officer": r[7],
            "visits": [{"date": "2026-10-12", "kind": "periodic", "on_site": True, "draft": False,
                        "reported": "2026-10-13"}],
            "signals": [{"code": "W34", "found": "2026-11-02", "resolved": None}] if n % 5 == 0 else [],
        }
        for n, r in ((n, row(n)) for n in range(3_000))
    ]
    write(f"{root}/portfolio_json/large-3000-guarantees.json",
          json.dumps({"guarantees": guarantees}, ensure_ascii=False).encode("utf-8"))

    checklist = open(f"{ROOT}/assets/checklist/default.toml", encoding="utf-8").read()
    items = "".join(
        f'\n[[item]]\ncode = "E{n:04d}"\nsection = "E"\nquestion = "第{n}项：{TRADES[n % 8]}现场核查情况"\n'
        f'answer = "choice"\noptions = ["正常", "异常"]\nabnormal = ["异常"]\nraises = "X04"\n'
        for n in range(2_000)
    )
    write(f"{root}/checklist_toml/large-2000-items.toml", (checklist + items).encode("utf-8"))

    policy = open(f"{ROOT}/assets/policy/default.toml", encoding="utf-8").read()
    padding = "".join(f"# 第{n}行：公司制度的说明文字，逐条列明保后检查的依据与口径。\n" for n in range(16_000))
    write(f"{root}/policy_toml/large-padded.toml", (padding + policy).encode("utf-8"))

    # A site photo of 24 megapixels (72 MB once decoded), and one of noise (a large file).
    base = bytes(i % 251 for i in range(18_000 + 256))
    write(f"{root}/photo_decode/large-6000x4000.png",
          png(6000, 4000, lambda y: base[y % 256:y % 256 + 18_000]))
    noise = random.Random(0x4248).randbytes(1200 * 900 * 3)
    write(f"{root}/photo_decode/large-noise-1200x900.png",
          png(1200, 900, lambda y: noise[y * 3600:(y + 1) * 3600]))

    manifest = json.load(open(f"{ROOT}/fuzz/seeds/sync_protocol/manifest-sealed.json", encoding="utf-8"))
    manifest["files"] += [
        {"name": f"照片{n:04d}.jpg", "kind": "photo", "sha256": f"{n:064x}", "size": 3_500_000}
        for n in range(1, 997)
    ]
    manifest_text = json.dumps(manifest, ensure_ascii=False)
    write(f"{root}/sync_protocol/large-manifest-1000-files.json", manifest_text.encode("utf-8"))
    updates = {"updates": [
        {"seq": n, "kind": "tier", "contract_no": DEMO_CONTRACTS[n % len(DEMO_CONTRACTS)], "tier": n % 4 + 1,
         "reason": "季度风险复核：" + "回款逾期、订单下降" * 4, "on": "2026-11-21"}
        for n in range(1, 1_001)
    ]}
    updates_text = json.dumps(updates, ensure_ascii=False).encode("utf-8")
    write(f"{root}/sync_protocol/large-updates-1000.json", updates_text)
    write(f"{root}/apply_updates/large-updates-1000.json", updates_text)

    no = manifest["document_no"]
    sha = manifest["files"][0]["sha256"]
    session = "#--\n".join([
        'code\n{"code":"K7Q2M"}',
        f"open {manifest['document_no']}\n" + manifest_text,
        f"chunk {no} {sha} 0 auto\n" + "照" * 300_000,
        f"complete {no}\n",
    ])
    write(f"{root}/hq_api/large-upload.txt", session.encode("utf-8"))


if __name__ == "__main__":
    main(sys.argv[1])
