"""Deep-zoom tile benchmark: tile a 40-megapixel relic photograph as the worker does, with time and peak memory.

    .venv/bin/python bench/tiles.py                    # 7746 × 5164 (40.0 MP) JPEG, 3 runs
    .venv/bin/python bench/tiles.py --width 10000 --height 8000 --format png --runs 1

Makes a photograph-like test image (noise over gradients, so JPEG tiles cost what real ones do), then runs
``shop.collection.tiles.tiles_write`` — libvips' dzsave to an IIIF level-0 pyramid, every file copied into the
media storage (a temporary folder here) — in a fresh child process per run (libvips' threads do not survive a
fork), and prints seconds, files written, and the child's peak RSS and how far it grew while tiling (``ru_maxrss``;
the decoded 40 MP image alone would be 120 MB).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SCRATCH = tempfile.mkdtemp(prefix="bashu-bench-tiles-")
os.environ["MEDIA_ROOT"] = os.path.join(SCRATCH, "media")
os.environ["PRIVATE_MEDIA_ROOT"] = os.path.join(SCRATCH, "private")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ENV", "test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH}/unused.sqlite3")

import django  # noqa: E402

django.setup()

import pyvips  # noqa: E402

from shop.collection.models import TileSetKind  # noqa: E402
from shop.collection.tiles import tiles_write  # noqa: E402


def photograph(width: int, height: int, fmt: str) -> bytes:
    """A synthetic photograph: smooth colour gradients with grain (incompressible enough to be honest)."""
    x = pyvips.Image.xyz(width, height)
    red = (x[0] * (255 / width)).cast("uchar")
    green = (x[1] * (255 / height)).cast("uchar")
    blue = ((x[0] + x[1]) * (127 / (width + height)) + 64).cast("uchar")
    grain = pyvips.Image.gaussnoise(width, height, sigma=18, mean=0)
    image = red.bandjoin([green, blue]).cast("float").add(grain).cast("uchar")
    image = image.copy(interpretation="srgb")
    return image.jpegsave_buffer(Q=92) if fmt == "jpeg" else image.pngsave_buffer(compression=6)


def run_once(source: str) -> tuple[float, float, float, int]:
    """Tile ``source`` in a fresh child: (seconds, peak RSS MB, MB grown while tiling, files stored)."""
    answer = subprocess.run(  # noqa: S603 - our own interpreter and script, a path we made
        [sys.executable, __file__, "--child", source], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(answer[0]), float(answer[1]), float(answer[2]), int(answer[3])


def child(source: str) -> None:
    data = Path(source).read_bytes()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    pyramid = tiles_write(data=data, kind=TileSetKind.ORIGINAL)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(seconds, peak / 1024, (peak - baseline) / 1024, pyramid.tile_count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=7746)
    parser.add_argument("--height", type=int, default=5164)
    parser.add_argument("--format", choices=["jpeg", "png"], default="jpeg")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    data = photograph(args.width, args.height, args.format)
    source = os.path.join(SCRATCH, f"source.{args.format}")
    Path(source).write_bytes(data)
    megapixels = args.width * args.height / 1e6
    print(f"source: {args.width} × {args.height} = {megapixels:.1f} MP {args.format.upper()}, {len(data) / 1e6:.1f} MB")
    print(f"libvips {pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)}, {os.cpu_count()} CPUs")
    results = [run_once(source) for _ in range(args.runs)]
    for number, (seconds, peak, grown, count) in enumerate(results, 1):
        print(f"run {number}: {seconds:.2f} s, {count} files, peak RSS {peak:.0f} MB (+{grown:.0f} MB while tiling)")
    best = min(result[0] for result in results)
    worst = max(result[1] for result in results)
    print(f"best {best:.2f} s; highest peak RSS {worst:.0f} MB")


if __name__ == "__main__":
    main()
