#!/usr/bin/env python3
"""Deterministic generator of vocfab's bundled data (fictional people only).

Writes, relative to the repository root:

  data/policies/izmir-vocational-factory.json        the İzmir Vocational Factory preset
  data/policies/kahramankazan-employment-centre.json the Kahramankazan Employment Centre preset
  data/sample.json                                   the İzmir programme (training + employment)
  data/kahramankazan.json                            the KİM programme (employment only)

Every random choice comes from a `random.Random` with a fixed seed (ids too:
`uuid.UUID(int=rng.getrandbits(128), version=4)`), so running the script again gives the same
bytes. The data is correct by construction and then re-checked: `check_dataset` re-reads what was
written and asserts the rules of SPEC section 4 (the same rules `vocfab validate` enforces).

Usage:
  /usr/bin/python3 scripts/make_sample_data.py          # (re)write the files
  /usr/bin/python3 scripts/make_sample_data.py --check  # exit 1 if a file differs from a fresh run

Needs only the Python standard library. The people, national ids (checksum-valid but fictional),
phone numbers, firms and tax numbers are invented.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import uuid
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
D = dt.date
DAY = dt.timedelta(days=1)

# ---------------------------------------------------------------------------------------------
# Policies (SPEC section 4). Field order = `vocfab::Policy` member order.

def policy(name: str, residency: dict | None, seed: int = 0) -> dict:
    p = {"name": name}
    if residency is not None:
        p["residency"] = residency
    p.update({
        "min_group": 12,
        "min_age": 15,
        "guardian_consent_under": 18,
        "max_active_enrollments": 1,
        "max_absence_ratio": "1/5",
        "pass_mark": 50,
        "max_active_referrals": 3,
        "early_leave_days": 7,
        "retention_days": 90,
        "decline_limit": 3,
        "decline_window_days": 365,
        "pause_days": 90,
        "allocation": {"priority": ["centre_district", "unemployed", "disability"], "seed": seed},
        "ranking": {"meb_certificate": 40, "participation_certificate": 30, "training": 15,
                    "same_district": 20, "same_province": 10, "waiting_points": 1,
                    "waiting_period_days": 30, "waiting_max": 24, "decline_penalty": 10,
                    "early_leave_penalty": 10, "sector_preference": 5, "district_preference": 5,
                    "shift_preference": 5},
        "planning": {"recent_days": 180, "default_capacity": 20},
    })
    return p


IZMIR_POLICY = policy("izmir-vocational-factory", {"province": "35"}, seed=35)
KIM_POLICY = policy("kahramankazan-employment-centre",
                    {"province": "06", "district": "Kahramankazan"})

COLLECTIONS = ["centres", "branches", "courses", "trainees", "applications", "enrollments",
               "certificates", "employers", "vacancies", "referrals"]

# ---------------------------------------------------------------------------------------------
# Identity helpers.

def national_id_complete(first_nine: str) -> str:
    """T.C. Kimlik No check digits (SPEC section 4; d10 with a non-negative modulo)."""
    d = [int(c) for c in first_nine]
    assert len(d) == 9 and d[0] != 0
    d10 = (7 * (d[0] + d[2] + d[4] + d[6] + d[8]) - (d[1] + d[3] + d[5] + d[7])) % 10
    d11 = (sum(d) + d10) % 10
    return first_nine + str(d10) + str(d11)


def national_id_valid(text: str) -> bool:
    return (len(text) == 11 and text.isdigit() and text[0] != "0"
            and national_id_complete(text[:9]) == text)


def vkn_check_digit(first_nine: str) -> int:
    total = 0
    for i, c in enumerate(first_nine):
        t = (int(c) + 9 - i) % 10
        v = (t * 2 ** (9 - i)) % 9
        if t != 0 and v == 0:
            v = 9
        total += v
    return (10 - total % 10) % 10


def vkn_valid(text: str) -> bool:
    return len(text) == 10 and text.isdigit() and vkn_check_digit(text[:9]) == int(text[9])


def phone_valid(text: str) -> bool:
    return (len(text) == 13 and text.startswith("+90") and text[1:].isdigit()
            and text[3] not in "01")


# The specification's own examples, so a broken helper cannot go unnoticed.
assert national_id_valid("10000000146") and national_id_valid("17291716060")
assert not national_id_valid("17291716050")


FOLD = str.maketrans({"ç": "c", "ğ": "g", "ı": "i", "İ": "i", "ö": "o", "ş": "s", "ü": "u",
                      "Ç": "c", "Ğ": "g", "Ö": "o", "Ş": "s", "Ü": "u", "I": "i", " ": ""})


def ascii_fold(text: str) -> str:
    return text.translate(FOLD).lower()


def iso(d: dt.date) -> str:
    return d.isoformat()


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class Gen:
    """Seeded randomness shared by one dataset."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.national_ids: set[str] = set()
        self.tax_numbers: set[str] = set()
        self.phones: set[str] = set()

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def national_id(self) -> str:
        while True:
            first = str(self.rng.randint(1, 9)) + "".join(
                str(self.rng.randint(0, 9)) for _ in range(8))
            nid = national_id_complete(first)
            if nid not in self.national_ids:
                self.national_ids.add(nid)
                return nid

    def tax_number(self) -> str:
        while True:
            first = "".join(str(self.rng.randint(0, 9)) for _ in range(9))
            vkn = first + str(vkn_check_digit(first))
            if vkn not in self.tax_numbers:
                self.tax_numbers.add(vkn)
                return vkn

    def mobile(self) -> str:
        while True:
            prefix = self.rng.choice(["530", "532", "533", "535", "536", "538", "541", "542",
                                      "543", "544", "505", "506", "507", "551", "552", "555"])
            number = "+90" + prefix + "".join(str(self.rng.randint(0, 9)) for _ in range(7))
            if number not in self.phones:
                self.phones.add(number)
                return number

    def landline(self, area: str) -> str:
        while True:
            number = "+90" + area + str(self.rng.randint(2, 4)) + "".join(
                str(self.rng.randint(0, 9)) for _ in range(6))
            if number not in self.phones:
                self.phones.add(number)
                return number

    def date_between(self, lo: dt.date, hi: dt.date) -> dt.date:
        assert lo <= hi, (lo, hi)
        return lo + DAY * self.rng.randint(0, (hi - lo).days)

    def hex16(self) -> str:
        return f"{self.rng.getrandbits(64):016X}"


# ---------------------------------------------------------------------------------------------
# People.

FEMALE = ["Ayşe", "Fatma", "Zeynep", "Elif", "Emine", "Hatice", "Merve", "Büşra", "Gülşen", "Şule",
          "Özlem", "Sevgi", "Derya", "İrem", "Ece", "Dilek", "Nazlı", "Songül", "Tuğçe", "Çiğdem",
          "Gülay", "Hülya", "Nurcan", "Esra", "Yasemin", "Sibel", "Kübra", "Melike", "Şeyma",
          "Aslı", "Pınar", "Nilüfer", "Hanife", "Sultan", "Rabia", "Gizem", "Ebru", "Ümran"]
MALE = ["Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Murat", "Emre",
        "Burak", "Oğuz", "Çağlar", "Serkan", "Uğur", "Barış", "Onur", "Gökhan", "Yiğit", "Doğukan",
        "Efe", "Kaan", "İsmail", "Ömer", "Furkan", "Şahin", "Recep", "Cengiz", "Tolga"]
NEUTRAL = ["Deniz", "Umut", "Evren", "Derin", "Ilgın"]
FAMILY = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
          "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan",
          "Şimşek", "Polat", "Özcan", "Korkmaz", "Çakır", "Erdem", "Acar", "Bulut", "Tekin",
          "Karaca", "Akgün", "Ünal", "Işık", "Güler", "Uçar", "Sarı", "Türkmen", "Aksoy", "Taş",
          "Güneş", "Kocabaş", "Ağaoğlu", "Gündoğdu", "Bayram", "Eryılmaz", "Öz", "Tunç", "Ateş",
          "Karakuş", "Soylu", "Uysal", "Durmuş", "Sezer", "Gök"]
EDUCATION = [("none", 2), ("primary", 12), ("lower_secondary", 18), ("upper_secondary", 28),
             ("vocational_secondary", 14), ("associate", 10), ("bachelor", 14),
             ("postgraduate", 2)]


