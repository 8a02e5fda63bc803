import pytest

from articles.credits import (
    Person,
    byline,
    contribution_line,
    genitive,
    join_names,
    parse_contribution_line,
    role_line,
)

BAE = Person("Gawon Bae", "CNN")
RIPLEY = Person("Will Ripley", "CNN")
MUSTER = Person("Max Muster", "Reuters")
SCHMIDT = Person("Anna Schmidt")
WEBER = Person("Ben Weber")
KLEIN = Person("Cem Klein")


@pytest.mark.parametrize(
    ("names", "language", "expected"),
    [
        ([], "de", ""),
        (["A"], "de", "A"),
        (["A", "B"], "de", "A und B"),
        (["A", "B", "C"], "de", "A, B und C"),
        (["A", "B", "C", "D"], "de", "A, B, C und D"),
        ([], "en", ""),
        (["A"], "en", "A"),
        (["A", "B"], "en", "A and B"),
        (["A", "B", "C"], "en", "A, B and C"),
        (["A", "B", "C"], "en-us", "A, B and C"),
        (["A", "B"], "de-AT", "A und B"),
    ],
)
def test_join_names(names: list[str], language: str, expected: str) -> None:
    assert join_names(names, language) == expected


@pytest.mark.parametrize("language", ["fr", "", "deu"])
def test_unsupported_language_raises(language: str) -> None:
    with pytest.raises(ValueError):
        join_names(["A"], language)


@pytest.mark.parametrize(
    ("name", "language", "expected"),
    [
        ("CNN", "de", "CNNs"),
        ("Anna", "de", "Annas"),
        ("Reuters", "de", "Reuters'"),
        ("Hans", "de", "Hans'"),
        ("Max", "de", "Max'"),
        ("Lutz", "de", "Lutz'"),
        ("Strauß", "de", "Strauß'"),
        ("Heinz", "de", "Heinz'"),
        ("AFP", "de", "AFPs"),
        ("CNN", "en", "CNN's"),
        ("Reuters", "en", "Reuters'"),
        ("Associated Press", "en", "Associated Press'"),
        ("Max", "en", "Max's"),
        ("BBC", "en", "BBC's"),
    ],
)
def test_genitive(name: str, language: str, expected: str) -> None:
    assert genitive(name, language) == expected


@pytest.mark.parametrize(
    ("authors", "language", "expected"),
    [
        ([], "de", ""),
        ([], "en", ""),
        ([SCHMIDT], "de", "Von Anna Schmidt"),
        ([SCHMIDT], "en", "By Anna Schmidt"),
        ([SCHMIDT, WEBER], "de", "Von Anna Schmidt und Ben Weber"),
        ([SCHMIDT, WEBER], "en", "By Anna Schmidt and Ben Weber"),
        ([SCHMIDT, WEBER, KLEIN], "de", "Von Anna Schmidt, Ben Weber und Cem Klein"),
        ([SCHMIDT, WEBER, KLEIN], "en", "By Anna Schmidt, Ben Weber and Cem Klein"),
        ([BAE, MUSTER], "de", "Von Gawon Bae und Max Muster"),
    ],
)
def test_byline(authors: list[Person], language: str, expected: str) -> None:
    assert byline(authors, language) == expected


