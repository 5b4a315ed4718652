"""Clean a plan document copied from the web or a document-sharing site before it is parsed.

Real copies carry site navigation, upload information, page counters, "展开阅读全文", copyright and
licence lines; document-sharing sites also cut the body into pages glued back as "1、…", "2、…",
where the "2、" starts mid-sentence. Pure functions, no Django.
"""

from __future__ import annotations

import re

# A line is boilerplate when it matches any of these: they describe the web page or the upload, never a plan.
BOILERPLATE_LINE = re.compile(
    "|".join(
        [
            r"上传人|文档编号|上传时间|发布时间|文章来源|来源[:：]|当前位置|分类导航|资源描述",
            r"返回\s*下载|举报$|^\s*第\s*\d+\s*页\s*/\s*共\s*\d+\s*页|_第\d+页$|第\d+页\s*$",
            r"展开阅读全文|相关资源|相关搜索|版权所有|经营许可证|ICP备|公网安备|免责声明|链接地址",
            r"https?://|www\.|Adobe Flash|加入首页|加入收藏|联系我们|分辨率|浏览器",
            r"配套讲稿|特殊限制|关\s*键\s*词|^[-\s]*限制\d+内|由会员分享|该文档总共|转载分享|整理提供",
            r"\s>>\s|\s>\s.*\s>\s|^(网站|移动端)[:：]|电脑版|下载吧",
        ]
    )
)
# Once one of these appears in the last part of a document, the rest is the site's footer.
FOOTER_START = re.compile(r"^\s*(展开阅读全文|-?\s*配套讲稿|来源[:：]网络整理|免责声明)")
TERMINAL = "。；;！!？?：:”’》）)】"
PAGE_FRAGMENT = re.compile(r"^(\d{1,3})、\s*")


def strip_boilerplate(text: str) -> list[str]:
    """The document's lines without web and upload boilerplate, blank lines dropped, spaces trimmed.

    >>> strip_boilerplate("当前位置:首页 > 范文 > 计划\\n一、目标\\n\\n版权所有 某网站")
    ['一、目标']
    """
    return [line for line, _shown in _strip_pairs(text, text)]


def _lines(text: str) -> list[str]:
    return [line.strip().replace("\u3000", "") for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _strip_pairs(text: str, shown: str) -> list[tuple[str, str]]:
    # ``shown`` is ``text`` as published (the same length, character for character): it gets the same cuts.
    pairs = [(line, other) for line, other in zip(_lines(text), _lines(shown), strict=True) if line]
    cut = len(pairs)
    for i in range(len(pairs) // 2, len(pairs)):
        if FOOTER_START.match(pairs[i][0]):
            cut = i
            break
    return [pair for pair in pairs[:cut] if not BOILERPLATE_LINE.search(pair[0])]


def join_page_fragments(lines: list[str]) -> list[str]:
    """Glue the pages of a document-sharing copy back into one body.

    Lines numbered "1、", "2、" … in sequence, where most pages after the first begin mid-sentence (the
    previous page does not end with a full stop), are page counters, not headings: the counter is
    removed and each page is joined to the previous one.

    >>> join_page_fragments(["1、一、目标明确学", "2、校建设。二、措施", "3、到位。"])
    ['一、目标明确学校建设。二、措施到位。']
    >>> join_page_fragments(["1、制定方案。", "2、组织实施。"])
    ['1、制定方案。', '2、组织实施。']
    """
    return [line for line, _shown in _join_fragment_pairs([(line, line) for line in lines])]


def _join_fragment_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    numbered = [(i, int(m.group(1))) for i, (line, _) in enumerate(pairs) if (m := PAGE_FRAGMENT.match(line))]
    run = [i for k, (i, n) in enumerate(numbered) if n == k + 1]
    if len(run) < 2:
        return pairs
    mid_sentence = sum(1 for i in run[1:] if i > 0 and not pairs[i - 1][0].endswith(tuple(TERMINAL)))
    if mid_sentence * 2 < len(run) - 1:
        return pairs
    out: list[tuple[str, str]] = []
    fragments = set(run)
    for i, (line, shown) in enumerate(pairs):
        if i in fragments:
            counter = PAGE_FRAGMENT.match(line).end()
            line, shown = line[counter:], shown[counter:]
            if i != run[0] and out:
                out[-1] = (out[-1][0] + line, out[-1][1] + shown)
                continue
        out.append((line, shown))
    return out


def undouble(title: str) -> str:
    """A title repeated twice by the copying site, once.

    >>> undouble("工作计划工作计划")
    '工作计划'
    """
    half = len(title) // 2
    if len(title) % 2 == 0 and half and title[:half] == title[half:]:
        return title[:half]
    return title


LEADING_MARKER = re.compile(
    r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.．、](?!\d)|[①-⑳㈠-㈩⒈-⒛⑴-⒇]|第[一二三四五六七八九十]+[，、是])"
)


def join_broken_paragraphs(lines: list[str], min_length: int = 40) -> list[str]:
    """Rejoin a paragraph cut by a page break or a blank line in the copy.

    A long line (a title is short) that stops without a full stop continues on the next line, unless
    that line starts a numbered heading.

    >>> joined = join_broken_paragraphs(["围绕重点" * 11, "学科开展工作。", "二、措施"])
    >>> len(joined), joined[0].endswith("重点学科开展工作。")
    (2, True)
    """
    return [line for line, _shown in _join_broken_pairs([(line, line) for line in lines], min_length)]


def _join_broken_pairs(pairs: list[tuple[str, str]], min_length: int = 40) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for line, shown in pairs:
        if (
            out
            and len(out[-1][0]) >= min_length
            and not out[-1][0].endswith(tuple(TERMINAL))
            and not LEADING_MARKER.match(line)
        ):
            out[-1] = (out[-1][0] + line, out[-1][1] + shown)
        else:
            out.append((line, shown))
    return out


def clean(text: str) -> list[str]:
    """Boilerplate removed and pages rejoined: the paragraphs of the plan."""
    return [line for line, _shown in clean_aligned(text, text)]


def clean_aligned(text: str, shown: str) -> list[tuple[str, str]]:
    """The paragraphs of ``text`` paired with the same cuts of ``shown``, its published form (issue 17).

    ``text`` is what the parser reads (a traditional-character plan converted to simplified) and ``shown``
    what the bureau published, of the same length character for character: every decision is taken on
    ``text``, and each paragraph of ``shown`` stays aligned with its paragraph of ``text``.

    >>> clean_aligned("版权所有\\n一、发展目标", "版權所有\\n一、發展目標")
    [('一、发展目标', '一、發展目標')]
    """
    if len(text) != len(shown):
        raise ValueError("text and shown must be aligned character for character")
    return _join_broken_pairs(_join_fragment_pairs(_strip_pairs(text, shown)))
