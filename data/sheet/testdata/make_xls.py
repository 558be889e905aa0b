#!/usr/bin/python3
# Writes ds-hoi-2003.xls, an Excel 97–2003 (BIFF8) list as offices keep them: a title,
# a merged two-row header, TCVN3 text stored with the old byte values, a date, a
# formula. Made with xlwt (Debian package python3-xlwt): /usr/bin/python3 make_xls.py
import datetime
import xlwt

wb = xlwt.Workbook(encoding="utf-8")
ws = wb.add_sheet("DS hoi")
ws.write(0, 0, "DANH SÁCH CÁC HỘI")
ws.write_merge(2, 3, 0, 0, "STT")
ws.write_merge(2, 3, 1, 1, "Tên hội")
ws.write_merge(2, 2, 2, 3, "Quyết định thành lập")
ws.write(3, 2, "Số")
ws.write(3, 3, "Ngày")
day = xlwt.easyxf(num_format_str="dd/mm/yyyy")
ws.write(4, 0, 1)
ws.write(4, 1, "H\u00e9i Ng\u00ad\u00eai cao tu\u00e6i")  # TCVN3: Hội Người cao tuổi
ws.write(4, 2, "123/QĐ-UBND")
ws.write(4, 3, datetime.date(2021, 6, 15), day)
ws.write(5, 0, 2)
ws.write(5, 1, "Hội Đông y")
ws.write(5, 3, xlwt.Formula("DATE(2020;1;2)"), day)
wb.save("ds-hoi-2003.xls")

# nhieu-hoi-2003.xls: enough distinct names for the shared strings to run over CONTINUE
# records (8-bit and UTF-16 strings), whole and decimal numbers (RK, MULRK, NUMBER), a
# boolean, a hidden sheet before the list, and a merged title.
wb = xlwt.Workbook(encoding="utf-8")
hidden = wb.add_sheet("An")
hidden.write(0, 0, "Tên hội")
hidden.write(1, 0, "Hội trong trang ẩn")
hidden.visibility = 1
ws = wb.add_sheet("Danh sách")
ws.write_merge(0, 0, 0, 4, "DANH SÁCH CÁC HỘI NĂM 2003")
for c, h in enumerate(["STT", "Tên hội", "Số hội viên", "Kinh phí", "Đã giao"]):
    ws.write(1, c, h)
for i in range(1500):
    ws.write(2 + i, 0, i + 1)
    name = "Hội Người cao tuổi xã số %d" % i if i % 2 else "Association number %d" % i
    ws.write(2 + i, 1, name)
    ws.write(2 + i, 2, i * 7)
    ws.write(2 + i, 3, i + 0.25)
    ws.write(2 + i, 4, i % 3 == 0)
wb.save("nhieu-hoi-2003.xls")
