"""Chinese text between its Simplified and Traditional scripts, with OpenCC.

Converting is more than swapping characters: OpenCC's phrase tables also change the words
that differ between the mainland and Taiwan (软件 / 軟體, 鼠标 / 滑鼠). `s2twp` writes
Traditional Chinese as Taiwan does, `tw2sp` brings such text back to mainland Simplified.
Text in other scripts passes through unchanged.
"""

from functools import cache

import opencc
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChineseScript(models.TextChoices):
    KEEP = "", _("Keep the text as it is")
    TRADITIONAL = "traditional", _("Convert Chinese to Traditional")
    SIMPLIFIED = "simplified", _("Convert Chinese to Simplified")


OPENCC_CONFIGS = {ChineseScript.TRADITIONAL: "s2twp", ChineseScript.SIMPLIFIED: "tw2sp"}


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def convert_chinese(text: str, script: str) -> str:
    """`text` written in `script` (a `ChineseScript`); as it is for `KEEP`."""
    if script == ChineseScript.KEEP or not text:
        return text
    return _converter(OPENCC_CONFIGS[ChineseScript(script)]).convert(text)