def make_person(g: Gen, province: str, districts: list[tuple[str, int]], birth_lo: dt.date,
                birth_hi: dt.date) -> dict:
    rng = g.rng
    r = rng.random()
    if r < 0.62:
        gender, given = "female", rng.choice(FEMALE)
    elif r < 0.94:
        gender, given = "male", rng.choice(MALE)
    elif r < 0.96:
        gender, given = "other", rng.choice(NEUTRAL)
    else:
        gender, given = "undisclosed", rng.choice(FEMALE + MALE + NEUTRAL)
    if rng.random() < 0.08:  # a second given name now and then
        second = rng.choice(FEMALE if gender == "female" else MALE if gender == "male" else NEUTRAL)
        if second != given:
            given = f"{given} {second}"
    family = rng.choice(FAMILY)
    birth = g.date_between(birth_lo, birth_hi)
    if birth.month == 2 and birth.day == 29:
        birth = birth.replace(day=28)
    names, weights = zip(*districts)
    district = rng.choices(names, weights)[0]
    levels, lw = zip(*EDUCATION)
    p = {
        "id": g.uuid(),
        "national_id": g.national_id(),
        "given_name": given,
        "family_name": family,
        "birth_date": birth,
        "gender": gender,
        "province": province,
        "district": district,
        "education_level": rng.choices(levels, lw)[0],
        "disability": rng.random() < 0.07,
    }
    if rng.random() < 0.92:
        p["phone"] = g.mobile()
    if rng.random() < 0.7:
        user = ascii_fold(given.split()[0]) + "." + ascii_fold(family)
        if rng.random() < 0.5:
            user += str(birth.year % 100)
        p["email"] = f"{user}@{rng.choice(['example.com', 'example.org', 'example.net'])}"
    return p


def trainee_record(p: dict) -> dict:
    """The JSON record, fields in the order of `vocfab::Description<Trainee>` (the identity's
    fields first, where the record holds them), absent optionals omitted."""
    rec = {"id": p["id"], "national_id": p["national_id"], "given_name": p["given_name"],
           "family_name": p["family_name"], "birth_date": iso(p["birth_date"])}
    if "phone" in p:
        rec["phone"] = p["phone"]
    if "email" in p:
        rec["email"] = p["email"]
    prefs = {"sectors": p["sectors"], "districts": p["pref_districts"]}
    if p.get("shift"):
        prefs["shift"] = p["shift"]
    rec["job_preferences"] = prefs
    rec.update({
        "gender": p["gender"],
        "province": p["province"], "district": p["district"],
        "education_level": p["education_level"], "employment_status": p["employment_status"],
        "job_seeking": p["job_seeking"], "registered": iso(p["registered"]),
        "disability": p["disability"],
        "consents": {"data_processing": p["data_processing"],
                     "share_with_employers": p["share_with_employers"]},
        "guardian_consent": p["guardian_consent"],
    })
    return rec


# ---------------------------------------------------------------------------------------------
# Employment: employers, vacancies and referrals, built chronologically under the rules.

REASONS = {
    "rejected": ["İşveren daha deneyimli bir aday seçti", "Mülakat sonrası uygun görülmedi",
                 "Deneme çalışmasında beklenen hızı yakalayamadı"],
    "declined": ["Ücreti düşük buldu", "Vardiya saatleri çocuk bakımıyla uyuşmuyor",
                 "İş yerine ulaşım çok uzun", "Sigortasız çalışma önerildi"],
    "no_show": ["Mülakata gelmedi, telefonla ulaşılamadı", "Görüşme gününe gelmedi"],
    "withdrawn": ["İlan kapandı", "Kadro doldu, ilan kapatıldı"],
    "left_early": ["İşin fiziksel koşulları nedeniyle ilk hafta ayrıldı",
                   "Deneme süresinde kendi isteğiyle ayrıldı", "Servis güzergâhı kaldırıldı"],
}
OPEN = ("referred", "interview")
HIRES = ("hired", "left_early", "retained")
DECLINES = ("declined", "no_show")


class Employment:
    def __init__(self, g: Gen, as_of: dt.date, people: list[dict], certificates: list[dict]):
        self.g = g
        self.as_of = as_of
        self.people = people
        self.by_id = {p["id"]: p for p in people}
        # certificates held: trainee id -> list of (branch, issued) for non-revoked ones
        self.held: dict[str, list[tuple[str, dt.date]]] = {}
        for c in certificates:
            if c.get("_revoked") is None:
                self.held.setdefault(c["_trainee"], []).append((c["_branch"], c["issued"]))
        self.referrals: list[dict] = []
        self.vacancies: list[dict] = []

    # -- constraints ----------------------------------------------------------------------
    def _refs_of(self, tid: str) -> list[dict]:
        return [r for r in self.referrals if r["trainee"] == tid]

    @staticmethod
    def _open_interval(r: dict) -> tuple[dt.date, dt.date]:
        return r["referred"], r.get("decided") or D(9999, 12, 31)

    @staticmethod
    def _employed_interval(r: dict) -> tuple[dt.date, dt.date] | None:
        if r["status"] not in HIRES:
            return None
        return r["hired"], r.get("ended") or D(9999, 12, 31)

    def acceptable(self, p: dict, vac: dict, ref: dict, pinned: bool = False) -> bool:
        if not pinned and p.get("_pinned"):
            return False
        if not (p["share_with_employers"] and p["data_processing"] and p["_seeker"]):
            return False
        if age_on(p["birth_date"], ref["referred"]) < max(18, vac.get("min_age") or 0):
            return False
        if p["registered_by"] > ref["referred"]:
            return False
        if vac["requires_certificate"] and not any(
                b == vac["branch"] and issued <= ref["referred"]
                for b, issued in self.held.get(p["id"], [])):
            return False
        mine = self._refs_of(p["id"])
        if any(r["vacancy"] == vac["id"] for r in mine):
            return False
        if ref["status"] in OPEN and sum(r["status"] in OPEN for r in mine) >= 2:
            return False
        # never looking for work while in a job: open and employed intervals never intersect
        new_open = self._open_interval(ref)
        new_emp = self._employed_interval(ref)
        for r in mine:
            o = self._open_interval(r)
            e = self._employed_interval(r)
            if e and new_open[0] <= e[1] and e[0] <= new_open[1]:
                return False
            if new_emp and o[0] <= new_emp[1] and new_emp[0] <= o[1]:
                return False
            if e and new_emp and e[0] <= new_emp[1] and new_emp[0] <= e[1]:
                return False
        # declines and no-shows: at most decline_limit-1 within any 365-day window (pinned
        # records may reach the limit; they are placed so that no referral follows in the pause)
        if ref["status"] in DECLINES and not pinned:
            dates = sorted([r["decided"] for r in mine if r["status"] in DECLINES]
                           + [ref["decided"]])
            for i in range(len(dates) - 2):
                if (dates[i + 2] - dates[i]).days <= 365:
                    return False
        return True

    # -- building -------------------------------------------------------------------------
    def add_vacancy(self, employer: dict, title: str, *, branch=None, occupation_code=None,
                    positions=1, requires_certificate=False, min_age=None, district=None,
                    shift="day", opened: dt.date, closes: dt.date, status: str,
                    outcomes: list) -> dict:
        g = self.g
        vac = {"id": g.uuid(), "employer": employer["id"], "title": title,
               "_sector": employer["sector"]}
        if branch:
            vac["branch"] = branch
        if occupation_code:
            vac["occupation_code"] = occupation_code
        vac.update({"positions": positions, "requires_certificate": requires_certificate})
        if min_age is not None:
            vac["min_age"] = min_age
        vac.update({"province": employer["province"], "district": district or employer["district"],
                    "shift": shift, "opened": opened, "closes": closes, "status": status})
        self.vacancies.append(vac)
        assert opened <= closes
        assert status != "open" or (opened <= self.as_of <= closes)
        last_referral_day = min(closes, self.as_of)
        # hires first (they fix the day the vacancy filled), then the others
        order = sorted(range(len(outcomes)), key=lambda i: (
            0 if (outcomes[i] if isinstance(outcomes[i], str) else outcomes[i][0]) in HIRES
            else 1, i))
        fill_day = None
        hires = sum((o if isinstance(o, str) else o[0]) in HIRES for o in outcomes)
        if status == "filled":
            assert hires == positions, (title, hires, positions)
        else:
            assert hires < positions or status == "closed", title
            assert hires <= positions
        made = []
        for i in order:
            spec = outcomes[i]
            status_i, pin = (spec, None) if isinstance(spec, str) else spec
            if status_i == "withdrawn" and fill_day is None and status == "filled":
                fill_day = max(r["decided"] for r in made if r["status"] in HIRES)
            for _attempt in range(400):
                ref = self._draft(vac, status_i, last_referral_day, fill_day)
                if ref is None:
                    continue
                candidates = [p for p in self.people
                              if (pin is None or p["id"] == pin)
                              and self.acceptable(p, vac, ref, pinned=pin is not None)]
                if not candidates:
                    continue
                candidates.sort(key=lambda p: -self._fit(p, vac) - 3 * g.rng.random())
                ref["trainee"] = candidates[0]["id"]
                break
            else:
                raise SystemExit(f"no candidate for a {status_i} referral to '{title}'")
            made.append(ref)
            self.referrals.append(ref)
        return vac

    def _fit(self, p: dict, vac: dict) -> float:
        score = 0.0
        if vac.get("branch") and any(b == vac["branch"] for b, _ in self.held.get(p["id"], [])):
            score += 3
        if vac.get("_sector") in p["sectors"]:
            score += 2
        if vac["district"] in p["pref_districts"] or vac["district"] == p["district"]:
            score += 1
        return score

    def _draft(self, vac: dict, status: str, last_day: dt.date, fill_day) -> dict | None:
        g, as_of = self.g, self.as_of
        lo, hi = vac["opened"], last_day
        if status in OPEN:
            lo = max(lo, as_of - 35 * DAY)
        if status == "withdrawn" and fill_day is not None:
            hi = min(hi, fill_day)
        if lo > hi:
            return None
        ref = {"id": None, "trainee": None, "vacancy": vac["id"],
               "referred": g.date_between(lo, hi), "status": status}
        r = ref["referred"]
        if status == "interview":
            pass
        elif status == "referred":
            pass
        elif status == "withdrawn":
            ref["decided"] = fill_day if fill_day is not None else vac["closes"]
            if ref["decided"] > as_of:
                return None
        elif status in ("rejected", "declined", "no_show"):
            ref["decided"] = r + DAY * g.rng.randint(3, 21)
        else:  # hires
            ref["decided"] = r + DAY * g.rng.randint(5, 18)
            ref["hired"] = ref["decided"] + DAY * g.rng.randint(2, 12)
            if status == "hired" and not (as_of - 89 * DAY <= ref["hired"] <= as_of):
                return None
            if status == "retained" and ref["hired"] > as_of - 90 * DAY:
                return None
            if status == "left_early":
                ref["ended"] = ref["hired"] + DAY * g.rng.randint(0, 5)
            if status == "retained" and g.rng.random() < 0.2:
                end = ref["hired"] + DAY * g.rng.randint(120, 260)
                if end <= as_of:  # worked past the retention threshold, then moved on
                    ref["ended"] = end
        for key in ("decided", "hired", "ended"):
            if key in ref and ref[key] > as_of:
                return None
        if status in REASONS:
            ref["reason"] = (REASONS["withdrawn"][1] if status == "withdrawn" and fill_day
                             else REASONS["withdrawn"][0] if status == "withdrawn"
                             else g.rng.choice(REASONS[status]))
        ref["id"] = g.uuid()
        return ref

    def records(self) -> tuple[list[dict], list[dict]]:
        vacs = []
        for v in self.vacancies:
            rec = {k: v[k] for k in v if not k.startswith("_")}
            rec["opened"], rec["closes"] = iso(v["opened"]), iso(v["closes"])
            vacs.append(rec)
        refs = []
        for r in sorted(self.referrals, key=lambda r: (r["referred"], r["id"])):
            rec = {"id": r["id"], "trainee": r["trainee"], "vacancy": r["vacancy"],
                   "referred": iso(r["referred"]), "status": r["status"]}
            for key in ("decided", "hired", "ended"):
                if key in r:
                    rec[key] = iso(r[key])
            if "reason" in r:
                rec["reason"] = r["reason"]
            refs.append(rec)
        return vacs, refs

    def settle_people(self) -> None:
        """Employment status and job seeking follow from the referral history."""
        for p in self.people:
            mine = self._refs_of(p["id"])
            working = [r for r in mine if r["status"] in ("hired", "retained") and "ended" not in r]
            if working:
                p["employment_status"], p["job_seeking"] = "employed", False
            elif mine:
                p["employment_status"], p["job_seeking"] = "unemployed", True
            if any(r["status"] in OPEN for r in mine):
                assert p["job_seeking"] and p["employment_status"] == "unemployed"


