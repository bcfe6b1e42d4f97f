"""What the open-data API may show, in one place: the collections, their titles in Thai and English, and the
allow-list of public properties of each. Every feature the API serves is built from this list and a test
compares every served property with it.

Choices: the factories carry no owner (the registry's owner can be a natural person's name); the exchanges carry
the parties' ids and kinds, never a party's name (a farm or a household can be a person), and only the exchanges a
viewer may see (``symbiosis.register.visible`` with no role)."""
from __future__ import annotations

#: The dimension scores an area feature carries (scoring.summary.DIMENSIONS, copied by name so the list is data).
AREA_FIELDS = ("area_id", "name_th", "name_en", "province_code", "province_th", "province_en", "region_id",
               "phase", "year_joined", "in_programme", "year", "year_ce", "level", "level_status",
               "score_physical", "score_economic", "score_social", "score_environmental", "score_management",
               "n_factories", "n_developed")
FACTORY_FIELDS = ("registration_no", "name_th", "name_en", "factory_class", "category", "isic", "province_code",
                  "district_code", "subdistrict_code", "area_id", "status", "gi_level", "eco_factory_year",
                  "developed", "developed_year", "data_as_of")
EXCHANGE_FIELDS = ("exchange_id", "from_party", "from_kind", "to_party", "to_kind", "area_id", "year", "year_ce",
                   "category", "material_class", "material_th", "material_en", "waste_code", "quantity", "unit",
                   "status", "status_on", "landfill_diverted_t", "co2e_avoided_t", "cost_saved_thb",
                   "water_saved_m3", "virgin_saved_t")

PUBLIC_FIELDS: dict[str, tuple[str, ...]] = {"areas": AREA_FIELDS, "factories": FACTORY_FIELDS,
                                            "exchanges": EXCHANGE_FIELDS}

COLLECTIONS: dict[str, dict] = {
    "areas": {
        "title_th": "พื้นที่เมืองอุตสาหกรรมเชิงนิเวศ ระดับการพัฒนารายปี",
        "title_en": "Eco Industrial Town areas: level by year",
        "description_th": ("พื้นที่เป้าหมายของโครงการเมืองอุตสาหกรรมเชิงนิเวศ หนึ่งรายการต่อพื้นที่ต่อปีที่ประเมิน "
                           "พร้อมระดับการพัฒนาที่บันทึกไว้ สถานะการรับรอง และคะแนนรายมิติ (ปี พ.ศ.)"),
        "description_en": ("The target areas of the Eco Industrial Town programme, one feature per area and "
                           "assessment year, with the level on record, its certification status and the five "
                           "dimension scores (years in the Buddhist era, year_ce in the Christian era)."),
        "geometry": "polygon", "temporal": True, "keywords": ["eco industrial town", "EIT", "certification"],
    },
    "factories": {
        "title_th": "โรงงานในพื้นที่เมืองอุตสาหกรรมเชิงนิเวศ",
        "title_en": "Factories in the Eco Industrial Town areas",
        "description_th": "โรงงานในทะเบียน พร้อมพิกัด ประเภท และสถานะการพัฒนา (ไม่มีชื่อผู้ประกอบการ)",
        "description_en": ("Registered factories with their location, class, category and development status "
                           "(no owner names)."),
        "geometry": "point", "temporal": False, "keywords": ["factories", "industrial works"],
    },
    "exchanges": {
        "title_th": "การแลกเปลี่ยนทรัพยากรแบบพึ่งพาอาศัยกัน (สาธารณะ)",
        "title_en": "Industrial symbiosis exchanges (public)",
        "description_th": "การแลกเปลี่ยนวัสดุ พลังงาน และน้ำ ระหว่างโรงงานและชุมชน ที่เปิดเผยต่อสาธารณะ เป็นเส้นจากผู้ให้ถึงผู้รับ",
        "description_en": ("The public exchanges of materials, energy and water between factories and other "
                           "parties, as lines from the giver to the receiver, one feature per exchange and year."),
        "geometry": "line", "temporal": True, "keywords": ["industrial symbiosis", "circular economy"],
    },
}
