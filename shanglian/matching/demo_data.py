# ruff: noqa: E501 - the templates are data: one line per written variant reads best
"""Hand-written opportunity templates for real HK ↔ Mainland trade sectors.

Used by the demo data (demo.py) and by the evaluation set generator (bench/_matching_evalgen.py).
Each concept has an offer and a need side, each written three ways: Traditional Chinese with
Hong Kong vocabulary (晶片, 外判, 網上推廣 …), Simplified Chinese with Mainland vocabulary (芯片,
外包, 网络营销 …) and English — written, not converted from each other.
"""

from __future__ import annotations

import random

# concept: (id, industry, offer subtype, need subtype, markets, {lang: (offer "title|desc|desc", need "title|desc|desc")})
CONCEPTS: list[tuple[str, str, str, str, list[str], dict[str, tuple[str, str]]]] = [
    ("ic-chips", "electronics", "product", "sourcing", ["shenzhen", "hk"], {
        "hant": ("現貨供應晶片及電子零件|原廠授權代理各類晶片、電阻電容，現貨充足，可小批量落單。|貨品可於兩日內送抵香港倉。",
                 "長期採購晶片及電子零件|本公司生產智能家居產品，需要穩定的晶片及電子零件供應。|每月用量約{qty}件，重視品質保證。"),
        "hans": ("现货供应芯片及电子元件|原厂授权代理各类芯片、电阻电容，库存充足，支持小批量下单。|可送货到香港，两天到货。",
                 "长期采购芯片和电子元件|我司生产智能家居产品，需要稳定的芯片及电子元件货源。|每月用量约{qty}件，重视质量保证。"),
        "en": ("IC chips and electronic components in stock|Authorised distributor of ICs, resistors and capacitors; small orders welcome.|Delivery to Hong Kong within two days.",
               "Sourcing IC chips and electronic components|We make smart-home devices and need a reliable supply of chips and passive components.|Monthly volume about {qty} pieces; quality assurance matters."),
    }),
    ("pcb-assembly", "electronics", "capacity", "sourcing", ["shenzhen", "dongguan"], {
        "hant": ("PCB貼片加工及組裝外判|深圳廠房設有八條SMT貼片線，承接PCBA加工及成品組裝。|設品質控制部門，可提供測試報告。",
                 "尋找PCBA貼片加工廠|香港品牌需要外判電路板貼片及組裝，首批{qty}套。|希望工廠有ISO認證及品質控制流程。"),
        "hans": ("承接PCBA贴片加工|深圳工厂拥有八条SMT贴片生产线，承接电路板贴片及整机组装外包。|配备质检部门，出具测试报告。",
                 "寻找SMT贴片加工厂|香港品牌需要外包电路板贴片和组装，首批{qty}套。|要求工厂有ISO认证和质量控制流程。"),
        "en": ("PCB assembly (SMT) capacity available|Factory in Shenzhen with eight SMT lines; PCBA and box-build outsourcing.|In-house quality control with test reports.",
               "Looking for a PCB assembly (SMT) partner|Hong Kong brand wants to outsource PCBA and final assembly, first batch {qty} sets.|ISO-certified factory with quality control preferred."),
    }),
    ("led-lighting", "electronics", "product", "distributor", ["hk", "macao"], {
        "hant": ("LED燈膽及商業照明招代理|中山照明廠生產LED燈膽、射燈及商業照明燈具。|誠招香港及澳門代理，提供樣品及宣傳單張。",
                 "代理LED照明產品|香港燈飾批發商希望代理LED燈膽及商用照明。|有穩定零售網絡，覆蓋港九新界五金舖頭。"),
        "hans": ("LED灯泡及商业照明招经销商|中山照明厂生产LED灯泡、射灯及商业照明灯具。|诚招香港、澳门经销商，提供样品和宣传单。",
                 "代理LED照明产品|香港灯饰批发商希望代理LED灯泡及商用照明。|拥有稳定的零售渠道，覆盖全港五金店铺。"),
        "en": ("LED bulbs and commercial lighting: distributors wanted|Zhongshan lighting factory making LED bulbs, spotlights and commercial fixtures.|Seeking distributors in Hong Kong and Macao; samples available.",
               "Distributor for LED lighting products|Hong Kong lighting wholesaler wants to distribute LED bulbs and commercial lighting.|Established retail network across hardware shops."),
    }),
    ("phone-accessories", "electronics", "product", "sourcing", ["hk"], {
        "hant": ("手提電話配件批發|供應手機殼、充電器、耳筒及數據線，款式多。|支援OEM印刷品牌標誌。",
                 "採購手提電話配件|零售連鎖店採購手機殼、充電器及耳筒。|每季約{qty}件，需有安全認證。"),
        "hans": ("手机配件批发|供应手机壳、充电器、耳机及数据线，款式齐全。|支持OEM定制印刷品牌LOGO。",
                 "采购手机配件|零售连锁店采购手机壳、充电器和耳机。|每季度约{qty}件，需要安全认证。"),
        "en": ("Mobile phone accessories wholesale|Phone cases, chargers, earphones and cables in many styles.|OEM logo printing supported.",
               "Buying mobile phone accessories|Retail chain sourcing phone cases, chargers and earphones.|About {qty} units a quarter; safety certification required."),
    }),
    ("knitwear-oem", "garments", "capacity", "sourcing", ["dongguan"], {
        "hant": ("冷衫針織廠接OEM訂單|東莞針織廠專做冷衫及針織上衣，月產能{qty}件。|接受來樣加工，交貨準時。",
                 "尋找冷衫針織代工廠|香港時裝品牌尋找冷衫及針織衫OEM工廠。|首單{qty}件，重視產品質素。"),
        "hans": ("毛衣针织厂承接OEM订单|东莞针织厂专业生产毛衣及针织上衣，月产能{qty}件。|接受来样加工，交期准时。",
                 "寻找毛衣针织代工厂|香港服装品牌寻找毛衣和针织衫OEM工厂。|首单{qty}件，重视产品质量。"),
        "en": ("Knitwear factory taking OEM orders|Dongguan factory specialising in sweaters and knit tops, {qty} pieces a month.|Sample-based production, on-time delivery.",
               "Looking for a knitwear OEM factory|Hong Kong fashion label seeks an OEM factory for sweaters and knitwear.|First order {qty} pieces; product quality is key."),
    }),
    ("sportswear-fabric", "garments", "product", "sourcing", ["foshan", "hk"], {
        "hant": ("供應運動服功能布料|佛山紡織廠供應速乾、透氣運動服布料。|可按色卡染色，提供檢測報告。",
                 "採購運動服功能面料|波鞋及運動服品牌採購速乾透氣布料。|每月約{qty}米。"),
        "hans": ("供应运动服功能面料|佛山纺织厂供应速干、透气运动服面料。|可按色卡染色，提供检测报告。",
                 "采购运动服功能面料|运动鞋服品牌采购速干透气面料。|每月约{qty}米。"),
        "en": ("Functional sportswear fabrics|Foshan mill supplying quick-dry, breathable fabrics for sportswear.|Custom dyeing to colour cards, test reports provided.",
               "Sourcing functional fabrics for sportswear|Sportswear and sneaker brand buying quick-dry breathable fabric.|About {qty} metres a month."),
    }),
    ("plastic-injection", "plastics", "capacity", "sourcing", ["dongguan", "shenzhen"], {
        "hant": ("啤機注塑加工|東莞塑膠廠有四十部啤機，承接注塑件及開模。|可做食品級塑膠產品。",
                 "尋找注塑加工廠（啤機）|玩具及家品公司需要開模及塑膠注塑加工。|首批{qty}件，需食品級材料。"),
        "hans": ("注塑机加工服务|东莞塑料厂拥有四十台注塑机，承接注塑件及开模。|可生产食品级塑料产品。",
                 "寻找注塑加工厂|玩具及家居用品公司需要开模和塑料注塑加工。|首批{qty}件，需要食品级材料。"),
        "en": ("Plastic injection moulding capacity|Dongguan plant with forty injection moulding machines; tooling available.|Food-grade plastic products possible.",
               "Looking for plastic injection moulding|Toy and housewares company needs tooling and injection moulding.|First batch {qty} pieces; food-grade material."),
    }),
    ("eco-packaging", "printing", "product", "sourcing", ["hk", "macao"], {
        "hant": ("環保膠袋及可降解包裝|供應可降解膠袋、紙袋及外賣包裝。|符合香港即棄膠餐具規管要求。",
                 "採購可降解外賣包裝|連鎖食肆採購環保外賣盒及可降解膠袋。|每月約{qty}個。"),
        "hans": ("环保塑料袋及可降解包装|供应可降解塑料袋、纸袋及外卖包装。|符合香港一次性塑料餐具规管要求。",
                 "采购可降解外卖包装|连锁餐馆采购环保外卖盒及可降解塑料袋。|每月约{qty}个。"),
        "en": ("Biodegradable bags and eco packaging|Supplying biodegradable plastic bags, paper bags and takeaway packaging.|Compliant with Hong Kong's disposable plastic tableware rules.",
               "Buying biodegradable takeaway packaging|Restaurant chain sourcing eco takeaway boxes and biodegradable bags.|About {qty} a month."),
    }),
    ("printing-books", "printing", "service", "sourcing", ["shenzhen"], {
        "hant": ("書刊印刷及釘裝|深圳印刷廠承接書刊、畫冊印刷及釘裝。|設有四色印刷機，質素穩定。",
                 "尋找畫冊印刷廠|出版社需要印刷及釘裝精裝畫冊。|印量約{qty}本。"),
        "hans": ("书刊印刷及装订|深圳印刷厂承接书刊、画册印刷及装订。|配备四色印刷机，质量稳定。",
                 "寻找画册印刷厂|出版社需要印刷及装订精装画册。|印量约{qty}本。"),
        "en": ("Book and catalogue printing and binding|Shenzhen printer for books and catalogues, four-colour presses.|Consistent quality.",
               "Looking for a catalogue printer|Publisher needs printing and binding of hardcover art books.|Print run about {qty} copies."),
    }),
    ("toys-educational", "toys", "product", "distributor", ["hk", "singapore"], {
        "hant": ("益智玩具招海外代理|汕頭玩具廠生產STEM益智玩具及積木。|誠招香港及東南亞代理。",
                 "代理STEM益智玩具|香港玩具批發商希望代理STEM教育玩具及積木。|客戶包括幼稚園及書店。"),
        "hans": ("益智玩具招海外代理|汕头玩具厂生产STEM益智玩具及积木。|诚招香港及东南亚代理商。",
                 "代理STEM益智玩具|香港玩具批发商希望代理STEM教育玩具和积木。|客户包括幼儿园和书店。"),
        "en": ("Educational toys: agents wanted|Shantou factory making STEM toys and building blocks.|Seeking agents in Hong Kong and Southeast Asia.",
               "Distributing STEM educational toys|Hong Kong toy wholesaler wants to distribute STEM toys and building blocks.|Customers include kindergartens and bookshops."),
    }),
    ("cnc-machining", "metal-machinery", "capacity", "sourcing", ["dongguan", "shenzhen"], {
        "hant": ("CNC精密加工|承接鋁合金及不銹鋼CNC加工、車床及燒焊。|公差可達0.01毫米。",
                 "尋找CNC精密加工供應商|醫療器材公司需要不銹鋼零件CNC加工。|每批約{qty}件。"),
        "hans": ("CNC精密加工|承接铝合金及不锈钢CNC加工、车床加工及焊接。|公差可达0.01毫米。",
                 "寻找CNC精密加工供应商|医疗器械公司需要不锈钢零件CNC加工。|每批约{qty}件。"),
        "en": ("CNC precision machining|Aluminium and stainless steel CNC machining, turning and welding.|Tolerance down to 0.01 mm.",
               "Looking for CNC machining suppliers|Medical device company needs stainless steel parts machined.|About {qty} pieces a batch."),
    }),
    ("cross-border-logistics", "logistics", "service", "sourcing", ["hk", "shenzhen"], {
        "hant": ("中港貨櫃運輸及報關|提供中港拖頭運輸、貨櫃車及報關服務。|每日來回深圳及葵涌碼頭。",
                 "尋找中港運輸及報關服務|貿易公司需要每周由東莞運貨到葵涌貨櫃碼頭。|需要代辦報關及卡板倉儲。"),
        "hans": ("中港集装箱运输及报关|提供中港牵引车运输、集装箱车及报关服务。|每日往返深圳及葵涌码头。",
                 "寻找中港运输报关服务|贸易公司需要每周从东莞发货到葵涌集装箱码头。|需要代办报关及托盘仓储。"),
        "en": ("Cross-border trucking and customs clearance|Container trucking between the Mainland and Hong Kong with customs brokerage.|Daily runs between Shenzhen and Kwai Chung.",
               "Need cross-border trucking and customs|Trading company ships weekly from Dongguan to Kwai Chung container terminal.|Customs clearance and pallet storage needed."),
    }),
    ("cold-chain", "logistics", "service", "partner", ["hk", "guangzhou"], {
        "hant": ("冷鏈倉儲及配送|香港冷凍倉提供零下十八度倉儲及凍肉配送。|設溫度監控系統。",
                 "尋找冷鏈物流夥伴|海鮮進口商需要冷凍倉儲及全港配送。|每月約{qty}噸。"),
        "hans": ("冷链仓储及配送|冷冻仓提供零下十八度仓储及冻品配送。|配备温度监控系统。",
                 "寻找冷链物流合作伙伴|海鲜进口商需要冷冻仓储及配送服务。|每月约{qty}吨。"),
        "en": ("Cold-chain warehousing and delivery|Frozen storage at minus 18°C with delivery of frozen food.|Temperature monitoring throughout.",
               "Looking for a cold-chain logistics partner|Seafood importer needs frozen storage and delivery.|About {qty} tonnes a month."),
    }),
    ("ecommerce-platform", "ecommerce", "service", "market_entry", ["shenzhen", "guangzhou", "hk"], {
        "hant": ("網上商店及電子商貿代營運|為品牌開設網上商店、跨境電商代營運及網上推廣。|熟悉天貓、京東及小紅書。",
                 "拓展內地網上銷售|香港保健品牌希望透過跨境電商進入內地市場。|需要網上推廣及代營運服務。"),
        "hans": ("网店及电商代运营|为品牌开设线上商城、跨境电商代运营及网络营销。|熟悉天猫、京东和小红书。",
                 "拓展内地线上销售|香港保健品牌希望通过跨境电商进入内地市场。|需要网络营销及代运营服务。"),
        "en": ("E-commerce store operation and online marketing|We build online stores and run cross-border e-commerce and online marketing for brands.|Tmall, JD and Xiaohongshu experience.",
               "Entering the Mainland via e-commerce|Hong Kong health-supplement brand wants to sell on the Mainland through cross-border e-commerce.|Needs online marketing and store operation."),
    }),
    ("erp-software", "software", "service", "partner", ["hk", "macao"], {
        "hant": ("中小企ERP及雲端會計軟件|提供進銷存、會計及人事出糧雲端軟件。|設本地技術支援。",
                 "尋找ERP軟件供應商|貿易公司需要雲端進銷存及會計系統。|希望有中英文介面及技術支援。"),
        "hans": ("中小企业ERP及云会计软件|提供进销存、财务及人事工资云端软件。|提供本地技术支持。",
                 "寻找ERP软件供应商|贸易公司需要云端进销存及财务系统。|希望有中英文界面和技术支持。"),
        "en": ("ERP and cloud accounting for SMEs|Cloud software for inventory, accounting and payroll.|Local technical support.",
               "Looking for an ERP software vendor|Trading company needs a cloud inventory and accounting system.|Bilingual interface and technical support wanted."),
    }),
    ("cybersecurity", "it", "service", "partner", ["hk"], {
        "hant": ("網絡保安評估及防火牆|提供網絡保安滲透測試、伺服器防護及員工培訓。|持有國際認證。",
                 "需要網絡保安服務|物流公司的伺服器曾受攻擊，需要網絡保安評估。|希望長期合作。"),
        "hans": ("网络安全评估及防火墙|提供网络安全渗透测试、服务器防护及员工培训。|持有国际认证。",
                 "需要网络安全服务|物流公司服务器曾遭攻击，需要网络安全评估。|希望长期合作。"),
        "en": ("Cybersecurity assessment and firewalls|Penetration testing, server protection and staff training.|Internationally certified team.",
               "Need cybersecurity services|Logistics company whose servers were attacked needs a security assessment.|Long-term partnership preferred."),
    }),
    ("dried-seafood", "food", "product", "distributor", ["hk", "guangzhou"], {
        "hant": ("海味乾貨批發|供應花膠、瑤柱、鮑魚等海味。|歡迎海味舖頭及酒樓查詢。",
                 "代理優質海味|廣州海味批發商希望代理香港品牌花膠及瑤柱。|有內地酒樓客戶網絡。"),
        "hans": ("海味干货批发|供应花胶、瑶柱、鲍鱼等海味干货。|欢迎海味店铺及酒楼咨询。",
                 "代理优质海味|广州海味批发商希望代理香港品牌花胶及瑶柱。|拥有内地酒楼客户网络。"),
        "en": ("Dried seafood wholesale|Fish maw, dried scallops and abalone supplied.|Dried seafood shops and restaurants welcome.",
               "Distributing premium dried seafood|Guangzhou wholesaler wants to distribute a Hong Kong brand's fish maw and dried scallops.|Restaurant customers across the Mainland."),
    }),
    ("snacks-export", "food", "product", "sourcing", ["hk", "malaysia"], {
        "hant": ("朱古力及零食出口|生產朱古力、餅乾及果凍（啫喱）零食。|可做自家品牌包裝。",
                 "採購朱古力及零食|超級市場採購朱古力、餅乾及啫喱。|需要清真認證產品。"),
        "hans": ("巧克力及零食出口|生产巧克力、饼干及果冻零食。|可做自有品牌包装。",
                 "采购巧克力及零食|超市采购巧克力、饼干和果冻。|需要清真认证产品。"),
        "en": ("Chocolate and snacks for export|We make chocolate, biscuits and jelly snacks.|Private-label packaging available.",
               "Buying chocolate and snacks|Supermarket chain sourcing chocolate, biscuits and jelly.|Halal-certified products needed."),
    }),
    ("restaurant-equipment", "food", "product", "sourcing", ["hk", "macao"], {
        "hant": ("商用廚房設備|供應商用雪櫃、焗爐、爐頭及抽氣扇。|提供安裝及保養。",
                 "採購餐廳廚房設備|新開食肆需要商用雪櫃、焗爐及爐頭。|連安裝，預算約{qty}元。"),
        "hans": ("商用厨房设备|供应商用冰箱、烤箱、灶台及排气扇。|提供安装及维保。",
                 "采购餐厅厨房设备|新开餐馆需要商用冰箱、烤箱和灶台。|含安装，预算约{qty}元。"),
        "en": ("Commercial kitchen equipment|Commercial fridges, ovens, stoves and exhaust fans.|Installation and maintenance included.",
               "Buying restaurant kitchen equipment|New restaurant needs commercial fridges, ovens and stoves.|With installation, budget about {qty}."),
    }),
    ("cosmetics-oem", "cosmetics", "capacity", "sourcing", ["guangzhou"], {
        "hant": ("化妝品OEM代工|廣州化妝品廠承接護膚品、洗頭水OEM。|設GMP車間，可協助產品備案。",
                 "尋找護膚品OEM廠|香港美容品牌尋找護膚品及洗頭水代工廠。|首批{qty}支。"),
        "hans": ("化妆品OEM代工|广州化妆品厂承接护肤品、洗发水OEM。|拥有GMP车间，可协助产品备案。",
                 "寻找护肤品OEM工厂|香港美容品牌寻找护肤品及洗发水代工厂。|首批{qty}支。"),
        "en": ("Cosmetics OEM manufacturing|Guangzhou factory doing OEM skincare and shampoo.|GMP workshop; product registration support.",
               "Looking for a skincare OEM factory|Hong Kong beauty brand needs a contract manufacturer for skincare and shampoo.|First batch {qty} bottles."),
    }),
    ("jewellery-retail", "jewellery", "agency", "distributor", ["hk", "macao"], {
        "hant": ("珠寶品牌招加盟及代理|香港珠寶品牌招募港澳加盟商。|提供專門店裝修及培訓。",
                 "希望加盟珠寶品牌|澳門商人有舖位，希望加盟珠寶品牌開設專門店。|預算約{qty}元。"),
        "hans": ("珠宝品牌招加盟代理|香港珠宝品牌招募港澳加盟商。|提供专卖店装修及培训。",
                 "希望加盟珠宝品牌|澳门商人有店铺，希望加盟珠宝品牌开设专卖店。|预算约{qty}元。"),
        "en": ("Jewellery brand franchise and agency|Hong Kong jewellery brand recruiting franchisees in Hong Kong and Macao.|Shop fit-out and training provided.",
               "Looking to franchise a jewellery brand|Macao investor with a shop wants to open a franchised jewellery store.|Budget about {qty}."),
    }),
    ("tax-accounting", "accounting", "service", "market_entry", ["shenzhen", "hk"], {
        "hant": ("公司註冊、核數及稅務|提供香港公司註冊、核數報告及利得稅申報。|亦代辦內地營業執照。",
                 "在香港開設公司|深圳企業計劃在香港開公司，需要核數及報稅服務。|包括開銀行戶口。"),
        "hans": ("公司注册、审计及税务|提供香港公司注册、审计报告及企业所得税申报。|代办内地营业执照。",
                 "在香港设立公司|深圳企业计划在香港开公司，需要审计和报税服务。|包括开设银行账户。"),
        "en": ("Company formation, audit and tax|Hong Kong company registration, audit reports and profits tax filing.|Mainland business licences too.",
               "Setting up a company in Hong Kong|Shenzhen firm plans a Hong Kong company and needs audit and tax services.|Including opening a bank account."),
    }),
    ("legal-ip", "legal", "service", "partner", ["hk", "shenzhen"], {
        "hant": ("商標註冊及知識產權|律師行提供兩地商標註冊、合約審閱及侵權申索。|熟悉大灣區法規。",
                 "需要商標及合約律師|品牌擬進入內地，需要商標註冊及合約審閱。|希望律師熟悉兩地法律。"),
        "hans": ("商标注册及知识产权|律师事务所提供两地商标注册、合同审查及侵权索赔。|熟悉大湾区法规。",
                 "需要商标及合同律师|品牌拟进入内地，需要商标注册和合同审查。|希望律师熟悉两地法律。"),
        "en": ("Trademark registration and IP law|Law firm for trademark filings in both places, contract review and infringement claims.|Greater Bay Area expertise.",
               "Need trademark and contract lawyers|Brand entering the Mainland needs trademark registration and contract review.|Lawyers familiar with both legal systems."),
    }),
    ("factory-site", "property", "service", "site", ["dongguan", "huizhou"], {
        "hant": ("東莞廠房出租|標準工業廠房五千平方米，樓底高，設貨梯（升降機）。|近高速公路，可即租。",
                 "尋找大灣區廠房|香港製造商計劃擴產，尋找五千平方米工業廠房。|希望近港口。"),
        "hans": ("东莞厂房出租|标准工业厂房五千平方米，层高高，配货梯。|靠近高速公路，可即租。",
                 "寻找大湾区厂房|香港制造商计划扩产，寻找五千平方米工业厂房。|希望靠近港口。"),
        "en": ("Factory space for lease in Dongguan|Five thousand square metres of standard industrial space with cargo lifts.|Near the expressway, available now.",
               "Looking for factory space in the Greater Bay Area|Hong Kong manufacturer expanding needs about 5,000 m² of industrial space.|Near a port preferred."),
    }),
    ("construction-materials", "property", "product", "sourcing", ["hk"], {
        "hant": ("英泥、石屎及棚架物料|供應英泥、預拌石屎及竹棚架物料。|可送貨到地盤。",
                 "採購建築物料|判頭需要英泥、石屎及棚架物料。|工程約三個月。"),
        "hans": ("水泥、混凝土及脚手架材料|供应水泥、预拌混凝土及脚手架材料。|可送货到工地。",
                 "采购建筑材料|包工头需要水泥、混凝土及脚手架材料。|工期约三个月。"),
        "en": ("Cement, concrete and scaffolding|Cement, ready-mix concrete and scaffolding materials.|Delivery to site.",
               "Buying construction materials|Contractor needs cement, concrete and scaffolding.|About three months of work."),
    }),
    ("hotel-tourism", "tourism", "service", "partner", ["hk", "macao"], {
        "hant": ("商務考察團及酒店安排|旅行社承辦大灣區商務考察團、酒店及導賞。|可安排回鄉證辦理諮詢。",
                 "尋找旅行社合作商務考察|商會計劃組團到大灣區考察，需要酒店及行程安排。|約{qty}人。"),
        "hans": ("商务考察团及酒店安排|旅行社承办大湾区商务考察团、酒店及导览。|可提供通行证办理咨询。",
                 "寻找旅行社合作商务考察|商会计划组团到大湾区考察，需要酒店及行程安排。|约{qty}人。"),
        "en": ("Business study tours and hotels|Travel agency running Greater Bay Area business tours with hotels and guides.|Travel permit advice available.",
               "Travel agency for a business delegation|Chamber plans a study tour to the Greater Bay Area and needs hotels and an itinerary.|About {qty} people."),
    }),
    ("vocational-training", "education", "service", "partner", ["hk", "guangzhou"], {
        "hant": ("企業職業訓練及持續進修課程|為企業提供管理、市場推廣及數碼化培訓。|可頒發證書。",
                 "需要員工培訓課程|零售集團需要為員工安排市場推廣及服務質素培訓。|約{qty}名員工。"),
        "hans": ("企业职业培训及继续教育课程|为企业提供管理、市场营销及数字化培训。|可颁发证书。",
                 "需要员工培训课程|零售集团需要为员工安排市场营销及服务质量培训。|约{qty}名员工。"),
        "en": ("Corporate training and continuing education|Management, marketing and digitalisation courses for companies.|Certificates awarded.",
               "Staff training courses needed|Retail group needs marketing and service-quality training for staff.|About {qty} employees."),
    }),
    ("elderly-care", "health", "investment_available", "investment_wanted", ["guangzhou", "hk"], {
        "hant": ("投資安老院及復康服務|基金有意投資大灣區安老院及復康服務項目。|每項目可投資{qty}萬元。",
                 "安老院項目尋求投資|廣州安老院及復康中心擴展，尋求資金。|已有三間院舍。"),
        "hans": ("投资养老院及康复服务|基金有意投资大湾区养老院及康复服务项目。|单个项目可投资{qty}万元。",
                 "养老院项目寻求投资|广州养老院及康复中心扩张，寻求资金。|已运营三家机构。"),
        "en": ("Investing in elderly homes and rehabilitation|Fund looking to invest in Greater Bay Area elderly-care and rehabilitation projects.|Up to {qty} ten-thousands per project.",
               "Elderly-care operator seeking investment|Guangzhou elderly home and rehabilitation centre expanding, raising capital.|Three homes in operation."),
    }),
    ("medical-devices", "health", "product", "distributor", ["hk", "macao"], {
        "hant": ("醫療器材招代理|生產血壓計、血糖機等家用醫療器材。|誠招香港及澳門代理，協助註冊。",
                 "代理家用醫療器材|香港醫療用品公司希望代理血壓計及血糖機。|有私家診所及藥房客戶。"),
        "hans": ("医疗器械招代理|生产血压计、血糖仪等家用医疗器械。|诚招香港及澳门代理，协助注册。",
                 "代理家用医疗器械|香港医疗用品公司希望代理血压计及血糖仪。|拥有私人诊所及药房客户。"),
        "en": ("Medical devices: distributors wanted|Maker of home blood-pressure monitors and glucose meters.|Seeking distributors in Hong Kong and Macao; registration support.",
               "Distributing home medical devices|Hong Kong medical supplies firm wants to distribute blood-pressure monitors and glucose meters.|Private clinic and pharmacy customers."),
    }),
    ("solar-energy", "environment", "product", "sourcing", ["hk", "zhuhai"], {
        "hant": ("太陽能板及儲能系統|供應太陽能光伏板、逆變器及儲能電池。|可協助申請上網電價。",
                 "採購太陽能光伏系統|工廈業主計劃在天台安裝太陽能板。|約{qty}千瓦。"),
        "hans": ("太阳能板及储能系统|供应太阳能光伏板、逆变器及储能电池。|可协助申请上网电价。",
                 "采购太阳能光伏系统|工业大厦业主计划在屋顶安装太阳能板。|约{qty}千瓦。"),
        "en": ("Solar panels and energy storage|Solar PV panels, inverters and storage batteries.|Feed-in tariff application support.",
               "Buying a solar PV system|Industrial building owner plans rooftop solar panels.|About {qty} kW."),
    }),
    ("waste-recycling", "environment", "service", "partner", ["hk", "shenzhen"], {
        "hant": ("廢膠樽及發泡膠回收|提供膠樽、發泡膠回收及再造。|可上門收集。",
                 "尋找回收商處理發泡膠|電器公司每月有大量發泡膠及膠樽需要回收。|約{qty}公斤。"),
        "hans": ("废塑料瓶及泡沫塑料回收|提供塑料瓶、泡沫塑料回收及再生。|可上门收集。",
                 "寻找回收商处理泡沫塑料|电器公司每月有大量泡沫塑料及塑料瓶需要回收。|约{qty}公斤。"),
        "en": ("Plastic bottle and foam recycling|Recycling of plastic bottles and polystyrene foam.|Collection on site.",
               "Recycler needed for foam packaging|Appliance company generates lots of polystyrene foam and plastic bottles every month.|About {qty} kg."),
    }),
    ("design-branding", "creative", "service", "market_entry", ["hk", "shanghai"], {
        "hant": ("品牌設計及市場推廣|設計公司提供品牌形象、包裝設計及網上推廣。|服務過多個香港品牌。",
                 "品牌重塑進軍內地|香港老字號希望重新設計品牌及包裝，進軍內地市場。|需要市場推廣策劃。"),
        "hans": ("品牌设计及市场营销|设计公司提供品牌形象、包装设计及网络营销。|服务过多个知名品牌。",
                 "品牌升级进军内地|香港老字号希望重新设计品牌和包装，进入内地市场。|需要市场营销策划。"),
        "en": ("Brand design and marketing|Design studio for brand identity, packaging design and online marketing.|Many Hong Kong brands served.",
               "Rebranding to enter the Mainland|Heritage Hong Kong brand wants a new brand identity and packaging for the Mainland market.|Marketing plan needed."),
    }),
    ("fintech-payment", "finance", "service", "partner", ["hk", "macao"], {
        "hant": ("流動支付及拍卡收款方案|為商戶提供流動支付、拍卡及二維碼收款。|支援兩地電子錢包。",
                 "商戶需要流動支付方案|連鎖零售需要支援內地旅客的流動支付收款。|約{qty}間分店。"),
        "hans": ("移动支付及刷卡收款方案|为商户提供移动支付、刷卡及二维码收款。|支持两地电子钱包。",
                 "商户需要移动支付方案|连锁零售需要支持内地旅客的移动支付收款。|约{qty}家门店。"),
        "en": ("Mobile payment and card acceptance|Mobile payments, contactless cards and QR code collection for merchants.|E-wallets from both sides supported.",
               "Merchant needs mobile payments|Retail chain needs mobile payment acceptance for Mainland visitors.|About {qty} branches."),
    }),
    ("trade-finance", "finance", "investment_available", "investment_wanted", ["hk", "shenzhen"], {
        "hant": ("貿易融資及應收賬款融資|為出口商提供信用證及應收帳款融資。|審批快。",
                 "出口商尋求貿易融資|電子出口商需要信用證融資應付旺季訂單。|金額約{qty}萬元。"),
        "hans": ("贸易融资及应收账款融资|为出口商提供信用证及应收账款融资。|审批快。",
                 "出口商寻求贸易融资|电子出口商需要信用证融资应对旺季订单。|金额约{qty}万元。"),
        "en": ("Trade finance and receivables financing|Letters of credit and receivables financing for exporters.|Fast approval.",
               "Exporter seeking trade finance|Electronics exporter needs letter-of-credit financing for peak-season orders.|About {qty} ten-thousands."),
    }),
    ("furniture", "manufacturing", "product", "distributor", ["hk", "usa"], {
        "hant": ("梳化及牀褥出口|佛山傢俬廠生產梳化、牀褥及飯枱。|誠招海外及香港代理。",
                 "代理梳化及牀褥|香港傢俬零售商希望代理梳化及牀褥品牌。|有三間門市。"),
        "hans": ("沙发及床垫出口|佛山家具厂生产沙发、床垫及餐桌。|诚招海外及香港代理。",
                 "代理沙发及床垫|香港家具零售商希望代理沙发和床垫品牌。|有三家门店。"),
        "en": ("Sofas and mattresses for export|Foshan furniture factory making sofas, mattresses and dining tables.|Agents wanted overseas and in Hong Kong.",
               "Distributing sofas and mattresses|Hong Kong furniture retailer wants to carry a sofa and mattress brand.|Three showrooms."),
    }),
    ("home-appliances", "electronics", "product", "sourcing", ["hk", "macao"], {
        "hant": ("小家電OEM：電飯煲、風筒、吸塵機|順德家電廠生產電飯煲、風筒及吸塵機。|可做自家品牌。",
                 "採購小家電|電器連鎖店採購電飯煲、風筒、抽濕機。|需符合香港安全規格。"),
        "hans": ("小家电OEM：电饭锅、吹风机、吸尘器|顺德家电厂生产电饭锅、吹风机及吸尘器。|可做自有品牌。",
                 "采购小家电|电器连锁店采购电饭锅、吹风机、除湿机。|需符合香港安全规格。"),
        "en": ("Small appliances OEM: rice cookers, hair dryers, vacuums|Shunde factory making rice cookers, hair dryers and vacuum cleaners.|Private label possible.",
               "Buying small home appliances|Electrical chain buying rice cookers, hair dryers and dehumidifiers.|Must meet Hong Kong safety standards."),
    }),
]