def employer_record(g: Gen, name: str, sector: str, province: str, district: str, contact: str,
                    area: str, domain: str) -> dict:
    e = {"id": g.uuid(), "name": name, "tax_number": g.tax_number(), "sector": sector,
         "province": province, "district": district, "consent": True}
    c = {"name": contact}
    if g.rng.random() < 0.9:
        c["phone"] = g.landline(area) if g.rng.random() < 0.6 else g.mobile()
    c["email"] = f"{ascii_fold(contact.split()[0])}@{domain}"
    e["contact"] = c
    return e


# ---------------------------------------------------------------------------------------------
# İzmir Vocational Factory.

IZMIR_AS_OF = D(2026, 11, 20)

# code, name, district; the seeds spell Örnekköy and Gümüşpala with diacritics here on purpose.
IZMIR_CENTRES = [
    ("HALKAPINAR", "Halkapınar", "Konak", 240), ("EVKA4", "Evka 4", "Bornova", 120),
    ("KARABAGLAR", "Karabağlar", "Karabağlar", 110), ("EVKA1", "Evka 1", "Buca", 100),
    ("EVKA2", "Evka 2", "Çiğli", 90), ("GAZIEMIR", "Gaziemir", "Gaziemir", 80),
    ("CAMDIBI", "Çamdibi", "Bornova", 90), ("BAYRAKLI", "Bayraklı", "Bayraklı", 120),
    ("ORNEKKOY", "Örnekköy", "Karşıyaka", 70), ("NARLIDERE", "Narlıdere", "Narlıdere", 60),
    ("KEMALPASA", "Kemalpaşa", "Kemalpaşa", 60), ("SEFERIHISAR", "Seferihisar", "Seferihisar", 50),
    ("LIMONTEPE", "Limontepe", "Karabağlar", 70), ("KADIFEKALE", "Kadifekale", "Konak", 60),
    ("GUMUSPALA", "Gümüşpala", "Bayraklı", 60), ("SASALI", "Sasalı", "Çiğli", 40),
    ("URLA", "Urla", "Urla", 50), ("OZDERE", "Özdere", "Menderes", 40),
    ("TIRE", "Tire", "Tire", 60), ("TORBALI", "Torbalı", "Torbalı", 70),
    ("EGEKENT", "Egekent", "Çiğli", 60), ("TOROS", "Toros", "Buca", 50),
]

# code, name, sector, isco08, occupation_code, nominal_hours, certificate
IZMIR_BRANCHES = [
    ("SIGN_LANGUAGE_INTERPRETING", "İşaret Dili Tercümanlığı", "social_services", "2643",
     "2643.05", 240, "meb"),
    ("BOUTIQUE_CHOCOLATE", "Butik Çikolata Yapımı", "food", "7512", "7512.09", 120, "meb"),
    ("COMPUTER_REPAIR", "Bilgisayar Bakım ve Onarımı", "ict", "7422", "7422.03", 320, "meb"),
    ("FORENSIC_SKETCHING", "Adli Eşkal Çizimi", "creative", "2651", None, 96, "participation"),
    ("PRODUCT_PHOTOGRAPHY", "Ürün Fotoğrafçılığı", "media", "3431", "3431.04", 80,
     "participation"),
    ("LOCAL_FOOD_PRODUCTION", "Yöresel Gıda Üretimi", "food", "7514", None, 120,
     "participation"),
    ("SEWING", "Dikiş (Hazır Giyim)", "textile", "8153", "8153.01", 320, "meb"),
    ("SILVER_KAZAZ_KNITTING", "Gümüş Kazaz Örücülüğü", "crafts", "7313", None, 160,
     "participation"),
    ("HAIRDRESSING", "Kuaförlük", "personal_care", "5141", "5141.02", 400, "meb"),
    ("COOKING", "Aşçılık", "hospitality", "5120", "5120.05", 360, "meb"),
    ("ELDERLY_CARE", "Yaşlı Bakımı", "social_services", "5322", "5322.02", 240, "meb"),
    ("CERAMICS", "Seramik ve Çini", "crafts", "7314", None, 160, "participation"),
]

