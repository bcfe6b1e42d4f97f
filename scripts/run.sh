#!/usr/bin/env bash
# Install (first time) and open the dashboard on the embedded data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run serve.py --server.port "${PORT:-8501}" "$@"
