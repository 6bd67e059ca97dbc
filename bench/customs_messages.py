"""Generate and schema-validate CEB311 order messages (no database; pure documents → lxml → XSD).

    .venv/bin/python bench/customs_messages.py [N]      # default 10,000

Prints the time to build, serialise, re-parse with the safe receipt parser and validate each
message, plus the load average (the machine is shared; read the figures with it)."""

from __future__ import annotations

import os
import sys
import time
from decimal import Decimal as D
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanglian.settings")


def main(n: int) -> None:
    from shanglian.customs import messages as ceb
    from shanglian.customs import rules
    from shanglian.customs.documents import Declarant, OrderDoc, OrderLine, PaymentDoc

    snapshot = rules.RulesSnapshot(positive_list=(rules.PositiveEntry("3304990010"), rules.PositiveEntry("0409")))
    declarant = Declarant(agentCode="3502980009", agentName="代理", customsCode="3700", copCode="3502960001",
                          copName="平台", dxpId="DXPENT0000012345")
    docs = []
    for i in range(n):
        lines = [OrderLine(gnum=g, itemNo=f"SKU{i}-{g}", itemName="保湿面霜", gcode="3304990010", gmodel="50ml",
                           qty=D(1 + g), unit="142", price=D("88.50"), totalPrice=D("88.50") * (1 + g), country="116")
                 for g in range(1, 1 + (i % 3) + 1)]
        goods = sum((x.totalPrice for x in lines), D(0))
        o = OrderDoc(orderNo=f"BENCH{i:08d}", ebpCode="3502960001", ebpName="平台", ebcCode="3502960002", ebcName="甲",
                     goodsValue=goods, freight=D(10), discount=D(0), taxTotal=D(0), acturalPaid=D(0),
                     buyerRegNo=f"u{i}", buyerName="张三", buyerIdNumber="11010519491231002X",
                     buyerTelephone="13800138000", consignee="张三", consigneeTelephone="13800138000",
                     consigneeAddress="福建省厦门市思明区湖滨南路1号", lines=lines)
        o.taxTotal = rules.order_tax(o, snapshot).total
        o.acturalPaid = goods + o.freight + o.taxTotal
        pay = PaymentDoc(payCode="P1", payName="支付", payTransactionId=f"T{i}", orderNo=o.orderNo,
                         amountPaid=o.acturalPaid, payerIdType="1", payerIdNumber=o.buyerIdNumber, payerName="张三")
        docs.append((o, pay))
    ceb.schema("CEB311")  # compile once, outside the timing
    t0 = time.perf_counter()
    checked = [rules.check_order(o, snapshot, payment=p) for o, p in docs]
    t1 = time.perf_counter()
    blobs = [ceb.to_bytes(ceb.order_message(o, p, declarant=declarant)) for o, p in docs]
    t2 = time.perf_counter()
    invalid = sum(1 for b in blobs if ceb.validate("CEB311", ceb.safe_parse(b)))
    t3 = time.perf_counter()
    assert not any(checked) and invalid == 0, (sum(map(bool, checked)), invalid)
    size = sum(map(len, blobs))
    print(f"{n} CEB311 messages, {size / n:.0f} bytes each on average")
    print(f"rules check: {t1 - t0:.2f} s ({n / (t1 - t0):,.0f}/s)")
    print(f"build + serialise: {t2 - t1:.2f} s ({n / (t2 - t1):,.0f}/s)")
    print(f"safe parse + XSD validate: {t3 - t2:.2f} s ({n / (t3 - t2):,.0f}/s)")
    print(f"total: {t3 - t0:.2f} s ({n / (t3 - t0):,.0f} messages/s), 0 invalid")
    print("loadavg:", Path("/proc/loadavg").read_text().strip())


if __name__ == "__main__":
    import django

    django.setup()
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
