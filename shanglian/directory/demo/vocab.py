"""Word pools for the synthetic membership: HK (繁, HK vocabulary), Mainland (简, Mainland vocabulary), English.

Everything here is fictional; brand syllables are common auspicious characters, not real firms.
"""

from __future__ import annotations

# Brand characters: (繁, 简, Cantonese romanisation, pinyin)
BRAND_CHARS = [
    ("宏", "宏", "Wang", "Hong"), ("達", "达", "Tat", "Da"), ("興", "兴", "Hing", "Xing"), ("利", "利", "Lee", "Li"),
    ("恒", "恒", "Hang", "Heng"), ("昌", "昌", "Cheong", "Chang"), ("泰", "泰", "Tai", "Tai"),
    ("豐", "丰", "Fung", "Feng"), ("盛", "盛", "Shing", "Sheng"), ("偉", "伟", "Wai", "Wei"),
    ("華", "华", "Wah", "Hua"), ("信", "信", "Shun", "Xin"), ("榮", "荣", "Wing", "Rong"), ("永", "永", "Wing", "Yong"),
    ("德", "德", "Tak", "De"), ("安", "安", "On", "An"), ("嘉", "嘉", "Ka", "Jia"), ("寶", "宝", "Po", "Bao"),
    ("富", "富", "Fu", "Fu"), ("裕", "裕", "Yue", "Yu"), ("祥", "祥", "Cheung", "Xiang"), ("隆", "隆", "Lung", "Long"),
    ("東", "东", "Tung", "Dong"), ("力", "力", "Lik", "Li"), ("高", "高", "Ko", "Gao"), ("雅", "雅", "Nga", "Ya"),
    ("新", "新", "Sun", "Xin"), ("美", "美", "Mei", "Mei"), ("聯", "联", "Luen", "Lian"), ("匯", "汇", "Wui", "Hui"),
    ("建", "建", "Kin", "Jian"), ("和", "和", "Wo", "He"), ("順", "顺", "Shun", "Shun"), ("通", "通", "Tung", "Tong"),
    ("捷", "捷", "Chit", "Jie"), ("駿", "骏", "Chun", "Jun"), ("金", "金", "Kam", "Jin"), ("萬", "万", "Man", "Wan"),
    ("佳", "佳", "Kai", "Jia"), ("志", "志", "Chi", "Zhi"), ("明", "明", "Ming", "Ming"),
    ("光", "光", "Kwong", "Guang"), ("發", "发", "Fat", "Fa"), ("成", "成", "Shing", "Cheng"),
    ("海", "海", "Hoi", "Hai"), ("創", "创", "Chong", "Chuang"),
    ("智", "智", "Chi", "Zhi"), ("科", "科", "Fo", "Ke"), ("鑫", "鑫", "Yam", "Xin"), ("瑞", "瑞", "Sui", "Rui"),
    ("博", "博", "Pok", "Bo"), ("峰", "峰", "Fung", "Feng"), ("晉", "晋", "Chun", "Jin"), ("協", "协", "Hip", "Xie"),
]

# Pairs that spell a well-known real brand are never used (the demo firms must be obviously fictional).
REAL_BRAND_PAIRS = {
    "順豐", "永安", "利豐", "永隆", "恒隆", "信和", "嘉華", "德昌", "永利", "裕華", "信興", "榮華", "瑞興", "港華",
    "美聯", "宏達", "金寶", "新華", "宏利", "海通", "富通", "安信", "華信", "德豐", "恒昌", "新鴻", "東亞", "華潤",
    "金利", "寶光", "美華", "萬通", "永興", "光華", "創興", "大新", "恒生", "發達", "順發", "嘉利", "新昌",
}

# English-only brand words (first, second) – generic words, combined at random.
EN_BRAND_FIRST = ["Harbour", "Pacific", "Orient", "Summit", "Crown", "Golden", "Jade", "Bauhinia", "Eastwind",
                  "Silverline", "Bluebay", "Redwood", "Lionrock", "Pearl Delta", "Skyline", "Evergreen", "Northstar",
                  "Meridian", "Bridgeway", "Kowloon Bay", "Tidewater", "Cityfront", "Greenfield", "Brightway"]
