#!/usr/bin/env bash
# Prepares a machine that has no container registry so that the README's commands run unchanged:
#   1. installs the Docker engine and Compose v2 from Debian's archive when they are missing,
#   2. starts dockerd when no engine answers,
#   3. builds local/consul:1.8.7 (Debian's Consul), local/etcd:3.4.23 (Debian's etcd-server), local/nginx:1.22
#      (Debian's nginx, the registrator's read-only Docker API proxy) and local/jre:25 (a jlinked JRE) from local files,
#   4. writes .env so that docker-compose.yml and the tests use those images.
# Idempotent: every step is skipped when its result is already there.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${LOCAL_IMAGES_WORK:-/var/tmp/local-images}
CONSUL_TAG=${LOCAL_CONSUL_IMAGE:-local/consul:1.8.7}
ETCD_TAG=${LOCAL_ETCD_IMAGE:-local/etcd:3.4.23}
NGINX_TAG=${LOCAL_NGINX_IMAGE:-local/nginx:1.22}
JRE_TAG=${LOCAL_JRE_IMAGE:-local/jre:25}
JDK_HOME=${LOCAL_JRE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/dockerd.log}

say()  { printf '[local-images] %s\n' "$*"; }
fail() { printf '[local-images] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian archive access for other suites, without touching the system's apt sources -------------
archive_uri() {
  local uri
  uri=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$uri" ] || uri=$(grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$uri" ] || fail "cannot find the Debian archive URI in /etc/apt; install Docker, Compose v2 and Consul by hand"
  printf '%s' "$uri"
}

APT_PRIVATE_READY=
apt_private() { # apt_private <apt-get args...>: runs apt-get against bullseye + bookworm + trixie only
  local dir="$WORK/apt"
  if [ -z "$APT_PRIVATE_READY" ]; then
    mkdir -p "$dir/lists/partial"
    printf 'deb %s bullseye main\ndeb %s bookworm main\ndeb %s trixie main\n' "$(archive_uri)" "$(archive_uri)" "$(archive_uri)" \
      > "$dir/sources.list"
    as_root apt-get -q -o Dir::Etc::sourcelist="$dir/sources.list" -o Dir::Etc::sourceparts=/nonexistent \
      -o Dir::State::Lists="$dir/lists" update >/dev/null || fail "apt-get update of bullseye/bookworm/trixie failed"
    APT_PRIVATE_READY=1
  fi
  as_root apt-get -q -o APT::Sandbox::User=root -o Dir::Etc::sourcelist="$dir/sources.list" \
    -o Dir::Etc::sourceparts=/nonexistent -o Dir::State::Lists="$dir/lists" "$@"
}

fetch_deb() { # fetch_deb <package> [suite] -> unpacks into $WORK/pkg/<package>; the newest version, or the suite's
  local pkg=$1 out="$WORK/pkg/$1"
  [ -d "$out" ] && return 0
  mkdir -p "$WORK/deb" && (cd "$WORK/deb" && apt_private download "$pkg${2:+/$2}" >/dev/null) \
    || fail "could not download Debian package '$pkg'"
  mkdir -p "$out" && dpkg-deb -x "$(ls -t "$WORK/deb/${pkg}"_*.deb | head -n1)" "$out"
}

# --- 1. Docker engine and Compose v2 -------------------------------------------------------------
install_engine() {
  if command -v dockerd >/dev/null 2>&1; then return 0; fi
  say "installing the Docker engine (docker.io) from Debian's archive"
  as_root apt-get -q update >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get -q install -y --no-install-recommends docker.io >/dev/null \
    || fail "apt-get install docker.io failed"
}

install_compose() {
  if docker compose version >/dev/null 2>&1; then return 0; fi
  say "installing Compose v2 (Debian trixie's docker-compose plugin)"
  fetch_deb docker-compose
  local plugin="$WORK/pkg/docker-compose/usr/libexec/docker/cli-plugins/docker-compose"
  [ -x "$plugin" ] || fail "the trixie docker-compose package has no cli plugin at $plugin"
  as_root mkdir -p /usr/local/lib/docker/cli-plugins
  as_root cp "$plugin" /usr/local/lib/docker/cli-plugins/docker-compose
  docker compose version >/dev/null 2>&1 || fail "docker compose does not run after installing the plugin"
}

start_engine() {
  if docker info >/dev/null 2>&1; then return 0; fi
  say "starting dockerd (log: $DOCKERD_LOG)"
  as_root sh -c "nohup dockerd >'$DOCKERD_LOG' 2>&1 &"
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && return 0; sleep 1; done
  tail -n 20 "$DOCKERD_LOG" >&2 || true
  fail "dockerd did not answer within 60 s; see $DOCKERD_LOG"
}

# --- 2. Images -----------------------------------------------------------------------------------
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

copy_with_libs() { # copy_with_libs <rootfs> <binary-or-lib...>: copies files and the glibc libraries they load
  local root=$1; shift
  local f lib
  for f in "$@"; do
    ldd "$f" 2>/dev/null | awk '/=> \//{print $3} /^\t\/lib/{print $1}' | while read -r lib; do
      mkdir -p "$root$(dirname "$lib")" && cp -nL "$lib" "$root$lib"
      # the loader is also looked up under /lib64 by binaries linked on other distributions
      case "$lib" in */ld-linux-x86-64.so.2) mkdir -p "$root/lib64" && cp -nL "$lib" "$root/lib64/";; esac
    done
  done
}