# branch, centre, start, end, hours, capacity, min_group, mode, status, min_age, plan
IZMIR_COURSES = [
    # spring 2025
    ("SEWING", "HALKAPINAR", "2025-02-17", "2025-05-30", 320, 18, None, "in_person", "completed",
     None, {"completed": 13, "failed": 2, "removed": 1, "withdrawn": 1}),
    ("BOUTIQUE_CHOCOLATE", "KARABAGLAR", "2025-03-03", "2025-04-25", 120, 16, None, "in_person",
     "completed", None, {"completed": 13, "failed": 1, "removed": 1, "withdrawn": 2}),
    ("COMPUTER_REPAIR", "BAYRAKLI", "2025-02-24", "2025-06-13", 320, 16, None, "hybrid",
     "completed", 16, {"completed": 11, "failed": 2, "removed": 1}),
    ("SILVER_KAZAZ_KNITTING", "TIRE", "2025-03-10", "2025-05-23", 160, 14, 10, "in_person",
     "completed", None, {"completed": 10, "removed": 1, "withdrawn": 1}),
    ("PRODUCT_PHOTOGRAPHY", "GUMUSPALA", "2025-04-07", "2025-05-16", 80, 20, None, "online",
     "completed", None, {"completed": 14, "removed": 2, "withdrawn": 2}),
    # autumn 2025
    ("SIGN_LANGUAGE_INTERPRETING", "HALKAPINAR", "2025-09-15", "2025-12-19", 240, 20, None,
     "hybrid", "completed", None, {"completed": 14, "failed": 2, "removed": 1, "withdrawn": 1}),
    ("LOCAL_FOOD_PRODUCTION", "SEFERIHISAR", "2025-09-22", "2025-11-28", 120, 15, None,
     "in_person", "completed", None, {"completed": 13, "withdrawn": 1}),
    ("HAIRDRESSING", "EVKA4", "2025-09-15", "2025-12-26", 400, 16, None, "in_person", "completed",
     None, {"completed": 12, "failed": 1, "removed": 1}),
    ("FORENSIC_SKETCHING", "NARLIDERE", "2025-10-06", "2025-12-12", 96, 14, None, "hybrid",
     "completed", 18, {"completed": 12, "removed": 1, "withdrawn": 1}),
    ("ELDERLY_CARE", "EVKA1", "2025-09-29", "2025-12-19", 240, 18, None, "in_person", "completed",
     None, {"completed": 14, "failed": 1, "removed": 1}),
    # spring 2026
    ("SEWING", "TORBALI", "2026-02-16", "2026-05-29", 320, 18, None, "in_person", "completed",
     None, {"completed": 12, "failed": 1, "removed": 2, "withdrawn": 1}),
    ("COOKING", "CAMDIBI", "2026-02-23", "2026-06-12", 360, 16, None, "in_person", "completed", 16,
     {"completed": 12, "failed": 2, "removed": 1}),
    ("CERAMICS", "URLA", "2026-03-02", "2026-05-22", 160, 14, None, "in_person", "completed", None,
     {"completed": 12, "withdrawn": 1}),
    ("FORENSIC_SKETCHING", "SASALI", "2026-03-09", "2026-05-15", 96, 14, None, "online",
     "cancelled", 18, {"withdrawn": 5}),
    ("PRODUCT_PHOTOGRAPHY", "ORNEKKOY", "2026-04-06", "2026-05-15", 80, 20, None, "online",
     "completed", None, {"completed": 15, "removed": 1, "withdrawn": 2}),
    # autumn 2026 (running on the as-of day)
    ("COMPUTER_REPAIR", "EGEKENT", "2026-09-14", "2026-12-18", 320, 16, None, "hybrid", "running",
     None, {"enrolled": 13, "removed": 1, "withdrawn": 1}),
    ("BOUTIQUE_CHOCOLATE", "LIMONTEPE", "2026-10-05", "2026-11-27", 120, 14, None, "in_person",
     "running", None, {"enrolled": 12, "withdrawn": 1}),
    ("SIGN_LANGUAGE_INTERPRETING", "KADIFEKALE", "2026-09-21", "2026-12-18", 240, 20, None,
     "online", "running", None, {"enrolled": 14, "removed": 1}),
    ("LOCAL_FOOD_PRODUCTION", "OZDERE", "2026-10-12", "2026-12-11", 120, 15, 10, "in_person",
     "running", None, {"enrolled": 11}),
    # December 2026: open for enrollment, and planned
    ("PRODUCT_PHOTOGRAPHY", "GAZIEMIR", "2026-12-01", "2026-12-23", 60, 12, None, "online", "open",
     None, {"enrolled": 12, "waitlisted": 3, "withdrawn": 1}),
    ("SILVER_KAZAZ_KNITTING", "TOROS", "2026-12-07", "2026-12-30", 72, 14, 10, "in_person", "open",
     None, {"enrolled": 6}),
    ("CERAMICS", "NARLIDERE", "2026-12-14", "2026-12-31", 48, 14, None, "hybrid", "planned", None,
     {}),
    ("SEWING", "KEMALPASA", "2026-12-14", "2026-12-31", 64, 16, None, "in_person", "planned", None,
     {}),
]

IZMIR_DISTRICTS = [("Konak", 12), ("Bayraklı", 8), ("Karabağlar", 10), ("Buca", 12),
                   ("Bornova", 10), ("Çiğli", 8), ("Karşıyaka", 8), ("Gaziemir", 4),
                   ("Narlıdere", 3), ("Balçova", 3), ("Kemalpaşa", 3), ("Seferihisar", 2),
                   ("Menderes", 3), ("Urla", 2), ("Tire", 3), ("Torbalı", 4), ("Menemen", 3)]

ACTIVE = ("enrolled", "completed", "failed", "removed")


def enrollment_record(e: dict) -> dict:
    rec = {"id": e["id"], "trainee": e["trainee"], "course": e["course"], "status": e["status"],
           "absent_hours": e["absent_hours"]}
    if e.get("score") is not None:
        rec["score"] = e["score"]
    return rec


