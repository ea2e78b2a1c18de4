"""GOV.UK Design System components as Django template tags.

Every page renders components through these tags so the markup stays the Design System's own in one place:
`{% govuk_field form.email %}`, `{% govuk_error_summary form %}`, `{% govuk_table head rows %}`,
`{% govuk_summary_list rows %}`, `{% govuk_pagination page_obj %}`, `{% govuk_tag "Met" "green" %}`,
`{% govuk_button "Save" %}`, `{% govuk_breadcrumbs items %}` and the `govuk_richtext` filter.
"""

import re

from django import forms, template
from django.utils.safestring import mark_safe
from wagtail.rich_text import RichText, expand_db_html

register = template.Library()


def _field_kind(field) -> str:
    widget = field.field.widget
    # CheckboxSelectMultiple subclasses RadioSelect in Django, so it must be tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def _options(field):
    value = field.value()
    selected = {str(v) for v in value} if isinstance(value, (list, tuple)) else {str(value)}
    hints = getattr(field.field, "option_hints", {}) or {}
    options = []
    for choice_value, label in field.field.choices:
        key = str(getattr(choice_value, "value", choice_value))
        options.append({"value": key, "label": label, "checked": key in selected, "hint": hints.get(key, "")})
    return options


@register.inclusion_tag("components/field.html")
def govuk_field(field, size="", heading=False, width="", autocomplete="", small=False, accept=""):
    kind = _field_kind(field)
    widget = field.field.widget
    return {
        "field": field,
        "kind": kind,
        "options": _options(field) if kind in ("radios", "checkboxes", "select") else [],
        "input_type": getattr(widget, "input_type", "text"),
        "size": size,
        "heading": heading,
        "width": width,
        "autocomplete": autocomplete or widget.attrs.get("autocomplete", ""),
        "small": small,
        "accept": accept or widget.attrs.get("accept", ""),
    }


@register.inclusion_tag("components/error_summary.html")
def govuk_error_summary(form):
    errors = []
    if form is not None and form.errors:
        # An error about the form as a whole (a wrong password) still links to a field: the first one to fix.
        visible = list(form.visible_fields())
        first = f"#{visible[0].auto_id}" if visible else ""
        for error in form.non_field_errors():
            errors.append({"text": error, "href": first})
        for field in form:
            for error in field.errors:
                anchor = field.auto_id
                if _field_kind(field) in ("radios", "checkboxes"):
                    anchor = f"{anchor}-1"
                errors.append({"text": error, "href": f"#{anchor}"})
    return {"errors": errors}


@register.inclusion_tag("components/table.html")
def govuk_table(head, rows, caption="", caption_size="m", first_cell_is_header=False, small=False):
    """`head`: list of str or {"text", "numeric"}; `rows`: lists of str or {"text", "href", "numeric", "html"}."""

    def cell(value):
        return value if isinstance(value, dict) else {"text": value}

    return {
        "head": [cell(h) for h in head],
        "rows": [[cell(c) for c in row] for row in rows],
        "caption": caption,
        "caption_size": caption_size,
        "first_cell_is_header": first_cell_is_header,
        "small": small,
    }


@register.inclusion_tag("components/summary_list.html")
def govuk_summary_list(rows):
    """`rows`: dicts with key, value (or html) and an optional action {"href", "text"}."""
    return {"rows": rows}


def page_range(page_obj, around=2):
    if page_obj is None:
        return []
    last = page_obj.paginator.num_pages
    current = page_obj.number
    numbers = []
    for n in range(1, last + 1):
        if n in (1, last) or abs(n - current) <= around:
            numbers.append(n)
        elif numbers and numbers[-1] != "…":
            numbers.append("…")
    return numbers


@register.inclusion_tag("components/pagination.html", takes_context=True)
def govuk_pagination(context, page_obj):
    request = context.get("request")
    query = request.GET.copy() if request else {}
    if query:
        query.pop("page", None)
    prefix = query.urlencode() + "&" if query else ""
    return {"page_obj": page_obj, "page_range": page_range(page_obj), "query_prefix": prefix}


@register.inclusion_tag("components/tag.html")
def govuk_tag(text, colour=""):
    return {"text": text, "colour": colour}


@register.inclusion_tag("components/button.html")
def govuk_button(text, variant="", href="", name="", value=""):
    return {"text": text, "variant": variant, "href": href, "name": name, "value": value}


@register.inclusion_tag("components/warning_text.html")
def govuk_warning_text(text):
    return {"text": text}


@register.inclusion_tag("components/back_link.html")
def govuk_back_link(href, text="Back"):
    return {"href": href, "text": text}


@register.inclusion_tag("components/inset_text.html")
def govuk_inset_text(text):
    return {"text": text}


@register.inclusion_tag("components/breadcrumbs.html")
def govuk_breadcrumbs(items):
    return {"items": items}


_RICH_TEXT_CLASSES = [
    (re.compile(r"<p(?=[\s>])(?![^>]*class=)"), '<p class="govuk-body"'),
    (re.compile(r"<a(?=[\s>])(?![^>]*class=)"), '<a class="govuk-link"'),
    (re.compile(r"<ul(?=[\s>])(?![^>]*class=)"), '<ul class="govuk-list govuk-list--bullet"'),
    (re.compile(r"<ol(?=[\s>])(?![^>]*class=)"), '<ol class="govuk-list govuk-list--number"'),
    (re.compile(r"<h2(?=[\s>])(?![^>]*class=)"), '<h2 class="govuk-heading-l"'),
    (re.compile(r"<h3(?=[\s>])(?![^>]*class=)"), '<h3 class="govuk-heading-m"'),
    (re.compile(r"<h4(?=[\s>])(?![^>]*class=)"), '<h4 class="govuk-heading-s"'),
]


@register.filter
def govuk_richtext(value):
    """Render Wagtail rich text (or plain HTML) with GOV.UK typography classes."""
    if value is None:
        return ""
    html = value.source if isinstance(value, RichText) else str(value)
    html = expand_db_html(html)
    for pattern, replacement in _RICH_TEXT_CLASSES:
        html = pattern.sub(replacement, html)
    return mark_safe(html)  # noqa: S308 - rich text is editor content, already sanitised by Wagtail


@register.filter
def govuk_paragraphs(value):
    """Plain text with blank-line paragraphs and "- " bullet lines (as in the framework export) as GOV.UK HTML."""
    from django.utils.html import escape

    if not value:
        return ""
    blocks, bullets, html = [], [], []
    for line in str(value).replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith(("- ", "• ", "* ")):
            if blocks:
                html.append(f'<p class="govuk-body">{escape(" ".join(blocks))}</p>')
                blocks = []
            bullets.append(stripped[2:].strip())
            continue
        if bullets:
            html.append(
                '<ul class="govuk-list govuk-list--bullet">'
                + "".join(f"<li>{escape(b)}</li>" for b in bullets)
                + "</ul>"
            )
            bullets = []
        if stripped:
            blocks.append(stripped)
        elif blocks:
            html.append(f'<p class="govuk-body">{escape(" ".join(blocks))}</p>')
            blocks = []
    if blocks:
        html.append(f'<p class="govuk-body">{escape(" ".join(blocks))}</p>')
    if bullets:
        html.append(
            '<ul class="govuk-list govuk-list--bullet">' + "".join(f"<li>{escape(b)}</li>" for b in bullets) + "</ul>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every piece is escaped above
