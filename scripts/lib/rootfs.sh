# Shared by the scripts that import local base images where no registry is reachable.
# rootfs DIR PACKAGES: Debian bookworm (minbase) plus PACKAGES (comma-separated) in DIR, apt caches emptied.
rootfs() {
  command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap; }
  debootstrap --variant=minbase --include="$2" bookworm "$1" http://deb.debian.org/debian >/dev/null
  rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*
}
