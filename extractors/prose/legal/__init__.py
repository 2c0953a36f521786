"""Legal references in prose, each with its normalised identity, organised as eyecite:

- `regexes`: the patterns, verbose, one commented example per alternative, built from
  the data in `legal.jsonl` (codes, kinds, texts known by their name, yearly acts);
- `find`: `find_legal_refs(text)` sends each family to a small `_extract_*` function;
- `resolve`: pure functions from what is printed to the identity (code of an article
  list, ISO dates, ELI, the text a bare article belongs to).

The typed model of a reference is `extractors.facts.LegalReference` (made from the
`norm` dicts by `facts.make_mention`). Two families: code articles (`articles L.
162-22-8-2, … et D. 162-6 à D. 162-8 du code de la sécurité sociale` gives one reference
per article or range) and legal texts (loi, ordonnance, décret, arrêté, circulaire,
instruction, note d'information, décision, délibération, avis) by number and/or date."""
from extractors.prose.legal.find import find_legal_refs
from extractors.prose.legal.regexes import CODES, LEGITEXT
from extractors.prose.legal.resolve import document_date, document_year, infer_code, parse_date

__all__ = ["find_legal_refs", "CODES", "LEGITEXT", "document_date", "document_year", "infer_code", "parse_date"]
