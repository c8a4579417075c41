# Builds the spreadsheets of the upload-bomb benchmark (docs/BENCHMARKS.md): the 1.5 KB sheet
# whose only cells are A1 and XFD1048576, a 10 MB bomb (a sheet expanding to 1 GB plus random
# padding; above the upload cap) and a 3.7 MB one (the same sheet, under the cap, so the zip
# reader itself must refuse it). Writes them into the directory given (default: here).
import io, os, zipfile, zlib

CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')

def base(z):
    z.writestr("[Content_Types].xml", CT)
    z.writestr("_rels/.rels", RELS)
    z.writestr("xl/workbook.xml", WB)
    z.writestr("xl/_rels/workbook.xml.rels", WBRELS)

import sys
out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
with zipfile.ZipFile(os.path.join(out, "corner.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    base(z)
    z.writestr("xl/worksheets/sheet1.xml",
               '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
               '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')

head = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>').encode()
row = b'<row><c t="inlineStr"><is><t>' + b'A' * 1000 + b'</t></is></c></row>'
for name, padding_mb in (("bomb.xlsx", 7), ("bomb-small.xlsx", 1)):
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as z:
        base(z)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(head)
            chunk = row * 1000
            for _ in range(1000):  # ~1 GB expanded
                f.write(chunk)
            f.write(b"</sheetData></worksheet>")
        z.writestr(zipfile.ZipInfo("xl/media/padding.bin"), os.urandom(padding_mb * 1024 * 1024),
                   compress_type=zipfile.ZIP_STORED)
for n in ("corner.xlsx", "bomb.xlsx", "bomb-small.xlsx"):
    print(n, os.path.getsize(os.path.join(out, n)))