def make_izmir() -> dict:
    g = Gen(352025)
    rng = g.rng
    as_of = IZMIR_AS_OF
    branch_info = {b[0]: b for b in IZMIR_BRANCHES}

    # centres (hosted branches: those of their courses plus a few more)
    centres = []
    centre_by_code = {}
    for code, name, district, seats in IZMIR_CENTRES:
        c = {"id": g.uuid(), "code": code, "name": name, "province": "35", "district": district,
             "seats": seats, "branches": []}
        centres.append(c)
        centre_by_code[code] = c
    for course in IZMIR_COURSES:
        hosted = centre_by_code[course[1]]["branches"]
        if course[0] not in hosted:
            hosted.append(course[0])
    all_codes = [b[0] for b in IZMIR_BRANCHES]
    for c in centres:
        extra = rng.randint(1, 3) if c["code"] != "HALKAPINAR" else len(all_codes)
        for code in rng.sample(all_codes, k=min(extra, len(all_codes))):
            if code not in c["branches"]:
                c["branches"].append(code)
        c["branches"].sort()

    branches = []
    for code, name, sector, isco, occ, hours, cert in IZMIR_BRANCHES:
        b = {"code": code, "name": name, "sector": sector}
        if isco:
            b["isco08"] = isco
        if occ:
            b["occupation_code"] = occ
        b.update({"nominal_hours": hours, "certificate": cert})
        branches.append(b)

    courses = []
    for (branch, centre, start, end, hours, cap, min_group, mode, status, min_age,
         plan) in IZMIR_COURSES:
        c = {"id": g.uuid(), "branch": branch, "centre": centre_by_code[centre]["id"],
             "start": D.fromisoformat(start), "end": D.fromisoformat(end), "total_hours": hours,
             "capacity": cap}
        if min_group is not None:
            c["min_group"] = min_group
        c.update({"mode": mode, "certificate": branch_info[branch][6], "status": status})
        if min_age is not None:
            c["min_age"] = min_age
        c["_plan"] = plan
        courses.append(c)

    # people: 84 residents of İzmir, a few of them minors, a few retired
    people = []
    for i in range(140):
        if i < 6:
            lo, hi = D(2008, 9, 1), D(2010, 4, 30)      # minors in 2025
        elif i < 10:
            lo, hi = D(1958, 1, 1), D(1966, 12, 31)     # retired
        else:
            lo, hi = D(1968, 1, 1), D(2006, 12, 31)
        p = make_person(g, "35", IZMIR_DISTRICTS, lo, hi)
        minor_in_2025 = age_on(p["birth_date"], D(2025, 1, 1)) < 18
        p["guardian_consent"] = minor_in_2025
        p["data_processing"] = True
        p["share_with_employers"] = (not minor_in_2025) and rng.random() < 0.85
        if minor_in_2025:
            p["employment_status"], p["job_seeking"] = "student", False
        elif i < 10:
            p["employment_status"], p["job_seeking"] = "retired", False
        else:
            p["employment_status"] = rng.choices(["unemployed", "employed", "student"],
                                                 [70, 18, 12])[0]
            p["job_seeking"] = p["employment_status"] == "unemployed" or rng.random() < 0.3
        p["_seeker"] = p["employment_status"] == "unemployed" and p["job_seeking"]
        # the employment unit also serves job seekers who never took a course
        p["_employment_only"] = i >= 124
        if p["_employment_only"]:
            p["employment_status"], p["job_seeking"], p["_seeker"] = "unemployed", True, True
            p["share_with_employers"] = True
        people.append(p)
    person = {p["id"]: p for p in people}

    # enrollments, course by course in date order, each under every eligibility rule
    enrollments = []
    mine: dict[str, list[dict]] = {p["id"]: [] for p in people}
    course_by_id = {c["id"]: c for c in courses}

    def can_take(p: dict, c: dict, status: str) -> bool:
        taken = mine[p["id"]]
        if p["_employment_only"]:
            return False
        if any(e["course"] == c["id"] for e in taken):
            return False
        if status == "withdrawn":
            return True
        if age_on(p["birth_date"], c["start"]) < c.get("min_age", 15):
            return False
        if age_on(p["birth_date"], c["start"]) < 18 and not p["guardian_consent"]:
            return False
        for e in taken:
            other = course_by_id[e["course"]]
            if e["status"] == "completed" and other["branch"] == c["branch"]:
                return False  # never repeat a branch already completed
            if status == "enrolled" and e["status"] == "enrolled":
                return False
            if status in ACTIVE and e["status"] in ACTIVE and \
                    other["start"] <= c["end"] and c["start"] <= other["end"]:
                return False
        return True

    for c in sorted(courses, key=lambda c: (c["start"], c["id"])):
        # fill the seats first (the hard part), then withdrawals and the waitlist
        order = ["enrolled", "completed", "failed", "removed", "withdrawn", "waitlisted"]
        for status in order:
            for _ in range(c["_plan"].get(status, 0)):
                candidates = [p for p in people if can_take(p, c, status)]
                if not candidates:
                    raise SystemExit(f"no trainee for a {status} seat in {c['branch']}")
                # spread the load: prefer people with fewer courses so far
                candidates.sort(key=lambda p: 0.5 * len(mine[p["id"]]) + 2.5 * rng.random())
                p = candidates[0]
                hours = c["total_hours"]
                limit = hours // 5  # absent * 5 <= hours  <=>  absent <= hours // 5
                e = {"id": g.uuid(), "trainee": p["id"], "course": c["id"], "status": status,
                     "absent_hours": 0, "score": None}
                if status == "completed":
                    e["absent_hours"] = rng.randint(0, limit)
                    if c["certificate"] == "meb":
                        e["score"] = rng.randint(55, 98)
                elif status == "failed":
                    e["absent_hours"] = rng.randint(0, limit)
                    e["score"] = rng.randint(18, 49)
                elif status == "removed":
                    e["absent_hours"] = rng.randint(limit + 1, min(hours, limit + 24))
                elif status == "enrolled" and c["status"] == "running":
                    done = (as_of - c["start"]).days / max(1, (c["end"] - c["start"]).days)
                    e["absent_hours"] = rng.randint(0, int(limit * min(1.0, done) * 0.8))
                elif status == "withdrawn" and c["status"] in ("running", "completed"):
                    e["absent_hours"] = rng.randint(0, 6)
                enrollments.append(e)
                mine[p["id"]].append(e)

    # certificates for every completed enrollment; one MEB certificate later revoked
    certificates = []
    for c in courses:
        if c["status"] != "completed":
            continue
        issued_on = c["end"] + DAY * rng.randint(10, 24)
        for e in enrollments:
            if e["course"] != c["id"] or e["status"] != "completed":
                continue
            cert = {"id": g.uuid(), "enrollment": e["id"], "kind": c["certificate"],
                    "issued": issued_on, "verification_code": g.hex16(),
                    "_trainee": e["trainee"], "_branch": c["branch"], "_revoked": None}
            if c["certificate"] == "meb":
                cert["external_number"] = (f"MEB-35-{issued_on.year}-"
                                           f"{rng.randint(10000, 99999)}")
            elif rng.random() < 0.5:
                cert["external_number"] = f"MF-{issued_on.year}-{rng.randint(1000, 9999)}"
            certificates.append(cert)
    revoked = next(c for c in certificates
                   if c["kind"] == "meb" and c["issued"].year == 2025 and
                   not person[c["_trainee"]]["share_with_employers"])
    revoked["_revoked"] = {"reason": "İl Milli Eğitim Müdürlüğü sınav tutanağındaki kayıt "
                                     "hatası nedeniyle belgeyi iptal etti",
                           "date": revoked["issued"] + DAY * 97}

    # preferences follow what people trained in
    for p in people:
        sectors = []
        for e in mine[p["id"]]:
            if e["status"] in ("completed", "enrolled"):
                s = branch_info[course_by_id[e["course"]]["branch"]][2]
                if s not in sectors:
                    sectors.append(s)
        if not sectors or rng.random() < 0.3:
            extra = rng.choice(["textile", "food", "hospitality", "retail", "logistics",
                                "social_services", "ict", "crafts"])
            if extra not in sectors:
                sectors.append(extra)
        p["sectors"] = sectors
        p["pref_districts"] = [p["district"]] + ([d for d, _ in rng.sample(IZMIR_DISTRICTS, 1)
                                                  if d != p["district"]]
                                                 if rng.random() < 0.5 else [])
        if rng.random() < 0.6:
            p["shift"] = rng.choice(["day", "day", "day", "evening", "any", "rotating"])

    # applications: one per person and term, the course they got first
    terms = [(D(2025, 1, 1), D(2025, 7, 31)), (D(2025, 8, 1), D(2025, 12, 31)),
             (D(2026, 1, 1), D(2026, 7, 31)), (D(2026, 8, 1), D(2026, 11, 30)),
             (D(2026, 12, 1), D(2026, 12, 31))]
    applications = []
    first_activity: dict[str, dt.date] = {}
    for lo, hi in terms:
        term_courses = [c for c in courses if lo <= c["start"] <= hi]
        for p in people:
            got = [e for e in mine[p["id"]] if course_by_id[e["course"]]["start"] >= lo
                   and course_by_id[e["course"]]["start"] <= hi]
            if not got:
                continue
            ranked = [e["course"] for e in sorted(
                got, key=lambda e: (e["status"] not in ACTIVE, e["id"]))]
            others = [c["id"] for c in term_courses if c["id"] not in ranked
                      and age_on(p["birth_date"], c["start"]) >= c.get("min_age", 15)]
            for cid in rng.sample(others, k=min(len(others), rng.choice([0, 0, 1, 1, 2]))):
                ranked.append(cid)
            earliest = min(course_by_id[c]["start"] for c in ranked)
            applied = min(earliest - DAY * rng.randint(12, 40), as_of)
            applications.append({"id": g.uuid(), "trainee": p["id"], "courses": ranked,
                                 "applied": applied})
            first_activity[p["id"]] = min(first_activity.get(p["id"], applied), applied)
    # people who applied for the planned December courses (not allocated yet)
    planned = [c for c in courses if c["status"] == "planned"]
    dec = [c for c in courses if c["start"].month == 12 and c["start"].year == 2026]
    for p in rng.sample([p for p in people if not any(
            course_by_id[e["course"]] in dec for e in mine[p["id"]])], 9):
        ranked = [c["id"] for c in rng.sample(planned, k=rng.randint(1, 2))]
        applied = g.date_between(D(2026, 10, 20), as_of)
        applications.append({"id": g.uuid(), "trainee": p["id"], "courses": ranked,
                             "applied": applied})
        first_activity[p["id"]] = min(first_activity.get(p["id"], applied), applied)
    # Former trainees applying again for the planned December courses, for `vocfab allocate` to
    # place: they hold no seat or waiting place now. Drawn from a generator of their own, so that
    # every other record keeps its bytes; their registration (before their first application)
    # is unchanged.
    again = Gen(35_2026)
    applying = {a["trainee"] for a in applications if a["applied"] >= D(2026, 10, 20)}
    returning = sorted(
        (p for p in people if p["id"] in first_activity and p["id"] not in applying
         and not any(e["status"] in ("enrolled", "waitlisted") or course_by_id[e["course"]] in dec
                     for e in mine[p["id"]])),
        key=lambda p: p["id"])
    for p in again.rng.sample(returning, min(len(returning), 30)):
        ranked = [c["id"] for c in again.rng.sample(planned, k=again.rng.randint(1, 2))]
        applications.append({"id": again.uuid(), "trainee": p["id"], "courses": ranked,
                             "applied": again.date_between(D(2026, 10, 20), as_of)})

    # registration: before the first application (or any time for job seekers only)
    for p in people:
        if p["id"] in first_activity:
            lo = max(D(2025, 1, 2), first_activity[p["id"]] - 60 * DAY)
            p["registered"] = g.date_between(lo, first_activity[p["id"]])
        else:
            p["registered"] = g.date_between(D(2025, 1, 2), D(2026, 9, 30))
        p["registered_by"] = p["registered"]

    # employment unit: employers, vacancies, referrals
    certs_for_employment = [dict(c, issued=c["issued"]) for c in certificates]
    emp = Employment(g, as_of, people, certs_for_employment)

    def employer(name, sector, district, contact):
        return employer_record(g, name, sector, "35", district, contact, "232", "example.com")

    ege = employer("Ege Örme Konfeksiyon A.Ş.", "textile", "Torbalı", "Seda Kalkan")
    kordon = employer("Kordon Butik Çikolata Ltd. Şti.", "food", "Konak", "Melis Arıkan")
    bornova_it = employer("Bornova Bilişim Teknik Servis", "ict", "Bornova", "Tayfun Erol")
    kadraj = employer("Kadraj Ürün Fotoğrafı Stüdyosu", "media", "Konak", "Neslihan Usta")
    erisim = employer("Erişim İletişim Hizmetleri Ltd. Şti.", "social_services", "Bayraklı",
                      "Gamze Oral")
    tire_koop = employer("Tire Yöresel Ürünler Kooperatifi", "food", "Tire", "Nermin Yalçın")
    korfez = employer("Körfez Toplu Yemek Hizmetleri", "hospitality", "Çiğli", "Levent Sarp")
    huzur = employer("Huzur Yaşam Bakım Merkezi", "social_services", "Buca", "Filiz Ekinci")
    salon = employer("Salon Mavi Kuaför", "personal_care", "Karşıyaka", "Ozan Tezcan")
    gaziemir = employer("Gaziemir Hazır Giyim San. Tic. A.Ş.", "textile", "Gaziemir",
                        "Berk Yüce")
    kemeralti = employer("Kemeraltı Gümüş Tasarım Atölyesi", "crafts", "Konak", "Halil Zorlu")
    depo = employer("Kemalpaşa Lojistik ve Paketleme A.Ş.", "logistics", "Kemalpaşa",
                    "Sinan Akdağ")
    employers = [ege, kordon, bornova_it, kadraj, erisim, tire_koop, korfez, huzur, salon,
                 gaziemir, kemeralti, depo]

    V = emp.add_vacancy
    V(ege, "Düz makine operatörü", branch="SEWING", occupation_code="8153.01", positions=3,
      requires_certificate=True, min_age=18, opened=D(2025, 6, 16), closes=D(2025, 7, 31),
      status="filled",
      outcomes=["retained", "retained", "left_early", "rejected", "declined", "no_show"])
    V(kordon, "Çikolata ustası yardımcısı", branch="BOUTIQUE_CHOCOLATE", positions=2,
      requires_certificate=True, opened=D(2025, 6, 2), closes=D(2025, 8, 29), status="closed",
      outcomes=["retained", "rejected", "declined", "withdrawn"])
    V(bornova_it, "Bilgisayar teknik servis elemanı", branch="COMPUTER_REPAIR",
      occupation_code="7422.03", positions=2, opened=D(2025, 7, 1), closes=D(2025, 9, 30),
      status="filled", outcomes=["retained", "retained", "no_show", "rejected"])
    V(kemeralti, "Gümüş kazaz ustası", branch="SILVER_KAZAZ_KNITTING", positions=1,
      opened=D(2025, 7, 7), closes=D(2025, 9, 30), status="closed",
      outcomes=["declined", "no_show", "withdrawn"])
    V(depo, "Depo ve paketleme elemanı", occupation_code="9321.06", positions=5, min_age=18,
      shift="night", opened=D(2025, 10, 1), closes=D(2025, 12, 31), status="closed",
      outcomes=["retained", "retained", "left_early", "left_early", "rejected", "declined",
                "no_show", "withdrawn"])
    V(tire_koop, "Gıda üretim elemanı", branch="LOCAL_FOOD_PRODUCTION", positions=4,
      opened=D(2026, 1, 5), closes=D(2026, 2, 27), status="closed",
      outcomes=["retained", "retained", "no_show", "declined", "withdrawn"])
    V(erisim, "İşaret dili tercümanı", branch="SIGN_LANGUAGE_INTERPRETING",
      occupation_code="2643.05", positions=2, requires_certificate=True, opened=D(2026, 1, 12),
      closes=D(2026, 3, 31), status="filled",
      outcomes=["retained", "left_early", "rejected", "withdrawn"])
    V(huzur, "Yaşlı bakım elemanı", branch="ELDERLY_CARE", occupation_code="5322.02",
      positions=3, requires_certificate=True, min_age=18, shift="rotating",
      opened=D(2026, 2, 2), closes=D(2026, 4, 30), status="filled",
      outcomes=["retained", "retained", "left_early", "rejected", "no_show"])
    V(kadraj, "E-ticaret ürün fotoğrafçısı", branch="PRODUCT_PHOTOGRAPHY",
      occupation_code="3431.04", positions=1, opened=D(2026, 6, 15), closes=D(2026, 8, 14),
      status="filled", outcomes=["retained", "rejected", "declined"])
    V(korfez, "Aşçı yardımcısı", branch="COOKING", occupation_code="5120.05", positions=3,
      shift="rotating", opened=D(2026, 7, 1), closes=D(2026, 12, 31), status="open",
      outcomes=["retained", "hired", "referred", "referred", "interview", "rejected",
                "declined"])
    V(salon, "Kuaför kalfası", branch="HAIRDRESSING", occupation_code="5141.02", positions=1,
      opened=D(2026, 9, 1), closes=D(2026, 12, 15), status="open",
      outcomes=["interview", "interview", "referred", "rejected", "declined"])
    V(gaziemir, "Kalite kontrol elemanı", occupation_code="7543.05", positions=2,
      opened=D(2026, 9, 28), closes=D(2026, 12, 31), status="open",
      outcomes=["hired", "referred", "referred", "referred", "interview"])
    emp.settle_people()
    vacancies, referrals = emp.records()

    doc = {
        "schema_version": 1,
        "policy": IZMIR_POLICY,
        "centres": centres,
        "branches": branches,
        "courses": [course_record(c) for c in courses],
        "trainees": [trainee_record(p) for p in
                     sorted(people, key=lambda p: (p["registered"], p["id"]))],
        "applications": [{"id": a["id"], "trainee": a["trainee"], "courses": a["courses"],
                          "applied": iso(a["applied"])}
                         for a in sorted(applications, key=lambda a: (a["applied"], a["id"]))],
        "enrollments": [enrollment_record(e) for e in enrollments],
        "certificates": [certificate_record(c) for c in certificates],
        "employers": employers,
        "vacancies": vacancies,
        "referrals": referrals,
    }
    return doc


