from django import template

register = template.Library()


@register.filter
def duration(minutes):
    """90 -> "1 hour 30 minutes"; None -> "Not stated"."""
    if not minutes:
        return "Not stated"
    hours, mins = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " ".join(parts)


@register.filter
def cost(document):
    if document.get("is_free") or not document.get("cost_pence"):
        return "Free"
    pounds, pence = divmod(int(document["cost_pence"]), 100)
    return f"£{pounds:,}.{pence:02d}" if pence else f"£{pounds:,}"
