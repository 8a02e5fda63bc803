from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from taggit.models import Tag

from .models import Article, Contributor, Section
from .previews import article_for_token

PAGE_SIZE = 20


def paginate(request, queryset):
    try:
        return Paginator(queryset, PAGE_SIZE).page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404("No such page") from None


def home(request):
    articles = Article.objects.published().latest_first().for_listing()[:PAGE_SIZE]
    return render(request, "articles/home.html", {"articles": articles})


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().in_section(section).latest_first().for_listing()
    page = paginate(request, articles)
    return render(request, "articles/section_detail.html", {"section": section, "page": page})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().tagged(tag).latest_first().for_listing()
    page = paginate(request, articles)
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page})


def contributor_detail(request, slug):
    contributor = get_object_or_404(Contributor, slug=slug)
    articles = Article.objects.published().by_contributor(contributor).latest_first().for_listing()
    page = paginate(request, articles)
    return render(
        request, "articles/contributor_detail.html", {"contributor": contributor, "page": page}
    )


def article_detail(request, section, slug, pk):
    article = Article.objects.published().for_detail().filter(pk=pk).first()
    if article is None:
        if Article.objects.gone().filter(pk=pk).exists():
            return render(request, "410.html", status=410)
        raise Http404("No such story")
    if (section, slug) != (article.section.slug, article.slug):
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})


def preview(request, token):
    """A signed link shows an unpublished story to someone without an account."""
    article = article_for_token(token)
    if article is None:
        raise Http404("This preview link is invalid or has expired")
    response = render(
        request, "articles/article_detail.html", {"article": article, "preview": True}
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