def course_record(c: dict) -> dict:
    rec = {k: v for k, v in c.items() if not k.startswith("_")}
    rec["start"], rec["end"] = iso(c["start"]), iso(c["end"])
    return rec


def certificate_record(c: dict) -> dict:
    rec = {"id": c["id"], "enrollment": c["enrollment"], "kind": c["kind"],
           "issued": iso(c["issued"])}
    if "external_number" in c:
        rec["external_number"] = c["external_number"]
    rec["verification_code"] = c["verification_code"]
    if c["_revoked"]:
        rec["revoked"] = {"reason": c["_revoked"]["reason"], "date": iso(c["_revoked"]["date"])}
    return rec


# ---------------------------------------------------------------------------------------------
# Kahramankazan Employment Centre (KİM).

KIM_AS_OF = D(2026, 11, 20)


def make_kahramankazan() -> dict:
    g = Gen(62025)
    rng = g.rng
    as_of = KIM_AS_OF
    people = []
    for i in range(22):
        p = make_person(g, "06", [("Kahramankazan", 1)], D(1970, 1, 1), D(2006, 6, 30))
        p["guardian_consent"] = False
        p["data_processing"] = True
        p["share_with_employers"] = i not in (20, 21)  # two registered without sharing consent
        p["employment_status"] = "unemployed" if i < 20 else rng.choice(["employed", "student"])
        p["job_seeking"] = i < 20
        p["_seeker"] = i < 20
        p["sectors"] = rng.sample(["manufacturing", "logistics", "retail", "agriculture",
                                   "cleaning", "metalwork", "food"], k=rng.randint(1, 3))
        p["pref_districts"] = ["Kahramankazan"] + (["Sincan"] if rng.random() < 0.3 else [])
        if rng.random() < 0.6:
            p["shift"] = rng.choice(["day", "day", "rotating", "any", "night"])
        p["registered"] = g.date_between(D(2025, 1, 6), D(2025, 2, 28)) if i < 14 else \
            g.date_between(D(2025, 3, 1), D(2026, 8, 31))
        p["registered_by"] = p["registered"]
        people.append(p)
    # one seeker reaches the decline limit; the pins below place all three of their outcomes
    paused = people[0]
    paused["_pinned"] = True
    paused["registered"] = paused["registered_by"] = D(2025, 2, 3)

    emp = Employment(g, as_of, people, [])

    def employer(name, sector, district, contact):
        return employer_record(g, name, sector, "06", district, contact, "312", "example.org")

    makine = employer("Kazan Hassas Makine San. Tic. Ltd. Şti.", "metalwork", "Kahramankazan",
                      "Erkan Yaman")
    ambalaj = employer("Saray Ambalaj Sanayi A.Ş.", "manufacturing", "Kahramankazan",
                       "Dilek Oruç")
    lojistik = employer("Anadolu Kavşağı Lojistik A.Ş.", "logistics", "Kahramankazan",
                        "Volkan Temiz")
    sera = employer("Kazan Ovası Seracılık Kooperatifi", "agriculture", "Kahramankazan",
                    "Nuri Keskin")
    temizlik = employer("Başkent Tesis Temizlik Hizmetleri", "cleaning", "Sincan",
                        "Hacer Gündüz")
    market = employer("Kazan Pazarı Market Zinciri", "retail", "Kahramankazan", "Selin Aydemir")
    employers = [makine, ambalaj, lojistik, sera, temizlik, market]

    V = emp.add_vacancy
    V(makine, "CNC torna operatörü", occupation_code="7223.13", positions=3, min_age=18,
      shift="rotating", opened=D(2025, 3, 3), closes=D(2025, 4, 30), status="filled",
      outcomes=["retained", "retained", "left_early", "rejected", "declined", "no_show"])
    V(ambalaj, "Üretim bandı elemanı", occupation_code="9329.01", positions=6, shift="rotating",
      opened=D(2025, 5, 5), closes=D(2025, 6, 30), status="closed",
      outcomes=["retained", "retained", "left_early", "left_early", "declined", "declined",
                "no_show", "withdrawn"])
    V(lojistik, "Depo elemanı", occupation_code="9333.07", positions=2, min_age=18,
      shift="night", opened=D(2025, 9, 1), closes=D(2025, 10, 31), status="filled",
      outcomes=["retained", "retained", "rejected", "withdrawn"])
    V(makine, "Gazaltı kaynakçısı", occupation_code="7212.05", positions=2, min_age=18,
      opened=D(2026, 1, 12), closes=D(2026, 3, 13), status="closed",
      outcomes=["retained", "rejected", "no_show", "withdrawn"])
    V(sera, "Sera işçisi", occupation_code="6113.02", positions=4, opened=D(2026, 3, 2),
      closes=D(2026, 4, 30), status="closed",
      outcomes=["retained", "retained", "declined", ("no_show", paused["id"]), "withdrawn"])
    V(temizlik, "Temizlik personeli", occupation_code="9112.01", positions=2,
      district="Kahramankazan", opened=D(2026, 4, 1), closes=D(2026, 5, 29), status="filled",
      outcomes=["left_early", "retained", ("declined", paused["id"]), "rejected"])
    V(lojistik, "Forklift operatörü", occupation_code="8344.01", positions=2, min_age=18,
      shift="rotating", opened=D(2026, 9, 1), closes=D(2026, 12, 31), status="open",
      outcomes=["hired", "referred", "interview", "rejected"])
    V(market, "Kasiyer", occupation_code="5230.01", positions=2, opened=D(2026, 9, 7),
      closes=D(2026, 12, 31), status="open",
      outcomes=["referred", "referred", "interview", "declined", ("declined", paused["id"])])
    emp.settle_people()
    vacancies, referrals = emp.records()
    doc = {
        "schema_version": 1,
        "policy": KIM_POLICY,
        "centres": [], "branches": [], "courses": [],
        "trainees": [trainee_record(p) for p in
                     sorted(people, key=lambda p: (p["registered"], p["id"]))],
        "applications": [], "enrollments": [], "certificates": [],
        "employers": employers,
        "vacancies": vacancies,
        "referrals": referrals,
    }
    return doc