EN_BRAND_SECOND = ["", "Asia", "Link", "Global", "Partners", "Works", "Group", "International", "Pacific", "Hub"]

# Industry → (HK core names, Mainland core names, English core names, HK "what", Mainland "what", English "what")
INDUSTRY_WORDS: dict[str, tuple[list[str], list[str], list[str], list[str], list[str], list[str]]] = {
    "electronics": (
        ["電子零件", "電子科技", "電器", "電子製品", "半導體"],
        ["电子元件", "电子科技", "电器", "电子制品", "半导体"],
        ["Electronic Components", "Electronics Technology", "Electrical Appliances", "Electronic Products",
         "Semiconductor"],
        ["電子零件及電器產品的設計與生產", "電子零件分銷及半導體貿易", "家用電器及LED照明產品的OEM及ODM生產"],
        ["电子元件及电器产品的研发与生产", "电子元件分销及半导体贸易", "家用电器及LED照明产品的代工生产"],
        ["the design and manufacture of electronic components and appliances",
         "distribution of electronic components and semiconductors",
         "OEM and ODM production of household appliances and LED lighting"],
    ),
    "garments": (
        ["製衣", "紡織", "針織", "時裝"], ["服装", "纺织", "针织", "时装"],
        ["Garment Manufacturing", "Textiles", "Knitwear", "Fashion"],
        ["成衣設計、生產及出口", "針織布料及紡織品貿易", "時裝品牌設計及零售"],
        ["成衣设计、生产及出口", "针织面料及纺织品贸易", "时装品牌设计及零售"],
        ["garment design, manufacturing and export", "knitted fabrics and textile trading",
         "fashion brand design and retail"],
    ),
    "plastics": (
        ["塑膠製品", "塑膠模具", "膠袋"], ["塑料制品", "塑料模具", "塑料袋"],
        ["Plastic Products", "Plastic Moulds", "Plastic Bags"],
        ["塑膠製品及注塑模具生產", "環保膠袋及包裝物料供應", "塑膠原料貿易"],
        ["塑料制品及注塑模具生产", "环保塑料袋及包装材料供应", "塑料原料贸易"],
        ["plastic products and injection moulds", "eco-friendly plastic bags and packaging materials",
         "trading of plastic resins"],
    ),
    "metal-machinery": (
        ["五金", "機械", "精密五金", "模具"], ["五金", "机械设备", "精密五金", "模具"],
        ["Hardware", "Machinery", "Precision Metal", "Tooling"],
        ["精密五金沖壓及CNC加工", "工業機械及零件銷售及維修", "五金工具批發"],
        ["精密五金冲压及数控加工", "工业机械设备及配件销售与维修", "五金工具批发"],
        ["precision metal stamping and CNC machining", "sale and repair of industrial machinery and parts",
         "wholesale of hardware tools"],
    ),
    "printing": (
        ["印刷", "包裝", "柯式印刷"], ["印刷", "包装", "胶印"], ["Printing", "Packaging", "Offset Printing"],
        ["柯式印刷、書刊及宣傳品印刷", "紙盒包裝設計及生產", "數碼印刷及即日速印服務"],
        ["胶印、书刊及宣传品印刷", "纸盒包装设计及生产", "数码印刷及当天快印服务"],
        ["offset printing of books and promotional materials", "design and production of paper packaging",
         "digital and same-day printing"],
    ),
    "toys": (
        ["玩具", "模型", "精品禮品"], ["玩具", "模型", "礼品"], ["Toys", "Models", "Gifts and Premiums"],
        ["玩具設計及生產，產品出口歐美", "精品禮品及推廣贈品訂製", "收藏模型及潮流玩具"],
        ["玩具设计及生产，产品出口欧美", "礼品及促销赠品定制", "收藏模型及潮流玩具"],
        ["toy design and manufacturing for Europe and America", "custom gifts and promotional premiums",
         "collectible models and designer toys"],
    ),
    "trading": (
        ["貿易", "進出口", "國際貿易"], ["贸易", "进出口", "国际贸易"],
        ["Trading", "Import and Export", "International Trading"],
        ["中港兩地進出口貿易", "電子產品、日用品及食品貿易", "轉口貿易及報關服務"],
        ["内地与香港进出口贸易", "电子产品、日用品及食品贸易", "转口贸易及报关服务"],
        ["import and export between Hong Kong and the Mainland",
         "trading of electronics, household goods and food", "re-export trade and customs declaration"],
    ),
    "wholesale": (
        ["批發", "食品批發", "雜貨"], ["批发", "食品批发", "杂货"], ["Wholesale", "Food Wholesale", "Sundries"],
        ["乾貨、海味及雜貨批發", "食品及飲品批發予零售商及食肆", "文具及辦公室用品批發"],
        ["干货、海味及杂货批发", "食品及饮料批发给零售商及餐厅", "文具及办公用品批发"],
        ["wholesale of dried seafood and groceries", "food and beverage wholesale to shops and restaurants",
         "wholesale of stationery and office supplies"],
    ),
    "sourcing": (
        ["採購", "採購服務"], ["采购", "采购服务"], ["Sourcing", "Procurement Services"],
        ["為海外品牌提供內地採購及驗貨服務", "供應鏈管理及採購顧問"],
        ["为海外品牌提供内地采购及验货服务", "供应链管理及采购咨询"],
        ["sourcing and quality inspection in the Mainland for overseas brands",
         "supply chain management and procurement advisory"],
    ),
    "retail": (
        ["百貨", "便利店", "零售"], ["百货", "便利店", "零售"], ["Department Store", "Convenience Store", "Retail"],
        ["社區便利店及網上商店", "家品及日用品零售", "進口零食及飲品零售"],
        ["社区便利店及线上商城", "家居用品及日用品零售", "进口零食及饮料零售"],
        ["neighbourhood convenience stores and an online shop", "homeware and daily necessities retail",
         "imported snacks and drinks retail"],
    ),
    "jewellery": (
        ["珠寶", "金行", "鐘錶"], ["珠宝", "黄金珠宝", "钟表"], ["Jewellery", "Goldsmith", "Watches"],
        ["珠寶首飾設計及零售", "黃金飾品及鐘錶零售", "翡翠及鑽石批發"],
        ["珠宝首饰设计及零售", "黄金饰品及钟表零售", "翡翠及钻石批发"],
        ["jewellery design and retail", "gold ornaments and watch retail", "jade and diamond wholesale"],
    ),
    "cosmetics": (
        ["化妝品", "美容", "護膚品"], ["化妆品", "美容", "护肤品"], ["Cosmetics", "Beauty", "Skincare"],
        ["化妝品及護膚品代理及零售", "美容院及纖體療程", "天然護膚品研發"],
        ["化妆品及护肤品代理及零售", "美容院及塑身疗程", "天然护肤品研发"],
        ["distribution and retail of cosmetics and skincare", "beauty salons and treatments",
         "natural skincare research and development"],
    ),
    "food": (
        ["食品", "餐廳", "茶餐廳", "酒家", "飲食集團"], ["食品", "餐厅", "餐饮", "酒楼", "餐饮集团"],
        ["Foods", "Restaurant", "Cafe", "Chinese Restaurant", "Catering Group"],
        ["茶餐廳及港式小食", "中菜酒家及宴會到會服務", "食品加工及中央廚房", "烘焙及餅食生產"],
        ["港式茶餐厅及小吃", "中餐酒楼及宴会外卖服务", "食品加工及中央厨房", "烘焙及糕点生产"],
        ["Hong Kong-style cafes and snacks", "Chinese restaurants and banquet catering",
         "food processing and a central kitchen", "bakery and pastry production"],
    ),
    "logistics": (
        ["物流", "貨運", "貨櫃運輸", "的士", "速遞"], ["物流", "货运", "集装箱运输", "出租车", "快递"],
        ["Logistics", "Freight", "Container Transport", "Taxi", "Courier"],
        ["本地及跨境貨運、貨櫃運輸及倉儲", "的士車隊營運及的士租賃", "速遞及送貨服務", "冷鏈物流及貨倉管理"],
        ["跨境货运、集装箱运输及仓储服务", "出租车车队运营及出租车租赁", "快递及同城配送服务", "冷链物流及仓库管理"],
        ["cross-border freight, container haulage and warehousing", "taxi fleet operation and taxi rental",
         "courier and delivery services", "cold-chain logistics and warehouse management"],
    ),
    "it": (
        ["資訊科技", "電腦", "網絡科技", "系統"], ["信息技术", "计算机", "网络科技", "系统集成"],
        ["Information Technology", "Computer", "Network Technology", "Systems"],
        ["資訊科技顧問及系統集成", "電腦硬件銷售及網絡保安方案", "雲端服務及數據中心", "中小企數碼轉型方案"],
        ["信息技术咨询及系统集成", "计算机硬件销售及网络安全方案", "云服务及数据中心", "中小企业数字化转型方案"],
        ["IT consulting and systems integration", "computer hardware and network security solutions",
         "cloud services and data centres", "digital transformation for small businesses"],
    ),
    "software": (
        ["軟件", "程式設計", "應用程式開發"], ["软件", "程序设计", "应用开发"],
        ["Software", "Programming", "App Development"],
        ["手機應用程式及網頁開發", "企業資源規劃軟件", "會計及人事管理軟件"],
        ["手机应用及网页开发", "企业资源计划软件", "财务及人事管理软件"],
        ["mobile app and web development", "enterprise resource planning software",
         "accounting and HR software"],
    ),
    "ecommerce": (
        ["網上商店", "電子商貿", "網購"], ["线上商城", "电子商务", "网购"],
        ["Online Store", "E-commerce", "Online Shopping"],
        ["網上商店及跨境電子商貿", "網購平台營運及市場推廣", "直播帶貨及社交媒體營銷"],
        ["线上商城及跨境电子商务", "网购平台运营及市场营销", "直播带货及社交媒体营销"],
        ["online stores and cross-border e-commerce", "online shopping platform operation and marketing",
         "live-stream selling and social media marketing"],
    ),
    "finance": (
        ["財務", "保險顧問", "投資"], ["金融", "保险经纪", "投资"], ["Finance", "Insurance Advisory", "Investment"],
        ["中小企融資及財務顧問", "保險顧問及理財策劃", "強積金及投資管理"],
        ["中小企业融资及财务咨询", "保险经纪及理财规划", "养老金及投资管理"],
        ["SME financing and financial advisory", "insurance advisory and financial planning",
         "pension and investment management"],
    ),
    "property": (
        ["物業管理", "地產代理", "建築工程", "裝修工程"], ["物业管理", "房地产中介", "建筑工程", "装修工程"],
        ["Property Management", "Property Agency", "Construction Engineering", "Renovation"],
        ["寫字樓及工廈物業管理", "地產代理及寫字樓租賃", "建築及機電工程", "室內設計及裝修工程"],
        ["写字楼及工业大厦物业管理", "房地产中介及写字楼租赁", "建筑及机电工程", "室内设计及装修工程"],
        ["property management of offices and industrial buildings", "property agency and office leasing",
         "building and electrical and mechanical engineering", "interior design and renovation"],
    ),
    "legal": (
        ["律師行", "法律顧問"], ["律师事务所", "法律咨询"], ["Solicitors", "Legal Advisory"],
        ["商業法律、物業買賣及公司秘書服務", "跨境商業糾紛及合約法律顧問"],
        ["商业法律、房产买卖及公司秘书服务", "跨境商业纠纷及合同法律咨询"],
        ["commercial law, conveyancing and company secretarial services",
         "cross-border disputes and contract advisory"],
    ),
    "accounting": (
        ["會計師事務所", "稅務顧問", "核數"], ["会计师事务所", "税务咨询", "审计"],
        ["Accountants", "Tax Advisory", "Audit"],
        ["核數、會計及稅務服務", "公司註冊、秘書及稅務規劃", "內地及香港稅務顧問"],
        ["审计、会计及税务服务", "公司注册、秘书及税务筹划", "内地及香港税务咨询"],
        ["audit, accounting and tax services", "company formation, secretarial and tax planning",
         "Mainland and Hong Kong tax advisory"],
    ),
    "consulting": (
        ["商業顧問", "市場推廣", "管理顧問"], ["商务咨询", "市场营销", "管理咨询"],
        ["Business Consulting", "Marketing", "Management Consulting"],
        ["市場推廣及品牌策劃", "企業管理顧問及培訓", "大灣區投資及營商顧問"],
        ["市场营销及品牌策划", "企业管理咨询及培训", "大湾区投资及营商咨询"],
        ["marketing and brand strategy", "management consulting and training",
         "Greater Bay Area investment and business advisory"],
    ),
    "tourism": (
        ["旅行社", "酒店", "旅遊"], ["旅行社", "酒店", "旅游"], ["Travel Agency", "Hotel", "Travel"],
        ["旅行團、商務考察團及機票酒店預訂", "酒店及服務式住宅營運", "郵輪及會議展覽旅遊"],
        ["旅行团、商务考察团及机票酒店预订", "酒店及服务式公寓运营", "邮轮及会展旅游"],
        ["tours, business delegations and travel bookings", "hotels and serviced apartments",
         "cruise and MICE travel"],
    ),
    "education": (
        ["教育中心", "培訓", "補習社"], ["教育", "培训", "辅导"], ["Education Centre", "Training", "Tutoring"],
        ["中小學補習及語言課程", "職業培訓及專業資格課程", "STEM教育及編程課程"],
        ["中小学辅导及语言课程", "职业培训及职业资格课程", "STEM教育及编程课程"],
        ["tutoring and language courses", "vocational training and professional qualifications",
         "STEM education and coding courses"],
    ),
    "health": (
        ["醫療", "中醫診所", "藥房", "保健"], ["医疗", "中医诊所", "药房", "保健"],
        ["Medical", "Chinese Medicine Clinic", "Pharmacy", "Health Care"],
        ["中醫診所及針灸服務", "藥房及保健品零售", "醫療器材代理"],
        ["中医诊所及针灸服务", "药房及保健品零售", "医疗器械代理"],
        ["Chinese medicine clinics and acupuncture", "pharmacy and health supplements retail",
         "medical device distribution"],
    ),
    "creative": (
        ["設計", "廣告", "製作"], ["设计", "广告", "文化传媒"], ["Design", "Advertising", "Productions"],
        ["平面設計、品牌形象及廣告製作", "影片製作及活動策劃", "展覽攤位設計及搭建"],
        ["平面设计、品牌形象及广告制作", "视频制作及活动策划", "展位设计及搭建"],
        ["graphic design, branding and advertising", "video production and event planning",
         "exhibition booth design and build"],
    ),
    "environment": (
        ["環保科技", "回收", "新能源", "太陽能"], ["环保科技", "回收", "新能源", "光伏"],
        ["Environmental Technology", "Recycling", "New Energy", "Solar"],
        ["廢物回收及環保處理", "太陽能板安裝及節能方案", "電動車充電設施"],
        ["废物回收及环保处理", "光伏板安装及节能方案", "新能源汽车充电设施"],
        ["waste recycling and treatment", "solar panel installation and energy saving",
         "electric vehicle charging"],
    ),
}

