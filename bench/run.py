"""Run every benchmark (bench/bench_*.py) and write bench/out/results.json.

Each benchmark module has ``run() -> list[dict]`` returning measurements shaped
``{name, value, unit, baseline, ratio, target_ratio}``; ratios are printed, not judged.
Pass names to run only some: ``python bench/run.py people loans``.
"""

import importlib.util
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))  # the benchmarks share bench/pg_child.py
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main(selected: list[str]) -> None:
    import django

    django.setup()
    results = []
    for path in sorted(HERE.glob("bench_*.py")):
        if selected and not any(word in path.stem for word in selected):
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {path.stem}", flush=True)
        for row in module.run():
            results.append(row)
            print(
                f"  {row['name']}: {row['value']:.3f} {row['unit']}"
                f" (baseline {row['baseline']}, ratio {row['ratio']}, target {row['target_ratio']})",
                flush=True,
            )
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"wrote {out / 'results.json'} ({len(results)} measurements)")


if __name__ == "__main__":
    main(sys.argv[1:])
