"""Languages named for people: "French" / "français", never the bare code."""

from django.utils.translation import get_language_info


def language_name(code: str) -> str:
    """The language's name in the reader's language (Django's own table of languages); the
    code itself when Django does not know it, so nothing is hidden."""
    try:
        return str(get_language_info((code or "").lower())["name_translated"])
    except KeyError:
        return code
