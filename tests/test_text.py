import pytest

from articles import text
from articles.text import clean_text, headline_from_lead, slugify, snippet_html

CNN_LEAD = (
    "CNN berichtete, dass Nordkorea Anfang dieses Jahres mindestens 3.000 zusätzliche Soldaten "
    "nach Russland geschickt hat. Dies zeigt, dass Pjöngjang weiter liefert."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nordkorea schickt weitere Soldaten", "nordkorea-schickt-weitere-soldaten"),
        ("Größte Übung für Straßenbahnfahrer", "groesste-uebung-fuer-strassenbahnfahrer"),
        ("Łódź & Señor Çelik", "lodz-senor-celik"),
        ("  3.000 Soldaten — 11.000 insgesamt!  ", "3-000-soldaten-11-000-insgesamt"),
        ("ÄRGER ÖL ÜBER", "aerger-oel-ueber"),
        ("Äpfel Öfen Übel", "aepfel-oefen-uebel"),
        ("GROẞE STRAẞE", "grosse-strasse"),
        ("Café Crème", "cafe-creme"),
        ("Ørsted Æsir Œuvre", "orsted-aesir-oeuvre"),
        ("Đorđe Ðuro Þór", "dorde-duro-thor"),
        ("Ångström Niño", "angstroem-nino"),
        ("Wałęsa", "walesa"),
        ("İstanbul", "istanbul"),
        ("Zweiter Weltkrieg (1939–1945)", "zweiter-weltkrieg-1939-1945"),
        ("a--b__c", "a-b-c"),
        ("Ü", "ue"),
    ],
)
def test_slugify(text: str, expected: str) -> None:
    assert slugify(text) == expected


def test_slugify_transliterates_decomposed_umlauts() -> None:
    assert slugify("Mu\u0308nchen") == "muenchen"


@pytest.mark.parametrize("text", ["", "   ", "!!! — ???", "日本語"])
def test_slugify_returns_empty_string_when_nothing_remains(text: str) -> None:
    assert slugify(text) == ""


@pytest.mark.parametrize(
    ("text", "max_length", "expected"),
    [
        ("Nordkorea schickt weitere Soldaten", 20, "nordkorea-schickt"),
        ("Nordkorea schickt weitere Soldaten", 17, "nordkorea-schickt"),
        ("Nordkorea schickt weitere Soldaten", 18, "nordkorea-schickt"),
        ("Nordkorea schickt weitere Soldaten", 16, "nordkorea"),
        ("Nordkorea schickt weitere Soldaten", 34, "nordkorea-schickt-weitere-soldaten"),
        ("Donaudampfschifffahrtsgesellschaft", 10, "donaudampf"),
        ("Größte Übung", 7, "groesst"),
        ("Größte Übung", 8, "groesste"),
        ("a b", 1, "a"),
    ],
)
def test_slugify_cuts_at_hyphen_boundary(text: str, max_length: int, expected: str) -> None:
    result = slugify(text, max_length=max_length)
    assert result == expected
    assert len(result) <= max_length
    assert not result.endswith("-")


def test_slugify_default_max_length_is_80() -> None:
    result = slugify("wort " * 40)
    assert len(result) <= 80
    assert result == "-".join(["wort"] * 16)


def test_slugify_rejects_non_positive_max_length() -> None:
    with pytest.raises(ValueError):
        slugify("text", max_length=0)


def test_headline_from_cnn_lead() -> None:
    expected = (
        "CNN berichtete, dass Nordkorea Anfang dieses Jahres mindestens 3.000 zusätzliche Soldaten…"
    )
    result = headline_from_lead(CNN_LEAD)
    assert result == expected
    assert len(result) <= 90


def test_headline_from_cnn_lead_with_room_keeps_whole_sentence() -> None:
    assert headline_from_lead(CNN_LEAD, max_length=120) == (
        "CNN berichtete, dass Nordkorea Anfang dieses Jahres mindestens 3.000 zusätzliche "
        "Soldaten nach Russland geschickt hat"
    )


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        (
            "Am 26. Februar griff Russland an. Danach wurde es still.",
            "Am 26. Februar griff Russland an",
        ),
        ("Bis zum 3. März bleibt es kalt. Dann kommt Regen.", "Bis zum 3. März bleibt es kalt"),
        ("Am 1. und 2. Mai wird gestreikt. Mehr folgt.", "Am 1. und 2. Mai wird gestreikt"),
        (
            "Rund 11.000 Soldaten sind im Einsatz. Weitere folgen.",
            "Rund 11.000 Soldaten sind im Einsatz",
        ),
        ("Die Zahl stieg auf 3.000. Das ist neu.", "Die Zahl stieg auf 3.000"),
        ("Äpfel, z. B. Boskop, sind teuer. Birnen nicht.", "Äpfel, z. B. Boskop, sind teuer"),
        (
            "Sie trafen u. a. Vertreter der EU. Dann reisten sie ab.",
            "Sie trafen u. a. Vertreter der EU",
        ),
        ("Dr. Anna Schmidt warnt. Andere nicht.", "Dr. Anna Schmidt warnt"),
        ("Mr. Smith went to Washington. He stayed.", "Mr. Smith went to Washington"),
        ("U.S. officials met in St. Louis. They talked.", "U.S. officials met in St. Louis"),
        ("Haus Nr. 5 brannte. Niemand wurde verletzt.", "Haus Nr. 5 brannte"),
        ("Er kommt bzw. Sie kommt morgen. Gut.", "Er kommt bzw. Sie kommt morgen"),
        ("Es kamen ca. 300 Menschen. Alle blieben.", "Es kamen ca. 300 Menschen"),
        ("Brot, Milch etc. Wurden gekauft. Sonst nichts.", "Brot, Milch etc. Wurden gekauft"),
        ("Ist das das Ende? Niemand weiß es.", "Ist das das Ende?"),
        ("Endlich Frieden! Die Waffen schweigen.", "Endlich Frieden!"),
        ("„Wir sind bereit.“ Der Minister lächelte.", "„Wir sind bereit“"),
        ("Kurze Meldung.", "Kurze Meldung"),
        ("Ohne Punkt am Ende", "Ohne Punkt am Ende"),
        ("  Viel   Leerraum\n im Satz.  Zweiter Satz.", "Viel Leerraum im Satz"),
        ("", ""),
    ],
)
def test_headline_from_lead_first_sentence(lead: str, expected: str) -> None:
    assert headline_from_lead(lead) == expected


