"""Topics (tags) in the admin: suggestions while typing in the story form, and merging two
spellings of one topic into one, with the old addresses answering 301."""

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from taggit.models import Tag

from articles import publishing
from articles.models import Article, TaggedArticle, TagName, TagRedirect
from tests.conftest import make_article, make_user

pytestmark = pytest.mark.django_db
LIST_URL = "/admin/taggit/tag/"
SUGGEST_URL = "/admin/taggit/tag/suggest/"


def tagged(story) -> list[str]:
    return sorted(story.tags.names())


def everything() -> tuple:
    """What a merge writes: topics, links, names, redirects and admin log lines."""
    return (
        sorted(Tag.objects.values_list("pk", "name", "slug")),
        sorted(TaggedArticle.objects.values_list("tag_id", "content_object_id")),
        sorted(TagName.objects.values_list("tag_id", "language", "name")),
        sorted(TagRedirect.objects.values_list("old_slug", "tag_id")),
        LogEntry.objects.count(),
    )


@pytest.fixture
def spellings(db):
    """ "Hochwasser" and "hochwasser", made before tags matched case-insensitively, with
    a story under each, one under both, and a name in English on each."""
    kept = Tag.objects.create(name="Hochwasser", slug="hochwasser")
    lower = Tag.objects.create(name="hochwasser", slug="hochwasser-2")
    TagName.objects.create(tag=lower, language="en", name="flood")
    stories = {
        "upper": make_article("Pegel steigt an der Elbe"),
        "lower": make_article("Deiche halten in Dresden"),
        "both": make_article("Hochwasser erreicht Magdeburg"),
    }
    stories["upper"].tags.add(kept)
    stories["lower"].tags.add(lower)
    stories["both"].tags.add(kept, lower)
    return kept, lower, stories


def merge_in_admin(client, keep, *tags):
    return client.post(
        LIST_URL,
        {"action": "merge", "_selected_action": [t.pk for t in tags], "keep": keep},
        follow=True,
    )


# Merging ------------------------------------------------------------------------------------


def test_merging_moves_every_story_to_the_kept_topic_once(spellings, editor):
    kept, lower, stories = spellings
    publishing.merge_tags([kept, lower], keep=kept, by=editor)

    assert list(Tag.objects.values_list("name", flat=True)) == ["Hochwasser"]
    for story in stories.values():
        assert tagged(story) == ["Hochwasser"]
    assert TaggedArticle.objects.filter(content_object=stories["both"]).count() == 1
    # The name in English had no rival on the kept topic: it moves.
    assert list(kept.names.values_list("language", "name")) == [("en", "flood")]


def test_a_name_the_kept_topic_already_has_in_that_language_stays_its_own(spellings, editor):
    kept, lower, _stories = spellings
    TagName.objects.create(tag=kept, language="en", name="Flood")
    publishing.merge_tags([kept, lower], keep=kept, by=editor)
    assert list(TagName.objects.values_list("tag_id", "language", "name")) == [
        (kept.pk, "en", "Flood")
    ]


def test_the_old_topic_page_answers_301_to_the_kept_topics_page(spellings, editor):
    kept, lower, _stories = spellings
    publishing.merge_tags([kept, lower], keep=kept, by=editor)
    readers = Client()

    response = readers.get("/thema/hochwasser-2/")
    assert (response.status_code, response["Location"]) == (301, "/thema/hochwasser/")
    english = readers.get("/en/topic/hochwasser-2/")
    assert (english.status_code, english["Location"]) == (301, "/en/topic/hochwasser/")
    page = readers.get("/thema/hochwasser/")
    assert page.status_code == 200
    html = page.content.decode()
    for headline in ["Pegel steigt", "Deiche halten", "Hochwasser erreicht"]:
        assert headline in html
    assert readers.get("/thema/nie-gewesen/").status_code == 404


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_old_topic_feed_answers_301_to_the_kept_topics_feed(spellings, editor, kind):
    kept, lower, _stories = spellings
    publishing.merge_tags([kept, lower], keep=kept, by=editor)
    response = Client().get(f"/feeds/tag/hochwasser-2/{kind}/")
    assert (response.status_code, response["Location"]) == (301, f"/feeds/tag/hochwasser/{kind}/")
    assert Client().get(f"/feeds/tag/hochwasser/{kind}/").status_code == 200
    assert Client().get(f"/feeds/tag/nie-gewesen/{kind}/").status_code == 404


