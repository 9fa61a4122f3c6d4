import pytest

from reconversion.env import envfloat, envint


@pytest.mark.parametrize(("read", "raw", "expected"), [(envint, "8", 8), (envfloat, "0.5", 0.5)])
def test_a_number_setting_is_read_from_the_environment(monkeypatch, read, raw, expected):
    monkeypatch.setenv("RECONVERSION_TEST_NUMBER", raw)
    assert read("RECONVERSION_TEST_NUMBER", 3) == expected


@pytest.mark.parametrize("read", [envint, envfloat])
def test_a_blank_number_setting_keeps_the_default(monkeypatch, read):
    monkeypatch.setenv("RECONVERSION_TEST_NUMBER", "  ")
    assert read("RECONVERSION_TEST_NUMBER", 3) == 3


@pytest.mark.parametrize(
    ("read", "message"), [(envint, "is not an integer"), (envfloat, "is not a number")]
)
def test_a_bad_number_setting_names_the_variable(monkeypatch, read, message):
    monkeypatch.setenv("RECONVERSION_TEST_NUMBER", "ten")
    with pytest.raises(ValueError, match=f"RECONVERSION_TEST_NUMBER='ten' {message}"):
        read("RECONVERSION_TEST_NUMBER", 3)
