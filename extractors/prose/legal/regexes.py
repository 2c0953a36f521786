"""The patterns of legal references, as eyecite keeps them: one place, each alternative
with a comment and a printed example. Codes, kinds of texts and texts known by their name
are data (`legal.jsonl` beside this module); the patterns here are built from it."""
from __future__ import annotations

import json
import re
from pathlib import Path

from extractors.dates import MONTH
from ontology import legal_texts

DATA = [json.loads(line) for line in
        (Path(__file__).with_name("legal.jsonl")).read_text(encoding="utf-8").splitlines() if line.strip()]
CODES = [d for d in DATA if d["type"] == "code"]          # {"code": "CSS", "pattern": …}
# the Légifrance id of each code: one source, the reference table ontology/legal_texts.jsonl
LEGITEXT = {code: d["legitext"] for code, d in legal_texts.codes().items()}
INFER = [(re.compile(d["pattern"]), d["code"]) for d in DATA if d["type"] == "infer"]
KINDS = [d for d in DATA if d["type"] == "kind"]          # loi, décret, arrêté, décision, délibération…
NAMED = [d for d in DATA if d["type"] == "named"]         # `loi HPST`, `loi ASV`
ANNUAL = [d for d in DATA if d["type"] == "annual"]       # `loi de financement de la sécurité sociale pour 2016`

SP = r"[\s\u00a0\u202f]"

# ------------------------------------------------------------------ code articles

# one code name, as printed; the group `code_<CODE>` tells which
#   `code de la sécurité sociale` (code_CSS), `CASF` (code_CASF)
CODE_RE = "|".join(f"(?P<code_{d['code']}>(?i:{d['pattern']}))" if not d["pattern"].isupper()
                   else f"(?P<code_{d['code']}>{d['pattern']})" for d in CODES)
CODE_ALT = "(?:" + "|".join(f"(?i:{d['pattern']})" for d in CODES) + ")"

# one article number: letter (LO, L, R, D, A), optional dot, number with hyphens
#   `L. 162-22-13`, `LO 111-3`, `D.162-6`, `R. 6145-10`, `L. 314-3-I` (a roman tail is dropped)
ART = (r"(?<![A-Za-z.])(?P<L>LO|L|R|D|A)\s?\.?\s?O?\.?\s?(?P<N>\d{1,4}(?:\s?-\s?\d+)*)"
       r"(?:-(?:[IVX]+)\b)?")
ART2 = ART.replace("P<L>", "P<L2>").replace("P<N>", "P<N2>")
# one item of a list: an article or a range, with `et suivants`
#   `L. 162-22-13`, `D. 162-6 à D. 162-8`, `L. 314-3 et suivants`
ITEM = re.compile(ART + rf"(?:{SP}*(?i:à|au){SP}*" + ART2 + r")?(?P<suiv>\s+et\s+suivants)?")
ITEM_ANY = ART.replace("(?P<L>", "(?:").replace("(?P<N>", "(?:")
# a list of articles after `article(s)` / `art.`, with the code when it follows the list
#   `articles L. 162-22-8-2, L. 162-22-13 et D. 162-6 à D. 162-8 du code de la sécurité sociale`
#   `AUX ARTICLES D. 162-6 ET D. 162-7 DU CODE DE LA SÉCURITÉ SOCIALE` (capitals)
#   `article L. 314-3-4 du même code` (group `same`)
LIST = re.compile(
    r"(?P<head>\b(?i:articles?|art\.)\s*)"
    rf"(?P<list>{ITEM_ANY}(?:{SP}*(?i:à|au){SP}*{ITEM_ANY})?(?:\s+et\s+suivants)?"
    rf"(?:{SP}*(?i:,|et|ou)?{SP}*{ITEM_ANY}(?:{SP}*(?i:à|au){SP}*{ITEM_ANY})?(?:\s+et\s+suivants)?)*)"
    rf"(?P<after>{SP}*,?{SP}*(?i:du|de la|des|de l['’])?{SP}*(?:{CODE_RE}|(?P<same>(?i:même){SP}+code|dudit{SP}+code))\b)?")
# the nearest code named AFTER a list, further on in its clause
#   `articles L. 6145-1 et R. 6145-10 modifiés du code de la santé publique`
CODE_LATER = re.compile(rf"[^;:.•○]{{0,80}}?\b(?i:du|de la|de l['’]){SP}*(?:{CODE_RE})\b")
# an article with no letter of a named code: `article 1 du code civil`
NUMERIC_ARTICLE = re.compile(
    rf"\b[Aa]rticles?{SP}+(?P<n>\d+(?:-\d+)*){SP}+(?:du|de la|des|de l['’]){SP}*(?P<code>{CODE_ALT})")
