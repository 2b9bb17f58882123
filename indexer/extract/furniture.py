"""Page furniture in crawled text: the site's menus and navigation lines ("Home | About", "More on
Conflict prevention", "Latest from Kyrgyzstan", "Read more"). They name the site's sections, not what
the page is about, so the headline picker and the extractors read past them; search keeps every line."""

from __future__ import annotations

import re

FURNITURE_MAX_WORDS = 10  # navigation is a short line; a sentence that starts "Related to…" is text
_CUE_RE = re.compile(
    r"^[^\w(«\"]*(home|menu|search|login|log in|sign in|user login|subscribe|follow us|back to|see also|related\b|"
    r"you are here|вы здесь|сіз осындасыз|"
    r"read more|more on|more from|more news|latest from|latest news|share\b|explore related|"
    r"главная|меню|поиск|вход|подписаться|поделиться|подробнее|читать (далее|также)|(ещё|еще) по теме|"
    r"другие новости|последние новости|похожие|см\. также|"
    r"басты бет|іздеу|кіру|бөлісу|толығырақ|тағы оқыңыз|басқа жаңалықтар|соңғы жаңалықтар|ұқсас)",
    re.I,
)
_MENU_RE = re.compile(r"\s\|\s")
# A share or follow widget names the networks: "Issuu on Google+", "VK X OK WhatsApp Telegram".
_SOCIAL_RE = re.compile(r"google\+|\b(facebook|twitter|vk|vkontakte|telegram|whatsapp|instagram|youtube|linkedin|"
                        r"odnoklassniki|одноклассники|вконтакте)\b", re.I)
SOCIAL_MAX_WORDS = 6
# A plug-in, cookie or privacy notice ("Соответствие GDPR", "Privacy policy"): notices are sentences, and short.
_NOTICE_RE = re.compile(r"adobe flash|javascript|cookies?\b|\bgdpr\b|privacy policy|политика конфиденциальности|"
                        r"құпиялылық саясаты|only available in|доступн\w* только на", re.I)
NOTICE_MAX_WORDS = 40  # "We use cookies to … By continuing … you agree to our Privacy Policy and Terms of Use."
# A control's label, with its full stop or not ("Close this search box.", "Toggle navigation", "Открыть меню").
_CONTROL_RE = re.compile(r"^(?:close|open|toggle|show|hide|закрыть|открыть|показать|скрыть|жабу|ашу)\b.{0,30}"
                         r"\b(?:search|menu|navigation|panel|box|поиск\w*|меню|навигаци\w*|іздеу\w*|мәзір\w*)\b", re.I)
# A skip link, wherever a plug-in's residue puts it ("fbpx Skip to main content", "Перейти на главную страницу").
_SKIP_LINK_RE = re.compile(r"\b(?:skip to (?:the )?(?:main )?(?:content|navigation|menu)|"
                           r"jump to (?:navigation|content|search)|"
                           r"перейти (?:к|на) (?:основному )?(?:содержани\w*|навигаци\w*|поиск\w*|главн\w* страниц\w*)|"
                           r"мазмұнға өту)\b", re.I)
CONTROL_MAX_WORDS = 6
_SENTENCE_END_RE = re.compile(r"[.!?…]$")
_PATH_SEPARATOR_RE = re.compile(r"\s/\s")
PATH_MIN_SEPARATORS = 3
_ARROW_SEPARATOR_RE = re.compile(r"\s(?:>|»|→|›)\s")
ARROW_MIN_SEPARATORS = 2


def is_furniture(line: str) -> bool:
    """Whether a line is a menu, a navigation link or a plug-in or cookie notice rather than text."""
    line = line.strip()
    words = len(line.split())
    if not line:
        return False
    if _NOTICE_RE.search(line) and words <= NOTICE_MAX_WORDS:
        return True
    if len(_MENU_RE.findall(line)) >= 2:  # a menu of three or more items, however long
        return True
    if _SOCIAL_RE.search(line) and words <= SOCIAL_MAX_WORDS:
        return True
    if (_CONTROL_RE.match(line) or _SKIP_LINK_RE.search(line)) and words <= CONTROL_MAX_WORDS:
        return True
    if words > FURNITURE_MAX_WORDS or _SENTENCE_END_RE.search(line):
        return False
    return bool(_CUE_RE.match(line) or _MENU_RE.search(line))


def is_path_list(line: str) -> bool:
    """Whether a line is items between slashes or arrows: a breadcrumb ("Законодательство / Основы / Права …",
    "Home > Asia > Tajikistan") or a list of keywords ("ЕАЭС / РОССИЯ / МИГРАЦИЯ"). However long, it is neither a
    headline nor the text's first paragraph; its words still count as the page's (a paper's keywords say what it is
    about)."""
    return (len(_PATH_SEPARATOR_RE.findall(line)) >= PATH_MIN_SEPARATORS
            or len(_ARROW_SEPARATOR_RE.findall(line)) >= ARROW_MIN_SEPARATORS)


def without_furniture(text: str) -> str:
    """The text without its furniture lines."""
    return "\n".join(line for line in text.splitlines() if not is_furniture(line))