FILLER = {
    "hant": ["本公司成立於{year}年，總部設於{city}。", "歡迎致電或電郵查詢。", "可安排參觀及視像會議。", "價格可議。"],
    "hans": ["公司成立于{year}年，总部位于{city}。", "欢迎来电或邮件咨询。", "可安排参观及视频会议。", "价格面议。"],
    "en": ["Founded in {year}, based in {city}.", "Call or e-mail us.", "Site visits and video calls can be arranged.", "Prices negotiable."],
}
CITIES = {"hant": ["香港", "觀塘", "深圳", "東莞", "廣州"], "hans": ["深圳", "东莞", "广州", "佛山", "中山"],
          "en": ["Hong Kong", "Shenzhen", "Guangzhou", "Dongguan", "Kwun Tong"]}
TITLE_DECOR = {"hant": ["", "", "【誠招】", "長期", ""], "hans": ["", "", "【诚招】", "长期", ""], "en": ["", "", "", ""]}
COMMON_MARKETS = ["hk", "shenzhen", "guangzhou", "macao", "dongguan"]
PARENTS = {"electronics": "manufacturing", "garments": "manufacturing", "plastics": "manufacturing",
           "metal-machinery": "manufacturing", "printing": "manufacturing", "toys": "manufacturing",
           "jewellery": "retail", "cosmetics": "retail", "software": "it", "ecommerce": "it",
           "legal": "professional", "accounting": "professional"}