# the code named just before a list
#   `code de la sécurité sociale, notamment les articles …`, `code de l'action sociale, notamment son article …`
CODE_BEFORE = re.compile(rf"(?P<code>{CODE_RE})\s*,?\s*(?:et\s+)?(?:notamment\s+)?"
                         rf"(?:(?:les|ses|en ses|à ses|son|sa|en son|à son)\s+)?$")

# ------------------------------------------------------------------ dates

# a date in words or in figures; a missing year comes from the document
#   `1er février 2001`, `12 mars`, `6 avril dernier`   (day, month, year | last)
#   `14/03/2003`, `14.03.2003`                          (dd, mm, yy)
DATE = (rf"(?:(?P<day>1{SP}?er|1ᵉʳ|\d{{1,2}}){SP}+(?P<month>(?i:{MONTH}))"
        rf"(?:{SP}+(?P<year>(?:19|20)\d{{2}})|{SP}+(?P<last>dernier))?"
        r"|(?P<dd>[0-3]?\d)[/.](?P<mm>[01]?\d)[/.](?P<yy>(?:19|20)\d{2}))")
# what introduces a text's date: `du`, `en date du`, `datée du`
DATE_INTRO = rf"(?:du|en{SP}+date{SP}+du|datée?s?{SP}+du)"

# ------------------------------------------------------------------ texts

KIND_ALT = "|".join(f"(?P<kind_{d['kind']}>{d['pattern']})" for d in KINDS)
# what may stand between a kind and its number or date
#   `arrêté interministériel`, `circulaire du Premier ministre`, `circulaire de la DGOS`,
#   issuer codes `DHOS/O 1/F 4/2006/150` (spaces inside), `DHOS-F2 / DSS-1A` (spaced slash)
#   or `DGOS/R1/2016/236` (group qualcode)
QUAL = (r"(?:\s+(?:(?i:ministériel(?:le)?s?|interministériel(?:le)?s?|conjointe?s?|budgétaires?|tarifaires?)"
        r"|du\s+Premier\s+ministre|de\s+la\s+(?:DGOS|DSS|DGS|DHOS|DGCS|CNAM)\b"
        r"|(?P<qualcode>[A-Z][A-Z0-9]*(?:(?:[-/]+|\s?/\s?|\s(?=[A-Z0-9]{1,2}\b))[A-Z0-9]+)*/?)(?![a-zà-ÿ°º])))*")
# the number after `n°`, or a bare `2001-1234` right after the kind
#   `n° 2003-1199`, `N° DGOS/R1/2016/236`, `no 96-51`, `nº 2009-1673` (U+00BA)
NUMBER = (r"(?:/\s*)?(?:[nN]\s?[°º]|[nN]o\.?(?=\s*\d))\s*"
          r"(?P<number>[A-Z][A-Z0-9]*(?:/+[A-Z0-9-]+)+|\d+(?:-\d+)*)")
BARE_NUMBER = r"(?P<bare>(?:19|20)?\d{2}-\d{1,5})(?![\d-])"
# the issuer printed AFTER the number, before the date
#   `n° 2003-150 DHOS-O/DSS-1 A du 28 mars 2003`
ISSUER_AFTER = r"(?:\s+(?P<issuer>[A-Z][A-Z0-9]*(?:(?:[-/]+|\s(?=[A-Z0-9]{1,2}\b))[A-Z0-9]+)*))?"
# a legal text: kind, qualifiers, number, issuer, date
#   `loi n° 2003-1199 du 18 décembre 2003`, `décret 2001-1234 du 20 décembre 2001`,
#   `circulaire DH/AF2/96 n° 754 du 12 décembre 1996`, `circulaire datée du 12 mars 2004`,
#   `arrêté du 14/03/2003`, `délibération n° 2010-05 du 12 mars 2010`, `décision du 14 mars 2003`
TEXT = re.compile(
    rf"(?<![\w])(?i:(?P<kind>{KIND_ALT}))(?P<qual>{QUAL})"
    rf"(?:\s*(?P<num>{NUMBER})|{SP}+{BARE_NUMBER})?"
    rf"(?:{ISSUER_AFTER}\s*,?\s*{DATE_INTRO}{SP}+(?P<date>{DATE}))?")
