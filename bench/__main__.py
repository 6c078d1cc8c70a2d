"""``make bench``: every benchmark in turn, each printing its own table."""

from __future__ import annotations

import subprocess
import sys

BENCHES = ["bench.tempeval", "bench.timeline_bench", "bench.pipeline", "bench.load"]


def main() -> int:
    failed = []
    for module in BENCHES:
        print(f"\n=== {module} ===", flush=True)
        if subprocess.run([sys.executable, "-m", module], check=False).returncode != 0:
            failed.append(module)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
