import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edubureau.core import idcard


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        # Check digits computed by hand with the GB 11643 weights (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2).
        ("11010519491231002X", True),
        ("110105194912310021", False),
        ("330102198506150024", True),  # sum 228, 228 mod 11 = 8 → "4"
        ("330102198506150025", False),
        ("440524188001010014", False),  # valid checksum, but born 1880: refused as implausible
        ("11010519491231002x", True),  # lower-case x is accepted
        ("１１０１０５１９４９１２３１００２Ｘ", True),  # full-width digits from a spreadsheet
        (" 11010519491231002X ", True),
    ],
)
def test_is_valid_hand_checked(number, expected):
    assert idcard.is_valid(number) is expected


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("1101051949123100", "18位"),
        ("11010519491331002X", "出生日期不存在"),
        ("1101051949123100AX", "非法字符"),
        ("110105194912310021", "校验位"),
    ],
)
def test_validate_names_the_reason(number, reason):
    with pytest.raises(idcard.IdCardError, match=reason):
        idcard.validate(number)


def test_birth_date_sex_and_mask():
    number = "11010519491231002X"
    assert idcard.birth_date(number) == dt.date(1949, 12, 31)
    assert idcard.sex(number) == "F"
    assert idcard.mask(number) == "110105********002X"


@given(
    born=st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2020, 12, 31)),
    seq=st.integers(min_value=0, max_value=999),
    region=st.sampled_from(["110105", "330102", "510722"]),
)
def test_generated_numbers_validate_and_one_digit_change_is_caught(born, seq, region):
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    number = first17 + idcard.check_digit(first17)
    assert idcard.validate(number) == number
    assert idcard.birth_date(number) == born
    # Changing the sequence's last digit changes the weighted sum by 2*k mod 11 ≠ 0: the check must fail.
    wrong = first17[:16] + str((int(first17[16]) + 1) % 10) + number[17]
    assert not idcard.is_valid(wrong)
