"""Reference data every deployment needs: places and the industry taxonomy.

Loaded by a data migration (and re-applied idempotently by ``manage.py demo``).
Codes are stable identifiers used by imports, the API and filters.
"""

# (code, 繁體, 简体, English)
HK_DISTRICTS = [
    ("central-western", "中西區", "中西区", "Central and Western"),
    ("wan-chai", "灣仔", "湾仔", "Wan Chai"),
    ("eastern", "東區", "东区", "Eastern"),
    ("southern", "南區", "南区", "Southern"),
    ("yau-tsim-mong", "油尖旺", "油尖旺", "Yau Tsim Mong"),
    ("sham-shui-po", "深水埗", "深水埗", "Sham Shui Po"),
    ("kowloon-city", "九龍城", "九龙城", "Kowloon City"),
    ("wong-tai-sin", "黃大仙", "黄大仙", "Wong Tai Sin"),
    ("kwun-tong", "觀塘", "观塘", "Kwun Tong"),
    ("kwai-tsing", "葵青", "葵青", "Kwai Tsing"),
    ("tsuen-wan", "荃灣", "荃湾", "Tsuen Wan"),
    ("tuen-mun", "屯門", "屯门", "Tuen Mun"),
    ("yuen-long", "元朗", "元朗", "Yuen Long"),
    ("north", "北區", "北区", "North"),
    ("tai-po", "大埔", "大埔", "Tai Po"),
    ("sha-tin", "沙田", "沙田", "Sha Tin"),
    ("sai-kung", "西貢", "西贡", "Sai Kung"),
    ("islands", "離島", "离岛", "Islands"),
]
MACAO = [("macao", "澳門", "澳门", "Macao")]
GBA_CITIES = [
    ("shenzhen", "深圳", "深圳", "Shenzhen"),
    ("guangzhou", "廣州", "广州", "Guangzhou"),
    ("dongguan", "東莞", "东莞", "Dongguan"),
    ("foshan", "佛山", "佛山", "Foshan"),
    ("zhuhai", "珠海", "珠海", "Zhuhai"),
    ("zhongshan", "中山", "中山", "Zhongshan"),
    ("jiangmen", "江門", "江门", "Jiangmen"),
    ("huizhou", "惠州", "惠州", "Huizhou"),
    ("zhaoqing", "肇慶", "肇庆", "Zhaoqing"),
]
MAINLAND_CITIES = [
    ("beijing", "北京", "北京", "Beijing"),
    ("shanghai", "上海", "上海", "Shanghai"),
    ("tianjin", "天津", "天津", "Tianjin"),
    ("chongqing", "重慶", "重庆", "Chongqing"),
    ("hangzhou", "杭州", "杭州", "Hangzhou"),
    ("nanjing", "南京", "南京", "Nanjing"),
    ("suzhou", "蘇州", "苏州", "Suzhou"),
    ("xiamen", "廈門", "厦门", "Xiamen"),
    ("fuzhou", "福州", "福州", "Fuzhou"),
    ("jinan", "濟南", "济南", "Jinan"),
    ("qingdao", "青島", "青岛", "Qingdao"),
    ("wuhan", "武漢", "武汉", "Wuhan"),
    ("chengdu", "成都", "成都", "Chengdu"),
    ("xian", "西安", "西安", "Xi'an"),
    ("changsha", "長沙", "长沙", "Changsha"),
    ("nanning", "南寧", "南宁", "Nanning"),
    ("kunming", "昆明", "昆明", "Kunming"),
    ("haikou", "海口", "海口", "Haikou"),
    ("shenyang", "瀋陽", "沈阳", "Shenyang"),
    ("zhengzhou", "鄭州", "郑州", "Zhengzhou"),
]
OVERSEAS = [
    ("japan", "日本", "日本", "Japan"),
    ("korea", "韓國", "韩国", "Korea"),
    ("singapore", "新加坡", "新加坡", "Singapore"),
    ("malaysia", "馬來西亞", "马来西亚", "Malaysia"),
    ("thailand", "泰國", "泰国", "Thailand"),
    ("vietnam", "越南", "越南", "Vietnam"),
    ("uk", "英國", "英国", "United Kingdom"),
    ("usa", "美國", "美国", "United States"),
    ("australia", "澳洲", "澳大利亚", "Australia"),
    ("uae", "阿聯酋", "阿联酋", "United Arab Emirates"),
]
PLACES = (
    [("hk_district", row) for row in HK_DISTRICTS]
    + [("macao", row) for row in MACAO]
    + [("gba_city", row) for row in GBA_CITIES]
    + [("mainland", row) for row in MAINLAND_CITIES]
    + [("overseas", row) for row in OVERSEAS]
)

