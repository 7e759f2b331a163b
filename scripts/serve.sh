#!/usr/bin/env bash
# Installs what the build needs (if missing), builds Accord and serves it on
# http://127.0.0.1:8080 with the demo workshop.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_build
say "Serving Accord on http://127.0.0.1:${PORT:-8080} (Ctrl+C to stop)"
trunk --config Trunk.vote.toml build --release --offline
trunk --config Trunk.view.toml build --release --offline
trunk --config Trunk.present.toml build --release --offline
exec trunk serve --release --offline --address 127.0.0.1 --port "${PORT:-8080}"
