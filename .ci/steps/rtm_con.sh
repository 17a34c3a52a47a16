#!/usr/bin/env bash
# Interop with rtm_con 1.0.4 (PyPI rtm-con, a GB/T 32960.3 parser/builder in Python): thousands of random
# messages of every type it supports, both editions, through our decoder and encoder (Tests/Interop/README.md).
# Called by .ci/run from the repository root with VENV (a Python venv with pip) and NEVBRAIN_BIN exported.
set -euo pipefail

: "${VENV:?VENV must point to a Python venv}"
: "${NEVBRAIN_BIN:?NEVBRAIN_BIN must point to the nevbrain binary}"

"$VENV/bin/pip" install -q --disable-pip-version-check "rtm-con==1.0.4"
"$VENV/bin/python" Tests/Interop/rtm_con_interop.py --nevbrain "$NEVBRAIN_BIN" --count 3000 --seed 32960
