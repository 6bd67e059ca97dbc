"""The festival's category tree (code, 繁體, 简体, English, children). Seeded by migration 0002."""

CATEGORIES = [
    ("clothing", "衣", "衣", "Clothing", [
        ("fashion", "時裝", "时装", "Fashion"), ("shoes", "鞋履", "鞋履", "Shoes"),
        ("accessories", "配飾及鐘錶", "配饰及钟表", "Accessories & watches"),
        ("cosmetics", "化妝品", "化妆品", "Cosmetics"),
    ]),
    ("food", "食", "食", "Food", [
        ("restaurants", "餐廳", "餐厅", "Restaurants"), ("cha-chaan-teng", "茶餐廳", "茶餐厅", "Cha chaan teng"),
        ("bakery", "餅店及甜品", "饼店及甜品", "Bakeries & desserts"),
        ("grocery", "食品零售", "食品零售", "Food retail"),
    ]),
    ("living", "住", "住", "Living", [
        ("home", "家居用品", "家居用品", "Homeware"),
        ("electronics", "電器及電子產品", "电器及电子产品", "Electronics"),
        ("furniture", "傢俬", "家具", "Furniture"), ("hotels", "酒店", "酒店", "Hotels"),
    ]),
    ("transport", "行", "行", "Getting around", [
        ("travel", "旅遊", "旅游", "Travel"), ("motoring", "汽車服務", "汽车服务", "Motoring"),
        ("transport-services", "交通", "交通", "Transport"),
    ]),
    ("services", "專業服務", "专业服务", "Professional services", [
        ("health", "醫療保健", "医疗保健", "Health care"), ("education", "教育", "教育", "Education"),
        ("finance", "金融及保險", "金融及保险", "Finance & insurance"),
        ("beauty", "美容及美髮", "美容及美发", "Beauty & hair"),
    ]),
]


def load_categories(Category) -> None:  # noqa: N803 - a model class (historical in migrations)
    for top_sort, (code, hant, hans, en, children) in enumerate(CATEGORIES):
        parent, _ = Category.objects.update_or_create(
            code=code, defaults={"name_zh_hant": hant, "name_zh_hans": hans, "name_en": en, "sort": top_sort * 10,
                                 "parent": None})
        for sort, (ccode, chant, chans, cen) in enumerate(children):
            Category.objects.update_or_create(
                code=ccode, defaults={"name_zh_hant": chant, "name_zh_hans": chans, "name_en": cen,
                                      "sort": top_sort * 10 + sort + 1, "parent": parent})