@pytest.mark.parametrize(
    ("contributors", "language", "expected"),
    [
        ([], "de", ""),
        ([], "en", ""),
        ([BAE], "de", "CNNs Gawon Bae hat ebenfalls zu diesem Bericht beigetragen."),
        ([BAE], "en", "CNN's Gawon Bae contributed to this report."),
        (
            [BAE, MUSTER],
            "de",
            "CNNs Gawon Bae und Reuters' Max Muster haben ebenfalls zu diesem Bericht beigetragen.",
        ),
        (
            [BAE, MUSTER],
            "en",
            "CNN's Gawon Bae and Reuters' Max Muster contributed to this report.",
        ),
        ([SCHMIDT], "de", "Anna Schmidt hat ebenfalls zu diesem Bericht beigetragen."),
        ([SCHMIDT], "en", "Anna Schmidt contributed to this report."),
        (
            [BAE, RIPLEY],
            "de",
            "CNNs Gawon Bae und Will Ripley haben ebenfalls zu diesem Bericht beigetragen.",
        ),
        ([BAE, RIPLEY], "en", "CNN's Gawon Bae and Will Ripley contributed to this report."),
        (
            [SCHMIDT, WEBER, KLEIN],
            "de",
            "Anna Schmidt, Ben Weber und Cem Klein haben ebenfalls zu diesem Bericht beigetragen.",
        ),
        (
            [SCHMIDT, WEBER, KLEIN],
            "en",
            "Anna Schmidt, Ben Weber and Cem Klein contributed to this report.",
        ),
        (
            [BAE, RIPLEY, MUSTER],
            "en",
            "CNN's Gawon Bae, Will Ripley and Reuters' Max Muster contributed to this report.",
        ),
        (
            [BAE, MUSTER, RIPLEY],
            "de",
            "CNNs Gawon Bae, Reuters' Max Muster und CNNs Will Ripley haben ebenfalls zu diesem "
            "Bericht beigetragen.",
        ),
        (
            [Person("Jo Fuchs", "Max")],
            "de",
            "Max' Jo Fuchs hat ebenfalls zu diesem Bericht beigetragen.",
        ),
    ],
)
def test_contribution_line(contributors: list[Person], language: str, expected: str) -> None:
    assert contribution_line(contributors, language) == expected


@pytest.mark.parametrize(
    ("role", "people", "language", "expected"),
    [
        ("photographer", [SCHMIDT], "de", "Foto: Anna Schmidt"),
        ("photographer", [SCHMIDT, WEBER], "de", "Fotos: Anna Schmidt und Ben Weber"),
        ("photographer", [SCHMIDT], "en", "Photo: Anna Schmidt"),
        ("photographer", [SCHMIDT, WEBER], "en", "Photos: Anna Schmidt and Ben Weber"),
        (
            "photographer",
            [SCHMIDT, WEBER, KLEIN],
            "en",
            "Photos: Anna Schmidt, Ben Weber and Cem Klein",
        ),
        ("translator", [SCHMIDT], "de", "Übersetzung: Anna Schmidt"),
        ("translator", [SCHMIDT, WEBER], "de", "Übersetzung: Anna Schmidt und Ben Weber"),
        ("translator", [SCHMIDT], "en", "Translated by Anna Schmidt"),
        ("translator", [SCHMIDT, WEBER], "en", "Translated by Anna Schmidt and Ben Weber"),
        ("editor", [SCHMIDT], "de", "Redaktion: Anna Schmidt"),
        ("editor", [SCHMIDT], "en", "Edited by Anna Schmidt"),
        ("editor", [BAE, WEBER], "en", "Edited by Gawon Bae and Ben Weber"),
        ("editor", [], "de", ""),
    ],
)
def test_role_line(role: str, people: list[Person], language: str, expected: str) -> None:
    assert role_line(role, people, language) == expected


@pytest.mark.parametrize("role", ["illustrator", "author", "", "Photographer"])
def test_role_line_rejects_unknown_role(role: str) -> None:
    with pytest.raises(ValueError, match="role"):
        role_line(role, [SCHMIDT], "de")


