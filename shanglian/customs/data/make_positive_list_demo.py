"""Writes positive_list_2022_demo.tsv: a demo subset shaped like the 2022 positive list (real HS
headings; the 10-digit splits, names and remarks are illustrative, see docs/customs.md).
Run: python shanglian/customs/data/make_positive_list_demo.py"""

from pathlib import Path

# (heading, name_zh_hans, name_en, [(suffix, sub_name_zh_hans, sub_name_en)], remark_kind)
R = {
    "": ("", "", "", "", ""),
    "bonded": ("仅限网购保税商品", "Bonded (1210) only", "1210", "", ""),
    "wild": ("列入《进出口野生动植物种商品目录》的商品除外", "Except goods in the CITES import/export catalogue",
             "", "", "野生,象牙,犀角,穿山甲"),
    "infant": ("婴幼儿配方乳粉须取得配方注册；特殊医学用途配方食品除外", "Infant formula must be registered; "
               "foods for special medical purposes excluded", "", "", "特殊医学用途,特医"),
    "weight2": ("直购进口每件净重不超过2千克", "Direct mail: net weight at most 2 kg per line", "", "2", ""),
    "weight5": ("每件净重不超过5千克", "Net weight at most 5 kg per line", "", "5", ""),
    "medical": ("仅限网购保税商品；限个人自用的非处方类", "Bonded (1210) only; personal-use, non-prescription",
                "1210", "", "处方"),
    "alcohol": ("仅限网购保税商品；酒精度不超过55度", "Bonded (1210) only; at most 55 % alcohol", "1210", "", "55度以上"),
}
ROWS = [
    ("040210", "乳粉（脂肪含量≤1.5%）", "Milk powder, fat ≤ 1.5 %", [("0000", "", "")], "infant"),
    ("040221", "未加糖乳粉", "Milk powder, unsweetened", [("0000", "", "")], "infant"),
    ("040229", "加糖乳粉", "Milk powder, sweetened", [("0000", "", "")], "infant"),
    ("040390", "酸乳、酪乳", "Yoghurt and buttermilk", [("0000", "", "")], "weight5"),
    ("040510", "黄油", "Butter", [("0000", "", "")], "weight5"),
    ("040610", "鲜奶酪", "Fresh cheese", [("0000", "", "")], "weight2"),
    ("040690", "其他奶酪", "Other cheese", [("0000", "", "")], "weight2"),
    ("040900", "天然蜂蜜", "Natural honey", [("0000", "", "")], "weight5"),
    ("080131", "未去壳腰果", "Cashew nuts, in shell", [("0000", "", "")], ""),
    ("080211", "未去壳扁桃仁", "Almonds, in shell", [("0000", "", "")], ""),
    ("080212", "去壳扁桃仁", "Almonds, shelled", [("0000", "", "")], ""),
    ("080232", "去壳核桃", "Walnuts, shelled", [("0000", "", "")], ""),
    ("080262", "去壳夏威夷果", "Macadamia nuts, shelled", [("0000", "", "")], ""),
    ("080420", "无花果", "Figs", [("0000", "", "")], ""),
    ("081320", "李子干", "Prunes", [("0000", "", "")], ""),
    ("090121", "未浸除咖啡碱的已焙炒咖啡", "Roasted coffee, not decaffeinated", [("0000", "", "")], ""),
    ("090122", "已浸除咖啡碱的已焙炒咖啡", "Roasted coffee, decaffeinated", [("0000", "", "")], ""),
    ("090210", "绿茶（每件净重≤3千克）", "Green tea in packs ≤ 3 kg", [("0000", "", "")], ""),
    ("090230", "红茶（每件净重≤3千克）", "Black tea in packs ≤ 3 kg", [("0000", "", "")], ""),
    ("150910", "初榨油橄榄油", "Virgin olive oil", [("0000", "", "")], "weight5"),
    ("170490", "其他不含可可的糖食", "Other sugar confectionery", [("0000", "", "")], ""),
    ("180610", "加糖可可粉", "Cocoa powder, sweetened", [("0000", "", "")], ""),
    ("180631", "夹心巧克力块", "Filled chocolate bars", [("0000", "", "")], ""),
    ("180632", "不夹心巧克力块", "Chocolate bars, not filled", [("0000", "", "")], ""),
    ("180690", "其他巧克力及含可可食品", "Other chocolate", [("0000", "", "")], ""),
    ("190110", "供婴幼儿食用的零售包装食品", "Infant food for retail sale",
     [("1000", "婴幼儿配方乳粉", "Infant formula"), ("9000", "其他婴幼儿食品", "Other infant food")], "infant"),
    ("190190", "麦精及其他食品", "Malt extract and other food preparations", [("0000", "", "")], ""),
    ("190410", "谷物膨化食品", "Puffed cereal products", [("0000", "", "")], ""),
    ("190531", "甜饼干", "Sweet biscuits", [("0000", "", "")], ""),
    ("190590", "其他面包糕点饼干", "Other bakers' wares", [("0000", "", "")], ""),
    ("200819", "其他坚果及籽（包括什锦）", "Other nuts and seeds, prepared", [("1000", "", ""), ("9000", "", "")], ""),
    ("200989", "其他单一果汁", "Juice of any other single fruit", [("9000", "", "")], ""),
    ("210111", "咖啡浓缩精汁", "Coffee extracts", [("0000", "", "")], ""),
    ("210690", "其他食品（保健食品）", "Other food preparations (health food)",
     [("9001", "蛋白粉", "Protein powder"), ("9090", "其他", "Other")], "bonded"),
    ("220210", "加味、加糖的水", "Flavoured or sweetened water", [("0000", "", "")], ""),
    ("220300", "麦芽酿造的啤酒", "Beer made from malt", [("0000", "", "")], "alcohol"),
    ("220421", "小包装的鲜葡萄酿造的酒（≤2升）", "Wine in containers ≤ 2 l",
     [("0000", "", "")], "alcohol"),
    ("220830", "威士忌酒", "Whisky", [("0000", "", "")], "alcohol"),
    ("220820", "白兰地", "Brandy", [("0000", "", "")], "alcohol"),
    ("330300", "香水及花露水", "Perfumes and toilet waters", [("0010", "包装标注含量以重量计的香水", "Perfume (by weight)"),
                                                         ("0020", "包装标注含量以体积计的香水", "Perfume (by volume)")], ""),
    ("330410", "唇用化妆品", "Lip make-up", [("0000", "", "")], ""),
    ("330420", "眼用化妆品", "Eye make-up", [("0000", "", "")], ""),
    ("330430", "指（趾）甲化妆品", "Manicure preparations", [("0000", "", "")], ""),
    ("330491", "粉（不论是否压紧）", "Powders", [("0000", "", "")], ""),
    ("330499", "其他美容化妆品及护肤品", "Other beauty and skin-care preparations",
     [("0010", "护肤品（包括防晒油或晒黑油）", "Skin care incl. sun cream"), ("0091", "其他护肤品", "Other skin care"),
      ("0099", "其他美容化妆品", "Other make-up")], ""),
    ("330510", "洗发剂（香波）", "Shampoos", [("0000", "", "")], ""),
    ("330590", "其他护发品", "Other hair preparations", [("0000", "", "")], ""),
    ("330610", "洁齿品", "Dentifrices", [("0000", "", "")], ""),
    ("330710", "剃须用制剂", "Shaving preparations", [("0000", "", "")], ""),
    ("330720", "人体除臭剂及止汗剂", "Deodorants and antiperspirants", [("0000", "", "")], ""),
    ("340111", "盥洗用皂", "Toilet soap", [("0000", "", "")], ""),
    ("340130", "洁肤用有机表面活性产品", "Skin-washing preparations", [("0000", "", "")], ""),
    ("340220", "零售包装的洗涤剂", "Detergents for retail sale", [("0000", "", "")], ""),
    ("392410", "塑料制餐具及厨房用具", "Plastic tableware and kitchenware", [("0000", "", "")], ""),
    ("392490", "塑料制其他家庭用具", "Other plastic household articles", [("0000", "", "")], ""),
    ("401410", "避孕套", "Sheath contraceptives", [("0000", "", "")], "medical"),
    ("420221", "以皮革作面的手提包", "Handbags, leather", [("0000", "", "")], "wild"),
    ("420222", "以塑料或纺织材料作面的手提包", "Handbags, plastic or textile", [("0000", "", "")], ""),
    ("420231", "以皮革作面的钱包等", "Wallets, leather", [("0000", "", "")], "wild"),
    ("420292", "以塑料或纺织材料作面的旅行包等", "Travel bags, plastic or textile", [("0000", "", "")], ""),
    ("481820", "手帕及面巾纸", "Handkerchiefs and facial tissues", [("0000", "", "")], ""),
    ("490199", "其他书籍", "Other printed books", [("0000", "", "")], ""),
    ("610342", "棉制针织男裤", "Men's trousers, cotton, knitted", [("0000", "", "")], ""),
    ("610462", "棉制针织女裤", "Women's trousers, cotton, knitted", [("0000", "", "")], ""),
    ("610910", "棉制针织T恤衫", "T-shirts, cotton, knitted", [("0000", "", "")], ""),
    ("611020", "棉制针织套头衫", "Jerseys, cotton, knitted", [("0000", "", "")], ""),
    ("611120", "棉制针织婴儿服装", "Babies' garments, cotton, knitted", [("0000", "", "")], ""),
    ("611595", "棉制针织袜", "Socks, cotton, knitted", [("0000", "", "")], ""),
    ("620193", "化纤制男式防风衣", "Men's anoraks, man-made fibres", [("9000", "", "")], ""),
    ("620463", "合成纤维制女裤", "Women's trousers, synthetic fibres", [("0000", "", "")], ""),
    ("620520", "棉制男衬衫", "Men's shirts, cotton", [("0000", "", "")], ""),
    ("630260", "棉制盥洗及厨房用织物", "Toilet and kitchen linen, cotton", [("0000", "", "")], ""),
    ("640299", "其他橡胶或塑料外底鞋靴", "Other footwear, rubber or plastic", [("0000", "", "")], ""),
    ("640391", "皮革面过踝鞋靴", "Leather footwear covering the ankle", [("0000", "", "")], ""),
    ("640399", "其他皮革面鞋靴", "Other leather footwear", [("0000", "", "")], ""),
    ("640411", "运动鞋靴", "Sports footwear", [("0000", "", "")], ""),
    ("650500", "帽类", "Hats", [("0000", "", "")], ""),
    ("691110", "瓷餐具及厨房器具", "Porcelain tableware and kitchenware", [("1100", "", ""), ("1900", "", "")], ""),
    ("701337", "其他玻璃杯", "Other drinking glasses", [("0000", "", "")], ""),
    ("711311", "银首饰", "Silver jewellery", [("0000", "", "")], "wild"),
    ("711319", "其他贵金属首饰", "Jewellery of other precious metal", [("1010", "黄金制", "Gold"),
                                                                   ("9090", "其他", "Other")], "wild"),
    ("711719", "贱金属制仿首饰", "Imitation jewellery, base metal", [("0000", "", "")], ""),
    ("732393", "不锈钢制餐桌、厨房等家用器具", "Stainless steel household articles", [("0000", "", "")], ""),
    ("821110", "成套刀具", "Sets of knives", [("0000", "", "")], ""),
    ("821420", "修指甲及修脚用具", "Manicure and pedicure sets", [("0000", "", "")], ""),
    ("841451", "功率≤125瓦的台扇、落地扇等", "Table, floor fans ≤ 125 W", [("0000", "", "")], "weight5"),
    ("842121", "家用型过滤或净化水的机器及装置", "Household water filters", [("1000", "", "")], "weight5"),
    ("847130", "便携式自动数据处理设备", "Portable computers", [("0000", "", "")], ""),
    ("850980", "其他家用电动器具", "Other domestic electric appliances", [("9000", "", "")], "weight5"),
    ("851010", "电动剃须刀", "Electric shavers", [("0000", "", "")], ""),
    ("851020", "电动毛发推剪", "Electric hair clippers", [("0000", "", "")], ""),
    ("851631", "吹风机", "Hair dryers", [("0000", "", "")], ""),
    ("851632", "其他理发器具", "Other hairdressing apparatus", [("0000", "", "")], ""),
    ("851660", "电饭锅等烹饪器具", "Rice cookers and other cooking appliances", [("1000", "电饭锅", "Rice cookers"),
                                                                        ("9000", "其他", "Other")], "weight5"),
    ("851671", "咖啡机及煮茶器", "Coffee or tea makers", [("0000", "", "")], "weight5"),
    ("851830", "耳机、耳塞机", "Headphones and earphones", [("0000", "", "")], ""),
    ("852589", "数码相机及摄像机", "Digital cameras and video recorders", [("1100", "", ""), ("1900", "", "")], ""),
    ("900410", "太阳镜", "Sunglasses", [("0000", "", "")], ""),
    ("900490", "其他眼镜", "Other spectacles", [("0000", "", "")], ""),
    ("901890", "其他医疗器具（家用）", "Other medical instruments (home use)", [("9090", "", "")], "medical"),
    ("902519", "体温计", "Thermometers", [("9000", "", "")], "medical"),
    ("910211", "机械指示式电子手表", "Electronic wrist-watches, mechanical display", [("0000", "", "")], ""),
    ("910221", "自动上弦机械手表", "Automatic wrist-watches", [("0000", "", "")], ""),
    ("940490", "其他寝具", "Other bedding", [("0000", "", "")], ""),
    ("950300", "三轮车、踏板车及其他带轮玩具、玩偶、模型", "Wheeled toys, dolls, models",
     [("1000", "", ""), ("2100", "", ""), ("6000", "", ""), ("8900", "", "")], ""),
    ("950450", "视频游戏控制器及设备", "Video game consoles", [("0000", "", "")], ""),
    ("950691", "一般的体育活动、体操或竞技用品", "Articles for general physical exercise", [("0000", "", "")], ""),
    ("960321", "牙刷", "Toothbrushes", [("0000", "", "")], ""),
    ("961900", "卫生巾、尿布及类似品", "Sanitary towels, napkins and nappies",
     [("1100", "供婴儿使用的尿布", "Babies' nappies"), ("2000", "卫生巾", "Sanitary towels"), ("9000", "其他", "Other")], ""),
]


def rows():
    out = []
    for heading, name, name_en, subs, remark in ROWS:
        remark_zh, remark_en, modes, weight, excluded = R[remark]
        for suffix, sub, sub_en in subs:
            code = heading + suffix
            full = f"{name}：{sub}" if sub else name
            full_en = f"{name_en}: {sub_en}" if sub_en else name_en
            out.append((code, full, full_en, remark_zh, remark_en, modes, weight, excluded))
    return out


if __name__ == "__main__":
    path = Path(__file__).with_name("positive_list_2022_demo.tsv")
    lines = ["hs_code\tname_zh_hans\tname_en\tremark_zh_hans\tremark_en\tmodes\tmax_net_weight\texcluded_names"]
    lines += ["\t".join(r) for r in rows()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(len(lines) - 1, "lines")
