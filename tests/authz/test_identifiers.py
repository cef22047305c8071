"""Identifier rules against the public example numbers in shared/reference/norwegian-identifiers.md."""

import pytest
from django.core.exceptions import ValidationError

from authz.identifiers import is_orgnr, is_pid, mask_pid, pid_info, validate_orgnr
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
