"""Identifier rules against the public example numbers in shared/reference/norwegian-identifiers.md."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from authz.identifiers import (
    PidInfo,
    clean_orgnr,
    is_orgnr,
    is_pid,
    mask_pid,
    normalize_orgnr,
    pid_info,
    validate_orgnr,
    validate_pid,
)
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


@pytest.fixture(autouse=True)
def _norwegian():
    """Messages are asserted in bokmål, the portal's language, whatever an earlier test left active."""
    with translation.override("nb"):
        yield


# Numbers below are made for these rules (check digits computed by the reference's formulas); none is a person's.


def test_invalid_orgnr_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as exc:
        validate_orgnr("123456789")
    assert exc.value.messages == [
        "Ugyldig organisasjonsnummer: kontrollsifferet (det siste sifferet) stemmer ikke. Sjekk at nummeret er "
        "skrevet riktig."]


def test_orgnr_that_is_not_a_string_refused():
    with pytest.raises(ValidationError):
        validate_orgnr(123456785)


@pytest.mark.parametrize("pid", ["81234567802", "91234567883"])
def test_fh_number_is_valid_everywhere_without_a_date(pid):
    # FH-numbers (first digit 8 or 9) carry no date; they are real numbers, valid in production too.
    assert pid_info(pid, allow_synthetic=False) == PidInfo(kind="fhnr", synthetic=False)


def test_fh_number_with_wrong_check_digits_refused():
    assert not is_pid("81234567803", allow_synthetic=True)


def test_nav_synthetic_month_plus_40_refused_in_production():
    # 01508610064: 1 October 1986 with 40 added to the month (NAV's synthetic numbers, shaped like H-numbers).
    assert not is_pid("01508610064", allow_synthetic=False)
    with pytest.raises(ValidationError) as exc:
        pid_info("01508610064", allow_synthetic=False)
    assert exc.value.code == "invalid_pid"


def test_nav_synthetic_month_plus_40_accepted_in_test_environment_as_h_number():
    assert pid_info("01508610064", allow_synthetic=True) == PidInfo(kind="hnr", synthetic=True)


@pytest.mark.parametrize(("pid", "kind"), [("31819010024", "fnr"), ("31419010041", "hnr")])
def test_synthetic_numbers_for_31_january(pid, kind):
    # January is the first month after each offset: month 81 (+80, TestID) and 41 (+40, NAV) are valid.
    assert pid_info(pid, allow_synthetic=True) == PidInfo(kind=kind, synthetic=True)
    assert not is_pid(pid, allow_synthetic=False)


def test_d_number_with_month_plus_40_stays_a_synthetic_d_number():
    # 41509010070: D-number (day 1 + 40) for 1 October 1990, month + 40.
    assert pid_info("41509010070", allow_synthetic=True) == PidInfo(kind="dnr", synthetic=True)
    assert not is_pid("41509010070", allow_synthetic=False)


def test_testid_synthetic_month_plus_80_is_synthetic_fnr():
    assert pid_info("21879498012", allow_synthetic=True) == PidInfo(kind="fnr", synthetic=True)


def test_d_number_synthetic_month_plus_80():
    assert pid_info("47906701517", allow_synthetic=True) == PidInfo(kind="dnr", synthetic=True)


def test_ordinary_number_is_not_synthetic():
    assert pid_info("15108695088", allow_synthetic=True) == PidInfo(kind="fnr", synthetic=False)


def test_d_number_for_the_first_of_a_month():
    # 41019010110: day 1 + 40, January 1990; its K2 is 0.
    assert pid_info("41019010110", allow_synthetic=False) == PidInfo(kind="dnr", synthetic=False)


@pytest.mark.parametrize("pid", ["01018010018", "02019010085"])
def test_first_and_second_of_january(pid):
    assert pid_info(pid, allow_synthetic=False) == PidInfo(kind="fnr", synthetic=False)


@pytest.mark.parametrize("pid", ["29020010027", "29029610086"])
def test_29_february_of_a_leap_year_accepted(pid):
    # yy 00 is a leap year only as 2000, yy 96 in every century.
    assert is_pid(pid, allow_synthetic=False)