# Relative frequency of each industry in the membership.
INDUSTRY_WEIGHTS = {
    "electronics": 9, "garments": 5, "plastics": 3, "metal-machinery": 4, "printing": 3, "toys": 2, "trading": 10,
    "wholesale": 4, "sourcing": 2, "retail": 5, "jewellery": 3, "cosmetics": 2, "food": 8, "logistics": 6, "it": 6,
    "software": 3, "ecommerce": 3, "finance": 3, "property": 5, "legal": 1, "accounting": 2, "consulting": 3,
    "tourism": 2, "education": 2, "health": 2, "creative": 2, "environment": 2,
}

HK_SUFFIXES = [("有限公司", "Limited", 60), ("（香港）有限公司", "(Hong Kong) Limited", 12),
               ("集團有限公司", "Holdings Limited", 8), ("國際有限公司", "International Limited", 10),
               ("公司", "Company", 5), ("行", "Trading Company", 5)]
CN_SUFFIXES = [("有限公司", "Co., Ltd.", 70), ("股份有限公司", "Co., Ltd.", 12), ("集团有限公司", "Group Co., Ltd.", 8),
               ("科技有限公司", "Technology Co., Ltd.", 10)]
EN_SUFFIXES = [("Limited", 60), ("(HK) Limited", 15), ("Company Limited", 15), ("Holdings Limited", 10)]

