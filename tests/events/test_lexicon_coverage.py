"""Coverage of the trigger lexicon: every CAMEO code has a rule, and a sentence of our own
for every code is coded to exactly that code, with the expected source and target countries.

The sentences are written for these tests (real country names, so that the actor gazetteer
resolves both sides). Each one is simple on purpose: it checks that the lexicon maps the
trigger and its condition to the right code, not the coder's handling of hard syntax.
A sentence marked ``xfail`` shows a limitation of the coder (not of the lexicon); its reason
says what the coder would need. They are strict: once the coder is fixed, remove the mark.
"""

from __future__ import annotations

import pytest

from communique import code_text
from communique.events.lexicon import Lexicon
from communique.events.ontology import all_codes

DATE = "2022-03-01"


def coder_limit(reason: str):
    return pytest.mark.xfail(reason=f"coder limitation: {reason}", strict=True)


# (code, sentence, source ISO3, target ISO3)
CASES = [
    # -- 01 make a public statement --
    ("01", "Japan made a statement on Brazil's election.", "JPN", "BRA"),
    ("010", "Japan issued a statement on Brazil's election.", "JPN", "BRA"),
    ("011", "Japan declined comment on Brazil's election.", "JPN", "BRA"),
    ("012", "Japan expressed concern at Brazil's nuclear programme.", "JPN", "BRA"),
    ("013", "Japan expressed confidence in Brazil's economic recovery.", "JPN", "BRA"),
    ("014", "Japan considered Brazil's proposal.", "JPN", "BRA"),
    ("015", "Japan admitted responsibility for the sinking of a Brazilian fishing boat.", "JPN", "BRA"),
    ("016", "Japan denied Brazil's allegations of spying.", "JPN", "BRA"),
    ("017", "The Brazilian president laid a wreath at the Japanese war memorial.", "BRA", "JPN"),
    ("018", "Japan offered condolences to Brazil after the floods.", "JPN", "BRA"),
    ("019", "Japan agreed with Brazil's assessment of the crisis.", "JPN", "BRA"),
    # -- 02 appeal --
    ("02", "Kenya made a plea to Japan.", "KEN", "JPN"),
    ("020", "Kenya urged Japan to act.", "KEN", "JPN"),
    ("021", "Kenya sought a partnership with Japan.", "KEN", "JPN"),
    ("0211", "Kenya appealed to Japan for more investment.", "KEN", "JPN"),
    ("0212", "Kenya appealed to Japan for defence cooperation.", "KEN", "JPN"),
    ("0213", "Kenya asked Japan for the extradition of a fugitive businessman.", "KEN", "JPN"),
    ("0214", "Kenya asked Japan for intelligence on the attack.", "KEN", "JPN"),
    ("022", "Kenya asked Japan for diplomatic support.", "KEN", "JPN"),
    ("023", "Kenya appealed to Japan for assistance.", "KEN", "JPN"),
    ("0231", "Kenya appealed to Japan for a loan.", "KEN", "JPN"),
    ("0232", "Ukraine appealed to Germany for weapons.", "UKR", "DEU"),
    ("0233", "Somalia appealed to Kenya for food and medicine.", "SOM", "KEN"),
    ("0234", "Mali asked France for peacekeepers.", "MLI", "FRA"),
    ("024", "Japan urged political reforms in Myanmar.", "JPN", "MMR"),
    ("0241", "Japan urged the resignation of Belarus's president.", "JPN", "BLR"),
    ("0242", "Japan urged a review of Brazil's deforestation policy.", "JPN", "BRA"),
    ("0243", "Japan pressed Myanmar on human rights.", "JPN", "MMR"),
    ("0244", "Japan urged a democratic transition in Myanmar.", "JPN", "MMR"),
    ("025", "Japan urged concessions from Brazil.", "JPN", "BRA"),
    ("0251", "Kenya sought an exemption from Japan's travel ban.", "KEN", "JPN"),
    ("0252", "Japan urged calm in Brazil.", "JPN", "BRA"),
    ("0253", "Japan appealed to Myanmar for the release of a Japanese journalist.", "JPN", "MMR"),
    ("0254", "Iran appealed to Japan for sanctions relief.", "IRN", "JPN"),
    ("0255", "Kenya appealed to Ethiopia for humanitarian access.", "KEN", "ETH"),
    ("0256", "Japan called for a Russian withdrawal from Ukraine.", "JPN", "RUS"),
    ("026", "Japan urged dialogue between Brazil and Argentina.", "JPN", "BRA"),
    ("027", "Japan urged a peaceful resolution of its dispute with China.", "JPN", "CHN"),
    ("028", "Sudan asked Egypt for mediation.", "SDN", "EGY"),
    # -- 03 express intent to cooperate --
    ("03", "Japan gave assurances to Kenya.", "JPN", "KEN"),
    ("030", "Japan agreed with Kenya to expand trade.", "JPN", "KEN"),
    ("031", "Japan offered technology to Kenya.", "JPN", "KEN"),
    ("0311", "Japan pledged investment to Kenya.", "JPN", "KEN"),
    ("0312", "Japan offered military training to Kenya.", "JPN", "KEN"),
    ("0313", "Japan agreed to extradite the suspects to Kenya.", "JPN", "KEN"),
    ("0314", "Japan offered intelligence to Kenya.", "JPN", "KEN"),
    ("032", "Japan pledged diplomatic support to Kenya.", "JPN", "KEN"),
    ("033", "Japan offered aid to Kenya.", "JPN", "KEN"),
    ("0331", "Japan pledged a loan to Kenya.", "JPN", "KEN"),
    ("0332", "Germany promised tanks to Ukraine.", "DEU", "UKR"),
    ("0333", "Japan offered food and medicine to Kenya.", "JPN", "KEN"),
    ("0334", "Kenya offered peacekeepers to Somalia.", "KEN", "SOM"),
    ("034", "Kenya promised reforms to Japan.", "KEN", "JPN"),
    ("0341", "Mali pledged early elections to France.", "MLI", "FRA"),
    ("0342", "Japan promised Brazil a review of its visa policy.", "JPN", "BRA"),
    ("0343", "Kenya promised more rights to Ugandan refugees.", "KEN", "UGA"),
    ("0344", "Mali promised France a new constitution.", "MLI", "FRA"),
    ("035", "Japan offered concessions to Brazil.", "JPN", "BRA"),
    ("0351", "Japan offered visa waivers to Brazil.", "JPN", "BRA"),
    ("0352", "Kenyan unions promised calm to Japanese investors.", "KEN", "JPN"),
    ("0353", "Russia promised the release of American prisoners.", "RUS", "USA"),
    ("0354", "The United States offered sanctions relief to Iran.", "USA", "IRN"),
    ("0355", "Ethiopia promised access to Kenyan aid agencies.", "ETH", "KEN"),
    ("0356", "Russia offered a ceasefire to Ukraine.", "RUS", "UKR"),
    ("036", "Japan proposed talks with Brazil.", "JPN", "BRA"),
    ("037", "Ethiopia offered a settlement to Eritrea.", "ETH", "ERI"),
    ("038", "Ethiopia accepted Kenyan mediation.", "ETH", "KEN"),
    ("039", "Kenya offered mediation to Ethiopia.", "KEN", "ETH"),
    # -- 04 consult --
    ("04", "Japan held contacts with Brazil.", "JPN", "BRA"),
    ("040", "Japan's foreign minister met his Brazilian counterpart.", "JPN", "BRA"),
    ("041", "Japan's prime minister phoned Brazil's president.", "JPN", "BRA"),
    ("042", "The Japanese prime minister visited Brazil.", "JPN", "BRA"),
    ("043", "Japan hosted the Brazilian president.", "JPN", "BRA"),
    ("044", "Japan's prime minister met Brazil's president on the sidelines of the G20 summit.", "JPN", "BRA"),
    ("045", "Kenya mediated talks between Ethiopia and Eritrea.", "KEN", "ETH"),
    ("046", "Japan negotiated with Brazil.", "JPN", "BRA"),
    # -- 05 engage in diplomatic cooperation --
    ("05", "Japan sought a rapprochement with Brazil.", "JPN", "BRA"),
    ("050", "Japan restored diplomatic ties with Brazil.", "JPN", "BRA"),
    ("051", "Japan praised Brazil.", "JPN", "BRA"),
    ("052", "Japan defended Brazil's decision.", "JPN", "BRA"),
    ("053", "Japan rallied international support for Ukraine.", "JPN", "UKR"),
    ("054", "Japan established diplomatic relations with Bhutan.", "JPN", "BTN"),
    ("055", "Japan apologized to South Korea.", "JPN", "KOR"),
    ("056", "Kenya forgave Uganda.", "KEN", "UGA"),
    ("057", "Japan signed a trade agreement with Brazil.", "JPN", "BRA"),
    # -- 06 engage in material cooperation --
    ("06", "Japan formed a joint venture with Brazil.", "JPN", "BRA"),
    ("060", "Japan cooperated with Brazil on a space project.", "JPN", "BRA"),
    ("061", "Japan bought soybeans from Brazil.", "JPN", "BRA"),
    ("062", "Japan held joint naval exercises with India.", "JPN", "IND"),
    ("063", "Japan extradited a fugitive banker to Brazil.", "JPN", "BRA"),
    ("064", "Japan shared intelligence with Brazil.", "JPN", "BRA"),
    # -- 07 provide aid --
    ("07", "Japan made a donation to Kenya.", "JPN", "KEN"),
    ("070", "Japan provided aid to Kenya.", "JPN", "KEN"),
    ("071", "Japan lent Kenya $500 million.", "JPN", "KEN"),
    ("072", "Germany sent tanks to Ukraine.", "DEU", "UKR"),
    ("073", "Japan sent food and medicine to Kenya.", "JPN", "KEN"),
    ("074", "Japan sent peacekeepers to South Sudan.", "JPN", "SSD"),
    ("075", "Ecuador granted asylum to a British activist.", "ECU", "GBR"),
    # -- 08 yield --
    ("08", "Japan capitulated to Brazil.", "JPN", "BRA"),
    ("080", "Japan made concessions to Brazil.", "JPN", "BRA"),
    ("081", "Japan eased travel restrictions on Brazilian citizens.", "JPN", "BRA"),
    ("0811", "Kenya lifted censorship of Ugandan newspapers.", "KEN", "UGA"),
    ("0812", "Kenya unbanned the Ugandan opposition party.", "KEN", "UGA"),
    ("0813", "Kenya lifted the curfew on Ugandan traders.", "KEN", "UGA"),
    ("0814", "Thailand lifted martial law on the Cambodian border.", "THA", "KHM"),
    ("082", "Kenyan traders called off their boycott of Japanese goods.", "KEN", "JPN"),
    ("083", "Kenya acceded to Japanese demands for reform.", "KEN", "JPN"),
    ("0831", "Britain transferred power to Kenya.", "GBR", "KEN"),
    ("0832", "Japan reversed its policy on Brazilian beef.", "JPN", "BRA"),
    ("0833", "Kenya granted voting rights to Ugandan residents.", "KEN", "UGA"),
    ("0834", "Britain restored constitutional rule to Kenya.", "GBR", "KEN"),
    ("084", "Japan handed back the seized cargo to Brazil.", "JPN", "BRA"),
    ("0841", "Russia freed two American prisoners.", "RUS", "USA"),
    ("0842", "Japan returned the seized ship to Brazil.", "JPN", "BRA"),
    ("085", "The United States lifted sanctions on Venezuela.", "USA", "VEN"),
    ("086", "Belarus accepted a Polish monitoring mission.", "BLR", "POL"),
    ("0861", "South Sudan accepted Kenyan peacekeepers.", "SSD", "KEN"),
    ("0862", "Iran allowed Japanese inspectors into its nuclear sites.", "IRN", "JPN"),
    ("0863", "Russia opened a humanitarian corridor for Ukrainian civilians.", "RUS", "UKR"),
    ("087", "Japan eased military tensions with China.", "JPN", "CHN"),
    ("0871", "Armenia declared a ceasefire with Azerbaijan.", "ARM", "AZE"),
    ("0872", "Russia lifted the siege of the Ukrainian city.", "RUS", "UKR"),
    ("0873", "Uganda disbanded its militias on the Kenyan border.", "UGA", "KEN"),
    ("0874", "Russia withdrew its troops from Georgia.", "RUS", "GEO"),
    # -- 09 investigate --
    ("09", "Japan increased its scrutiny of the Brazilian firm.", "JPN", "BRA"),
    ("090", "Japan investigated the Brazilian company.", "JPN", "BRA"),
    ("091", "Japan investigated fraud by Brazilian officials.", "JPN", "BRA"),
    ("092", "Japan investigated abuses by Brazilian police.", "JPN", "BRA"),
    ("093", "Japan investigated the Chinese military incursion.", "JPN", "CHN"),
    ("094", "Japan investigated Russian atrocities in Ukraine.", "JPN", "RUS"),
    # -- 10 demand --
    ("10", "Japan repeated its insistence on Brazil's compliance.", "JPN", "BRA"),
    ("100", "Japan demanded an explanation from Brazil.", "JPN", "BRA"),
    ("101", "Kenya demanded cooperation from Japan.", "KEN", "JPN"),
    ("1011", "Japan demanded more investment from Brazil.", "JPN", "BRA"),
    ("1012", "Russia demanded joint military exercises with Belarus.", "RUS", "BLR"),
    ("1013", "Japan demanded the extradition of a Brazilian fugitive.", "JPN", "BRA"),
    ("1014", "Japan demanded information from Brazil.", "JPN", "BRA"),
    ("102", "Kenya demanded support from Japan.", "KEN", "JPN"),
    ("103", "Somalia demanded aid from Kenya.", "SOM", "KEN"),
    ("1031", "Japan demanded compensation from Brazil.", "JPN", "BRA"),
    ("1032", "Ukraine demanded weapons from Germany.", "UKR", "DEU"),
    ("1033", "Somalia demanded food from Kenya.", "SOM", "KEN"),
    ("1034", "Mali demanded peacekeepers from France.", "MLI", "FRA"),
    ("104", "Japan demanded reforms from Myanmar.", "JPN", "MMR"),
    ("1041", "Japan demanded the resignation of Belarus's president.", "JPN", "BLR"),
    ("1042", "Japan demanded a review of Brazil's deforestation policy.", "JPN", "BRA"),
    ("1043", "Japan demanded freedoms for Myanmar's journalists.", "JPN", "MMR"),
    ("1044", "Japan demanded a democratic transition in Myanmar.", "JPN", "MMR"),
    ("105", "Japan demanded concessions from Brazil.", "JPN", "BRA"),
    ("1051", "Kenya demanded an exemption from Japan's travel ban.", "KEN", "JPN"),
    ("1052", "Brazil demanded calm from Japanese protesters.", "BRA", "JPN"),
    ("1053", "Japan demanded the release of a Japanese journalist from Myanmar.", "JPN", "MMR"),
    ("1054", "Iran insisted on sanctions relief from the United States.", "IRN", "USA"),
    ("1055", "Kenya demanded humanitarian access from Ethiopia.", "KEN", "ETH"),
    ("1056", "Japan demanded a Russian withdrawal from Ukraine.", "JPN", "RUS"),
    ("106", "Kenya demanded talks with Ethiopia.", "KEN", "ETH"),
    ("107", "Japan demanded a peaceful settlement of the dispute with China.", "JPN", "CHN"),
    ("108", "Sudan demanded mediation from Egypt.", "SDN", "EGY"),
    # -- 11 disapprove --
    ("11", "Japan signalled its disapproval of Brazil's plan.", "JPN", "BRA"),
    ("110", "Japan objected to Brazil's plan.", "JPN", "BRA"),
    ("111", "Japan criticized Brazil.", "JPN", "BRA"),
    ("112", "Japan accused Brazil of lying.", "JPN", "BRA"),
    ("1121", "Japan accused Brazil of corruption.", "JPN", "BRA"),
    ("1122", "Japan accused Myanmar of human rights abuses.", "JPN", "MMR"),
    ("1123", "Japan accused China of aggression.", "JPN", "CHN"),
    ("1124", "Ukraine accused Russia of war crimes.", "UKR", "RUS"),
    ("1125", "Japan accused China of espionage.", "JPN", "CHN"),
    ("113", "Japan lobbied against Brazil's bid.", "JPN", "BRA"),
    ("114", "Japan lodged a formal complaint with Brazil.", "JPN", "BRA"),
    ("115", "Ukraine sued Russia at the International Court of Justice.", "UKR", "RUS"),
    ("116", "A Japanese court convicted a Brazilian national of spying.", "JPN", "BRA"),
    # -- 12 reject --
    ("12", "Japan confirmed its refusal of Brazil's offer.", "JPN", "BRA"),
    ("120", "Japan rejected Brazil's proposal.", "JPN", "BRA"),
    ("121", "Japan rejected a partnership with Russia.", "JPN", "RUS"),
    ("1211", "Japan rejected Chinese investment.", "JPN", "CHN"),
    ("1212", "Japan rejected a military alliance with Russia.", "JPN", "RUS"),
    ("1213", "Japan refused the extradition of a Brazilian fugitive.", "JPN", "BRA"),
    ("122", "Japan denied Brazil assistance.", "JPN", "BRA"),
    ("1221", "Japan denied Brazil a loan.", "JPN", "BRA"),
    ("1222", "Germany denied Ukraine fighter jets.", "DEU", "UKR"),
    ("1223", "Ethiopia denied Eritrea food and medicine.", "ETH", "ERI"),
    ("1224", "France denied Mali military protection.", "FRA", "MLI"),
    ("123", "Kenya rejected Japan's proposed reforms.", "KEN", "JPN"),
    ("1231", "The Kenyan president rejected Japan's proposed early elections.", "KEN", "JPN"),
    ("1232", "Japan rejected Brazil's proposed policy review.", "JPN", "BRA"),
    ("1233", "Kenya rejected greater rights for Ugandan migrants.", "KEN", "UGA"),
    ("1234", "Myanmar rejected Japan's proposed democratic transition.", "MMR", "JPN"),
    ("124", "Japan ruled out concessions to Brazil.", "JPN", "BRA"),
    ("1241", "Japan refused an exemption to Brazilian travellers.", "JPN", "BRA"),
    ("1242", "Kenyan unions refused to call off their strike against Japanese firms.", "KEN", "JPN"),
    ("1243", "Russia refused the release of American prisoners.", "RUS", "USA"),
    ("1244", "The United States ruled out sanctions relief for Iran.", "USA", "IRN"),
    ("1245", "Ethiopia denied Kenyan aid agencies access.", "ETH", "KEN"),
    ("1246", "Russia rejected a ceasefire with Ukraine.", "RUS", "UKR"),
    ("125", "Kenya rejected talks with Ethiopia.", "KEN", "ETH"),
    ("126", "Ethiopia rejected Kenyan mediation.", "ETH", "KEN"),
    ("127", "Ethiopia rejected a settlement with Eritrea.", "ETH", "ERI"),
    ("128", "Russia violated Finland's airspace.", "RUS", "FIN"),
    ("129", "Russia vetoed a resolution on Ukraine.", "RUS", "UKR"),
    # -- 13 threaten --
    ("13", "Japan issued a warning to Brazil.", "JPN", "BRA"),
    ("130", "Japan threatened Brazil.", "JPN", "BRA"),
    ("131", "Japan threatened countermeasures against Brazil.", "JPN", "BRA"),
    ("1311", "Japan threatened Kenya with aid cuts.", "JPN", "KEN"),
    ("1312", "Japan threatened sanctions against Brazil.", "JPN", "BRA"),
    ("1313", "Japan threatened Kenya with a diplomatic rupture.", "JPN", "KEN"),
    ("132", "Japan threatened restrictions on Brazilian journalists.", "JPN", "BRA"),
    ("1321", "Kenya threatened Ugandan newspapers with censorship.", "KEN", "UGA"),
    ("1322", "Kenya threatened the Ugandan opposition party with a ban.", "KEN", "UGA"),
    ("1323", "Kenya threatened Ugandan traders with a curfew.", "KEN", "UGA"),
    ("1324", "Thailand threatened martial law on the Cambodian border.", "THA", "KHM"),
    ("133", "Kenyan unions threatened a strike against Japanese firms.", "KEN", "JPN"),
    ("134", "Kenya threatened a walkout from talks with Ethiopia.", "KEN", "ETH"),
    ("135", "Qatar threatened to suspend its mediation between Israel and Lebanon.", "QAT", "ISR"),
    ("136", "Mali threatened the expulsion of French peacekeepers.", "MLI", "FRA"),
    ("137", "The Kenyan government threatened a crackdown on Ugandan protesters.", "KEN", "UGA"),
    ("138", "Japan threatened military action against China.", "JPN", "CHN"),
    ("1381", "Russia threatened a blockade of Ukrainian ports.", "RUS", "UKR"),
    ("1382", "Russia threatened an invasion of Georgia.", "RUS", "GEO"),
    ("1383", "Somali militants threatened bombings against Kenyan hotels.", "SOM", "KEN"),
    ("1384", "Russia threatened an attack on Ukraine.", "RUS", "UKR"),
    ("1385", "Russia threatened Ukraine with nuclear weapons.", "RUS", "UKR"),
    ("139", "Japan issued an ultimatum to Brazil.", "JPN", "BRA"),
    # -- 14 protest --
    ("14", "Kenyan activists organized unrest against Uganda.", "KEN", "UGA"),
    ("140", "Kenyan students protested against Uganda.", "KEN", "UGA"),
    ("141", "Kenyan protesters demonstrated against Uganda.", "KEN", "UGA"),
    ("1411", "Kenyan protesters demonstrated for the ouster of Uganda's president.", "KEN", "UGA"),
    ("1412", "Kenyan farmers demonstrated against Ugandan trade policy.", "KEN", "UGA"),
    ("1413", "Kenyan students demonstrated for the rights of Ugandan workers.", "KEN", "UGA"),
    ("1414", "Kenyan students demonstrated for democracy in Uganda.", "KEN", "UGA"),
    ("142", "Kenyan detainees began a hunger strike in a Ugandan prison.", "KEN", "UGA"),
    ("1421", "Kenyan detainees began a hunger strike for the removal of Uganda's prison chief.", "KEN", "UGA"),
    ("1422", "Kenyan detainees began a hunger strike against Ugandan deportation policy.", "KEN", "UGA"),
    ("1423", "Kenyan detainees began a hunger strike for the rights of Ugandan prisoners.", "KEN", "UGA"),
    ("1424", "Kenyan detainees began a hunger strike for democracy in Uganda.", "KEN", "UGA"),
    ("143", "Kenya boycotted the Ugandan trade fair.", "KEN", "UGA"),
    ("1431", "Kenyan workers staged a general strike for the removal of the Ugandan manager.", "KEN", "UGA"),
    ("1432", "Kenyan dock workers staged a general strike against Ugandan port policy.", "KEN", "UGA"),
    ("1433", "Kenyan workers staged a general strike for the rights of Ugandan migrants.", "KEN", "UGA"),
    ("1434", "Kenyan workers staged a general strike for democracy in Uganda.", "KEN", "UGA"),
    ("144", "Kenyan truckers blocked the border crossing with Uganda.", "KEN", "UGA"),
    ("1441", "Kenyan farmers blocked the highway for the resignation of Uganda's trade minister.", "KEN", "UGA"),
    ("1442", "Kenyan farmers blocked the border crossing against Ugandan tariffs.", "KEN", "UGA"),
    ("1443", "Kenyan farmers blocked the highway for the rights of Ugandan migrants.", "KEN", "UGA"),
    ("1444", "Kenyan students blocked the highway for democracy in Uganda.", "KEN", "UGA"),
    ("145", "Kenyan protesters stormed the Ugandan embassy.", "KEN", "UGA"),
    ("1451", "Kenyan protesters rioted for the ouster of Uganda's president.", "KEN", "UGA"),
    ("1452", "Kenyan protesters rioted against Ugandan fuel tariffs.", "KEN", "UGA"),
    ("1453", "Kenyan protesters rioted for the rights of Ugandan migrants.", "KEN", "UGA"),
    ("1454", "Kenyan protesters rioted for democracy in Uganda.", "KEN", "UGA"),
    # -- 15 exhibit force posture --
    ("15", "China stepped up its brinkmanship against Japan.", "CHN", "JPN"),
    ("150", "China deployed warships to the Japanese coast.", "CHN", "JPN"),
    ("151", "Kenya put its police on alert at the Ugandan border.", "KEN", "UGA"),
    ("152", "Japan put its troops on high alert at the border with China.", "JPN", "CHN"),
    ("153", "Kenya deployed police to the Ugandan border.", "KEN", "UGA"),
    ("154", "Russia massed troops on the border with Ukraine.", "RUS", "UKR"),
    ("155", "Russia mobilized hackers against Ukraine.", "RUS", "UKR"),
    # -- 16 reduce relations --
    ("16", "Japan announced a rupture with Brazil.", "JPN", "BRA"),
    ("160", "Japan suspended cooperation with Brazil.", "JPN", "BRA"),
    ("161", "Japan severed diplomatic ties with Brazil.", "JPN", "BRA"),
    ("162", "Japan suspended aid to Kenya.", "JPN", "KEN"),
    ("1621", "The United States withheld loans from Kenya.", "USA", "KEN"),
    ("1622", "Germany withheld weapons from Turkey.", "DEU", "TUR"),
    ("1623", "Ethiopia withheld food and medicine from Eritrea.", "ETH", "ERI"),
    ("163", "The United States imposed sanctions on Iran.", "USA", "IRN"),
    ("164", "Kenya suspended talks with Ethiopia.", "KEN", "ETH"),
    ("165", "Qatar suspended its mediation between Israel and Lebanon.", "QAT", "ISR"),
    ("166", "Kenya expelled the Ugandan delegation.", "KEN", "UGA"),
    ("1661", "Mali expelled French peacekeepers.", "MLI", "FRA"),
    ("1662", "Iran expelled Japanese inspectors.", "IRN", "JPN"),
    ("1663", "Ethiopia expelled Kenyan aid agencies.", "ETH", "KEN"),
    # -- 17 coerce --
    ("17", "China stepped up its coercion of Lithuania.", "CHN", "LTU"),
    ("170", "China harassed Philippine fishermen.", "CHN", "PHL"),
    ("171", "Iran seized a British tanker.", "IRN", "GBR"),
    ("1711", "Venezuela nationalized American oil companies.", "VEN", "USA"),
    ("1712", "Russian troops destroyed Ukrainian grain silos.", "RUS", "UKR"),
    ("172", "Kenya revoked the licence of a Ugandan broadcaster.", "KEN", "UGA"),
    ("1721", "Russia blocked Ukrainian news websites.", "RUS", "UKR"),
    ("1722", "Kenya outlawed the Ugandan opposition movement.", "KEN", "UGA"),
    ("1723", "Kenyan police imposed a curfew on Ugandan refugees.", "KEN", "UGA"),
    ("1724", "Thailand declared martial law on the Cambodian border.", "THA", "KHM"),
    ("173", "Kenyan police arrested Ugandan journalists.", "KEN", "UGA"),
    ("174", "Kenya deported Ugandan migrants.", "KEN", "UGA"),
    ("175", "Belarus cracked down on Polish activists.", "BLR", "POL"),
    ("176", "Russia hacked Ukrainian government servers.", "RUS", "UKR"),
    # -- 18 assault --
    ("18", "Ugandan militias stepped up violence against Kenyan traders.", "UGA", "KEN"),
    ("180", "Somali militants carried out a terrorist attack on Kenyan tourists.", "SOM", "KEN"),
    ("181", "Somali militants kidnapped Kenyan aid workers.", "SOM", "KEN"),
    ("182", "Ugandan police beat Kenyan journalists.", "UGA", "KEN"),
    ("1821", "Russian soldiers raped Ukrainian women.", "RUS", "UKR"),
    ("1822", "Syrian guards tortured Lebanese detainees.", "SYR", "LBN"),
    ("1823", "Ugandan agents beat a Kenyan journalist to death.", "UGA", "KEN"),
    ("183", "Somali militants carried out a bombing in Kenya.", "SOM", "KEN"),
    ("1831", "Somali militants carried out a suicide bombing in Kenya.", "SOM", "KEN"),
    ("1832", "Somali militants carried out a car bombing in Kenya.", "SOM", "KEN"),
    ("1833", "Somali militants carried out a roadside bombing in Kenya.", "SOM", "KEN"),
    ("1834", "Somali militants planted a bomb at a Kenyan hotel.", "SOM", "KEN"),
    ("184", "Russia used Ukrainian civilians as human shields.", "RUS", "UKR"),
    ("185", "Ugandan agents made an assassination attempt on the Kenyan president.", "UGA", "KEN"),
    ("186", "Ugandan agents assassinated a Kenyan opposition leader.", "UGA", "KEN"),
    # -- 19 fight --
    ("19", "Heavy fighting between India and Pakistan erupted on Monday.", "IND", "PAK"),
    ("190", "Indian troops killed Pakistani soldiers.", "IND", "PAK"),
    ("191", "Russia blockaded Ukrainian ports.", "RUS", "UKR"),
    ("192", "Russia occupied Ukrainian territory.", "RUS", "UKR"),
    ("193", "Indian troops opened fire on Pakistani soldiers.", "IND", "PAK"),
    ("194", "Russian forces shelled Ukrainian positions.", "RUS", "UKR"),
    ("195", "Israel bombed Syrian military sites.", "ISR", "SYR"),
    ("1951", "The United States carried out precision strikes on Syrian targets.", "USA", "SYR"),
    ("1952", "Azerbaijan carried out drone strikes on Armenian positions.", "AZE", "ARM"),
    ("196", "Armenia violated the ceasefire with Azerbaijan.", "ARM", "AZE"),
    # -- 20 use unconventional mass violence --
    ("20", "Serbian forces unleashed mass violence against Bosnian civilians.", "SRB", "BIH"),
    ("200", "Serbian forces committed atrocities against Bosnian civilians.", "SRB", "BIH"),
    ("201", "Myanmar expelled thousands of Bangladeshi villagers.", "MMR", "BGD"),
    ("202", "Serbian forces massacred Bosnian men.", "SRB", "BIH"),
    ("203", "The Sudanese army carried out ethnic cleansing against Chadian villagers.", "SDN", "TCD"),
    ("204", "Syria used weapons of mass destruction against Turkey.", "SYR", "TUR"),
    ("2041", "Iraq gassed Iranian soldiers.", "IRQ", "IRN"),
    ("2042", "The United States dropped an atomic bomb on Japan.", "USA", "JPN"),
]


def _is_param(case) -> bool:
    return hasattr(case, "marks")


def _code_of(case) -> str:
    return case.values[0] if _is_param(case) else case[0]


def test_every_cameo_code_has_a_rule():
    covered = Lexicon.default().codes()
    missing = [c.code for c in all_codes() if c.code not in covered]
    assert not missing, f"codes with no trigger rule: {missing}"


def test_every_cameo_code_has_a_test_sentence():
    listed = [_code_of(c) for c in CASES]
    assert len(listed) == len(set(listed)), "one sentence per code"
    assert set(listed) == {c.code for c in all_codes()}


def test_few_sentences_wait_on_the_coder():
    xfails = [c for c in CASES if _is_param(c)]
    assert len(xfails) <= 0.15 * len(CASES)


@pytest.mark.parametrize("code, sentence, source, target", CASES)
def test_sentence_is_coded_to_exactly_its_code(code, sentence, source, target):
    events = code_text(sentence, date=DATE)
    got = sorted({(e.source.country, e.cameo, e.target.country) for e in events})
    assert (source, code, target) in got, got
    assert {e.cameo for e in events} == {code}, got
