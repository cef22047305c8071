"""The decision endpoints' fast validation (api/decisions.py `fast_question`, `fast_batch`): for every input it
accepts, exactly what `DecisionInput` / `DecisionBatchInput` would have validated; everything else goes to them."""

import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from api import serializers as s
from api.decisions import MAX_BATCH, DecisionBatchInput, fast_batch, fast_question
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, NOBODY_PID, OTHER_ORGNR

ID = "3f6c2a8e-5b1d-4c7a-9e2f-0a1b2c3d4e5f"
GOOD = {"actor": {"type": "integration", "integration_id": ID}, "privilege": "MINSIDE_SOK.INDEX", "orgnr": DEMO_ORGNR}

texts = st.sampled_from([
    DEMO_ORGNR, OTHER_ORGNR, " " + DEMO_ORGNR, DEMO_ORGNR + " ", "123456789", "000000000", "12345678",
    "１２３４５６７８５",
    DEMO_ADMIN_PID, NOBODY_PID, "21879498013", " " + DEMO_ADMIN_PID, "218794980120",
    ID, ID.upper(), ID.replace("-", ""), "{" + ID + "}", "urn:uuid:" + ID, ID[:-1], ID + " ",
    "MINSIDE_SOK.INDEX", "SVARUT.SEND", "KONFIG.CONFIGURE", "ADMIN", "minside_sok.index", " ADMIN", "ADMIN ",
    "A" * 50, "A" * 51, "A" * 80, "A" * 81, "", " ", "A\x00B", "_X", ".X", "UKJENT.PRIVILEGIUM", "MINSIDE_SOK",
    "person", "integration", "organization",
])
values = st.one_of(texts, st.none(), st.booleans(), st.integers(-2, 10**12), st.just([]), st.just({}))


@st.composite
def questions(draw):
    """A well-formed question (integration or person, with or without service), then 0 to 2 changes that may
    or may not make it invalid: a value replaced, a key removed or added, in the question or its actor."""
    if draw(st.booleans()):
        actor = {"type": "integration", "integration_id": draw(st.sampled_from([ID, str(uuid.uuid4())]))}
    else:
        actor = {"type": "person", "pid": draw(st.sampled_from([DEMO_ADMIN_PID, NOBODY_PID]))}
    question = {"actor": actor, "privilege": draw(st.sampled_from(["MINSIDE_SOK.INDEX", "ADMIN", "SVARUT.SEND"])),
                "orgnr": draw(st.sampled_from([DEMO_ORGNR, OTHER_ORGNR]))}
    if draw(st.booleans()):
        question["service"] = draw(st.sampled_from(["MINSIDE_SOK", "SVARUT"]))
    for _ in range(draw(st.integers(0, 2))):
        target = draw(st.sampled_from([question, actor]))
        change = draw(st.sampled_from(["replace", "remove", "add"]))
        key = draw(st.sampled_from(sorted(target)))
        if change == "replace":
            target[key] = draw(values)
        elif change == "remove":
            target.pop(key)
        else:
            target[draw(st.sampled_from(["extra", "Actor", "orgnr ", "pid", "integration_id", "service", "type"]))] \
                = draw(values)
    return question


@settings(max_examples=1500, deadline=None)
@given(questions())
def test_what_the_fast_path_accepts_is_exactly_what_the_serializer_validates(data):
    fast = fast_question(data)
    if fast is not None:
        serializer = s.DecisionInput(data=data)
        assert serializer.is_valid(), serializer.errors
        assert fast == dict(serializer.validated_data)
        assert type(fast["actor"].get("integration_id", uuid.UUID(ID))) is uuid.UUID


@settings(max_examples=300, deadline=None)
@given(st.lists(questions(), min_size=0, max_size=3), st.booleans())
def test_a_fast_batch_is_exactly_what_the_batch_serializer_validates(items, extra_key):
    data = {"questions": items, **({"extra": 1} if extra_key else {})}
    fast = fast_batch(data)
    if fast is not None:
        serializer = DecisionBatchInput(data=data)
        assert serializer.is_valid(), serializer.errors
        assert fast == [dict(q) for q in serializer.validated_data["questions"]]


def test_the_forms_clients_send_take_the_fast_path():
    person = {**GOOD, "actor": {"type": "person", "pid": DEMO_ADMIN_PID}, "service": "MINSIDE_SOK"}
    for question in (GOOD, person):
        assert fast_question(question) is not None
    assert fast_batch({"questions": [GOOD] * MAX_BATCH}) is not None
    assert fast_batch({"questions": [GOOD] * (MAX_BATCH + 1)}) is None  # the serializer answers 400
    assert fast_batch({"questions": []}) is None
    assert fast_question({**GOOD, "orgnr": " " + DEMO_ORGNR}) is None  # the serializer trims; it decides


def test_answers_are_rendered_as_decision_output_would():
    from api.decisions import ORGANIZATION_NOT_FOUND

    for answer in (ORGANIZATION_NOT_FOUND, {"decision": "permit", "code": "granted", "reason": "ADMIN er tildelt."}):
        assert s.DecisionOutput(answer).data == dict(answer)
