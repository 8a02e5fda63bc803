from django import forms
from django.utils.translation import gettext_lazy as _

from .images import validate_image_file
from .models import Article, Image
from .publishing import EditConflict

HEADLINE_RECOMMENDED = 70
STANDFIRST_RECOMMENDED = 200
ACCEPTED_TYPES = "image/jpeg,image/png,image/webp,image/gif,image/avif"


class ArticleAdminForm(forms.ModelForm):
    """The story form: carries the version it was opened at, and an optional new lead image."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    substantive = forms.BooleanField(
        label=_("Substantive update"),
        required=False,
        help_text=_("Shows readers a new “last updated” time. Not for typo fixes."),
    )
    new_image = forms.FileField(  # not ImageField: our validator gives the precise reason
        label=_("Upload a lead image"),
        required=False,
        validators=[validate_image_file],
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
        help_text=_("JPEG, PNG or WebP, up to 25 MB. Location data is removed."),
    )
    new_image_alt = forms.CharField(label=_("Alt text"), required=False, max_length=300)
    new_image_caption = forms.CharField(label=_("Caption"), required=False, max_length=500)
    new_image_credit = forms.CharField(label=_("Image credit"), required=False, max_length=200)

    class Meta:
        model = Article
        fields = [
            "kicker",
            "headline",
            "slug",
            "standfirst",
            "body",
            "section",
            "language",
            "tags",
            "is_breaking",
            "lead_image",
            "dateline",
            "source",
            "canonical_url",
            "translation_of",
            "published_at",
        ]
        widgets = {
            "headline": forms.TextInput(
                attrs={"data-recommended": HEADLINE_RECOMMENDED, "class": "vLargeTextField"}
            ),
            "standfirst": forms.Textarea(
                attrs={"rows": 3, "data-recommended": STANDFIRST_RECOMMENDED}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: EditConflict | None = None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_image") and not cleaned.get("new_image_alt", "").strip():
            self.add_error("new_image_alt", _("Describe the picture for screen readers."))
        if self.instance.pk:
            self._check_version(cleaned.get("base_version"))
        return cleaned

    def _check_version(self, version: int | None) -> None:
        """Refuse a save based on an outdated version; the row stays locked until commit."""
        current = Article.objects.select_for_update().get(pk=self.instance.pk)
        if version != current.version:
            self.conflict = EditConflict(current, version or 0)
            # The next save, after the editor has seen the changes, builds on the current one.
            self.data = self.data.copy()
            self.data[self.add_prefix("base_version")] = current.version
            raise forms.ValidationError(
                _(
                    "Someone else saved this story while you were editing it. Your text is "
                    "still in the form below; the changes made meanwhile are shown above it. "
                    "Merge what you need and save again."
                ),
                code="conflict",
            )

    def new_lead_image(self) -> Image | None:
        """An Image built from the upload fields, not yet saved."""
        if not self.cleaned_data.get("new_image"):
            return None
        return Image(
            file=self.cleaned_data["new_image"],
            alt_text=self.cleaned_data["new_image_alt"].strip(),
            caption=self.cleaned_data["new_image_caption"],
            credit=self.cleaned_data["new_image_credit"],
        )
