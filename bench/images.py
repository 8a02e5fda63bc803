"""What renditions cost, and what a phone downloads: python -m bench.images

Makes a photographic 24-megapixel JPEG (articles.demo.landscape at 6000x4000, about 10 MB at
quality 90, as a camera writes), stores it as an editor's upload is stored (save_image), and
then

1. makes every rendition it has, one at a time as the rendition view does on a first request
   (each decodes the original, in JPEG draft mode): wall and CPU time and bytes of each, and
   the totals per format;
2. renders a story with that photo as its lead, and a front page whose cards show such photos,
   through Django's test client, and adds up what a phone 390 px wide at DPR 2 downloads: the
   HTML and the stylesheet (gzipped, as served), and for each <picture> the candidate a
   browser takes from the first source it supports (AVIF; what WebP or JPEG browsers take is
   shown too) for the width `sizes` gives the picture on that screen.

All rows are written in a transaction that is rolled back and the files go to a temporary
MEDIA_ROOT, with the page and card caches off: the database is left as it was. Needs
DATABASE_URL (`make bench-images` starts the embedded PostgreSQL). Writes
var/bench/images.json. Issue 17's goal: a story under 600 KB in all on that phone, and no
picture over 250 KB.
"""

import gzip
import io
import json
import re
import resource
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

from bench.inprocess import start_django

PHONE_WIDTH, PHONE_DPR, ROOT_EM = 390, 2, 16
PHOTO_SIZE = (6000, 4000)
PAGE_GOAL, PICTURE_GOAL = 600 * 1024, 250 * 1024
RESULTS = Path("var/bench/images.json")


class Pictures(HTMLParser):
    """Each <picture> of a page: its <source>s by type, and its <img>."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "picture":
            self.found.append({"sources": {}, "img": None})
        elif self.found and self.found[-1]["img"] is None:
            if tag == "source":
                self.found[-1]["sources"][attrs["type"]] = attrs
            elif tag == "img":
                self.found[-1]["img"] = attrs


def slot_width(sizes: str, viewport: int) -> float:
    """The width in CSS pixels that `sizes` gives a picture on a screen `viewport` wide."""
    for entry in sizes.split(","):
        condition, _, length = entry.strip().rpartition(") ")
        minimum = re.fullmatch(r"\(min-width: ([\d.]+)rem", condition)
        if condition and not (minimum and viewport >= float(minimum[1]) * ROOT_EM):
            continue
        total = 0.0
        for sign, number, unit in re.findall(r"([+-]?)\s*([\d.]+)(vw|rem|px)", length):
            value = float(number) * {"vw": viewport / 100, "rem": ROOT_EM, "px": 1}[unit]
            total += -value if sign == "-" else value
        return total
    raise ValueError(f"no length in sizes={sizes!r}")


def chosen(srcset: str, needed: float) -> tuple[str, int]:
    """The candidate a browser takes: the narrowest at least `needed` wide, else the widest."""
    candidates = sorted(
        (int(width.rstrip("w")), url)
        for url, width in (item.strip().rsplit(" ", 1) for item in srcset.split(","))
    )
    width, url = next(((w, u) for w, u in candidates if w >= needed), candidates[-1])
    return url, width


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # all threads: encoders use several
    return usage.ru_utime + usage.ru_stime


def camera_photo() -> tuple[bytes, float]:
    from articles.demo import landscape

    started = time.perf_counter()
    picture, _ = landscape(PHOTO_SIZE, ["#3b5b3a", "#a9c7e8"], seed=17)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue(), time.perf_counter() - started


def decoding(photo: bytes) -> dict:
    """A full decode against one in draft mode at half size, the most any rendition needs."""
    from PIL import Image as PILImage

    times = {}
    for name, scale in [("full", None), ("draft 1/2", (3000, 2000))]:
        started = time.perf_counter()
        with PILImage.open(io.BytesIO(photo)) as picture:
            if scale:
                picture.draft("RGB", scale)
            picture.load()
        times[name] = time.perf_counter() - started
    return times


def every_rendition(image) -> list[dict]:
    from articles.media import crops, renditions

    rows = []
    for crop in crops.CROPS:
        for rendition in renditions.renditions(image, crop):
            wall, cpu = time.perf_counter(), cpu_seconds()
            content = renditions.make(image, rendition)
            rows.append(
                {
                    "crop": crop,
                    "format": rendition.fmt,
                    "width": rendition.width,
                    "height": rendition.height,
                    "seconds": time.perf_counter() - wall,
                    "cpu_seconds": cpu_seconds() - cpu,
                    "bytes": len(content),
                }
            )
    return rows


def phone_download(client, path: str) -> dict:
    """What a phone fetches for the page at `path`: HTML, stylesheet and pictures, in bytes."""
    from django.contrib.staticfiles import finders

    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    html = response.content.decode()
    stylesheet = Path(finders.find("css/site.css")).read_bytes()
    weight = {
        "html_raw": len(response.content),
        "html": len(gzip.compress(response.content)),
        "css": len(gzip.compress(stylesheet)),
        "pictures": [],
    }
    for picture in Pictures(html).found:
        img = picture["img"]
        needed = slot_width(img["sizes"], PHONE_WIDTH) * PHONE_DPR
        picked = {}
        for kind, srcset in [
            *((source["type"], source["srcset"]) for source in picture["sources"].values()),
            ("fallback", img["srcset"]),
        ]:
            url, width = chosen(srcset, needed)
            file = client.get(url)
            assert file.status_code == 200, url
            picked[kind] = {"url": url, "width": width, "bytes": len(file.content)}
        weight["pictures"].append({"needed": needed, "alt": img["alt"], "picked": picked})
    first = [next(iter(p["picked"].values())) for p in weight["pictures"]]
    weight["total"] = weight["html"] + weight["css"] + sum(pick["bytes"] for pick in first)
    weight["largest_picture"] = max((pick["bytes"] for pick in first), default=0)
    return weight


def stories_with_photo(photo: bytes) -> tuple[object, str, float]:
    """Four sections, a story in each with the photo as its lead image (one upload, four
    Image rows sharing its file); returns the upload's Image, the newest story's address and
    how long the upload took (checks and metadata removal)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles import publishing
    from articles.models import Article, Image, Section

    started = time.perf_counter()
    upload = publishing.save_image(
        Image(file=SimpleUploadedFile("camera.jpg", photo), alt_text="Hügel unter der Sonne")
    )
    upload_seconds = time.perf_counter() - started
    story = None
    for number in range(4):
        section = Section.objects.create(
            name=f"Bench Bilder {number}", slug=f"bench-bilder-{number}", order=number
        )
        image = Image.objects.create(
            file=upload.file.name,
            alt_text=f"Foto {number}",
            width=upload.width,
            height=upload.height,
            focal_x=0.3 + 0.1 * number,
            focal_y=0.3,
        )
        story = Article.objects.create(
            headline=f"Eine Meldung mit einem großen Foto {number}",
            slug=f"meldung-mit-foto-{number}",
            section=section,
            lead_image=image,
            standfirst="Ein Vorspann, wie ihn jede Meldung hat.",
            body="<p>" + "Ein Absatz aus einer Meldung, wie sie Agenturen schicken. " * 40 + "</p>",
        )
        publishing.publish(story)
    return upload, story.get_absolute_url(), upload_seconds


