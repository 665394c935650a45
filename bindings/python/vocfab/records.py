"""Type hints for the records: one ``TypedDict`` per entity, in the interchange format.

Records are plain dicts at run time; these types only tell a type checker (and a reader) which
fields exist and what they hold. They follow ``docs/format.md`` section 5: required fields are
required keys, optional and defaulted ones are ``total=False`` keys. Dates are ISO
``YYYY-MM-DD`` strings, ids canonical lowercase UUID strings, enumerations snake_case strings.
The format may grow new fields; the library ignores fields it does not know.

``Dataset.get`` and ``Dataset.list`` are typed with these, e.g. ``ds.get("trainees", key)`` is a
:class:`Trainee` for a type checker.
"""

from __future__ import annotations

from typing import List, Literal, TypedDict

DeliveryMode = Literal["in_person", "online", "hybrid"]
CertificateKind = Literal["meb", "participation"]
CourseStatus = Literal["planned", "open", "running", "completed", "cancelled"]
Gender = Literal["female", "male", "other", "undisclosed"]
EducationLevel = Literal["none", "primary", "lower_secondary", "upper_secondary",
                         "vocational_secondary", "associate", "bachelor", "postgraduate"]
EmploymentStatus = Literal["unemployed", "employed", "student", "retired"]
Shift = Literal["day", "evening", "night", "rotating", "any"]
EnrollmentStatus = Literal["waitlisted", "enrolled", "withdrawn", "removed", "failed", "completed"]
VacancyStatus = Literal["open", "filled", "closed"]
ReferralStatus = Literal["referred", "interview", "hired", "rejected", "declined", "no_show",
                         "withdrawn", "left_early", "retained"]

CollectionName = Literal["centres", "branches", "courses", "trainees", "applications",
                         "enrollments", "certificates", "employers", "vacancies", "referrals"]


class _CentreRequired(TypedDict):
    id: str
    code: str
    name: str
    province: str
    district: str
    seats: int


class Centre(_CentreRequired, total=False):
    """A training centre (``centres``)."""

    branches: List[str]


class _BranchRequired(TypedDict):
    code: str
    name: str
    sector: str
    nominal_hours: int
    certificate: CertificateKind


class Branch(_BranchRequired, total=False):
    """A vocational branch (``branches``), keyed by ``code``."""

    isco08: str
    occupation_code: str


class _CourseRequired(TypedDict):
    id: str
    branch: str
    centre: str
    start: str
    end: str
    total_hours: int
    capacity: int
    mode: DeliveryMode
    certificate: CertificateKind
    status: CourseStatus


class Course(_CourseRequired, total=False):
    """One run of a branch at a centre (``courses``)."""

    min_group: int
    min_age: int


class Consents(TypedDict, total=False):
    """Consents a person has given (KVKK)."""

    data_processing: bool
    share_with_employers: bool


class JobPreferences(TypedDict, total=False):
    """What work a person is looking for."""

    sectors: List[str]
    districts: List[str]
    shift: Shift


class _TraineeRequired(TypedDict):
    id: str
    national_id: str
    given_name: str
    family_name: str
    birth_date: str
    province: str
    district: str
    education_level: EducationLevel
    employment_status: EmploymentStatus
    registered: str


class Trainee(_TraineeRequired, total=False):
    """A registered person (``trainees``); ``national_id`` masked unless revealed."""

    gender: Gender
    phone: str
    email: str
    job_seeking: bool
    disability: bool
    consents: Consents
    guardian_consent: bool
    job_preferences: JobPreferences


class Application(TypedDict):
    """A person's ranked application to courses (``applications``)."""

    id: str
    trainee: str
    courses: List[str]
    applied: str


class _EnrollmentRequired(TypedDict):
    id: str
    trainee: str
    course: str
    status: EnrollmentStatus


class Enrollment(_EnrollmentRequired, total=False):
    """A place or waiting place in a course (``enrollments``)."""

    absent_hours: int
    score: int
    enrolled: str
    ended: str


class Revocation(TypedDict):
    """Why and when a certificate was revoked."""

    reason: str
    date: str


class _CertificateRequired(TypedDict):
    id: str
    enrollment: str
    kind: CertificateKind
    issued: str
    verification_code: str


class Certificate(_CertificateRequired, total=False):
    """A completion certificate or participation document (``certificates``)."""

    external_number: str
    revoked: Revocation


class _ContactRequired(TypedDict):
    name: str


class Contact(_ContactRequired, total=False):
    """An employer's contact person."""

    phone: str
    email: str


class _EmployerRequired(TypedDict):
    id: str
    name: str
    tax_number: str
    sector: str
    province: str
    district: str


class Employer(_EmployerRequired, total=False):
    """A firm that offers jobs (``employers``)."""

    consent: bool
    contact: Contact


class _VacancyRequired(TypedDict):
    id: str
    employer: str
    title: str
    positions: int
    province: str
    district: str
    opened: str
    closes: str
    status: VacancyStatus


class Vacancy(_VacancyRequired, total=False):
    """A job offered by an employer (``vacancies``); a ``branch`` or an ``occupation_code``."""

    branch: str
    occupation_code: str
    requires_certificate: bool
    min_age: int
    shift: Shift


class _ReferralRequired(TypedDict):
    id: str
    trainee: str
    vacancy: str
    referred: str
    status: ReferralStatus


class Referral(_ReferralRequired, total=False):
    """A person referred to a vacancy, and what came of it (``referrals``)."""

    decided: str
    hired: str
    ended: str
    reason: str


class _ResidencyRequired(TypedDict):
    province: str


class Residency(_ResidencyRequired, total=False):
    """Who counts as a resident of the programme's area."""

    district: str


class Policy(TypedDict, total=False):
    """The programme policy (SPEC section 4); absent fields take the defaults."""

    name: str
    residency: Residency
    min_group: int
    min_age: int
    guardian_consent_under: int
    max_active_enrollments: int
    max_absence_ratio: str
    pass_mark: int
    max_active_referrals: int
    early_leave_days: int
    retention_days: int
    decline_limit: int
    decline_window_days: int
    pause_days: int


__all__ = [
    "Centre", "Branch", "Course", "Trainee", "Consents", "JobPreferences", "Application",
    "Enrollment", "Certificate", "Revocation", "Employer", "Contact", "Vacancy", "Referral",
    "Policy", "Residency", "CollectionName", "DeliveryMode", "CertificateKind", "CourseStatus",
    "Gender", "EducationLevel", "EmploymentStatus", "Shift", "EnrollmentStatus", "VacancyStatus",
    "ReferralStatus",
]
