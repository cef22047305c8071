"""The e2e harness itself: axe-core fails a page state with a violation, sideways scrolling at 390 px fails it,
and a loaded page that no step checked is reported (so no page of the suite escapes axe)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SCREENSHOTS, check_page_state

pytestmark = pytest.mark.e2e


def test_axe_violation_fails_the_step(visit):
    """An image without alt text and an unlabelled input: the step names both rules."""
    page = visit.page
    page.set_content('<html lang="nb"><head><title>t</title></head><body><main><h1>T</h1>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>')
    with pytest.raises(AssertionError) as failure:
        check_page_state(page, "bad", prefix="harness")
    message = str(failure.value)
    assert "at 1280 px: image-alt (critical)" in message
    assert "at 390 px: label (critical)" in message
    assert (SCREENSHOTS / "harness-bad-390.png").is_file()
    assert (SCREENSHOTS / "harness-bad-1280.png").is_file()


def test_sideways_scrolling_at_390_fails_the_step(visit):
    """A 600 px wide block makes the whole page scroll at 390 px: reported, at 390 px only."""
    page = visit.page
    page.set_content('<html lang="nb"><head><title>t</title></head><body><main><h1>T</h1>'
                     '<div style="width:600px">bred</div></main></body></html>')
    with pytest.raises(AssertionError) as failure:
        check_page_state(page, "wide", prefix="harness")
    assert "at 390 px: the page scrolls sideways by" in str(failure.value)
    assert "at 1280 px" not in str(failure.value)


def test_unchecked_page_is_reported(visit):
    """A portal page loaded without a step is listed as unchecked until a step checks it."""
    page = visit.page
    page.goto(visit.base_url + "/")
    assert visit.unchecked_documents() == [visit.base_url + "/"]
    visit.step("landing")
    assert visit.unchecked_documents() == []
    assert visit.failed_responses == []