def test_merging_again_keeps_the_earlier_old_addresses_alive(spellings, editor):
    kept, lower, _stories = spellings
    publishing.merge_tags([kept, lower], keep=kept, by=editor)
    flut = Tag.objects.create(name="Flut", slug="flut")
    publishing.merge_tags([kept, flut], keep=flut, by=editor)
    for old in ["hochwasser", "hochwasser-2"]:
        assert Client().get(f"/thema/{old}/")["Location"] == "/thema/flut/"


def test_the_merge_is_logged_for_the_kept_and_the_merged_topics(spellings, editor):
    kept, lower, _stories = spellings
    publishing.merge_tags([kept, lower], keep=kept, by=editor)
    entries = {(e.object_id, e.action_flag, e.change_message) for e in LogEntry.objects.all()}
    assert entries == {
        (str(kept.pk), CHANGE, "In dieses Thema zusammengeführt: hochwasser"),
        (str(lower.pk), DELETION, "Zusammengeführt in „Hochwasser“"),
    }


def test_merging_makes_pages_that_showed_the_merged_topic_new(spellings, editor):
    """The story pages link the topic; their cached copies must not link the old one."""
    kept, lower, stories = spellings
    story = stories["lower"]
    before = Article.objects.get(pk=story.pk).modified_at
    assert "/thema/hochwasser-2/" in Client().get(story.get_absolute_url()).content.decode()
    publishing.merge_tags([kept, lower], keep=kept, by=editor)
    assert Article.objects.get(pk=story.pk).modified_at > before
    html = Client().get(story.get_absolute_url()).content.decode()
    assert "/thema/hochwasser/" in html
    assert "/thema/hochwasser-2/" not in html


# The admin action ---------------------------------------------------------------------------


def test_the_action_asks_which_topic_to_keep_before_merging(client, spellings, editor):
    kept, lower, _stories = spellings
    client.force_login(editor)
    before = everything()
    page = client.post(
        LIST_URL, {"action": "merge", "_selected_action": [kept.pk, lower.pk]}
    ).content.decode()
    assert f'name="keep" value="{kept.pk}"' in page
    assert f'name="keep" value="{lower.pk}"' in page
    assert everything() == before

    response = merge_in_admin(client, kept.pk, kept, lower)
    assert [str(m) for m in response.context["messages"]] == [
        "hochwasser in „Hochwasser“ zusammengeführt."
    ]
    assert list(Tag.objects.values_list("name", flat=True)) == ["Hochwasser"]


def test_the_action_is_called_schlagwoerter_zusammenfuehren_in_german(client, spellings, editor):
    client.force_login(editor)
    page = client.get(LIST_URL).content.decode()  # the newsroom speaks German
    assert '<option value="merge">Schlagwörter zusammenführen</option>' in page


@pytest.mark.parametrize("keep", ["other", "not-a-number", "999999"])
def test_a_topic_to_keep_outside_the_selection_changes_nothing(client, spellings, editor, keep):
    kept, lower, _stories = spellings
    outsider = Tag.objects.create(name="Dürre", slug="duerre")
    client.force_login(editor)
    before = everything()
    choice = outsider.pk if keep == "other" else keep
    response = merge_in_admin(client, choice, kept, lower)
    assert [str(m) for m in response.context["messages"]] == [
        "Das Thema, das bleibt, muss eines der ausgewählten sein."
    ]
    assert everything() == before


