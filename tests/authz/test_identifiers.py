"""Identifier rules against the public example numbers in shared/reference/norwegian-identifiers.md."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from authz.identifiers import clean_orgnr, is_orgnr, is_pid, mask_pid, normalize_orgnr, pid_info, validate_orgnr
from authz.logging import mask_identity_numbers


@pytest.mark.parametrize("orgnr", ["991825827", "910753614", "889640782", "314168267", "123456785"])
def test_valid_orgnr(orgnr):
    assert validate_orgnr(orgnr) == orgnr


@pytest.mark.parametrize(
    "orgnr",
    ["988077918", "123456789", "999888777", "000000000", "12345678", "1234567850", "12345678a",
     "123 456 785", " 123456785", "١٢٣٤٥٦٧٨٥", "１２３４５６７８５", ""],
)
def test_invalid_orgnr(orgnr):
    with pytest.raises(ValidationError) as exc:
        validate_orgnr(orgnr)
    assert exc.value.code == "invalid_orgnr"


@pytest.mark.parametrize(
    ("pid", "kind"),
    [("15108695088", "fnr"), ("26111593816", "fnr"), ("31129956715", "fnr"), ("70019950032", "dnr")],
)
def test_real_series_pids_valid_everywhere(pid, kind):
    assert pid_info(pid, allow_synthetic=False).kind == kind


@pytest.mark.parametrize("pid", ["21879498012", "47906701517"])
def test_synthetic_pids_only_in_test_environments(pid):
    assert pid_info(pid, allow_synthetic=True).synthetic
    assert not is_pid(pid, allow_synthetic=False)


@pytest.mark.parametrize(
    "pid", ["15108695077", "26111593817", "01010199999", "12345678910", "1510869508", "151086950880", ""]
)
def test_invalid_pids(pid):
    assert not is_pid(pid, allow_synthetic=True)


def test_check_digit_rule_from_2032_accepted():
    # 15108610015: K1 leaves remainder 2 (allowed from 2032, refused by the old rule), K2 correct.
    assert is_pid("15108610015", allow_synthetic=False)


def test_date_that_exists_in_no_century_is_refused():
    # 31029910017 has correct check digits, but 31 February exists in no century.
    assert not is_pid("31029910017", allow_synthetic=True)


def test_orgnr_bool_helper():
    assert is_orgnr("123456785") and not is_orgnr("123456789")


def test_masking_on_screen_and_in_logs():
    assert mask_pid("21879498012") == "218794*****"
    assert mask_identity_numbers("login pid=21879498012 org 123456785") == "login pid=218794***** org 123456785"


@pytest.mark.parametrize(("orgnr", "message"), [
    ("", "Skriv organisasjonsnummeret: ni sifre."),
    ("12345678a", "Ugyldig organisasjonsnummer: det kan bare inneholde sifrene 0–9."),
    ("123 456 785", "Ugyldig organisasjonsnummer: det kan bare inneholde sifrene 0–9."),  # strict: no spaces
    ("１２３４５６７８５", "Ugyldig organisasjonsnummer: det kan bare inneholde sifrene 0–9."),
    ("12345678", "Ugyldig organisasjonsnummer: det må ha ni sifre, ikke 8."),
    ("1234567850", "Ugyldig organisasjonsnummer: det må ha ni sifre, ikke 10."),
    ("123456789", "Ugyldig organisasjonsnummer: kontrollsifferet (det siste sifferet) stemmer ikke. "
                  "Sjekk at nummeret er skrevet riktig."),
    ("000000000", "Ugyldig organisasjonsnummer: kontrollsifferet (det siste sifferet) stemmer ikke. "
                  "Sjekk at nummeret er skrevet riktig."),
])
def test_each_kind_of_bad_orgnr_has_its_own_message(orgnr, message):
    with translation.override("nb"), pytest.raises(ValidationError) as exc:
        validate_orgnr(orgnr)
    with translation.override("nb"):
        assert exc.value.messages == [message]
    assert exc.value.code == "invalid_orgnr"


@pytest.mark.parametrize(("typed", "normalized"), [
    ("910 753 614", "910753614"), (" 910753614\n", "910753614"), ("910\u00a0753\u00a0614", "910753614"),
    ("910\u202f753\u2009614", "910753614"), ("910-753-614", "910-753-614"), ("", ""),
])
def test_normalize_orgnr_removes_only_spaces(typed, normalized):
    assert normalize_orgnr(typed) == normalized


def test_clean_orgnr_normalizes_then_validates():
    assert clean_orgnr("910 753 614") == "910753614"
    with pytest.raises(ValidationError):
        clean_orgnr("910 753 615")
