"""The demo's content: two museums, their relics, licences, categories, designers and products.

Relics and stories draw on real Ba–Shu material culture but are written as modest museum
labels; accession numbers are invented. ``seed_demo`` turns these tables into rows through
the services, so every row passes the same validation as a real one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

DEMO_PASSWORD = "bashu-demo"  # noqa: S105 - the documented password of the demo logins

CHONGQING = "chongqing-three-gorges"
SICHUAN = "sichuan-museum"

# Where each museum is paid (bank settlements are in CNY). Made-up account numbers, for the demo only.
BANK_ACCOUNTS = {
    CHONGQING: {
        "account_name": "重庆中国三峡博物馆",
        "bank_name": "中国工商银行重庆市分行",
        "account_number": "3100 0000 0000 0001",
    },
    SICHUAN: {"account_name": "四川博物院", "bank_name": "中国银行成都分行", "account_number": "1200 0000 0000 0002"},
}

MUSEUMS = [
    {
        "slug": CHONGQING,
        "name_en": "Chongqing China Three Gorges Museum",
        "name_zh": "重庆中国三峡博物馆",
        "city_en": "Chongqing",
        "city_zh": "重庆",
        "website": "https://www.3gmuseum.cn/",
        "description_en": (
            "Facing the Great Hall of the People on Chongqing's People's Square, the museum tells the "
            "story of the Three Gorges and of the Ba people who lived along the upper Yangtze. Its "
            "collection grew from rescue archaeology before the Three Gorges reservoir filled: Ba "
            "bronzes, Han tomb figurines and portrait bricks, Neolithic pottery from the Daxi culture "
            "and the Song-dynasty wares of Chongqing's own kilns."
        ),
        "description_zh": (
            "重庆中国三峡博物馆坐落于重庆人民广场，与人民大礼堂相对，讲述三峡与长江上游巴人的历史。"
            "馆藏多来自三峡库区蓄水前的抢救性考古发掘：巴人青铜器、汉代墓葬陶俑与画像砖、"
            "大溪文化的新石器时代陶器，以及重庆本地宋代窑口的瓷器。"
        ),
    },
    {
        "slug": SICHUAN,
        "name_en": "Sichuan Museum",
        "name_zh": "四川博物院",
        "city_en": "Chengdu",
        "city_zh": "成都",
        "website": "https://www.scmuseum.cn/",
        "description_en": (
            "Founded in 1941 and since 2009 housed by the Huanhua Stream near Du Fu Thatched Cottage in "
            "Chengdu, Sichuan Museum is one of the largest museums of southwest China. It is known for "
            "Ba–Shu bronzes, Eastern Han portrait bricks from the Chengdu Plain, ceramics from the "
            "Qionglai kilns and Song hoards, and Zhang Daqian's copies of the Dunhuang murals."
        ),
        "description_zh": (
            "四川博物院始建于1941年，2009年迁入成都浣花溪畔、杜甫草堂附近的新馆，是西南地区规模最大的"
            "综合性博物馆之一。以巴蜀青铜器、成都平原出土的东汉画像砖、邛窑与宋代窖藏瓷器，"
            "以及张大千临摹敦煌壁画等收藏著称。"
        ),
    },
]

WARRING_STATES = ("Warring States (475–221 BC)", "战国")
WESTERN_HAN = ("Western Han (206 BC–AD 8)", "西汉")
EASTERN_HAN = ("Eastern Han (25–220)", "东汉")
TANG = ("Tang (618–907)", "唐")
SONG = ("Song (960–1279)", "宋")
SOUTHERN_SONG = ("Southern Song (1127–1279)", "南宋")
QING = ("Qing (1644–1911)", "清")
REPUBLIC = ("Republic of China, 1940s", "民国")
DAXI = ("Neolithic, Daxi culture (c. 4400–3300 BC)", "新石器时代 大溪文化")
BAODUN = ("Neolithic, Baodun culture (c. 2700–1700 BC)", "新石器时代 宝墩文化")


@dataclass(frozen=True)
class RelicSpec:
    slug: str
    museum: str
    accession: str
    category: str
    name_en: str
    name_zh: str
    period: tuple[str, str]
    story_en: str
    story_zh: str
    images: int = 1
    featured: bool = False
    rights: str = "NoC-CR"


# fmt: off
RELICS = [
    # ── Chongqing China Three Gorges Museum ─────────────────────────────────────────────
    RelicSpec(
        "tiger-knob-chunyu", CHONGQING, "3G-BR-0457", "bronze",
        "Bronze chunyu bell-drum with tiger knob", "虎钮铜錞于", WARRING_STATES,
        "A chunyu was struck in battle and at ceremonies. The crouching tiger on its crown is the emblem "
        "of the Ba people, who revered the white tiger; similar pieces come from both banks of the Yangtze "
        "in eastern Chongqing.",
        "錞于是军中与祭祀所用的打击乐器。顶部伏虎为巴人崇拜白虎的标志，渝东长江两岸多有同类器物出土。",
        images=2, featured=True,
    ),
    RelicSpec(
        "bird-shaped-zun", CHONGQING, "3G-BR-0312", "bronze",
        "Bird-shaped bronze zun", "鸟形铜尊", WARRING_STATES,
        "A wine vessel in the form of a bird with a hooked beak, from the cemetery of Ba nobles at "
        "Xiaotianxi in Fuling. Fine feather patterns cover the body, which once held inlay.",
        "出土于涪陵小田溪巴人贵族墓地的盛酒器，作钩喙鸟形，周身饰细密羽纹，原有镶嵌。",
        images=2, featured=True,
    ),
    RelicSpec(
        "ba-tiger-dagger-axe", CHONGQING, "3G-BR-0988", "bronze",
        "Ba-style bronze ge dagger-axe with tiger pattern", "巴式虎纹铜戈", WARRING_STATES,
        "A dagger-axe blade cast with a tiger whose open jaws reach towards the edge, a motif that marks "
        "weapons made for Ba warriors.",
        "戈援饰张口猛虎，虎口朝向刃部，是巴人兵器的典型纹饰。",
    ),
    RelicSpec(
        "twin-que-brick", CHONGQING, "3G-ZH-1204", "portrait_brick",
        "Portrait brick with twin que towers", "双阙画像砖", EASTERN_HAN,
        "Que towers flanked the way to palaces, shrines and tombs. Bricks like this one lined Eastern Han "
        "tomb chambers, setting the dead at the gate of an honoured household.",
        "阙是宫殿、祠庙与陵墓前的标志性建筑。此类画像砖砌于东汉墓室，寓意墓主居于显贵门第。",
    ),
    RelicSpec(
        "music-dance-brick", CHONGQING, "3G-ZH-1377", "portrait_brick",
        "Portrait brick of musicians and a long-sleeved dancer", "乐舞画像砖", EASTERN_HAN,
        "Seated musicians play while a dancer swirls long sleeves; the scene of entertainment at a feast "
        "recurs on bricks across the Sichuan Basin, and was shown in both museums' joint exhibition.",
        "乐伎跽坐奏乐，舞者挥动长袖。宴饮乐舞是四川盆地画像砖的常见题材，曾在两馆联展中展出。",
        featured=True,
    ),
    RelicSpec(
        "smiling-figurine", CHONGQING, "3G-TC-2051", "ceramic",
        "Smiling pottery figurine", "陶笑俑", EASTERN_HAN,
        "Broad, cheerful smiles are a hallmark of Han tomb figures from the Three Gorges, notably around "
        "Zhongxian. Moulded in grey clay, this attendant seems to share a joke with the visitor.",
        "笑容憨厚是三峡地区汉墓陶俑的鲜明特征，忠县一带尤为多见。这件灰陶侍俑仿佛正与观众分享笑话。",
        images=2, featured=True,
    ),
    RelicSpec(
        "tushan-tea-bowl", CHONGQING, "3G-TC-2640", "ceramic",
        "Black-glazed tea bowl from the Tushan kilns", "涂山窑黑釉盏", SONG,
        "The Tushan kilns on Chongqing's south bank made everyday black-glazed wares in the Song dynasty, "
        "when whisked tea was judged by its white froth against a dark bowl.",
        "涂山窑位于重庆南岸，宋代烧造日用黑釉瓷。时人斗茶，以黑盏衬白色茶沫。",
    ),
    RelicSpec(
        "qingbai-ewer", CHONGQING, "3G-TC-2702", "ceramic",
        "Qingbai porcelain ewer", "青白釉执壶", SONG,
        "A thin-bodied ewer under a pale blue-white glaze that pools to a deeper tone in the carved lines; "
        "such wares travelled up the Yangtze to Chongqing by boat.",
        "胎体轻薄，青白釉在刻花处积釉泛蓝。此类瓷器经长江水运溯流而上，来到重庆。",
    ),
    RelicSpec(
        "daxi-painted-jar", CHONGQING, "3G-XS-0076", "neolithic",
        "Painted red pottery jar, Daxi culture", "大溪文化彩陶罐", DAXI,
        "The Daxi culture is named after a site at Wushan in the Three Gorges. Its potters slipped their "
        "red wares and painted them with black bands, spirals and zigzags.",
        "大溪文化因巫山大溪遗址得名。陶工在红陶上施陶衣，以黑彩绘出带纹、旋纹与折线纹。",
        images=2, featured=True,
    ),
    RelicSpec(
        "daxi-cylinder-vase", CHONGQING, "3G-XS-0103", "neolithic",
        "Painted pottery cylindrical vase, Daxi culture", "大溪文化彩陶筒形瓶", DAXI,
        "A tall vessel with painted twisted-rope patterns, one of the forms that set the Daxi culture "
        "apart from its neighbours downstream.",
        "器身修长，绘绞索纹，是大溪文化有别于长江中游其他文化的器形之一。",
    ),
    RelicSpec(
        "kui-gate-scroll", CHONGQING, "3G-SH-0519", "calligraphy_painting",
        "Kui Gate of the Qutang Gorge, hanging scroll", "瞿塘夔门图轴", QING,
        "Kui Gate, where the Yangtze enters the Qutang Gorge between sheer cliffs, has drawn painters and "
        "poets since Du Fu lived at Kuizhou. Ink and light colour on paper.",
        "夔门为长江入瞿塘峡之处，两岸峭壁对峙。自杜甫寓居夔州以来，历代诗人画家多以此为题。纸本水墨淡设色。",
    ),
    RelicSpec(
        "grain-pattern-jade-bi-cq", CHONGQING, "3G-YQ-0044", "jade",
        "Jade bi disc with grain pattern", "谷纹玉璧", WARRING_STATES,
        "A flat disc with a central hole, its surface raised into rows of small curled grains. Bi discs "
        "were ritual jades, and marks of rank in Warring States burials.",
        "扁平圆形，中有圆孔，器面琢出排列整齐的谷粒纹。玉璧为礼器，也是战国墓葬中的身份象征。",
    ),
    RelicSpec(
        "cloud-scroll-lacquer-box", CHONGQING, "3G-QQ-0031", "lacquer",
        "Lacquered box with cloud scrolls", "云纹漆奁", WESTERN_HAN,
        "A cosmetic box lacquered black outside and red within, painted with flowing cloud scrolls. The "
        "damp earth of the Three Gorges has preserved only a few such pieces.",
        "梳妆用奁，外髹黑漆、内髹朱漆，绘流动的云气纹。三峡地区潮湿，此类漆器存世不多。",
    ),
    # ── Sichuan Museum ──────────────────────────────────────────────────────────────────
    RelicSpec(
        "inlaid-banquet-hu", SICHUAN, "SCM-BR-0112", "bronze",
        "Bronze hu with inlaid scenes of feasting, archery and battle", "嵌错宴乐水陆攻战纹铜壶", WARRING_STATES,
        "Found in 1965 at Baihuatan in Chengdu, this wine jar is divided into registers of inlaid scenes: "
        "gathering mulberry leaves, archery contests, a feast with bells and chimes, and battles on land "
        "and water.",
        "1965年成都百花潭出土。壶身分层以嵌错工艺表现采桑、习射、宴乐钟磬和水陆攻战等场面。",
        images=2, featured=True,
    ),
    RelicSpec(
        "willow-leaf-sword", SICHUAN, "SCM-BR-0347", "bronze",
        "Willow-leaf bronze sword", "柳叶形青铜剑", WARRING_STATES,
        "A blade without a guard, shaped like a willow leaf, is the signature weapon of the Ba and Shu. "
        "Many carry cast emblems — tigers, hands, buds — whose meaning is still debated.",
        "无格、形如柳叶的短剑是巴蜀兵器的代表，剑身常铸虎纹、手心纹、花蒂纹等符号，含义至今众说纷纭。",
    ),
    RelicSpec(
        "bronze-money-tree", SICHUAN, "SCM-BR-0601", "bronze",
        "Bronze money tree", "铜摇钱树", EASTERN_HAN,
        "Branches hung with coins, immortals and auspicious animals rise from a pottery base. Money trees "
        "were placed in Eastern Han tombs of the Sichuan Basin to promise wealth in the afterlife.",
        "铜质枝叶缀满钱币、仙人与瑞兽，插于陶座之上。摇钱树是四川盆地东汉墓中的随葬品，寓意死后富足。",
    ),
    RelicSpec(
        "harvest-hunting-brick", SICHUAN, "SCM-ZH-0021", "portrait_brick",
        "Portrait brick: shooting birds and harvesting", "弋射收获画像砖", EASTERN_HAN,
        "From Dayi County west of Chengdu. In the upper half archers shoot at wild geese over a lotus "
        "pond; below, farmers reap rice while another brings them food.",
        "出自成都以西的大邑县。上部为池边弋射飞雁，下部为农夫收割稻谷、有人送饭的场景。",
        images=2, featured=True,
    ),
    RelicSpec(
        "salt-well-brick", SICHUAN, "SCM-ZH-0088", "portrait_brick",
        "Portrait brick of a brine well", "盐井画像砖", EASTERN_HAN,
        "A derrick lifts brine from a deep well; pipes carry it over the hills to the furnaces where it "
        "is boiled into salt, an industry on which both Sichuan and the Three Gorges grew rich.",
        "井架汲取卤水，经竹笕翻山送往灶房煎煮成盐。盐业曾使四川与三峡地区富庶一方。",
    ),
    RelicSpec(
        "chariot-bridge-brick", SICHUAN, "SCM-ZH-0135", "portrait_brick",
        "Portrait brick: chariot crossing a bridge", "车马过桥画像砖", EASTERN_HAN,
        "An official's covered chariot drawn by a galloping horse crosses a timber bridge, with outriders "
        "ahead. Horses were drawn with particular energy by the Shu brickmakers.",
        "官员乘坐有盖轺车，骏马疾驰过木桥，前有导骑。蜀地画像砖中的马匹尤为生动有力。",
    ),
    RelicSpec(
        "storyteller-figurine", SICHUAN, "SCM-TC-0452", "ceramic",
        "Pottery figurine of a storyteller", "陶说唱俑", EASTERN_HAN,
        "A bare-chested entertainer tucks a drum under his arm and grins mid-story. Figures of storytellers "
        "and jesters are among the liveliest finds from Han tombs around Chengdu.",
        "说唱艺人袒胸，腋下挟鼓，正说到兴头。说唱俑是成都附近汉墓中最富生气的出土物之一。",
        featured=True,
    ),
    RelicSpec(
        "qionglai-green-ewer", SICHUAN, "SCM-TC-0917", "ceramic",
        "Green-glazed ewer from the Qionglai kilns", "邛窑青釉执壶", TANG,
        "The Qionglai kilns southwest of Chengdu fired green, brown and polychrome glazes in the Tang "
        "dynasty; this ewer has a short spout and a strap handle.",
        "邛窑位于成都西南，唐代烧造青釉、褐釉与彩绘瓷器。此壶短流、带状执柄。",
    ),
    RelicSpec(
        "longquan-phoenix-vase", SICHUAN, "SCM-TC-1133", "ceramic",
        "Longquan celadon vase with phoenix handles", "龙泉窑青釉凤耳瓶", SOUTHERN_SONG,
        "A thick, jade-like celadon glaze over a slender vase with handles in the shape of phoenixes, of "
        "the kind found in the Song porcelain hoard at Jinyu village in Suining.",
        "瓶身修长，双耳作凤形，青釉肥厚如玉，与遂宁金鱼村宋代窖藏所出同类。",
        images=2,
    ),
    RelicSpec(
        "dunhuang-bodhisattva-copy", SICHUAN, "SCM-SH-2210", "calligraphy_painting",
        "Zhang Daqian, copy of a Dunhuang mural: bodhisattva", "张大千临摹敦煌壁画·菩萨像", REPUBLIC,
        "Between 1941 and 1943 Zhang Daqian and his assistants copied murals in the Mogao caves at "
        "Dunhuang. Sichuan Museum holds a large group of these copies in ink and mineral colours.",
        "1941至1943年间，张大千率弟子在敦煌莫高窟临摹壁画。四川博物院收藏了大批这类重彩临本。",
        images=2, featured=True, rights="InC",
    ),
    RelicSpec(
        "zhang-daqian-landscape", SICHUAN, "SCM-SH-2258", "calligraphy_painting",
        "Zhang Daqian, landscape after the old masters", "张大千 仿古山水图", REPUBLIC,
        "Before his splashed-colour experiments, Zhang Daqian studied the Ming and Qing masters closely; "
        "this hanging scroll shows ranges receding into mist above a lone boat.",
        "在泼彩之前，张大千深研明清诸家。此轴画峰峦层叠隐入云雾，下有孤舟。",
        rights="InC",
    ),
    RelicSpec(
        "baodun-pottery-jar", SICHUAN, "SCM-XS-0019", "neolithic",
        "Pottery jar, Baodun culture", "宝墩文化陶罐", BAODUN,
        "The Baodun culture built the first walled towns of the Chengdu Plain, centuries before "
        "Sanxingdui. Its potters decorated jars with cord marks and incised bands.",
        "宝墩文化在成都平原筑起最早的城址，早于三星堆数百年。陶罐饰绳纹与划纹。",
    ),
    RelicSpec(
        "han-jade-bi", SICHUAN, "SCM-YQ-0207", "jade",
        "Jade bi disc", "玉璧", WESTERN_HAN,
        "A green nephrite disc polished to a soft lustre, its grain pattern worn smooth by handling "
        "before burial.",
        "青玉琢成，温润有光，谷纹在入葬前已被摩挲得圆润。",
    ),
    RelicSpec(
        "shu-lacquer-ear-cup", SICHUAN, "SCM-QQ-0058", "lacquer",
        "Lacquered ear cup from a Shu workshop", "蜀郡漆耳杯", WESTERN_HAN,
        "An oval drinking cup with two flat handles, red inside and black outside. Lacquers inscribed "
        "with the names of Shu commandery workshops have been found as far away as the Korean peninsula.",
        "椭圆形饮器，两侧有耳，内朱外黑。刻有蜀郡工官铭文的漆器远至朝鲜半岛亦有出土。",
    ),
]
# fmt: on


@dataclass(frozen=True)
class LicenceSpec:
    reference: str
    relic: str
    rate_bp: int
    categories: tuple[str, ...]
    shares: tuple[tuple[str, int], ...] = ()  # empty: wholly the relic's museum
    status: str = "active"
    territory: str = "mainland_china"


# fmt: off
LICENCES = [
    LicenceSpec("TCTM-CQ-2025-001", "tiger-knob-chunyu", 1200, ("stationery", "home-decor", "toys")),
    LicenceSpec("TCTM-CQ-2025-002", "bird-shaped-zun", 1500, ("tableware", "jewellery", "home-decor")),
    LicenceSpec("TCTM-CQ-2025-003", "ba-tiger-dagger-axe", 1000, ("stationery", "toys")),
    LicenceSpec("TCTM-CQ-2025-004", "twin-que-brick", 1000, ("stationery", "scarves-textiles")),
    LicenceSpec(
        "TCTM-JT-2025-001", "music-dance-brick", 1200, ("scarves-textiles", "stationery", "home-decor"),
        shares=((CHONGQING, 6000), (SICHUAN, 4000)), territory="greater_china",
    ),
    LicenceSpec("TCTM-CQ-2025-005", "smiling-figurine", 1200, ("toys", "stationery", "home-decor")),
    LicenceSpec("TCTM-CQ-2025-006", "tushan-tea-bowl", 1000, ("tableware",)),
    LicenceSpec(
        "TCTM-JT-2025-002", "daxi-painted-jar", 1200, ("tableware", "scarves-textiles", "home-decor"),
        shares=((CHONGQING, 5000), (SICHUAN, 5000)),
    ),
    LicenceSpec("TCTM-CQ-2025-007", "kui-gate-scroll", 1000, ("stationery", "scarves-textiles"), status="suspended"),
    LicenceSpec("TCTM-CQ-2025-008", "cloud-scroll-lacquer-box", 1300, ("jewellery", "home-decor")),
    LicenceSpec("TCTM-SC-2025-001", "inlaid-banquet-hu", 1500, ("scarves-textiles", "stationery", "tableware")),
    LicenceSpec("TCTM-SC-2025-002", "willow-leaf-sword", 1000, ("stationery", "toys")),
    LicenceSpec("TCTM-SC-2025-003", "bronze-money-tree", 1200, ("jewellery", "home-decor")),
    LicenceSpec(
        "TCTM-SC-2025-004", "harvest-hunting-brick", 1200, ("stationery", "scarves-textiles", "tableware", "home-decor")
    ),
    LicenceSpec(
        "TCTM-JT-2025-003", "salt-well-brick", 1000, ("stationery", "tableware"),
        shares=((SICHUAN, 6000), (CHONGQING, 4000)),
    ),
    LicenceSpec("TCTM-SC-2025-005", "storyteller-figurine", 1200, ("toys", "stationery")),
    # Expired after its product launched: the product stays visible, as unavailable.
    LicenceSpec("TCTM-SC-2024-011", "qionglai-green-ewer", 1000, ("tableware",), status="expired"),
    LicenceSpec("TCTM-SC-2025-006", "longquan-phoenix-vase", 1200, ("tableware", "home-decor", "scarves-textiles")),
    LicenceSpec(
        "TCTM-SC-2025-007", "dunhuang-bodhisattva-copy", 1500, ("scarves-textiles", "stationery"), territory="worldwide"
    ),
    LicenceSpec("TCTM-SC-2025-008", "han-jade-bi", 1300, ("jewellery", "home-decor")),
    LicenceSpec("TCTM-SC-2025-009", "shu-lacquer-ear-cup", 1200, ("tableware", "jewellery")),
    LicenceSpec("TCTM-SC-2025-010", "baodun-pottery-jar", 1000, ("tableware",)),
]
# fmt: on

CATEGORIES = [
    ("stationery", "Stationery", "文具"),
    ("tableware", "Tableware", "餐具茶器"),
    ("scarves-textiles", "Scarves & textiles", "丝巾织品"),
    ("home-decor", "Home décor", "家居装饰"),
    ("jewellery", "Jewellery", "首饰"),
    ("toys", "Toys & collectibles", "玩具潮玩"),
]


@dataclass(frozen=True)
class PersonSpec:
    email: str
    display_name: str
    role: str  # a Role value, or "admin"
    museum: str | None = None
    note: str = ""


PEOPLE = [
    PersonSpec("admin@bashu.example", "Site administrator", "admin", note="superuser: Django admin"),
    PersonSpec("customer@bashu.example", "Wang Fang 王芳", "customer", note="shopper"),
    PersonSpec("designer@bashu.example", "Lin Yue 林玥", "designer", note="designer portal"),
    PersonSpec("chen.hao@bashu.example", "Chen Hao 陈昊", "designer", note="designer"),
    PersonSpec("zhou.xiaoman@bashu.example", "Zhou Xiaoman 周小满", "designer", note="designer"),
    PersonSpec("curator@bashu.example", "He Jing 何静", "curator", note="reviews submissions; /admin/ catalogue"),
    PersonSpec(
        "staff.chongqing@bashu.example", "Liu Qiang 刘强", "museum_staff", museum=CHONGQING, note="Three Gorges Museum"
    ),
    PersonSpec("staff.sichuan@bashu.example", "Yang Li 杨丽", "museum_staff", museum=SICHUAN, note="Sichuan Museum"),
    PersonSpec("finance@bashu.example", "Zhao Min 赵敏", "finance", note="/finance/ and the admin ledger"),
    PersonSpec("ops@bashu.example", "Sun Lei 孙磊", "operations", note="ships, returns and refunds orders"),
]


@dataclass(frozen=True)
class VariantSpec:
    sku: str
    name_en: str
    name_zh: str
    price: Decimal
    stock: int


@dataclass(frozen=True)
class ProductSpec:
    slug: str
    name_en: str
    name_zh: str
    description_en: str
    description_zh: str
    category: str
    designer: str | None  # email, or None for a museum's own product
    designer_rate_bp: int
    usages: tuple[tuple[str, int], ...]  # (licence reference, weight bp)
    variants: tuple[VariantSpec, ...]
    mocks: tuple[str, ...]
    featured: bool = False


def _v(sku: str, name_en: str, name_zh: str, price: str, stock: int) -> VariantSpec:
    return VariantSpec(sku, name_en, name_zh, Decimal(price), stock)


# fmt: off
PRODUCTS = [
    ProductSpec(
        "tiger-chunyu-notebook", "Tiger Chunyu Notebook", "虎钮錞于笔记本",
        "A5 clothbound notebook printed with the crouching tiger of a Ba bell-drum, with an elastic closure.",
        "A5布面笔记本，印巴人錞于上的伏虎纹样，附松紧带。",
        "stationery", "designer@bashu.example", 800, (("TCTM-CQ-2025-001", 10_000),),
        (
            _v("BC-NB-TIGER-L", "A5 lined", "A5 横线", "48.00", 120),
            _v("BC-NB-TIGER-D", "A5 dotted", "A5 点阵", "48.00", 80),
        ),
        ("notebook",), featured=True,
    ),
    ProductSpec(
        "feast-and-battle-silk-scarf", "Feast & Battle Silk Scarf", "宴乐攻战纹真丝方巾",
        "Mulberry silk twill scarf repeating the registers of the inlaid bronze hu from Baihuatan.",
        "桑蚕丝斜纹方巾，重复排列百花潭嵌错铜壶的分层纹饰。",
        "scarves-textiles", "chen.hao@bashu.example", 1000, (("TCTM-SC-2025-001", 10_000),),
        (
            _v("BC-SC-HU-90", "90 × 90 cm", "90 × 90 厘米", "398.00", 25),
            _v("BC-SC-HU-55", "55 × 55 cm", "55 × 55 厘米", "268.00", 40),
        ),
        ("scarf",), featured=True,
    ),
    ProductSpec(
        "harvest-brick-tote", "Harvest Brick Tote Bag", "弋射收获帆布袋",
        "Heavy cotton canvas tote printed with archers and reapers from the Dayi portrait brick.",
        "厚棉帆布袋，印大邑画像砖上的弋射与收获图。",
        "scarves-textiles", "zhou.xiaoman@bashu.example", 800, (("TCTM-SC-2025-004", 10_000),),
        (_v("BC-TT-HARVEST", "Natural canvas", "本白帆布", "88.00", 60),),
        ("tote",),
    ),
    ProductSpec(
        "bird-zun-mug", "Bird Zun Porcelain Mug", "鸟形尊马克杯",
        "Bone china mug with the feather pattern of the Xiaotianxi bird-shaped zun. 350 ml.",
        "骨瓷马克杯，饰小田溪鸟形尊的羽纹。容量350毫升。",
        "tableware", "designer@bashu.example", 800, (("TCTM-CQ-2025-002", 10_000),),
        (_v("BC-MG-BIRD", "350 ml", "350毫升", "68.00", 100),),
        ("mug",),
    ),
    ProductSpec(
        "two-cities-dancers-cushion", "Two Cities Dancers Cushion", "两城乐舞抱枕",
        "Linen cushion cover pairing the long-sleeved dancer of Chongqing with Sichuan's harvest scene.",
        "亚麻抱枕套，将重庆乐舞画像砖的长袖舞者与四川收获图并置。",
        "home-decor", "chen.hao@bashu.example", 1000, (("TCTM-JT-2025-001", 7000), ("TCTM-SC-2025-004", 3000)),
        (_v("BC-CU-DANCE", "45 × 45 cm", "45 × 45 厘米", "158.00", 30),),
        ("cushion",), featured=True,
    ),
    ProductSpec(
        "daxi-spiral-plate", "Daxi Spiral Plate", "大溪旋纹瓷盘",
        "Porcelain plate with the black spirals of Daxi culture pottery, a design of both museums.",
        "瓷盘绘大溪文化彩陶的黑色旋纹，两馆联合授权设计。",
        "tableware", "zhou.xiaoman@bashu.example", 800, (("TCTM-JT-2025-002", 10_000),),
        (_v("BC-PL-DAXI-8", "8-inch", "8英寸", "128.00", 40), _v("BC-PL-DAXI-10", "10-inch", "10英寸", "168.00", 20)),
        ("plate",), featured=True,
    ),
    ProductSpec(
        "smiling-figurine-blind-box", "Smiling Figurine Blind Box", "笑俑盲盒公仔",
        "Vinyl collectible of the Zhongxian smiling figurine, one of six poses in each blind box.",
        "忠县笑俑搪胶公仔，盲盒共六款造型。",
        "toys", None, 0, (("TCTM-CQ-2025-005", 10_000),),
        (_v("BC-TY-SMILE", "Blind box", "盲盒", "59.00", 200),),
        ("figurine",), featured=True,
    ),
    ProductSpec(
        "money-tree-pendant", "Money Tree Pendant", "摇钱树吊坠",
        "Sterling silver pendant cut from a branch of the Eastern Han money tree.",
        "纯银吊坠，取东汉摇钱树枝叶造型。",
        "jewellery", "designer@bashu.example", 1000, (("TCTM-SC-2025-003", 10_000),),
        (
            _v("BC-JW-TREE-S", "Sterling silver", "纯银", "298.00", 15),
            _v("BC-JW-TREE-G", "Gilt silver", "银鎏金", "368.00", 10),
        ),
        ("pendant",),
    ),
    ProductSpec(
        "jade-bi-pendant", "Jade Bi Pendant", "谷纹玉璧吊坠",
        "A small nephrite bi disc with a carved grain pattern on a silk cord.",
        "和田青玉小璧，琢谷纹，配丝绳。",
        "jewellery", "chen.hao@bashu.example", 1000, (("TCTM-SC-2025-008", 10_000),),
        (_v("BC-JW-BI", "On silk cord", "丝绳款", "238.00", 20),),
        ("pendant",),
    ),
    ProductSpec(
        "qionglai-green-tea-cup", "Qionglai Green Glaze Tea Cup", "邛窑青釉茶杯",
        "A stoneware tea cup glazed in the green of the Tang-dynasty Qionglai kilns.",
        "炻器茶杯，施唐代邛窑青釉色。",
        "tableware", "zhou.xiaoman@bashu.example", 800, (("TCTM-SC-2024-011", 10_000),),
        (_v("BC-TC-QIONG", "Single cup", "单杯", "88.00", 50),),
        ("mug",),
    ),
    ProductSpec(
        "dunhuang-bodhisattva-bookmarks", "Dunhuang Bodhisattva Bookmarks", "敦煌菩萨书签",
        "Set of three paper bookmarks after Zhang Daqian's copy of a Dunhuang bodhisattva.",
        "三枚纸质书签，取自张大千临摹的敦煌菩萨像。",
        "stationery", None, 0, (("TCTM-SC-2025-007", 10_000),),
        (_v("BC-BM-DUNHUANG", "Set of 3", "三枚装", "36.00", 300),),
        ("bookmark",), featured=True,
    ),
    ProductSpec(
        "salt-well-notebook", "Salt Well Brick Notebook", "盐井画像砖笔记本",
        "Kraft-paper notebook with the brine-well brick, licensed jointly by both museums.",
        "牛皮纸笔记本，印盐井画像砖，由两馆联合授权。",
        "stationery", "zhou.xiaoman@bashu.example", 800, (("TCTM-JT-2025-003", 10_000),),
        (_v("BC-NB-SALT", "A5 blank", "A5 空白", "42.00", 90),),
        ("notebook",),
    ),
    ProductSpec(
        "lacquer-red-plate", "Lacquer Red Ear Cup Plate", "朱漆耳杯纹瓷盘",
        "Porcelain plate in lacquer red and black with the cloud scrolls of a Shu ear cup.",
        "瓷盘以朱、黑二色绘蜀郡漆耳杯云纹。",
        "tableware", "chen.hao@bashu.example", 1000, (("TCTM-SC-2025-009", 10_000),),
        (_v("BC-PL-LACQ-2", "Set of 2", "两只装", "148.00", 0), _v("BC-PL-LACQ-1", "Single", "单只", "88.00", 12)),
        ("plate",),
    ),
    ProductSpec(
        "longquan-celadon-scarf", "Longquan Celadon Silk Scarf", "龙泉青瓷丝巾",
        "Silk chiffon scarf dyed in celadon green with the phoenix-handled vase.",
        "真丝雪纺丝巾，染龙泉青瓷色，饰凤耳瓶图案。",
        "scarves-textiles", "designer@bashu.example", 900, (("TCTM-SC-2025-006", 10_000),),
        (_v("BC-SC-LQ", "180 × 60 cm", "180 × 60 厘米", "328.00", 18),),
        ("scarf",),
    ),
    ProductSpec(
        "tushan-black-glaze-mug", "Tushan Black Glaze Mug", "涂山窑黑釉杯",
        "A stoneware mug in the hare's-fur black glaze of Chongqing's Song-dynasty Tushan kilns.",
        "炻器杯，施重庆宋代涂山窑兔毫黑釉。",
        "tableware", "zhou.xiaoman@bashu.example", 800, (("TCTM-CQ-2025-006", 10_000),),
        (_v("BC-MG-TUSHAN", "300 ml", "300毫升", "78.00", 45),),
        ("mug",),
    ),
    ProductSpec(
        "ba-sword-bookmark", "Ba–Shu Sword Bookmark", "巴蜀柳叶剑书签",
        "Brass bookmark in the shape of a willow-leaf sword, etched with a tiger emblem.",
        "黄铜书签，作柳叶形剑，蚀刻虎纹。",
        "stationery", None, 0, (("TCTM-SC-2025-002", 10_000),),
        (_v("BC-BM-SWORD", "Brass", "黄铜", "28.00", 150),),
        ("bookmark",),
    ),
]
# fmt: on