# Top-level industries with a few sub-industries: (code, 繁體, 简体, English, [children]).
INDUSTRIES = [
    ("manufacturing", "製造業", "制造业", "Manufacturing", [
        ("electronics", "電子及電器", "电子及电器", "Electronics and electrical appliances"),
        ("garments", "成衣及紡織", "成衣及纺织", "Garments and textiles"),
        ("plastics", "塑膠製品", "塑胶制品", "Plastic products"),
        ("metal-machinery", "金屬及機械", "金属及机械", "Metals and machinery"),
        ("printing", "印刷及包裝", "印刷及包装", "Printing and packaging"),
        ("toys", "玩具", "玩具", "Toys"),
    ]),
    ("trading", "進出口貿易", "进出口贸易", "Import and export trade", [
        ("wholesale", "批發", "批发", "Wholesale"),
        ("sourcing", "採購", "采购", "Sourcing"),
    ]),
    ("retail", "零售", "零售", "Retail", [
        ("jewellery", "珠寶鐘錶", "珠宝钟表", "Jewellery and watches"),
        ("cosmetics", "化妝品", "化妆品", "Cosmetics"),
    ]),
    ("food", "餐飲及食品", "餐饮及食品", "Food and catering", []),
    ("logistics", "物流及運輸", "物流及运输", "Logistics and transport", []),
    ("it", "資訊科技", "信息技术", "Information technology", [
        ("software", "軟件開發", "软件开发", "Software development"),
        ("ecommerce", "電子商務", "电子商务", "E-commerce"),
    ]),
    ("finance", "金融及保險", "金融及保险", "Finance and insurance", []),
    ("property", "地產及建造", "房地产及建筑", "Property and construction", []),
    ("professional", "專業服務", "专业服务", "Professional services", [
        ("legal", "法律服務", "法律服务", "Legal services"),
        ("accounting", "會計及稅務", "会计及税务", "Accounting and tax"),
        ("consulting", "商業顧問", "商业咨询", "Business consulting"),
    ]),
    ("tourism", "旅遊及酒店", "旅游及酒店", "Tourism and hospitality", []),
    ("education", "教育及培訓", "教育及培训", "Education and training", []),
    ("health", "醫療及健康", "医疗及健康", "Healthcare", []),
    ("creative", "文化創意及設計", "文化创意及设计", "Creative industries and design", []),
    ("environment", "環保及新能源", "环保及新能源", "Environment and new energy", []),
]


def load_reference_data(Place, Industry) -> None:  # noqa: N803 - model classes (historical in migrations)
    for sort, (kind, (code, hant, hans, en)) in enumerate(PLACES):
        Place.objects.update_or_create(code=code, defaults={
            "kind": kind, "name_zh_hant": hant, "name_zh_hans": hans, "name_en": en, "sort": sort})
    sort = 0
    for code, hant, hans, en, children in INDUSTRIES:
        sort += 1
        parent, _ = Industry.objects.update_or_create(code=code, defaults={
            "name_zh_hant": hant, "name_zh_hans": hans, "name_en": en, "sort": sort, "parent": None})
        for ccode, chant, chans, cen in children:
            sort += 1
            Industry.objects.update_or_create(code=ccode, defaults={
                "name_zh_hant": chant, "name_zh_hans": chans, "name_en": cen, "sort": sort, "parent": parent})