def report_renditions(rows: list[dict]) -> None:
    print(f"\n{'crop':9}{'format':7}{'size':>11}{'ms':>7}{'CPU ms':>8}{'KB':>8}")
    for row in rows:
        size = f"{row['width']}x{row['height']}"
        print(
            f"{row['crop']:9}{row['format']:7}{size:>11}{row['seconds'] * 1000:7.0f}"
            f"{row['cpu_seconds'] * 1000:8.0f}{row['bytes'] / 1024:8.1f}"
        )
    print("\nper format: renditions, time, CPU, KB in all")
    for fmt in dict.fromkeys(row["format"] for row in rows):
        same = [row for row in rows if row["format"] == fmt]
        print(_totals(fmt, same))
    print(_totals("all", rows))


def _totals(label: str, rows: list[dict]) -> str:
    seconds, cpu = sum(r["seconds"] for r in rows), sum(r["cpu_seconds"] for r in rows)
    kilobytes = sum(r["bytes"] for r in rows) / 1024
    return f"  {label:5} {len(rows):3} {seconds:6.2f} s {cpu:6.2f} s {kilobytes:8.0f}"


def report_page(name: str, weight: dict) -> None:
    print(f"\n{name} on a phone ({PHONE_WIDTH} px, DPR {PHONE_DPR}), gzipped HTML and CSS:")
    html, raw, css = weight["html"] / 1024, weight["html_raw"] / 1024, weight["css"] / 1024
    print(f"  HTML {html:.1f} KB ({raw:.1f} KB before gzip), CSS {css:.1f} KB")
    for picture in weight["pictures"]:
        picks = ", ".join(
            f"{kind.removeprefix('image/')} {pick['width']} px {pick['bytes'] / 1024:.1f} KB"
            for kind, pick in picture["picked"].items()
        )
        print(f"  picture {picture['alt']!r} for {picture['needed']:.0f} px: {picks}")
    total, largest = weight["total"], weight["largest_picture"]
    print(
        f"  in all {total / 1024:.0f} KB (goal < {PAGE_GOAL // 1024}), largest picture"
        f" {largest / 1024:.0f} KB (goal < {PICTURE_GOAL // 1024}):"
        f" {'met' if total < PAGE_GOAL and largest < PICTURE_GOAL else 'MISSED'}"
    )


def main() -> None:
    start_django()
    from django.db import transaction
    from django.test import Client
    from django.test.utils import override_settings

    photo, made_in = camera_photo()
    width, height = PHOTO_SIZE
    print(f"photo: {width}x{height} JPEG, {len(photo) / 1e6:.1f} MB, made in {made_in:.1f} s")
    for name, seconds in decoding(photo).items():
        print(f"decoding it, {name}: {seconds * 1000:.0f} ms")
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media, PAGE_CACHE_SECONDS=0, CARD_CACHE_SECONDS=0),
        transaction.atomic(),
    ):
        upload, story, upload_seconds = stories_with_photo(photo)
        print(f"upload (checks, metadata removal): {upload_seconds:.2f} s")
        rows = every_rendition(upload)
        report_renditions(rows)
        client = Client(HTTP_HOST="localhost")
        pages = {"story": phone_download(client, story), "front page": phone_download(client, "/")}
        for name, weight in pages.items():
            report_page(name, weight)
        transaction.set_rollback(True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({"photo_bytes": len(photo), "renditions": rows, "pages": pages}, indent=2)
    )
    print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()