busybox_into() { # a static busybox gives the images a shell and wget for healthchecks
  fetch_deb busybox-static
  local bin
  bin=$(find "$WORK/pkg/busybox-static" -type f -path "*bin/busybox" | head -n1)
  [ -n "$bin" ] || fail "the busybox-static package has no busybox binary"
  mkdir -p "$1/bin" && cp "$bin" "$1/bin/busybox" && chmod 755 "$1/bin/busybox"
}

base_files_into() {
  local root=$1
  mkdir -p "$root/etc" "$root/tmp"
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/app:/bin/sh\nconsul:x:100:1000:consul:/consul:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\napp:x:1000:\n' > "$root/etc/group"
  printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
}

scratch_image_context() { # scratch_image_context <ctx> <binary-or-lib...>: rootfs with those files' glibc, busybox,
  # base files, and a Dockerfile that starts FROM scratch with a shell; the caller appends the rest
  local ctx=$1; shift
  copy_with_libs "$ctx/rootfs" "$@"
  busybox_into "$ctx/rootfs"
  base_files_into "$ctx/rootfs"
  printf 'FROM scratch\nCOPY rootfs/ /\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n' > "$ctx/Dockerfile"
}

build_consul_image() {
  if image_exists "$CONSUL_TAG"; then say "$CONSUL_TAG already built"; return 0; fi
  say "building $CONSUL_TAG from Debian bullseye's consul package"
  fetch_deb consul
  local ctx="$WORK/consul-image" bin="$WORK/pkg/consul/usr/bin/consul"
  [ -x "$bin" ] || fail "Debian's consul package has no binary at usr/bin/consul"
  rm -rf "$ctx" && mkdir -p "$ctx/rootfs/usr/local/bin" "$ctx/rootfs/consul/data" "$ctx/rootfs/consul/config"
  cp "$bin" "$ctx/rootfs/usr/local/bin/consul"
  scratch_image_context "$ctx" "$bin"
  cp "$ROOT/consul-config/docker-entrypoint.sh" "$ctx/rootfs/usr/local/bin/docker-entrypoint.sh"
  chmod 755 "$ctx/rootfs/usr/local/bin/"*
  cat >> "$ctx/Dockerfile" <<'DOCKERFILE'
ENV PATH=/usr/local/bin:/bin
EXPOSE 8300 8301 8301/udp 8302 8302/udp 8500 8600 8600/udp
VOLUME /consul/data
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["agent", "-dev", "-client", "0.0.0.0"]
DOCKERFILE
  DOCKER_BUILDKIT=0 docker build -q -t "$CONSUL_TAG" "$ctx" >/dev/null || fail "docker build of $CONSUL_TAG failed"
  say "  $(docker run --rm --entrypoint consul "$CONSUL_TAG" version 2>&1 | sed -n 1p)"
}

build_etcd_image() {
  if image_exists "$ETCD_TAG"; then say "$ETCD_TAG already built"; return 0; fi
  say "building $ETCD_TAG from Debian bookworm's etcd-server package"
  fetch_deb etcd-server bookworm
  local ctx="$WORK/etcd-image" bin="$WORK/pkg/etcd-server/usr/bin/etcd"
  [ -x "$bin" ] || fail "Debian's etcd-server package has no binary at usr/bin/etcd"
  rm -rf "$ctx" && mkdir -p "$ctx/rootfs/usr/local/bin" "$ctx/rootfs/etcd-data"
  cp "$bin" "$ctx/rootfs/usr/local/bin/etcd"
  scratch_image_context "$ctx" "$bin"
  # like the upstream image: no entrypoint, the command names the binary (etcd ...)
  cat >> "$ctx/Dockerfile" <<'DOCKERFILE'
ENV PATH=/usr/local/bin:/bin
EXPOSE 2379 2380
CMD ["etcd", "--data-dir", "/etcd-data", "--listen-client-urls", "http://0.0.0.0:2379", "--advertise-client-urls", "http://127.0.0.1:2379"]
DOCKERFILE
  DOCKER_BUILDKIT=0 docker build -q -t "$ETCD_TAG" "$ctx" >/dev/null || fail "docker build of $ETCD_TAG failed"
  say "  $(docker run --rm "$ETCD_TAG" etcd --version 2>&1 | sed -n 1p)"
}

host_suite() { # the Debian suite of this machine, whose glibc and OpenSSL a dynamically linked package needs
  local codename
  codename=$(. /etc/os-release 2>/dev/null && printf '%s' "${VERSION_CODENAME:-}")
  case "$codename" in bullseye|bookworm|trixie) printf '%s' "$codename";; *) printf 'bookworm';; esac
}