HK_TEMPLATES = [
    "{brand}於{year}年在{district}成立，主要從事{what}。{extra}",
    "本公司專注{what}，{extra}客戶遍及{market}。",
    "公司總部設於{district}，業務包括{what}。{extra}",
    "{brand}是{district}的{core}公司，提供{what}。{extra}",
]
HK_EXTRAS = ["擁有{n}年經驗。", "設有網上訂購服務。", "寫字樓位於{district}，交通方便。", "提供一站式服務。",
             "正積極拓展大灣區市場。", "產品通過ISO 9001認證。", "設有專業團隊提供售後服務。",
             "並提供市場推廣支援。", "在大灣區設有辦事處。", "歡迎查詢合作機會。"]
HK_MARKETS = ["香港、澳門及東南亞", "大灣區及歐美", "本地中小企", "內地及海外", "全港各區"]

CN_TEMPLATES = [
    "{brand}成立于{year}年，位于{city}，主要从事{what}。{extra}",
    "公司专注于{what}，{extra}客户遍布{market}。",
    "{city}{brand}是一家{core}企业，业务涵盖{what}。{extra}",
    "本公司总部位于{city}，提供{what}。{extra}",
]
CN_EXTRAS = ["拥有{n}年行业经验。", "提供线上下单服务。", "积极拓展粤港澳大湾区业务。",
             "通过ISO 9001质量管理体系认证。",
             "为客户提供一站式解决方案。", "与多家香港企业建立长期合作关系。", "拥有专业的市场营销团队。",
             "在香港设有办事处。", "欢迎洽谈合作。"]