LANG_CODE = {"hant": "zh-hant", "hans": "zh-hans", "en": "en"}
# Per concept: how many offers and needs, and the languages they rotate through.
OFFER_LANGS = ["hans", "hant", "en", "hans", "hant"]
NEED_LANGS = ["hant", "hans", "en", "hant"]


def render(rng: random.Random, lang: str, spec: str) -> tuple[str, str]:
    title, *sentences = spec.split("|")
    qty = rng.choice(["5,000", "20,000", "100,000", "300", "50"])
    city = rng.choice(CITIES[lang])
    decor = rng.choice(TITLE_DECOR[lang])
    title = (decor + title) if lang != "en" and not title.startswith(decor) else title
    picked = sentences if rng.random() < 0.7 else sentences[:1]
    fill = [s.format(year=rng.randint(1985, 2020), city=city) for s in rng.sample(FILLER[lang], 2)]
    sep = " " if lang == "en" else ""
    return title, sep.join([*(s.format(qty=qty) for s in picked), *fill])




# Embeddings of the demo texts, shipped so ``manage.py demo`` needs no model run for them
# (``demo.write_vector_file()`` rebuilds it after a template change).
VECTORS_FILE = __import__("pathlib").Path(__file__).parent / "data" / "demo_vectors.npz"


def text_key(title: str, description: str) -> str:
    import hashlib

    return hashlib.sha1(f"{title}\n{description}".encode()).hexdigest()[:16]  # noqa: S324 - a cache key
