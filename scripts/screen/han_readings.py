#!/usr/bin/env python3
"""Builds data/screen/han_readings.tsv: for each Chinese character of the common sets (GB 2312 or
Big5), its Mandarin readings (Hanyu Pinyin without tones), its Cantonese readings as Hong Kong
Government romanisation spells them in identity documents, and its Korean (Hanja) reading in Hangul.

Inputs are the data files of three packages from PyPI, unpacked with `pip download --no-deps` and
`unzip` into DIR (see data/screen/SOURCES.md for versions and licences):
    pypinyin 0.55.0               pypinyin/pinyin_dict.json        (MIT; from pinyin-data / Unihan)
    cantonese-romanisation 1.0.5  cantoroman/data/charToRoman.json (MIT)
    hanja 0.15.1                  hanja/table.yml                  (WTFPL)
    opencc-python-reimplemented 0.1.7  opencc/dictionary/STCharacters.txt (Apache-2.0)
A simplified character the Cantonese source does not cover takes the Cantonese readings of its
traditional forms (飞 those of 飛): Hong Kong spells a mainland name as it would read the traditional
characters.
Usage: han_readings.py DIR > data/screen/han_readings.tsv
"""
import json
import sys
import unicodedata

root = sys.argv[1]
pinyin = json.load(open(f"{root}/x_pypinyin/pypinyin/pinyin_dict.json"))
canto = json.load(open(f"{root}/x_cantonese_romanisation/cantoroman/data/charToRoman.json"))
traditional = {}
for line in open(f"{root}/x_opencc_python_reimplemented/opencc/dictionary/STCharacters.txt", encoding="utf-8"):
    simplified, _, forms = line.rstrip("\n").partition("\t")
    if len(simplified) == 1:
        traditional[simplified] = [f for f in forms.split(" ") if len(f) == 1 and f != simplified]
hangul = {}
for line in open(f"{root}/x_hanja/hanja/table.yml", encoding="utf-8"):
    line = line.strip()
    if not line.startswith('"'):
        continue
    key, _, value = line.partition(":")
    k = key.strip().strip('"').encode().decode("unicode_escape")
    v = value.strip().strip('"').encode().decode("unicode_escape")
    if len(k) == 1 and v:
        hangul[k] = v


def toneless(p):
    p = p.replace("ü", "v")
    p = "".join(c for c in unicodedata.normalize("NFD", p) if not unicodedata.combining(c))
    return p.replace("v", "u").lower()


def common(c):
    for codec in ("gb2312", "big5"):
        try:
            c.encode(codec)
            return True
        except UnicodeEncodeError:
            pass
    return False


def uniq(xs, limit):
    out = []
    for x in xs:
        if x and x.isascii() and x.isalpha() and x not in out:
            out.append(x)
    return out[:limit]


print("# article3 readings of Chinese characters (see data/screen/SOURCES.md; built by")
print("# scripts/screen/han_readings.py). One character a line:")
print("#   <character> TAB <Mandarin Pinyin, toneless> TAB <Cantonese, HK Government> TAB <Korean, Hangul>")
print("# Several readings are separated by |, the most usual first; a field may be empty.")
n = 0
for cp in list(range(0x4E00, 0xA000)) + list(range(0x3400, 0x4DC0)):
    c = chr(cp)
    if not common(c):
        continue
    m = uniq([toneless(p) for p in pinyin.get(str(cp), "").split(",")], 3)
    y = uniq([r.lower() for r in canto.get(c, [])], 3)
    if not y:
        y = uniq([r.lower() for t in traditional.get(c, []) for r in canto.get(t, [])], 3)
    k = hangul.get(c, "")
    if not (m or y or k):
        continue
    print(f"{c}\t{'|'.join(m)}\t{'|'.join(y)}\t{k}")
    n += 1
print(f"{n} characters", file=sys.stderr)