CN_MARKETS = ["全国各地", "粤港澳大湾区", "华南地区及东南亚", "港澳及海外", "长三角及珠三角"]

EN_TEMPLATES = [
    "Founded in {year} in {district}, {brand} specialises in {what}. {extra}",
    "We provide {what} to clients across {market}. {extra}",
    "{brand} is a {district}-based company offering {what}. {extra}",
]
EN_EXTRAS = ["Over {n} years of experience.", "Online ordering available.", "ISO 9001 certified.",
             "A one-stop service for small and medium enterprises.", "Expanding into the Greater Bay Area.",
             "After-sales support by a dedicated team.", "Enquiries about partnerships are welcome."]
EN_MARKETS = ["Hong Kong and Southeast Asia", "the Greater Bay Area", "Europe and North America",
              "Hong Kong, Macao and the Mainland", "Asia Pacific"]

# People. (繁, 简, Cantonese, pinyin)
SURNAMES = [
    ("陳", "陈", "Chan", "Chen"), ("李", "李", "Lee", "Li"), ("張", "张", "Cheung", "Zhang"),
    ("黃", "黄", "Wong", "Huang"), ("何", "何", "Ho", "He"), ("林", "林", "Lam", "Lin"), ("梁", "梁", "Leung", "Liang"),
    ("周", "周", "Chow", "Zhou"), ("吳", "吴", "Ng", "Wu"), ("劉", "刘", "Lau", "Liu"), ("鄧", "邓", "Tang", "Deng"),
    ("麥", "麦", "Mak", "Mai"), ("蔡", "蔡", "Choi", "Cai"), ("鄭", "郑", "Cheng", "Zheng"), ("葉", "叶", "Yip", "Ye"),
    ("馮", "冯", "Fung", "Feng"), ("許", "许", "Hui", "Xu"), ("曾", "曾", "Tsang", "Zeng"), ("郭", "郭", "Kwok", "Guo"),
    ("謝", "谢", "Tse", "Xie"), ("王", "王", "Wong", "Wang"), ("楊", "杨", "Yeung", "Yang"), ("羅", "罗", "Law", "Luo"),
    ("朱", "朱", "Chu", "Zhu"), ("胡", "胡", "Wu", "Hu"), ("孫", "孙", "Suen", "Sun"), ("趙", "赵", "Chiu", "Zhao"),
    ("徐", "徐", "Tsui", "Xu"), ("蘇", "苏", "So", "Su"), ("馬", "马", "Ma", "Ma"),
]
GIVEN_CHARS = [
    ("志", "志", "Chi", "Zhi"), ("偉", "伟", "Wai", "Wei"), ("家", "家", "Ka", "Jia"), ("俊", "俊", "Chun", "Jun"),
    ("文", "文", "Man", "Wen"), ("國", "国", "Kwok", "Guo"), ("明", "明", "Ming", "Ming"), ("建", "建", "Kin", "Jian"),
    ("嘉", "嘉", "Ka", "Jia"), ("慧", "慧", "Wai", "Hui"), ("美", "美", "Mei", "Mei"), ("玉", "玉", "Yuk", "Yu"),
    ("麗", "丽", "Lai", "Li"), ("敏", "敏", "Man", "Min"), ("傑", "杰", "Kit", "Jie"), ("豪", "豪", "Ho", "Hao"),
    ("子", "子", "Tsz", "Zi"), ("浩", "浩", "Ho", "Hao"), ("穎", "颖", "Wing", "Ying"), ("欣", "欣", "Yan", "Xin"),
    ("燕", "燕", "Yin", "Yan"), ("德", "德", "Tak", "De"), ("強", "强", "Keung", "Qiang"), ("華", "华", "Wah", "Hua"),
    ("永", "永", "Wing", "Yong"), ("康", "康", "Hong", "Kang"), ("思", "思", "Sze", "Si"), ("詠", "咏", "Wing", "Yong"),
    ("耀", "耀", "Yiu", "Yao"), ("倩", "倩", "Sin", "Qian"), ("鴻", "鸿", "Hung", "Hong"), ("琪", "琪", "Kei", "Qi"),
]
EN_GIVEN = ["Peter", "Mary", "David", "Karen", "Michael", "Winnie", "Kenneth", "Alice", "Raymond", "Grace",
            "Tony", "Cindy", "Eric", "Vivian", "Stephen", "Joyce", "Patrick", "Fiona", "Vincent", "Ivy",
            "Alan", "Christine", "Jason", "Candy", "Dennis", "Helen", "Samuel", "Iris", "Kelvin", "Queenie"]
EN_SURNAMES = ["Smith", "Taylor", "Brown", "Wilson", "Singh", "Patel", "Nakamura", "Kim", "Tan", "Lim",
               "Fernandes", "Müller", "Dubois", "Rossi", "Anderson", "Clarke"]
HK_TITLES = ["董事總經理", "總經理", "董事", "市場經理", "營運總監", "行政經理", "業務發展經理"]
CN_TITLES = ["总经理", "董事长", "市场总监", "副总经理", "销售经理", "行政主管"]
EN_TITLES = ["Managing Director", "General Manager", "Director", "Marketing Manager", "Operations Manager",
             "Business Development Manager"]

COMMITTEES = ["工商事務委員會", "大灣區發展委員會", "青年委員會", "會員事務委員會", "婦女事務委員會"]
