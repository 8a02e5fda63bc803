from django import forms
from django.urls import reverse_lazy
from django.utils.html import strip_tags
from django.utils.text import format_lazy
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagWidget

from .images import validate_image_file
from .media.crops import CROPS, EDITABLE, box_problem
from .models import CROP_PROBLEMS, Article, Image, Section, other_languages
from .publishing import EditConflict
from .text import headline_from_lead

HEADLINE_RECOMMENDED = 70
STANDFIRST_RECOMMENDED = 200
ACCEPTED_TYPES = "image/jpeg,image/png,image/webp,image/gif,image/avif"


class TagSuggestWidget(TagWidget):
    """The comma-separated tag field, suggesting existing topics as the editor types
    (tag_suggest.js asks TagAdmin.suggest_view)."""

    class Media:
        js = ["articles/admin/tag_suggest.js"]

    def __init__(self, attrs=None):
        super().__init__(
            {
                "data-suggest-url": reverse_lazy("admin:taggit_tag_suggest"),
                "data-found-label": _("%(count)s topics found; arrow keys to choose"),
                "data-none-label": _("No topic found; a new one is created on saving"),
                "autocomplete": "off",
                **(attrs or {}),
            }
        )


class ArticleAdminForm(forms.ModelForm):
    """The story form: carries the version it was opened at, and an optional new lead image."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # After a conflict, the "save anyway" buttons name the version whose changes the editor
    # saw and chose to save over; a plain save is refused again.
    overwrite_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
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
            "lead_image_alt",
            "lead_image_caption",
            "dateline",
            "source",
            "canonical_url",
            "translation_of",
            "published_at",
        ]
        widgets = {
            "tags": TagSuggestWidget(),
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
        if not self.instance.pk:
            self.fields["headline"].required = True  # only wire copy waits for one
        elif not self.instance.headline:
            self._suggest_headline()

    def _suggest_headline(self) -> None:
        """A draft that came without a headline shows the lead's first sentence as a hint,
        never as a value: the editor writes the headline."""
        lead = strip_tags(self.instance.body).strip().split("\n")[0]
        field = self.fields["headline"]
        field.widget.attrs["placeholder"] = headline_from_lead(lead) if lead else ""
        field.help_text = _(
            "This story came without a headline. Write one before it goes to review; the "
            "grey text is only the lead's first sentence."
        )

    refusal = None  # why a new story's button was refused (ArticleAdmin.changeform_view)

    def clean(self):
        cleaned = super().clean()
        if self.refusal is not None:
            self._show_refusal(self.refusal)
        if cleaned.get("new_image") and not cleaned.get("new_image_alt", "").strip():
            self.add_error("new_image_alt", _("Describe the picture for screen readers."))
        if self.instance.pk:
            self._check_version(cleaned.get("base_version"), cleaned.get("overwrite_version"))
        return cleaned

    def _show_refusal(self, error: forms.ValidationError) -> None:
        """Each reason beside its field if the form has it, else above the form."""
        by_field = getattr(error, "error_dict", None) or {None: error.error_list}
        for field, errors in by_field.items():
            self.add_error(field if field in self.fields else None, errors)

    def _check_version(self, version: int | None, overwrite: int | None) -> None:
        """Refuse a save based on an outdated version, unless the editor has seen the changes
        up to the current one and chose to save over them; the row stays locked until
        commit, so no third save slips in between."""
        current = Article.objects.select_for_update().get(pk=self.instance.pk)
        if version == current.version:
            return
        if overwrite is not None and overwrite == current.version:
            self.cleaned_data["base_version"] = current.version
            return
        # The form keeps the version it was opened at: saving again plainly is refused again.
        self.conflict = EditConflict(current, version or 0)
        raise forms.ValidationError(
            _(
                "Someone else saved this story while you were editing it. Your text is "
                "still in the form below; the changes made meanwhile are shown above it. "
                "Save anyway to overwrite them, or copy what you need from their version "
                "and then save the merged text."
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


class ImageUploadForm(forms.ModelForm):
    """One file of a multiple upload (the library's "Upload several"), with its own alt
    text: a picture without one never reaches the library, as by every other way in."""

    file = forms.FileField(  # not ImageField: our validator gives the precise reason
        label=_("File"), validators=[validate_image_file]
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "photographer"]


class ImageAdminForm(forms.ModelForm):
    """An image's text, focal point and drawn crops: a field per crop, "left, top, right,
    bottom" in pixels of the picture, kept in `Image.crops`; an empty one follows the focal
    point. A new file starts without drawn crops: they were drawn on the old picture."""

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "photographer", "focal_x", "focal_y"]
        help_texts = {
            "file": _(
                "A new file replaces the picture in every story that uses it; crops drawn "
                "on the old one are dropped, the focal point stays."
            )
        }
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, box in (self.instance.crops or {}).items():
            if name in EDITABLE:
                self.initial.setdefault(f"crop_{name}", ", ".join(map(str, box)))

    def clean(self):
        cleaned = super().clean()
        if "file" in self.changed_data:
            self.instance.crops = {}
            return cleaned
        drawn = {}
        size = (self.instance.width, self.instance.height)
        for name in EDITABLE:
            text = cleaned.get(f"crop_{name}", "").replace(",", " ").split()
            if not text:
                continue
            box = [int(part) for part in text] if all(p.isdigit() for p in text) else None
            problem = box_problem(box, size, CROPS[name].ratio)
            if problem:
                self.add_error(f"crop_{name}", CROP_PROBLEMS[problem] % {"name": CROPS[name].label})
            else:
                drawn[name] = box
        if not self.errors:
            self.instance.crops = drawn
        return cleaned


for _name in EDITABLE:
    ImageAdminForm.declared_fields[f"crop_{_name}"] = ImageAdminForm.base_fields[
        f"crop_{_name}"
    ] = forms.CharField(
        label=format_lazy(_("{} crop"), CROPS[_name].label),
        required=False,
        max_length=60,
        help_text=_("Left, top, right, bottom in pixels; empty: around the focal point."),
    )


class SectionAdminForm(forms.ModelForm):
    """A section's name and description in the main language, and a pair of fields for each
    other language of the site (name_en, description_en, ...), kept in
    `Section.translations`."""

    class Meta:
        model = Section
        fields = ["name", "slug", "description", "parent", "order", "show_in_navigation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in other_languages():
            text = (self.instance.translations or {}).get(code) or {}
            self.initial.setdefault(f"name_{code}", text.get("name", ""))
            self.initial.setdefault(f"description_{code}", text.get("description", ""))

    def clean(self):
        cleaned = super().clean()
        for code in other_languages():
            if cleaned.get(f"description_{code}") and not cleaned.get(f"name_{code}"):
                self.add_error(f"name_{code}", _("A description needs a name in its language."))
        return cleaned

    def save(self, commit=True):
        translations = {}
        for code in other_languages():
            name = self.cleaned_data.get(f"name_{code}", "").strip()
            if name:
                description = self.cleaned_data.get(f"description_{code}", "").strip()
                translations[code] = {"name": name, "description": description}
        self.instance.translations = translations
        return super().save(commit)


# The fields of the other languages are declared on the class (as if written in its body),
# so that the admin, which derives its own form class from this one, shows them.
for _code in other_languages():
    _language = gettext_lazy(get_language_info(_code)["name"])
    for _name, _field in {
        f"name_{_code}": forms.CharField(
            label=format_lazy("{} ({})", _("Name"), _language),
            max_length=80,
            required=False,
            help_text=_("Shown in that edition. Without it, the edition shows the name above."),
        ),
        f"description_{_code}": forms.CharField(
            label=format_lazy("{} ({})", _("Description"), _language),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        ),
    }.items():
        SectionAdminForm.declared_fields[_name] = SectionAdminForm.base_fields[_name] = _field
