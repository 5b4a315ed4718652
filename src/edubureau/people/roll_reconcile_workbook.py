"""The reconciliation report as a workbook (汇总, 仅国家系统有, 仅本系统有, 信息不一致, 身份证号无效). Pure."""

from __future__ import annotations

import io

from edubureau.core.io.safe_workbook import new_workbook

__all__ = ["reconciliation_workbook"]


def reconciliation_workbook(data: dict) -> bytes:
    out = io.BytesIO()
    book = new_workbook(out, in_memory=True)
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    sheets = [
        ("汇总", ["项目", "人数"], [["国家学籍人数", data["national_rows"]], ["本系统名册人数", data["roll_rows"]],
                                  ["已对上", data["matched"]], ["仅国家系统有", len(data["only_national"])],
                                  ["仅本系统有", len(data["only_roll"])], ["信息不一致", len(data["different"])],
                                  ["身份证号无效", len(data["invalid_ids"])]]),
        ("仅国家系统有", ["身份证件号或标识"], [[key] for key in data["only_national"]]),
        ("仅本系统有", ["身份证件号或标识"], [[key] for key in data["only_roll"]]),
        ("信息不一致", ["身份证件号或标识", "姓名", "项目", "国家学籍", "本系统"],
         [[item["id"], item["name"], name, a, b] for item in data["different"]
          for name, (a, b) in item["fields"].items()]),
        ("身份证号无效", ["文件", "行号", "身份证号（脱敏）", "原因"],
         [["国家学籍" if bad["file"] == "national" else "本系统名册", bad["row"], bad["value"], bad["reason"]]
          for bad in data["invalid_ids"]]),
    ]
    for title, headers, rows in sheets:
        sheet = book.add_worksheet(title)
        for col, text in enumerate(headers):
            sheet.write_string(0, col, text, head)
            sheet.set_column(col, col, 22)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if isinstance(value, int):
                    sheet.write_number(r, col, value)
                else:
                    sheet.write_string(r, col, str(value))  # typed text stays text, never a formula
    book.close()
    return out.getvalue()