@pytest.mark.parametrize(
    ("lead", "max_length", "expected"),
    [
        ("Eins zwei drei vier fünf.", 12, "Eins zwei…"),
        ("Eins zwei drei vier fünf.", 15, "Eins zwei drei…"),
        ("Eins zwei drei vier fünf.", 24, "Eins zwei drei vier fünf"),
        ("Eins, zwei drei.", 9, "Eins…"),
        ("Achtung: Alles neu hier.", 14, "Achtung…"),
        ("Donaudampfschifffahrtsgesellschaft tagt.", 10, "Donaudamp…"),
        ("Ohne Punkt aber sehr lang", 15, "Ohne Punkt…"),
    ],
)
def test_headline_from_lead_truncates_at_word_boundary(
    lead: str, max_length: int, expected: str
) -> None:
    result = headline_from_lead(lead, max_length=max_length)
    assert result == expected
    assert len(result) <= max_length


def test_headline_from_lead_rejects_tiny_max_length() -> None:
    with pytest.raises(ValueError):
        headline_from_lead("Text.", max_length=1)


@pytest.mark.parametrize(
    ("value", "multiline", "expected"),
    [
        ("Cafe\u0301", True, "Café"),  # decomposed to composed (NFC)
        ("a\x00b\x9cc\x7fd", True, "abcd"),  # C0, C1 and DEL go
        ("Zeile 1\r\nZeile 2\tEnde", True, "Zeile 1\r\nZeile 2\tEnde"),  # text keeps lines
        ("Zeile 1\r\nZeile 2\tEnde", False, "Zeile 1 Zeile 2 Ende"),  # one line stays one
        ("„Zitat“ – 10 €", False, "„Zitat“ – 10 €"),  # typography is not control
    ],
)
def test_clean_text(value, multiline, expected) -> None:
    assert clean_text(value, multiline=multiline) == expected


BODY = "<p>Der Stadtrat tagte.</p><p>Die Brücke &amp; der Steg werden neu gebaut.</p>"


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        # the whole text: no ellipsis (the final full stop may be left out)
        (
            "Der Stadtrat tagte. Die \x02Brücke\x03 & der Steg werden neu gebaut",
            "Der Stadtrat tagte. Die <mark>Brücke</mark> &amp; der Steg werden neu gebaut",
        ),
        # cut at both ends
        (
            "tagte. Die \x02Brücke\x03 & der",
            "… tagte. Die <mark>Brücke</mark> &amp; der …",
        ),
        # two fragments: the first starts the text, the last is cut before the end
        ("Der \x02Stadtrat\x03 … der Steg", "Der <mark>Stadtrat</mark> … der Steg …"),
        ("", ""),
    ],
)
def test_snippet_html_marks_matches_and_where_the_text_is_cut(snippet, expected) -> None:
    assert snippet_html(snippet, BODY) == expected


# --- description ----------------------------------------------------------------------------


def test_the_description_is_the_standfirst_with_its_spaces_tidied():
    assert text.description("  Pjöngjang\n stockt auf. ", "<p>Erster Absatz.</p>") == (
        "Pjöngjang stockt auf."
    )


def test_without_a_standfirst_the_description_is_the_first_paragraph_with_text():
    body = "<h2>Zwischenzeile</h2><p><br></p><p>Ein <em>kurzer</em> Absatz &amp; mehr.</p><p>B</p>"

    assert text.description("", body) == "Ein kurzer Absatz & mehr."


def test_a_long_description_is_cut_at_a_word_with_an_ellipsis():
    lead = "Wort " * 50

    cut = text.description("", f"<p>{lead}</p>")

    assert cut == "Wort " * 31 + "Wort…"
    assert len(cut) <= 160


def test_a_story_with_no_text_has_no_description():
    assert text.description("", "") == ""
    assert text.description("", "<p> </p>") == ""
