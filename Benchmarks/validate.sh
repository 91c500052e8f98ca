#!/usr/bin/env bash
# Times `sfreconcile validate` against a peer doing less work: Python's jsonschema
# checking the same YAML against docs/schema/v1.json (types and keys only, no
# cross-references, no locations). Prints hyperfine's table; record it in
# docs/performance.md with the machine and date.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh
require_swift
ensure_apt_packages "${BUILD_PACKAGES[@]}" hyperfine python3-pip
python3 -c "import jsonschema, yaml" 2>/dev/null || python3 -m pip install -q jsonschema pyyaml

build_release sfreconcile >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A generated MSP-sized spec: 1,000 instances in one file.
python3 Benchmarks/generate_spec.py 1000 > "$work/msp-1000.yaml"

cat > "$work/jsonschema_validate.py" <<'PY'
import json, sys, yaml, jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft7Validator(schema)
errors = sum(1 for path in sys.argv[2:] for document in yaml.safe_load_all(open(path)) for _ in validator.iter_errors(document))
sys.exit(1 if errors else 0)
PY

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)"
hyperfine -N --warmup 3 --min-runs 30 \
    -n "sfreconcile validate examples/company" ".build/release/sfreconcile validate examples/company" \
    -n "python jsonschema examples/company" "python3 $work/jsonschema_validate.py docs/schema/v1.json examples/company/redundancy.yaml" \
    -n "sfreconcile validate (1,000 instances)" ".build/release/sfreconcile validate $work/msp-1000.yaml" \
    -n "python jsonschema (1,000 instances)" "python3 $work/jsonschema_validate.py docs/schema/v1.json $work/msp-1000.yaml"
