"""StreamField blocks shared by every page type, each rendered with GOV.UK Design System markup."""

from wagtail import blocks


class InsetTextBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=["bold", "link"])

    class Meta:
        template = "components/blocks/inset_text.html"
        icon = "openquote"


class WarningTextBlock(blocks.StructBlock):
    text = blocks.CharBlock()

    class Meta:
        template = "components/blocks/warning_text.html"
        icon = "warning"


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock()
    text = blocks.RichTextBlock(features=["bold", "link", "ol", "ul"])

    class Meta:
        template = "components/blocks/details.html"
        icon = "arrow-down"


class ContentStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", template="components/blocks/heading.html", icon="title")
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"], template="components/blocks/rich_text.html"
    )
    inset_text = InsetTextBlock()
    warning_text = WarningTextBlock()
    details = DetailsBlock()
