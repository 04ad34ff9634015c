import pytest

from universe.errors import UnknownEvidence
from universe.story.evidence import EVIDENCE_LEVELS, Evidence


def test_levels_are_ordered_strongest_first():
    assert EVIDENCE_LEVELS == ("canon", "official", "reported", "teased", "speculation", "fan-theory")
    levels = list(Evidence)
    assert all(a > b for a, b in zip(levels, levels[1:]))
    assert sorted(levels, reverse=True) == levels


@pytest.mark.parametrize(
    "minimum, level, admitted",
    [
        ("canon", "canon", True),
        ("canon", "official", False),
        ("reported", "official", True),
        ("reported", "teased", False),
        ("fan-theory", "fan-theory", True),
        ("teased", "speculation", False),
    ],
)
def test_a_minimum_level_admits_stronger_evidence(minimum, level, admitted):
    assert Evidence.parse(minimum).admits(Evidence.parse(level)) is admitted


@pytest.mark.parametrize("text", ["Fan theory", "fan_theory", "FAN-THEORY", " fan theory "])
def test_parse_accepts_spellings(text):
    assert Evidence.parse(text) is Evidence.FAN_THEORY


def test_parse_names_the_bad_value():
    with pytest.raises(UnknownEvidence, match="'cannon'.*canon, official"):
        Evidence.parse("cannon")