build_nginx_image() {
  if image_exists "$NGINX_TAG"; then say "$NGINX_TAG already built"; return 0; fi
  local suite
  suite=$(host_suite)
  say "building $NGINX_TAG from Debian $suite's nginx package"
  fetch_deb nginx "$suite"
  local ctx="$WORK/nginx-image" bin="$WORK/pkg/nginx/usr/sbin/nginx"
  [ -x "$bin" ] || fail "Debian's nginx package has no binary at usr/sbin/nginx"
  rm -rf "$ctx" && mkdir -p "$ctx/rootfs/usr/sbin"
  cp "$bin" "$ctx/rootfs/usr/sbin/nginx"
  scratch_image_context "$ctx" "$bin"
  # the user and group names of start.sh's `user nginx <group>`: a glibc before 2.34 reads /etc/passwd and /etc/group
  # through this library, which ldd does not list (later ones have it built in)
  local libc_dir
  libc_dir=$(dirname "$(ldd "$bin" | awk '/libc\.so/ {print $3}')")
  [ ! -f "$libc_dir/libnss_files.so.2" ] || cp -L "$libc_dir/libnss_files.so.2" "$ctx/rootfs$libc_dir/"
  # like the upstream image: nginx in the foreground, SIGQUIT for a graceful stop
  cat >> "$ctx/Dockerfile" <<'DOCKERFILE'
ENV PATH=/usr/sbin:/bin
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
DOCKERFILE
  DOCKER_BUILDKIT=0 docker build -q -t "$NGINX_TAG" "$ctx" >/dev/null || fail "docker build of $NGINX_TAG failed"
  say "  $(docker run --rm "$NGINX_TAG" nginx -v 2>&1 | sed -n 1p)"
}

build_jre_image() {
  [ -x "$JDK_HOME/bin/jlink" ] || fail "no JDK with jlink at $JDK_HOME (set LOCAL_JRE_JDK to one)"
  local modules
  # Temurin's JRE has every module; a provider that java.security names but the runtime lacks (SunPKCS11 in
  # jdk.crypto.cryptoki, JdkSASL in jdk.security.jgss) makes the JDK instantiate every provider on the class path while
  # looking for it: BouncyCastle in the registrator, about 420 classes and 0.5 s of CPU while it starts.
  modules=$("$JDK_HOME/bin/java" --list-modules | sed 's/@.*//' | grep -E \
    '^java\.|^jdk\.(unsupported|management|management\.agent|naming\.dns|zipfs|jfr|net|charsets|crypto\.ec|crypto\.cryptoki|security\.jgss|jcmd|attach)$' \
    | paste -sd, -)
  # the image records its modules, so that one built by an older recipe is built again
  if image_exists "$JRE_TAG" && [ "$(docker image inspect -f '{{index .Config.Labels "servicegov.jre-modules"}}' "$JRE_TAG")" = "$modules" ]; then
    say "$JRE_TAG already built"; return 0
  fi
  say "building $JRE_TAG: a jlinked runtime of $JDK_HOME on glibc, FROM scratch"
  local ctx="$WORK/jre-image"
  rm -rf "$ctx" && mkdir -p "$ctx/rootfs/opt" "$ctx/rootfs/app"
  "$JDK_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-6 --output "$ctx/rootfs/opt/java" >/dev/null || fail "jlink failed"
  "$ctx/rootfs/opt/java/bin/java" -Xshare:dump >/dev/null 2>&1 || true
  scratch_image_context "$ctx" "$ctx/rootfs/opt/java/bin/java" $(find "$ctx/rootfs/opt/java/lib" -name '*.so')
  cat >> "$ctx/Dockerfile" <<'DOCKERFILE'
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:/bin LANG=C.UTF-8
DOCKERFILE
  echo "LABEL servicegov.jre-modules=\"$modules\"" >> "$ctx/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q -t "$JRE_TAG" "$ctx" >/dev/null || fail "docker build of $JRE_TAG failed"
  say "  $(docker run --rm "$JRE_TAG" java -version 2>&1 | sed -n 1p)"
}

write_env_file() {
  local env="$ROOT/.env"
  touch "$env"
  set_env_var CONSUL_IMAGE "$CONSUL_TAG" "$env"
  set_env_var JRE_IMAGE "$JRE_TAG" "$env"
  set_env_var ETCD_IMAGE "$ETCD_TAG" "$env"
  set_env_var DOCKER_API_PROXY_IMAGE "$NGINX_TAG" "$env"
  say "wrote CONSUL_IMAGE=$CONSUL_TAG, JRE_IMAGE=$JRE_TAG, ETCD_IMAGE=$ETCD_TAG and DOCKER_API_PROXY_IMAGE=$NGINX_TAG to $env"
}

set_env_var() { # set_env_var NAME VALUE FILE: replaces or appends one line
  grep -v "^$1=" "$3" > "$3.tmp" || true
  printf '%s=%s\n' "$1" "$2" >> "$3.tmp" && mv "$3.tmp" "$3"
}

main() {
  mkdir -p "$WORK"
  install_engine
  start_engine
  install_compose
  say "engine $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})'), $(docker compose version --short 2>/dev/null | sed 's/^/compose /')"
  build_consul_image
  build_etcd_image
  build_nginx_image
  build_jre_image
  write_env_file
}

main "$@"