def test_merge_tags_refuses_bad_input_and_writes_nothing(spellings, editor, reporter):
    kept, lower, _stories = spellings
    outsider = Tag.objects.create(name="Dürre", slug="duerre")
    before = everything()
    with pytest.raises(ValidationError, match="eines der ausgewählten"):
        publishing.merge_tags([kept, lower], keep=outsider, by=editor)
    with pytest.raises(ValidationError, match="mindestens zwei"):
        publishing.merge_tags([kept], keep=kept, by=editor)
    with pytest.raises(PermissionDenied, match="Nur Redakteure"):
        publishing.merge_tags([kept, lower], keep=kept, by=reporter)
    assert everything() == before


def test_a_reporter_is_not_offered_the_merge_and_cannot_post_it(client, spellings, reporter):
    kept, lower, _stories = spellings
    client.force_login(reporter)
    assert 'value="merge"' not in client.get(LIST_URL).content.decode()
    before = everything()
    client.post(
        LIST_URL, {"action": "merge", "_selected_action": [kept.pk, lower.pk], "keep": kept.pk}
    )
    assert everything() == before


# Suggestions --------------------------------------------------------------------------------


@pytest.fixture
def topics(db):
    """Topics used by different numbers of stories, one with an English name."""
    uses = {"Hochwasser": 3, "Wasserstoff": 1, "Trinkwasser": 5, "Abwasser": 0, "Wahlen": 2}
    for name, count in uses.items():
        tag = Tag.objects.create(name=name)
        for number in range(count):
            make_article(f"{name} {number}", published=False).tags.add(tag)
    TagName.objects.create(tag=Tag.objects.get(name="Wahlen"), language="en", name="Elections")


def suggested(client, term) -> list[str]:
    response = client.get(SUGGEST_URL, {"q": term})
    assert response.status_code == 200
    return [result["name"] for result in response.json()["results"]]


def test_suggestions_match_any_part_of_a_name_case_insensitively_starts_first_then_use(
    client, topics, reporter
):
    client.force_login(reporter)
    # "Wasserstoff" starts with it; then by use: Trinkwasser 5, Hochwasser 3, Abwasser 0.
    assert suggested(client, "WASSER") == ["Wasserstoff", "Trinkwasser", "Hochwasser", "Abwasser"]
    assert suggested(client, "hoch") == ["Hochwasser"]


def test_suggestions_find_a_topic_by_its_name_in_another_language(client, topics, reporter):
    client.force_login(reporter)
    response = client.get(SUGGEST_URL, {"q": "elect"})
    assert response.json() == {"results": [{"name": "Wahlen", "other_names": ["Elections"]}]}


def test_suggestions_are_at_most_ten(client, reporter):
    for number in range(15):
        Tag.objects.create(name=f"Wahl {number}")
    client.force_login(reporter)
    assert len(suggested(client, "wahl")) == 10
    assert suggested(client, "") == []


def test_suggestions_need_a_signed_in_newsroom_member(client, topics):
    assert Client().get(SUGGEST_URL, {"q": "wasser"}).status_code == 302  # to the login
    stranger = make_user("sam")  # staff, but neither reporter nor editor
    client.force_login(stranger)
    assert client.get(SUGGEST_URL, {"q": "wasser"}).status_code in {302, 403}


def test_the_story_forms_tag_field_asks_for_suggestions(client, reporter):
    client.force_login(reporter)
    page = client.get("/admin/articles/article/add/").content.decode()
    assert f'data-suggest-url="{SUGGEST_URL}"' in page
    assert "articles/admin/tag_suggest." in page


def test_the_comma_separated_field_still_takes_new_and_existing_topics(client, topics, editor):
    from tests.conftest import form_data

    story = make_article("Neue Pegelstände", published=False)
    client.force_login(editor)
    url = f"/admin/articles/article/{story.pk}/change/"
    data = form_data(client.get(url))
    data["tags"] = 'hochwasser, "Elbe, Oder", Pegel'
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert tagged(story) == ["Elbe, Oder", "Hochwasser", "Pegel"]
