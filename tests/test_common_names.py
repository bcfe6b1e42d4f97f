"""The one normaliser of factory names and registration numbers, on hand-made pairs: what a person types and
what the registry holds must meet; what differs must stay apart."""
import pytest

from common.names import fold, name_key, registration_key, strip_company_form

SAME_NAME = [
    ("บริษัท ไทยสตีล จำกัด", "ไทยสตีล"),
    ("บริษัท ไทยสตีล จำกัด", "ไทย สตีล"),
    ("บริษัท ไทยสตีล จำกัด", "บจก.ไทยสตีล"),
    ("บริษัท ไทยสตีล จำกัด", "บจก. ไทย สตีล"),
    ("บริษัท ปตท. จำกัด (มหาชน)", "บมจ. ปตท."),
    ("บริษัท ปตท. จำกัด (มหาชน)", "ปตท"),
    ("บริษัท ปตท. จำกัด(มหาชน)", "ปตท จำกัด (มหาชน)"),
    ("ห้างหุ้นส่วนจำกัด นวกิจโฟรเซ่นฟู้ด อินดัสทรี", "หจก. นวกิจ โฟรเซ่นฟู้ด อินดัสทรี"),
    ("ห้างหุ้นส่วนสามัญ ศรีไทยการช่าง", "ศรีไทยการช่าง"),
    ("ห้างหุ้นส่วนจำกัด นวกิจ", "ห้างหุ้นส่วน นวกิจ"),
    ("Thai Steel Co., Ltd.", "thai steel"),
    ("Thai Steel Co.,Ltd", "THAI STEEL COMPANY LIMITED"),
    ("PTT Public Company Limited", "ptt pcl"),
    ("PTT Public Company Limited", "PTT Public Co., Ltd."),
    ("Nawakit Frozen Food Industry Limited Partnership", "nawakit frozen food industry"),
    ("Hashimoto Recycling Group (Thailand) Co., Ltd.", "hashimoto recycling group thailand"),
    ("บริษัท น้ำตาลไทย จำกัด", "นํ้าตาลไทย"),                 # ํ + ้ + า typed for ้ำ
    ("บริษัท ๓ เค จำกัด", "3เค"),                              # Thai digits
    ("บริษัท\u200bไทยสตีล\u200bจำกัด", "ไทยสตีล"),            # zero-width spaces from a copied text
    ("ＴＨＡＩ　ＳＴＥＥＬ", "thai steel"),                       # full-width Latin
]
DIFFERENT_NAME = [
    ("บริษัท ไทยสตีล จำกัด", "บริษัท ไทยสตาร์ จำกัด"),
    ("Zinc Co., Ltd.", "Z"),                                  # "inc" inside a word is not a company form
    ("Tesco", "Tes"),                                         # nor "co"
    ("บางกอกโฟรเซ่นฟู้ด", "างกอกโฟรเซ่นฟู้ด"),                  # บ. is a form, บ at the start of a word is not
]


@pytest.mark.parametrize("registry, typed", SAME_NAME)
def test_a_name_as_typed_meets_the_name_in_the_registry(registry, typed):
    assert name_key(registry) == name_key(typed)


@pytest.mark.parametrize("one, other", DIFFERENT_NAME)
def test_different_names_stay_different(one, other):
    assert name_key(one) != name_key(other)


def test_a_name_that_is_only_a_company_form_is_kept():
    assert name_key("บริษัท") == "บริษัท"
    assert strip_company_form("บริษัท จำกัด") == "บริษัท จำกัด"
    assert strip_company_form("Limited") == "Limited"


def test_strip_company_form_keeps_the_name_as_written():
    assert strip_company_form("บริษัท ฮาชิโมโตะรีไซเคิล กรุ๊ป (ประเทศไทย) จำกัด") == "ฮาชิโมโตะรีไซเคิล กรุ๊ป (ประเทศไทย)"
    assert strip_company_form("Thai Steel Co., Ltd.") == "Thai Steel"
    assert strip_company_form("โรงงานธนาพรสตีล") == "โรงงานธนาพรสตีล"


SAME_REGISTRATION = [
    ("จ3-44(2)-1125/59รย", "จ3-44(2)-1125/59รย"),
    ("จ3-44(2)-1125/59รย", "3-44(2)-1125/59รย"),             # the จ is optional
    ("จ3-44(2)-1125/59รย", "จ.3-44(2)-1125/59 รย"),
    ("จ3-44(2)-1125/59รย", "จ3–44(2)–1125/59รย"),            # en dashes from a word processor
    ("3-105-957/47ปท", "3 105 957/47 ปท"),                   # spaces for dashes
    ("3-105-957/47ปท", "๓-๑๐๕-๙๕๗/๔๗ปท"),                   # Thai digits
    ("3-105-957/47ปท", " 3-105-957 / 47 ปท "),
    ("31310500095747", "3131 0500 0957 47"),                 # the 14-digit id in groups
    ("31310500095747", "3-1310-50009-5747"),
    ("31310500095747", "๓๑๓๑๐๕๐๐๐๙๕๗๔๗"),
]
DIFFERENT_REGISTRATION = [
    ("3-105-957/47ปท", "3-105-957/48ปท"),
    ("3-105-957/47ปท", "31-05-957/47ปท"),
    ("3-105-957/47ปท", "3105957/47ปท"),
]


@pytest.mark.parametrize("registry, typed", SAME_REGISTRATION)
def test_a_registration_number_in_any_of_its_spellings(registry, typed):
    assert registration_key(registry) == registration_key(typed)


@pytest.mark.parametrize("one, other", DIFFERENT_REGISTRATION)
def test_different_registration_numbers_stay_different(one, other):
    assert registration_key(one) != registration_key(other)


def test_part_of_a_number_is_part_of_its_key():
    """A search finds a number from its beginning (without the province letters) or its running number."""
    full = registration_key("3-105-957/47ปท")
    assert registration_key("3 105 957") in full and registration_key("957/47") in full


def test_fold_drops_spaces_and_punctuation_and_ignores_case():
    assert fold(" Thai-Steel, (Co.) ") == "thaisteelco"
    assert fold(None) == "" and fold("") == ""
