"""Reports (SPEC section 6) and course plans (SPEC 5.4) from :meth:`vocfab.Dataset.report` and
:meth:`vocfab.Dataset.plan`.

A :class:`Report` holds the figures exactly as the library wrote them (``vf_dataset_report``):
``employment`` and ``training`` are nested dicts (``report.employment["referrals"]["total"]``),
each with its ``"rates"`` (``{"numerator", "denominator", "rate"}``); ``breakdowns`` maps a
dimension (``"centre"``, ``"gender"``…) to its :class:`Group` list. A count withheld by
``min_group_size`` is ``None``, never 0. :meth:`Report.rows` gives the long format of SPEC 6
(the rows of the CSV), and :meth:`Report.to_dataframe` / :meth:`Report.breakdown_frame` the same
as pandas DataFrames when pandas is installed.
"""

from __future__ import annotations

import importlib
from dataclasses import astuple, dataclass, field, fields
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple

SECTIONS = ("employment", "training")
DIMENSIONS = ("centre", "branch", "district", "gender", "age_band", "month")


@dataclass(frozen=True)
class Row:
    """One figure in the long format of SPEC 6 (a line of the CSV)."""

    section: str
    metric: str
    dimension: str
    group: str
    count: Optional[int]
    denominator: Optional[int]
    rate: Optional[float]


def _metric_rows(section: str, figures: Mapping[str, Any], dimension: str, group: str) -> Iterator[Row]:
    def walk(prefix: str, node: Mapping[str, Any]) -> Iterator[Row]:
        for name, value in node.items():
            if prefix == "" and name == "rates":
                continue
            if isinstance(value, Mapping):
                yield from walk(f"{prefix}{name}.", value)
            else:
                yield Row(section, prefix + name, dimension, group, value, None, None)

    return walk("", figures)


def _rate_rows(section: str, figures: Mapping[str, Any], dimension: str, group: str) -> Iterator[Row]:
    for name, rate in figures.get("rates", {}).items():
        yield Row(section, f"rates.{name}", dimension, group, rate["numerator"], rate["denominator"], rate["rate"])


def _group_rows(sections: Mapping[str, Mapping[str, Any]], dimension: str, group: str) -> List[Row]:
    # The order of the CSV: every count of both funnels, then every rate.
    rows: List[Row] = []
    for section in SECTIONS:
        rows.extend(_metric_rows(section, sections[section], dimension, group))
    for section in SECTIONS:
        rows.extend(_rate_rows(section, sections[section], dimension, group))
    return rows


@dataclass(frozen=True)
class Group:
    """One group of a breakdown: its stable key, its display label and its figures."""

    group: str
    label: str
    employment: Dict[str, Any]
    training: Dict[str, Any]