# ---------------------------------------------------------------------------------------------
# The rules, checked on what is written (SPEC section 4; mirrors `vocfab validate`).

class Problems(list):
    def add(self, path: str, message: str) -> None:
        self.append(f"{path}: {message}")


def check_dataset(doc: dict) -> list[str]:
    bad = Problems()
    pol = doc["policy"]
    num, den = (int(x) for x in pol["max_absence_ratio"].split("/"))
    ratio = Fraction(num, den)
    day = D.fromisoformat

    def unique(coll: str, key: str = "id") -> dict:
        seen = {}
        for i, r in enumerate(doc[coll]):
            if r[key] in seen:
                bad.add(f"{coll}[{i}].{key}", "duplicate")
            seen[r[key]] = r
        return seen

    centres, branches, courses = unique("centres"), unique("branches", "code"), unique("courses")
    trainees, enrollments = unique("trainees"), unique("enrollments")
    unique("applications"), unique("certificates")
    employers, vacancies = unique("employers"), unique("vacancies")
    unique("referrals")
    nids = {}
    for i, t in enumerate(doc["trainees"]):
        if not national_id_valid(t["national_id"]):
            bad.add(f"trainees[{i}].national_id", "checksum")
        if t["national_id"] in nids:
            bad.add(f"trainees[{i}].national_id", "duplicate")
        nids[t["national_id"]] = t
        if "phone" in t and not phone_valid(t["phone"]):
            bad.add(f"trainees[{i}].phone", "invalid")
        if not t["consents"]["data_processing"]:
            bad.add(f"trainees[{i}]", "no data processing consent")
    for i, e in enumerate(doc["employers"]):
        if not vkn_valid(e["tax_number"]):
            bad.add(f"employers[{i}].tax_number", "checksum")
        if "contact" in e and "phone" in e["contact"] and not phone_valid(e["contact"]["phone"]):
            bad.add(f"employers[{i}].contact.phone", "invalid")

    def resident(t: dict) -> bool:
        res = pol.get("residency")
        if not res:
            return True
        if t["province"] != res["province"]:
            return False
        return "district" not in res or ascii_fold(t["district"]) == ascii_fold(res["district"])

    for i, c in enumerate(doc["centres"]):
        for b in c["branches"]:
            if b not in branches:
                bad.add(f"centres[{i}].branches", f"unknown branch {b}")
    seats = {cid: 0 for cid in courses}
    for e in doc["enrollments"]:
        if e["status"] in ACTIVE and e["course"] in seats:
            seats[e["course"]] += 1
    for i, c in enumerate(doc["courses"]):
        p = f"courses[{i}]"
        if c["branch"] not in branches:
            bad.add(p + ".branch", "unknown")
        if c["centre"] not in centres:
            bad.add(p + ".centre", "unknown")
        elif c["branch"] not in centres[c["centre"]]["branches"]:
            bad.add(p + ".branch", "centre does not host it")
        if day(c["end"]) < day(c["start"]):
            bad.add(p + ".end", "before start")
        mg = c.get("min_group", pol["min_group"])
        if c["capacity"] < mg:
            bad.add(p + ".capacity", "below min_group")
        if seats[c["id"]] > c["capacity"]:
            bad.add(p, "capacity exceeded")
        if c["status"] in ("running", "completed") and seats[c["id"]] < mg:
            bad.add(p, f"{c['status']} with {seats[c['id']]} < min_group {mg}")
        if c["status"] == "cancelled" and seats[c["id"]]:
            bad.add(p, "cancelled course with seats taken")
        if c["certificate"] != branches.get(c["branch"], {}).get("certificate"):
            bad.add(p + ".certificate", "differs from the branch")

    for i, a in enumerate(doc["applications"]):
        t = trainees.get(a["trainee"])
        if t is None:
            bad.add(f"applications[{i}].trainee", "unknown")
        elif day(a["applied"]) < day(t["registered"]):
            bad.add(f"applications[{i}].applied", "before registration")
        if not a["courses"] or len(set(a["courses"])) != len(a["courses"]):
            bad.add(f"applications[{i}].courses", "empty or repeated")
        for cid in a["courses"]:
            if cid not in courses:
                bad.add(f"applications[{i}].courses", "unknown course")

    per_trainee: dict[str, list[tuple[int, dict, dict]]] = {}
    pairs = set()
    for i, e in enumerate(doc["enrollments"]):
        p = f"enrollments[{i}]"
        t, c = trainees.get(e["trainee"]), courses.get(e["course"])
        if t is None or c is None:
            bad.add(p, "unknown reference")
            continue
        if (e["trainee"], e["course"]) in pairs:
            bad.add(p, "second enrollment of one person in one course")
        pairs.add((e["trainee"], e["course"]))
        per_trainee.setdefault(e["trainee"], []).append((i, e, c))
        hours = c["total_hours"]
        absent = Fraction(e["absent_hours"])
        if e["status"] == "completed" and absent > ratio * hours:
            bad.add(p, "completed above the absence limit")
        if e["status"] == "removed" and absent <= ratio * hours:
            bad.add(p, "removed within the absence limit")
        if e["status"] in ("enrolled",) and absent > ratio * hours:
            bad.add(p, "enrolled above the absence limit")
        if c["certificate"] == "meb" and e["status"] == "completed" and \
                e.get("score", -1) < pol["pass_mark"]:
            bad.add(p + ".score", "completed without a pass")
        if e["status"] == "failed" and not (e.get("score", 100) < pol["pass_mark"]):
            bad.add(p + ".score", "failed with a pass")
        if "score" in e and not 0 <= e["score"] <= 100:
            bad.add(p + ".score", "out of range")
        allowed = {"planned": {"waitlisted", "withdrawn"},
                   "open": {"waitlisted", "enrolled", "withdrawn"},
                   "running": {"enrolled", "withdrawn", "removed", "waitlisted"},
                   "completed": {"completed", "failed", "removed", "withdrawn"},
                   "cancelled": {"withdrawn", "waitlisted"}}[c["status"]]
        if e["status"] not in allowed:
            bad.add(p, f"{e['status']} in a {c['status']} course")
        if e["status"] == "withdrawn":
            continue
        start = day(c["start"])
        age = age_on(day(t["birth_date"]), start)
        if not resident(t):
            bad.add(p, "not resident")
        if age < c.get("min_age", pol["min_age"]):
            bad.add(p, "too young")
        if age < pol["guardian_consent_under"] and not t["guardian_consent"]:
            bad.add(p, "guardian consent required")
    for tid, items in per_trainee.items():
        if sum(e["status"] == "enrolled" for _, e, _ in items) > pol["max_active_enrollments"]:
            bad.add(f"trainee {tid}", "too many active enrollments")
        active = [(i, e, c) for i, e, c in items if e["status"] in ACTIVE]
        for a in range(len(active)):
            for b in range(a + 1, len(active)):
                ca, cb = active[a][2], active[b][2]
                if day(ca["start"]) <= day(cb["end"]) and day(cb["start"]) <= day(ca["end"]):
                    bad.add(f"enrollments[{active[b][0]}]", "schedule conflict")
        done = [c["branch"] for _, e, c in items if e["status"] == "completed"]
        if len(done) != len(set(done)):
            bad.add(f"trainee {tid}", "branch completed twice")
        for i, e, c in items:
            if e["status"] not in ("withdrawn", "waitlisted", "completed") and \
                    any(day(c2["end"]) < day(c["start"]) and c2["branch"] == c["branch"]
                        for _, e2, c2 in items if e2["status"] == "completed"):
                bad.add(f"enrollments[{i}]", "branch already completed")

    cert_of = {}
    for i, c in enumerate(doc["certificates"]):
        p = f"certificates[{i}]"
        e = enrollments.get(c["enrollment"])
        if e is None:
            bad.add(p + ".enrollment", "unknown")
            continue
        course = courses[e["course"]]
        if e["status"] != "completed" or course["status"] != "completed":
            bad.add(p, "enrollment not completed")
        if c["kind"] != course["certificate"]:
            bad.add(p + ".kind", "differs from the course")
        if c["enrollment"] in cert_of:
            bad.add(p, "second certificate of one enrollment")
        cert_of[c["enrollment"]] = c
        if day(c["issued"]) < day(course["end"]):
            bad.add(p + ".issued", "before the course ended")
        if not c["verification_code"]:
            bad.add(p + ".verification_code", "empty")
        if "revoked" in c and day(c["revoked"]["date"]) < day(c["issued"]):
            bad.add(p + ".revoked.date", "before issue")

    held: dict[str, list[tuple[str, dt.date]]] = {}
    for c in doc["certificates"]:
        if "revoked" in c:
            continue
        e = enrollments[c["enrollment"]]
        held.setdefault(e["trainee"], []).append((courses[e["course"]]["branch"],
                                                   day(c["issued"])))

    hires = {vid: 0 for vid in vacancies}
    seen = set()
    by_trainee: dict[str, list[dict]] = {}
    for i, r in enumerate(doc["referrals"]):
        p = f"referrals[{i}]"
        t, v = trainees.get(r["trainee"]), vacancies.get(r["vacancy"])
        if t is None or v is None:
            bad.add(p, "unknown reference")
            continue
        by_trainee.setdefault(r["trainee"], []).append(r)
        if (r["trainee"], r["vacancy"]) in seen:
            bad.add(p, "duplicate referral")
        seen.add((r["trainee"], r["vacancy"]))
        if not t["consents"]["share_with_employers"]:
            bad.add(p, "no consent to share")
        if not resident(t):
            bad.add(p, "not resident")
        ref = day(r["referred"])
        if not day(v["opened"]) <= ref <= day(v["closes"]):
            bad.add(p + ".referred", "outside the vacancy's window")
        if ref < day(t["registered"]):
            bad.add(p + ".referred", "before registration")
        if age_on(day(t["birth_date"]), ref) < v.get("min_age", 0):
            bad.add(p, "below the vacancy's minimum age")
        if v["requires_certificate"] and not any(
                b == v.get("branch") and issued <= ref for b, issued in held.get(t["id"], [])):
            bad.add(p, "certificate required")
        for key in ("decided", "hired"):
            if key in r and day(r[key]) < ref:
                bad.add(f"{p}.{key}", "before referral")
        if "ended" in r and ("hired" not in r or day(r["ended"]) < day(r["hired"])):
            bad.add(p + ".ended", "before hire")
        s = r["status"]
        if s in HIRES:
            hires[r["vacancy"]] += 1
            if "hired" not in r:
                bad.add(p + ".hired", "missing")
        if s in ("rejected", "declined", "no_show", "withdrawn") and "decided" not in r:
            bad.add(p + ".decided", "missing")
        if s == "left_early" and not ("ended" in r and (day(r["ended"]) - day(r["hired"])).days
                                      < pol["early_leave_days"]):
            bad.add(p, "left_early without an early end")
        if s == "retained" and "ended" in r and \
                (day(r["ended"]) - day(r["hired"])).days < pol["retention_days"]:
            bad.add(p, "retained but ended early")
        if s in OPEN and v["status"] != "open":
            bad.add(p, "open referral to a vacancy that is not open")
        if s in OPEN and "decided" in r:
            bad.add(p, "open referral with a decision")
    for i, v in enumerate(doc["vacancies"]):
        p = f"vacancies[{i}]"
        if v["employer"] not in employers:
            bad.add(p + ".employer", "unknown")
        if "branch" in v and v["branch"] not in branches:
            bad.add(p + ".branch", "unknown")
        if day(v["closes"]) < day(v["opened"]):
            bad.add(p + ".closes", "before opened")
        if hires[v["id"]] > v["positions"]:
            bad.add(p, "more hires than positions")
        if v["status"] == "filled" and hires[v["id"]] != v["positions"]:
            bad.add(p, "filled without every position taken")
        for key in ("gender", "sex", "marital_status", "religion", "ethnicity", "race"):
            if key in v:
                bad.add(f"{p}.{key}", "protected attribute")
    for tid, refs in by_trainee.items():
        if sum(r["status"] in OPEN for r in refs) > pol["max_active_referrals"]:
            bad.add(f"trainee {tid}", "too many open referrals")
        declines = sorted(day(r["decided"]) for r in refs if r["status"] in DECLINES)
        k = pol["decline_limit"]
        for j in range(len(declines) - k + 1):
            third = declines[j + k - 1]
            if (third - declines[j]).days <= pol["decline_window_days"]:
                for r in refs:
                    if third < day(r["referred"]) <= third + DAY * pol["pause_days"]:
                        bad.add(f"trainee {tid}", "referred while paused")
    return bad


