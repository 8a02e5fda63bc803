"""Videos, posts and maps in a story body: the providers, what an id of each looks like,
and the only addresses ever made from one (pure: no Django, no network).

A body stores `<figure data-embed="youtube" data-id="…">`, never an iframe or a URL, so
every address a reader's browser may load is one of the templates below, filled with an id
that matched its provider's pattern in full. newsroom/settings.py allows exactly these
frame hosts in the CSP (tests/test_body_media.py compares them).
"""

import math
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Provider:
    name: str  # the value of data-embed
    label: str  # what readers know it as
    pattern: re.Pattern  # an id, in full
    frame: str  # the iframe's address; {id} or the id's named groups
    link: str  # the original, for readers without JavaScript
    shape: str  # video, post or map (static/css/site.css)

    @property
    def frame_host(self) -> str:
        return urlsplit(self.frame).netloc

    def frame_url(self, embed_id: str) -> str:
        return self.frame.format(id=embed_id, **_map_box(self, embed_id))

    def link_url(self, embed_id: str) -> str:
        return self.link.format(id=embed_id, **_map_box(self, embed_id))


_COORDINATE = r"-?\d{1,3}(?:\.\d{1,6})?"
PROVIDERS = {
    provider.name: provider
    for provider in [
        Provider(
            "youtube",
            "YouTube",
            re.compile(r"[A-Za-z0-9_-]{11}"),
            # youtube-nocookie.com sets no cookie until the video plays.
            "https://www.youtube-nocookie.com/embed/{id}",
            "https://www.youtube.com/watch?v={id}",
            "video",
        ),
        Provider(
            "vimeo",
            "Vimeo",
            re.compile(r"[1-9][0-9]{0,11}"),
            "https://player.vimeo.com/video/{id}?dnt=1",  # dnt: no tracking cookies
            "https://vimeo.com/{id}",
            "video",
        ),
        # Bluesky's embed page takes the author's DID, not their handle: turning a handle
        # into a DID needs a request to Bluesky, so editors paste the "Embed post" code or a
        # link with the DID.
        Provider(
            "bluesky",
            "Bluesky",
            re.compile(r"did:plc:[a-z2-7]{24}/[a-z2-7]{13}"),
            "https://embed.bsky.app/embed/{did}/app.bsky.feed.post/{rkey}",
            "https://bsky.app/profile/{did}/post/{rkey}",
            "post",
        ),
        Provider(
            "map",
            "OpenStreetMap",
            re.compile(rf"(?:1[0-9]|[1-9])/{_COORDINATE}/{_COORDINATE}"),
            "https://www.openstreetmap.org/export/embed.html"
            "?bbox={west},{south},{east},{north}&layer=mapnik&marker={lat},{lon}",
            "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={zoom}/{lat}/{lon}",
            "map",
        ),
    ]
}


def is_valid(provider: str, embed_id: str) -> bool:
    """Whether `embed_id` is an id of `provider` (a map's point must lie on the globe)."""
    found = PROVIDERS.get(provider)
    if found is None or not found.pattern.fullmatch(embed_id):
        return False
    if provider == "map":
        _zoom, lat, lon = embed_id.split("/")
        return abs(float(lat)) <= 85 and abs(float(lon)) <= 180
    return True


def _map_box(provider: Provider, embed_id: str) -> dict:
    """The id's parts for the address templates; a map's also its box (about 640 px wide)."""
    if provider.name == "bluesky":
        did, rkey = embed_id.split("/")
        return {"did": did, "rkey": rkey}
    if provider.name != "map":
        return {}
    zoom, lat, lon = embed_id.split("/")
    across = 360 / 2 ** int(zoom) * 640 / 256 / 2
    down = across * math.cos(math.radians(float(lat))) * 3 / 4
    return {
        "zoom": zoom,
        "lat": lat,
        "lon": lon,
        "west": f"{max(-180, float(lon) - across):.5f}",
        "east": f"{min(180, float(lon) + across):.5f}",
        "south": f"{max(-85, float(lat) - down):.5f}",
        "north": f"{min(85, float(lat) + down):.5f}",
    }


_AT_URI = re.compile(r"at://(did:plc:[a-z2-7]{24})/app\.bsky\.feed\.post/([a-z2-7]{13})")
_MAP_HASH = re.compile(rf"map=(\d{{1,2}})/({_COORDINATE})/({_COORDINATE})")


def from_url(text: str) -> tuple[str, str] | None:
    """(provider, id) of an address an editor pasted (or Bluesky's embed code), else None."""
    text = text.strip()
    if found := _AT_URI.search(text):
        return _checked("bluesky", "/".join(found.groups()))
    parts = urlsplit(text if "://" in text else f"https://{text}")
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    path = [part for part in parts.path.split("/") if part]
    query = parse_qs(parts.query)
    if host in {"youtube.com", "youtube-nocookie.com", "music.youtube.com"}:
        if path == ["watch"]:
            return _checked("youtube", query.get("v", [""])[0])
        if len(path) == 2 and path[0] in {"embed", "shorts", "live", "v"}:
            return _checked("youtube", path[1])
    if host == "youtu.be" and len(path) == 1:
        return _checked("youtube", path[0])
    if host in {"vimeo.com", "player.vimeo.com"} and path:
        return _checked("vimeo", path[-1] if path[-1].isdigit() else "")
    if host == "bsky.app" and len(path) == 4 and path[0] == "profile" and path[2] == "post":
        return _checked("bluesky", f"{path[1]}/{path[3]}")
    if host == "openstreetmap.org":
        return _map(parts.fragment, query)
    return None


def _map(fragment: str, query: dict) -> tuple[str, str] | None:
    """A map of the marker (mlat, mlon) if the address has one, else of its middle."""
    view = _MAP_HASH.search(fragment)
    zoom, lat, lon = view.groups() if view else ("15", "", "")
    if "mlat" in query and "mlon" in query:
        lat, lon = query["mlat"][0], query["mlon"][0]
    zoom = str(min(int(zoom), 19))
    try:
        lat, lon = f"{float(lat):.5f}", f"{float(lon):.5f}"
    except ValueError:
        return None
    return _checked("map", f"{zoom}/{lat}/{lon}")


def _checked(provider: str, embed_id: str) -> tuple[str, str] | None:
    return (provider, embed_id) if is_valid(provider, embed_id) else None
