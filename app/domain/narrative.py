"""Words of the report around the figures: period names, numbers, and a draft of section IV.

Pure: everything here is computed from a ``Tabulation``. The draft is only a starting point
the clerk edits before generating (DOMAIN.md §7 leaves the body of a report free); it names the
achievements, the shortfall against the quota, the weakest component and items, and proposals,
so a clerk never starts from an empty page and never has to retype a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from app.domain.settings import UnitSettings
from app.domain.tabulation import (
    ComponentResult,
    ItemResult,
    Tabulation,
    format_mean,
    format_percent,
)

# Below this satisfaction share a component or an item is called out as a weakness.
WEAK_SHARE = Fraction(85, 100)
# Blank + unreadable answers above this share of all rated answers deserve a sentence.
NOTABLE_MISSING_SHARE = Fraction(3, 100)
WEAKEST_ITEMS_NAMED = 3


def format_count(n: int) -> str:
    """An integer the Vietnamese way, thousands with a dot: 1234 -> "1.234"."""
    sign = "-" if n < 0 else ""
    return sign + f"{abs(n):,}".replace(",", ".")


def format_points(delta: Fraction) -> str:
    """A change of share in percentage points, signed: Fraction(21, 1000) -> "+2,1"."""
    text = format_percent(abs(delta)).removesuffix(" %")
    if text == "0,0":
        return "0,0"
    return ("+" if delta > 0 else "-") + text


@dataclass(frozen=True)
class _Ranked:
    name: str
    share: Fraction


def _ranked_components(components: tuple[ComponentResult, ...]) -> list[_Ranked]:
    out = [_Ranked(c.title, c.levels.satisfaction) for c in components
           if c.levels.satisfaction is not None]
    return sorted(out, key=lambda r: r.share)


def _ranked_items(items: tuple[ItemResult, ...]) -> list[_Ranked]:
    out = [_Ranked(i.short or i.text, i.levels.satisfaction) for i in items
           if i.levels.satisfaction is not None]
    return sorted(out, key=lambda r: r.share)


def _quoted(name: str, share: Fraction) -> str:
    return f"“{name}” ({format_percent(share)})"


def _achievements(tab: Tabulation, office_name: str) -> str:
    phrase = tab.period.title
    quota = tab.quota
    kind = "của năm" if tab.period.quarter is None else "của quý"
    parts = [
        f"Trong {phrase}, {office_name} đã thu về {format_count(tab.forms)} phiếu khảo sát hợp lệ,"
        f" đạt {format_percent(quota.attainment)} chỉ tiêu {kind}"
        f" ({format_count(quota.target)} phiếu)."
    ]
    overall = tab.overall.satisfaction
    if overall is not None:
        sentence = (f" Tỷ lệ người dân, tổ chức hài lòng (mức 4 và 5) chung là"
                    f" {format_percent(overall)}, điểm trung bình"
                    f" {format_mean(tab.overall.mean)}/5")
        change = tab.change
        if change is not None and change.overall_delta is not None:
            if change.overall_delta == 0:
                sentence += f", không đổi so với {change.previous_period.title}"
            else:
                direction = "tăng" if change.overall_delta > 0 else "giảm"
                points = format_percent(abs(change.overall_delta)).removesuffix(" %")
                sentence += (f", {direction} {points} điểm phần trăm so với"
                             f" {change.previous_period.title}")
        parts.append(sentence + ".")
    ranked = _ranked_components(tab.components)
    if len(ranked) > 1:
        best = ranked[-1]
        parts.append(f" Yếu tố được đánh giá cao nhất là {_quoted(best.name, best.share)}.")
    return "".join(parts)


def _shortfalls(tab: Tabulation) -> str:
    parts: list[str] = []
    quota = tab.quota
    if not quota.met:
        parts.append(f"Số phiếu thu được còn thiếu {format_count(quota.target - quota.forms)}"
                     " phiếu so với chỉ tiêu")
        if quota.per_week_needed > 0 and quota.year_forms < quota.yearly_target:
            parts[-1] += (f"; để đạt chỉ tiêu năm ({format_count(quota.yearly_target)} phiếu)"
                          f" cần thu thêm khoảng {format_count(quota.per_week_needed)}"
                          " phiếu mỗi tuần")
        parts[-1] += "."
    ranked = _ranked_components(tab.components)
    if len(ranked) > 1:
        worst = ranked[0]
        parts.append(f"Yếu tố có tỷ lệ hài lòng thấp nhất là {_quoted(worst.name, worst.share)}.")
    weak_items = [r for r in _ranked_items(tab.items) if r.share < WEAK_SHARE]
    if weak_items:
        named = ", ".join(_quoted(r.name, r.share) for r in weak_items[:WEAKEST_ITEMS_NAMED])
        parts.append(f"Các tiêu chí có tỷ lệ hài lòng dưới {format_percent(WEAK_SHARE, 0)}"
                     f" cần quan tâm: {named}.")
    missing = tab.overall.blank + tab.overall.unreadable
    if tab.overall.total and Fraction(missing, tab.overall.total) > NOTABLE_MISSING_SHARE:
        parts.append(f"Có {format_count(missing)} câu trả lời để trống hoặc không đọc được"
                     f" ({format_percent(Fraction(missing, tab.overall.total))}),"
                     " cần hướng dẫn người dân điền phiếu đầy đủ hơn.")
    if not parts:
        return ("Việc khảo sát bảo đảm chỉ tiêu; không có tiêu chí nào có tỷ lệ hài lòng dưới"
                f" {format_percent(WEAK_SHARE, 0)}.")
    return "Hạn chế: " + " ".join(parts)


def _proposals(tab: Tabulation, office_name: str) -> str:
    proposals: list[str] = []
    ranked = _ranked_components(tab.components)
    if ranked and ranked[0].share < WEAK_SHARE:
        proposals.append(f"tập trung khắc phục các nội dung thuộc yếu tố “{ranked[0].name}”")
    if not tab.quota.met:
        proposals.append("tăng cường phát phiếu khảo sát cho người dân, tổ chức sau khi nhận"
                         " kết quả để bảo đảm đủ số phiếu theo chỉ tiêu")
    if tab.opinions:
        proposals.append("tiếp thu, giải quyết và trả lời các ý kiến, kiến nghị của người dân"
                         " nêu tại Mục III")
    proposals.append(f"tiếp tục niêm yết công khai kết quả khảo sát tại {office_name}"
                     " và trên Trang thông tin điện tử của đơn vị")
    return "Đề xuất: " + "; ".join(proposals) + "."


def draft_narrative(tab: Tabulation, settings: UnitSettings) -> tuple[str, ...]:
    """Section IV paragraphs drafted from the figures (the clerk edits them)."""
    office = settings.office_name or "Bộ phận Tiếp nhận và Trả kết quả"
    phrase = tab.period.title
    if tab.forms == 0:
        return (
            f"Trong {phrase}, {office} chưa thu được phiếu khảo sát nào.",
            f"Đề xuất: tổ chức phát phiếu khảo sát ngay cho người dân, tổ chức đến giao dịch để"
            f" bảo đảm chỉ tiêu {format_count(tab.quota.yearly_target)} phiếu/năm.",
            _closing(tab, settings),
        )
    return (_achievements(tab, office), _shortfalls(tab), _proposals(tab, office),
            _closing(tab, settings))


def _closing(tab: Tabulation, settings: UnitSettings) -> str:
    return (f"Trên đây là báo cáo kết quả khảo sát mức độ hài lòng của người dân, tổ chức"
            f" {tab.period.title} của {settings.unit_name}./.")


def default_recipients(settings: UnitSettings) -> tuple[str, ...]:
    """"Nơi nhận" lines of a fresh report; the last one is the archive ("Lưu: VT")."""
    lines = []
    if settings.recipient_name.strip():
        lines.append(f"{settings.recipient_name.strip()} (qua iOffice);")
    lines.append("Lãnh đạo UBND;")
    lines.append(f"{settings.office_name};")
    lines.append("Lưu: VT.")
    return tuple(lines)