def coverage(doc: dict) -> list[str]:
    """What the brief asks each file to show; returns what is missing."""
    missing = []

    def want(coll: str, key: str, values) -> None:
        have = {r[key] for r in doc[coll]}
        for v in values:
            if v not in have:
                missing.append(f"{coll}: no {key}={v}")

    want("referrals", "status", ["referred", "interview", "hired", "rejected", "declined",
                                  "no_show", "withdrawn", "left_early", "retained"])
    want("vacancies", "status", ["open", "filled", "closed"])
    if doc["courses"]:
        want("courses", "status", ["planned", "open", "running", "completed", "cancelled"])
        want("courses", "mode", ["in_person", "online", "hybrid"])
        want("courses", "certificate", ["meb", "participation"])
        want("enrollments", "status", ["waitlisted", "enrolled", "withdrawn", "removed",
                                       "failed", "completed"])
        want("certificates", "kind", ["meb", "participation"])
        if not any("revoked" in c for c in doc["certificates"]):
            missing.append("certificates: none revoked")
        if len(doc["centres"]) != 22:
            missing.append("centres: not 22")
        if len(doc["trainees"]) < 30:
            missing.append("trainees: fewer than 30")
    return missing


# ---------------------------------------------------------------------------------------------
# Output in the layout of the C++ writer (src/io/json_writer.cc): one compact record per line,
# UTF-8 unescaped, so that loading a file and saving it again with vocfab gives the same bytes.

def dumps_record(rec) -> str:
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


def dumps_dataset(doc: dict) -> str:
    lines = ["{", f'  "schema_version": {doc["schema_version"]},',
             f'  "policy": {dumps_record(doc["policy"])},']
    for n, coll in enumerate(COLLECTIONS):
        tail = "," if n + 1 < len(COLLECTIONS) else ""
        records = doc[coll]
        if not records:
            lines.append(f'  "{coll}": []{tail}')
            continue
        lines.append(f'  "{coll}": [')
        for k, rec in enumerate(records):
            lines.append("    " + dumps_record(rec) + ("," if k + 1 < len(records) else ""))
        lines.append(f"  ]{tail}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def dumps_policy(p: dict) -> str:
    return json.dumps(p, ensure_ascii=False, indent=2) + "\n"


def schema_problems(outputs: dict[str, str]) -> list[str]:
    """Validates the written documents against docs/schema/vocfab.schema.json when the
    `jsonschema` module (Debian: python3-jsonschema) is available; skipped otherwise."""
    try:
        from jsonschema import Draft202012Validator, FormatChecker
    except ImportError:
        print("note: python3-jsonschema not installed; schema check skipped", file=sys.stderr)
        return []
    schema = json.loads((ROOT / "docs/schema/vocfab.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    policy_schema = dict(schema["$defs"]["policy"], **{"$defs": schema["$defs"]})
    problems = []
    for rel, text in outputs.items():
        which = policy_schema if rel.startswith("data/policies/") else schema
        validator = Draft202012Validator(which, format_checker=FormatChecker())
        for error in validator.iter_errors(json.loads(text)):
            where = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{rel}: {where}: {error.message[:200]}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if a file differs from a fresh run")
    args = ap.parse_args()

    outputs = {
        "data/policies/izmir-vocational-factory.json": dumps_policy(IZMIR_POLICY),
        "data/policies/kahramankazan-employment-centre.json": dumps_policy(KIM_POLICY),
    }
    for path, doc in (("data/sample.json", make_izmir()),
                      ("data/kahramankazan.json", make_kahramankazan())):
        text = dumps_dataset(doc)
        reread = json.loads(text)
        problems = check_dataset(reread) + coverage(reread)
        if problems:
            print(f"{path}: {len(problems)} problem(s)", file=sys.stderr)
            for line in problems[:50]:
                print("  " + line, file=sys.stderr)
            return 1
        outputs[path] = text

    problems = schema_problems(outputs)
    if problems:
        print("\n".join(problems[:50]), file=sys.stderr)
        return 1

    status = 0
    for rel, text in outputs.items():
        path = ROOT / rel
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"{rel}: differs from a fresh run", file=sys.stderr)
                status = 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {rel}")
    return status


if __name__ == "__main__":
    sys.exit(main())
