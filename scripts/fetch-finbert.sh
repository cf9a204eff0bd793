#!/usr/bin/env bash
# Downloads the FinBERT transformers.js export (Xenova/finbert: ProsusAI/finbert as ONNX) into a
# directory, for the Docker build ONLY:
#
#   RUN scripts/fetch-finbert.sh /opt/models/finbert      # then OPS_CLASSIFIER_MODEL_DIR=/opt/models/finbert
#
# Nothing downloads at run time or test time: the classifier loads this directory with remote models
# disabled, and tests generate a tiny model instead. Not run in CI.
#
# Environment:
#   FINBERT_REPO       Hugging Face repo            (default Xenova/finbert)
#   FINBERT_REVISION   branch, tag or commit        (default main; pin a commit for reproducible images)
#   FINBERT_DTYPE      q8 | fp32                    (default q8 → onnx/model_quantized.onnx)
#   FINBERT_ONNX_SHA256  expected sha256 of the ONNX file; checked when set
#   HF_ENDPOINT        hub URL                      (default https://huggingface.co)
set -euo pipefail

target="${1:-models/finbert}"
repo="${FINBERT_REPO:-Xenova/finbert}"
revision="${FINBERT_REVISION:-main}"
endpoint="${HF_ENDPOINT:-https://huggingface.co}"
case "${FINBERT_DTYPE:-q8}" in
  q8) onnx="onnx/model_quantized.onnx" ;;
  fp32) onnx="onnx/model.onnx" ;;
  *) echo "FINBERT_DTYPE must be q8 or fp32, got ${FINBERT_DTYPE}" >&2; exit 2 ;;
esac

files=(config.json tokenizer.json tokenizer_config.json "$onnx")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for file in "${files[@]}"; do
  mkdir -p "$tmp/$(dirname "$file")"
  echo "fetching $repo@$revision/$file"
  curl --fail --silent --show-error --location --retry 3 --retry-delay 2 \
    --output "$tmp/$file" "$endpoint/$repo/resolve/$revision/$file"
  if [ ! -s "$tmp/$file" ]; then
    echo "$file is empty" >&2
    exit 1
  fi
done

# The JSON files must parse and config.json must name the three labels: the service would refuse
# them at startup anyway, but a broken image should fail its build, not its first deploy.
node -e '
  const fs = require("node:fs");
  const dir = process.argv[1];
  for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json"]) JSON.parse(fs.readFileSync(`${dir}/${f}`, "utf8"));
  const labels = Object.values(JSON.parse(fs.readFileSync(`${dir}/config.json`, "utf8")).id2label ?? {}).map((l) => String(l).toLowerCase()).sort();
  if (labels.join() !== "negative,neutral,positive") throw new Error(`config.json id2label is ${labels.join()}, expected positive/negative/neutral`);
' "$tmp"

if [ -n "${FINBERT_ONNX_SHA256:-}" ]; then
  echo "${FINBERT_ONNX_SHA256}  $tmp/$onnx" | sha256sum --check --status || { echo "sha256 mismatch for $onnx" >&2; exit 1; }
fi

mkdir -p "$target"
cp -R "$tmp"/. "$target"/
echo "FinBERT ($repo@$revision, $onnx) is in $target; sha256 $(sha256sum "$target/$onnx" | cut -c1-12)…"