@pytest.mark.parametrize("pid", ["29020310160", "29029710188"])
def test_29_february_of_a_year_that_is_never_leap_refused(pid):
    # Correct check digits; 29 February yy03 and yy97 exist in no century.
    assert not is_pid(pid, allow_synthetic=True)


def test_31_april_refused():
    # 31048010000: correct check digits (K2 = 0), but April has 30 days.
    assert not is_pid("31048010000", allow_synthetic=True)


def test_check_digit_k2_zero_accepted():
    # 15058610000: the K2 sum is divisible by 11, so K2 is 0 (not 11).
    assert pid_info("15058610000", allow_synthetic=False) == PidInfo(kind="fnr", synthetic=False)


@pytest.mark.parametrize("pid", ["15108695088", "01017010189", "15108610015", "01017010014"])
def test_k1_remainders_0_to_3_accepted(pid):
    # (S1 + K1) mod 11 is 0, 1, 2 and 3 respectively; 1-3 are allowed from 2032 (Skatteetaten).
    assert is_pid(pid, allow_synthetic=False)


def test_k1_remainder_4_refused_even_with_correct_k2():
    assert not is_pid("01017010022", allow_synthetic=True)


@pytest.mark.parametrize(
    "pid", ["1510869508a", "15108695O88", "١٥١٠٨٦٩٥٠٨٨", " 5108695088", "15108695088\n", 15108695088, None]
)
def test_pid_that_is_not_eleven_ascii_digits_refused_with_code(pid):
    with pytest.raises(ValidationError) as exc:
        pid_info(pid, allow_synthetic=True)
    assert exc.value.code == "invalid_pid"
    assert exc.value.messages == [
        "Ugyldig fødselsnummer eller D-nummer: skriv elleve sifre med riktige kontrollsifre."]


@pytest.mark.parametrize("pid", ["15108695077", "26111593817", "31029910017"])
def test_wrong_check_digits_or_date_raise_invalid_pid(pid):
    with pytest.raises(ValidationError) as exc:
        pid_info(pid, allow_synthetic=True)
    assert exc.value.code == "invalid_pid"


def test_default_synthetic_policy_follows_the_test_environment_setting(settings):
    settings.PORTAL_TEST_ENVIRONMENT = False
    assert not is_pid("21879498012")
    assert is_pid("15108695088")
    settings.PORTAL_TEST_ENVIRONMENT = True
    assert is_pid("21879498012")
    assert pid_info("21879498012") == PidInfo(kind="fnr", synthetic=True)


def test_explicit_policy_overrides_the_setting(settings):
    settings.PORTAL_TEST_ENVIRONMENT = True
    assert not is_pid("21879498012", allow_synthetic=False)
    settings.PORTAL_TEST_ENVIRONMENT = False
    assert is_pid("21879498012", allow_synthetic=True)


def test_validate_pid_returns_the_number(settings):
    settings.PORTAL_TEST_ENVIRONMENT = False
    assert validate_pid("15108695088") == "15108695088"
    assert validate_pid("70019950032") == "70019950032"


def test_validate_pid_refuses_synthetic_numbers_in_production(settings):
    settings.PORTAL_TEST_ENVIRONMENT = False
    with pytest.raises(ValidationError) as exc:
        validate_pid("21879498012")
    assert exc.value.code == "invalid_pid"


def test_validate_pid_accepts_synthetic_numbers_in_test_environment(settings):
    settings.PORTAL_TEST_ENVIRONMENT = True
    assert validate_pid("21879498012") == "21879498012"


def test_validate_pid_refuses_bad_check_digits(settings):
    settings.PORTAL_TEST_ENVIRONMENT = True
    with pytest.raises(ValidationError) as exc:
        validate_pid("15108695077")
    assert exc.value.code == "invalid_pid"


def test_is_pid_default_policy_is_the_setting(settings):
    settings.PORTAL_TEST_ENVIRONMENT = False
    assert not is_pid("47906701517")


@pytest.mark.parametrize("value", ["", "2187949801", "218794980123", "123456785", 21879498012, None])
def test_mask_pid_hides_everything_that_is_not_eleven_characters(value):
    assert mask_pid(value) == "***********"


def test_mask_pid_keeps_the_birth_date_and_hides_the_personal_number():
    assert mask_pid("70019950032") == "700199*****"