@dataclass(frozen=True)
class Report:
    """The programme's figures as of a day (SPEC section 6).

    Attributes:
        programme: the policy's name.
        as_of: the day (``YYYY-MM-DD``).
        from_, to: the range of days the facts were dated in, or ``None``.
        min_group_size: counts from 1 to this minus one are ``None`` (suppressed).
        retention_days: the retention period hires were judged by.
        employment, training: the figures of the two funnels, nested as in the JSON.
        breakdowns: dimension → its groups, in the order the library wrote them.
    """

    programme: str
    as_of: str
    from_: Optional[str]
    to: Optional[str]
    min_group_size: int
    retention_days: int
    employment: Dict[str, Any]
    training: Dict[str, Any]
    breakdowns: Dict[str, List[Group]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Report":
        """Builds a report from the JSON of ``vf_dataset_report``."""
        return cls(
            programme=str(data["programme"]), as_of=str(data["as_of"]), from_=data["from"], to=data["to"],
            min_group_size=int(data["min_group_size"]), retention_days=int(data["retention_days"]),
            employment=dict(data["employment"]), training=dict(data["training"]),
            breakdowns={dimension: [Group(g["group"], g["label"], dict(g["employment"]), dict(g["training"]))
                                    for g in groups]
                        for dimension, groups in data["breakdowns"].items()})

    def rows(self) -> List[Row]:
        """Every figure in the long format of SPEC 6, totals first (dimension and group ``all``),
        then each breakdown's groups: the rows of ``vf_dataset_report``'s CSV, with ``None`` for
        a suppressed count and a rate that cannot be given."""
        out = _group_rows({"employment": self.employment, "training": self.training}, "all", "all")
        for dimension, groups in self.breakdowns.items():
            for group in groups:
                out.extend(_group_rows({"employment": group.employment, "training": group.training},
                                       dimension, group.group))
        return out

    def to_dataframe(self) -> Any:
        """:meth:`rows` as a pandas DataFrame with the columns of SPEC 6's CSV (``count`` and
        ``denominator`` as nullable integers, suppressed figures as ``<NA>``).

        Raises:
            ImportError: pandas is not installed (Debian: ``python3-pandas``).
        """
        pandas = _pandas()
        frame = pandas.DataFrame([astuple(row) for row in self.rows()], columns=[f.name for f in fields(Row)])
        for column in ("count", "denominator"):
            frame[column] = frame[column].astype("Int64")
        frame["rate"] = frame["rate"].astype("float64")
        return frame

    def breakdown_frame(self, dimension: str, section: str = "employment") -> Any:
        """One breakdown as a wide DataFrame: a row per group (indexed by its key, with its label),
        a column per metric of @p section (rates as ``rates.NAME``, their value).

        Raises:
            KeyError: the report has no breakdown by @p dimension.
            ImportError: pandas is not installed.
        """
        pandas = _pandas()
        if section not in SECTIONS:
            raise ValueError(f"section is one of {', '.join(SECTIONS)}, not {section!r}")
        records: List[Dict[str, Any]] = []
        for group in self.breakdowns[dimension]:
            record: Dict[str, Any] = {"group": group.group, "label": group.label}
            figures = getattr(group, section)
            rows = list(_metric_rows(section, figures, dimension, group.group))
            rows.extend(_rate_rows(section, figures, dimension, group.group))
            for row in rows:
                record[row.metric] = row.rate if row.metric.startswith("rates.") else row.count
            records.append(record)
        frame = pandas.DataFrame(records).set_index("group")
        for column in frame.columns:
            if column != "label" and not column.startswith("rates."):
                frame[column] = frame[column].astype("Int64")
        return frame


def _pandas() -> Any:
    try:
        pandas = importlib.import_module("pandas")
    except ImportError as error:
        raise ImportError("DataFrames need pandas (Debian: apt-get install python3-pandas)") from error
    return pandas


@dataclass(frozen=True)
class BranchBalance:
    """One branch's demand, supply and gap (SPEC 5.4)."""

    branch: str
    open_positions: int
    recent_hires: int
    demand: int
    certified_seekers: int
    in_training: int
    supply: int
    gap: int


@dataclass(frozen=True)
class Recommendation:
    """A course worth opening: branch, centre id, capacity and why (with its numbers)."""

    branch: str
    centre: str
    capacity: int
    reason: str


@dataclass(frozen=True)
class NotRecommended:
    """A branch left without (enough) courses, and why."""

    branch: str
    reason: str


@dataclass(frozen=True)
class Plan:
    """A course plan (SPEC 5.4) from :meth:`vocfab.Dataset.plan`."""

    as_of: str
    branches: Tuple[BranchBalance, ...]
    recommendations: Tuple[Recommendation, ...]
    not_recommended: Tuple[NotRecommended, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Plan":
        """Builds a plan from the JSON of ``vf_dataset_plan``."""
        return cls(
            as_of=str(data["as_of"]),
            branches=tuple(BranchBalance(b["branch"], b["demand"]["open_positions"], b["demand"]["recent_hires"],
                                         b["demand"]["total"], b["supply"]["certified_seekers"],
                                         b["supply"]["in_training"], b["supply"]["total"], b["gap"])
                           for b in data["branches"]),
            recommendations=tuple(Recommendation(r["branch"], r["centre"], r["capacity"], r["reason"])
                                  for r in data["recommendations"]),
            not_recommended=tuple(NotRecommended(n["branch"], n["reason"]) for n in data["not_recommended"]))


__all__ = ["Report", "Group", "Row", "Plan", "BranchBalance", "Recommendation", "NotRecommended",
           "SECTIONS", "DIMENSIONS"]