# the date of a body's text printed after the body: `délibération n° 2010-05 du conseil de la CNSA du 12 mars 2010`
BODY_DATE = re.compile(rf"{SP}+(?:du|de\s+la|de\s+l['’]|des)\s[^;:.•○\d]{{2,70}}?{SP}{DATE_INTRO}{SP}+(?P<date>{DATE})")
BODY_KINDS = ("decision", "deliberation", "avis")
# more texts of the same kind after the first: `… N° X du … et N° Y du …`
CONTINUED = re.compile(
    rf"\s*(?:,|et|ainsi que)\s+(?:(?:la|le|l['’])\s*)?(?:[A-Z][A-Z0-9]*(?:[-/ ]+[A-Z0-9]+)*/?\s*)?(?P<num>{NUMBER})"
    rf"(?:\s*,?\s*{DATE_INTRO}{SP}+(?P<date>{DATE}))?")
# a text's title after its date: `fixant pour l'année 2024 …`, `relatif au financement …`
TITLE = re.compile(
    r"\s*,?\s*(?P<title>(?:fixant|portant|relati(?:f|ve|fs|ves)|modifiant|pris|prise|renforçant|"
    r"de financement|instituant|créant|précisant|définissant)\b[^;•○]{3,400}?)(?=\s*(?:[;•○]|\.\s+(?=[A-ZÀ-Ý«])|\.$|$))")

# the verb of the sentence that cites a text ends the text's title
#   `l'instruction du 24 juin 2021 relative au déploiement de ces unités … prévoit dans son annexe 4 …`
TITLE_END = re.compile(r"\s(?:prévoi(?:t|ent)|précisen?t?|disposen?t?|indiquen?t?|rappellen?t?|stipulen?t?|"
                       r"permet(?:tent)?|imposen?t?|mentionnen?t?|a\s+(?:prévu|fixé|précisé|créé))\b")


# ------------------------------------------------------------------ circulars by rank

ORDINAL = {"1": 1, "premier": 1, "première": 1, "2": 2, "deuxième": 2, "second": 2, "seconde": 2,
           "3": 3, "troisième": 3, "4": 4, "quatrième": 4}
ORD = (r"(?P<ord>(?P<digit>[1-4])\s?(?:ère|ere|re|er|nde?|e|ème|eme)\b|premi(?:er|ère)|deuxième|"
       r"seconde?|troisième|quatrième)")
# `1ère circulaire budgétaire 2024`, `deuxième circulaire tarifaire`
ORD_CIRC = re.compile(rf"(?<![\w])(?i:{ORD}){SP}+(?i:circulaire)(?:{SP}+(?i:budgétaire|tarifaire))?"
                      rf"(?:{SP}+(?:et{SP}+budgétaire{SP}+)?(?P<year>(?:19|20)\d{{2}}))?")
# the circular itself: `cette deuxième circulaire`, `la présente première délégation`
ORD_SELF = re.compile(rf"(?i:cette|la{SP}+présente){SP}+(?i:{ORD}){SP}+(?i:circulaire|délégation|phase)")
ORD_ANY = re.compile(rf"(?i:{ORD}){SP}+(?i:circulaire|délégation|phase)(?:[^.\d]{{0,30}}(?P<year>(?:19|20)\d{{2}}))?")

# ------------------------------------------------------------------ articles of texts

# `article 78 de la loi …`, `II de l'article 33 de la loi …`, `l'article 33 modifié de la loi …`
ARTICLE_BEFORE = re.compile(
    rf"(?:\b(?:[IVX]+{SP}+de{SP}+)?l['’]|\b)(?i:articles?|art\.?){SP}+(?P<n>\d+(?:er|ᵉʳ)?(?:{SP}*(?:,|et){SP}*\d+(?:er|ᵉʳ)?)*){SP}+"
    rf"(?:modifiée?s?{SP}+)?(?:de{SP}+la|de{SP}+l['’]|du){SP}*$")
# `… notamment son article 33`, `… notamment l'article 8`, `(art. 9)`
ARTICLE_AFTER = re.compile(
    r"^[^;•○]{0,200}?(?:\b(?:son|ses)\s+articles?|\bnotamment\s+(?:l['’]|les\s+)articles?|\(art\.?)\s+(?P<n>\d+)")
# an article of a text the sentence does not name: `dans le cadre de l'article 51`, `l'article 1er`
BARE_ARTICLE = re.compile(rf"\bl['’]article{SP}+(?P<n>\d+)(?:er|ᵉʳ)?\b(?!{SP}*(?:modifiée?s?{SP}+)?(?:du|de|des|d['’]|[-–]))")
# where a circular's header ends
HEADER_END = re.compile(r"(?im)^\W*(?:textes?\s+de\s+r[ée]f[ée]rence|r[ée]f[ée]rences?)\b")
