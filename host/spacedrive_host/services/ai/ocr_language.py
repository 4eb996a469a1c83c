"""Which Tesseract language reads a receipt: the defaults, and a guess from the words of a
first reading with eng (accents, umlauts and ñ need the language's own model).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

DEFAULT_LANGUAGES = ("eng", "deu", "fra", "spa", "ita")
"""The default recognition languages, as far as installed (`ai.ocr_language` unset): Latin-script receipts keep
their accents and umlauts. jpn is installed too, but only on request (it is slow and mis-reads Latin text)."""

AUTO = "auto"
"""`language` "auto": recognise with eng, guess the receipt's language from its words, and when it is another
installed one, recognise again with that language alone (accents, umlauts and ñ need the language's own model)."""

_LANGUAGE_WORDS = {
    "deu": r"summe|mwst|datum|r[üu]ckgeld|gesamt\w*|betrag|zwischensumme|vielen|dank|quittung|kassenbon|rechnung|"
    r"stra(?:ss|ß)e|str|netto|ust|uhrzeit|artikel|menge|gegeben|bar|zahlen|karte|einkauf|gmbh|bis|und",
    "fra": r"ttc|tva|ht|merci|esp[eè]ces|rendu|monnaie|caisse|facture|rue|avenue|achat|montant|sous-total|carte|cb|"
    r"qt[ée]|d[ée]signation|bient[ôo]t|re[çc]u|avoir|payer|jusqu|du|de\s+la|le|et|votre|sarl|sas",
    "spa": r"iva|gracias|efectivo|cambio|calle|fecha|importe|factura|tarjeta|art[ií]culo|cant|imponible|recibo|pagar|"
    r"propina|vuelva|compra|hasta|su|por|s\.l|s\.a|avda|plaza|descripci[óo]n|uds",
    "ita": r"totale|grazie|contanti|resto|via|scontrino|importo|imponibile|ricevuta|documento|commerciale|carta|"
    r"arrivederci|subtotale|prezzo|descrizione|pz|q\.?t[àa]|per|il|fino|al|s\.r\.l|piazza|corso|acquisto",
}
_LANGUAGE_RES = {
    lang: re.compile(rf"(?<![^\W\d_])(?:{words})(?![^\W\d_])", re.I) for lang, words in _LANGUAGE_WORDS.items()
}


def guess_language(text: str, installed: Iterable[str]) -> str | None:
    """The Tesseract language of a receipt's text (read with eng), by its receipt words; None for English or
    when unsure."""
    scores = {lang: len(pattern.findall(text)) for lang, pattern in _LANGUAGE_RES.items() if lang in set(installed)}
    if not scores:
        return None
    best = max(scores, key=lambda lang: scores[lang])
    ordered = sorted(scores.values(), reverse=True)
    runner_up = ordered[1] if len(ordered) > 1 else 0
    return best if scores[best] >= 3 and scores[best] >= runner_up * 1.5 else None