def test_role_line_rejects_unknown_role_without_people() -> None:
    with pytest.raises(ValueError):
        role_line("illustrator", [], "en")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("CNNs Gawon Bae hat ebenfalls zu diesem Bericht beigetragen.", [BAE]),
        ("CNNs Gawon Bae hat zu diesem Bericht beigetragen.", [BAE]),
        ("CNNs Gawon Bae hat ebenfalls zu dieser Meldung beigetragen.", [BAE]),
        ("CNNs Gawon Bae hat ebenfalls zu diesem Artikel beigetragen.", [BAE]),
        ("CNN's Gawon Bae hat ebenfalls zu diesem Bericht beigetragen.", [BAE]),
        (
            "CNNs Gawon Bae und Reuters' Max Muster haben ebenfalls zu diesem Bericht beigetragen.",
            [BAE, MUSTER],
        ),
        (
            "CNNs Gawon Bae und Will Ripley haben ebenfalls zu diesem Bericht beigetragen.",
            [BAE, RIPLEY],
        ),
        (
            "CNNs Gawon Bae, Will Ripley und Reuters' Max Muster haben zu diesem Bericht "
            "beigetragen.",
            [BAE, RIPLEY, MUSTER],
        ),
        ("Anna Schmidt hat ebenfalls zu diesem Bericht beigetragen.", [SCHMIDT]),
        ("Klaus Meier hat ebenfalls zu diesem Bericht beigetragen.", [Person("Klaus Meier")]),
        (
            "Hans Weiss und Anna Schmidt haben zu dieser Meldung beigetragen.",
            [Person("Hans Weiss"), SCHMIDT],
        ),
        ("ZDFs Ulla von Berg hat zu diesem Bericht beigetragen.", [Person("Ulla von Berg", "ZDF")]),
        (
            "  ARDs Ben   Weber hat ebenfalls\nzu diesem Bericht beigetragen.  ",
            [Person("Ben Weber", "ARD")],
        ),
        ("CNN's Gawon Bae contributed to this report.", [BAE]),
        ("CNN's Gawon Bae also contributed to this report.", [BAE]),
        ("CNN's Gawon Bae contributed reporting.", [BAE]),
        ("CNN's Gawon Bae and Reuters' Max Muster contributed to this report.", [BAE, MUSTER]),
        (
            "CNN's Gawon Bae, Will Ripley and Reuters' Max Muster contributed reporting.",
            [BAE, RIPLEY, MUSTER],
        ),
        (
            "Anna Schmidt, Ben Weber, and Cem Klein contributed to this report.",
            [SCHMIDT, WEBER, KLEIN],
        ),
        ("Klaus Meier contributed to this report.", [Person("Klaus Meier")]),
        (
            "The Washington Post's Jane Doe contributed to this report.",
            [Person("Jane Doe", "The Washington Post")],
        ),
        ("CNN’s Gawon Bae contributed to this report.", [BAE]),
    ],
)
def test_parse_contribution_line(line: str, expected: list[Person]) -> None:
    assert parse_contribution_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "",
        "Nordkorea hat weitere Soldaten nach Russland geschickt.",
        "CNN berichtete, dass Nordkorea 3.000 Soldaten geschickt hat.",
        "Das ist klar. Anna Schmidt hat ebenfalls zu diesem Bericht beigetragen.",
        "Viele Quellen haben zu diesem Bericht beigetragen, sagte sie.",
        "Er sagte, dass er zu diesem Bericht beigetragen hat.",
        "hat ebenfalls zu diesem Bericht beigetragen.",
        "Reuters' hat ebenfalls zu diesem Bericht beigetragen.",
        "Several sources contributed to this report.",
        "Gawon Bae contributed to this report, CNN said.",
        "The weather contributed to the delay.",
        "contributed to this report.",
        "Von Anna Schmidt und Ben Weber",
    ],
)
def test_parse_contribution_line_rejects_other_sentences(line: str) -> None:
    assert parse_contribution_line(line) is None


ROUND_TRIP_CASES = [
    [BAE],
    [SCHMIDT],
    [Person("Klaus Meier")],
    [BAE, MUSTER],
    [BAE, RIPLEY],
    [BAE, RIPLEY, MUSTER],
    [BAE, MUSTER, RIPLEY],
    [SCHMIDT, WEBER, KLEIN],
    [SCHMIDT, BAE, MUSTER],
    [Person("Ulla von Berg", "ZDF"), Person("Jo Fuchs", "AFP")],
    [Person("Hans Weiss", "Associated Press"), Person("Lena Roth", "Reuters")],
]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("people", ROUND_TRIP_CASES)
def test_contribution_line_round_trip(people: list[Person], language: str) -> None:
    assert parse_contribution_line(contribution_line(people, language)) == people


@pytest.mark.parametrize(
    "people", [[Person("Jo Fuchs", "Spiegel")], [Person("Eva Lang", "The Guardian")]]
)
def test_contribution_line_round_trip_english_any_affiliation(people: list[Person]) -> None:
    assert parse_contribution_line(contribution_line(people, "en")) == people


def test_person_is_frozen() -> None:
    with pytest.raises(AttributeError):
        BAE.name = "Other"  # type: ignore[misc]
