#!/usr/bin/env bash
# Packaging test: builds the Debian package and the .tar.gz with CPack, lints
# the desktop integration files, installs the package into a clean root and
# runs the INSTALLED program: --version, --help, a headless import + tokenize,
# and the desktop window under Xvfb (started from the desktop entry's Exec=,
# with a screenshot); runs the .tar.gz from another folder and a
# `cmake --install --prefix` tree the same way. Then removes the package and
# checks that nothing is left.
#
#   test_package.sh BUILD_DIR SOURCE_DIR APP_ID VERSION
#
# As root (CI) the package is installed with dpkg -i and purged at the end;
# the installed program runs in a mount namespace where the source and build
# trees are hidden, so it cannot find anything there. Otherwise (or when
# dataset-studio is already installed on this machine) the package is
# unpacked with dpkg-deb -x into a temporary root; STUDIO_PACKAGING_DPKG=0
# asks for that too (no dpkg -i on this machine).
set -euo pipefail

if [[ "${1:-}" == --inside-xvfb ]]; then
  # Second stage, on the Xvfb display: start the app as the menu would,
  # wait for its window, record what it is, take a screenshot, stop it.
  shift
  exec_line=$1 out=$2 open_file=$3
  # Split on spaces as the desktop entry spec does; %F is the files to open
  # (what a file manager passes when the user opens one with the app).
  read -r -a cmd <<<"$exec_line"
  for i in "${!cmd[@]}"; do [[ "${cmd[$i]}" == %F ]] && cmd[$i]=$open_file; done
  "${cmd[@]}" >"$out/gui.log" 2>&1 &
  pid=$!
  wid=""
  for _ in $(seq 1 120); do # up to 60 s for the window to be mapped
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "FAIL: the app exited before showing its window:" >&2
      cat "$out/gui.log" >&2
      exit 1
    fi
    wid=$(xwininfo -root -tree 2>/dev/null | awk '/"Dataset Studio"/ && /[0-9]+x[0-9]+\+/ && !w {w = $1} END {print w}')
    [[ -n "$wid" ]] && xwininfo -id "$wid" 2>/dev/null | grep 'Map State: IsViewable' >/dev/null && break
    wid=""
    sleep 0.5
  done
  if [[ -z "$wid" ]]; then
    echo "FAIL: no 'Dataset Studio' window appeared in 60 s" >&2
    cat "$out/gui.log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  # The file given on the command line is imported by the window.
  for _ in $(seq 1 60); do
    "${cmd[0]}" list >"$out/list" 2>&1 || true
    grep -q "opened.jsonl *ready" "$out/list" && break
    sleep 0.5
  done
  sleep 1 # let it paint
  xprop -id "$wid" WM_CLASS >"$out/wm_class"
  xwininfo -id "$wid" >"$out/window"
  grep -h -o '/[^ ]*/qt6/plugins/[^ ]*\.so' "/proc/$pid/maps" | sort -u >"$out/plugins"
  import -window root "$out/screenshot.png"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  exit 0
fi

build=$(realpath "$1") src=$(realpath "$2") app_id=$3 version=$4
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d "${TMPDIR:-/tmp}/studio-packaging.XXXXXX")
artifacts=$build/Testing/packaging
mkdir -p "$artifacts"
installed=0

step() { printf '== [%3ds] %s\n' "$SECONDS" "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
cleanup() {
  if ((installed)); then
    dpkg_locked "$work/dpkg-cleanup.log" --purge dataset-studio || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
cp "$0" "$work/test_package.sh" # the second stage runs where the source tree is hidden

# dpkg does not wait for its lock (another apt-get may be running): retry
# while the lock is held, for at most 10 minutes.
dpkg_locked() {
  local log=$1; shift
  for _ in $(seq 1 300); do
    if DEBIAN_FRONTEND=noninteractive dpkg "$@" >"$log" 2>&1; then return 0; fi
    grep -q 'lock was locked by another process\|dpkg status database is locked' "$log" || return 1
    sleep 2
  done
  return 1
}
need() { command -v "$1" >/dev/null || fail "'$1' is missing (scripts/install-deps.sh scripts/test-packages.txt)"; }
for tool in cpack dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli update-mime-database \
            xvfb-run xwininfo xprop import identify file readelf man; do
  need "$tool"
done

# ---- 1. Build the packages --------------------------------------------------
step "cpack (DEB + TGZ)"
if ! cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  fail "cpack failed"
fi
shopt -s nullglob
debs=("$work/out/dataset-studio_${version}_"*.deb)
tgzs=("$work/out/dataset-studio-${version}-linux-"*.tar.gz)
shopt -u nullglob
((${#debs[@]} == 1)) || fail "expected one dataset-studio_${version}_<arch>.deb in: $(ls "$work/out")"
((${#tgzs[@]} == 1)) || fail "expected one dataset-studio-${version}-linux-<arch>.tar.gz in: $(ls "$work/out")"
deb=${debs[0]} tgz=${tgzs[0]}
(cd "$work/out" && sha256sum -c "$(basename "$deb").sha256" >/dev/null) || fail "the .deb does not match its .sha256"
echo "$(basename "$deb") $(stat -c %s "$deb") bytes, $(basename "$tgz") $(stat -c %s "$tgz") bytes"

# ---- 2. The package's metadata and contents ---------------------------------
step "control fields"
dpkg-deb -I "$deb" >"$artifacts/control.txt"
[[ "$(dpkg-deb -f "$deb" Package)" == dataset-studio ]] || fail "Package is not dataset-studio"
[[ "$(dpkg-deb -f "$deb" Version)" == "$version" ]] || fail "Version $(dpkg-deb -f "$deb" Version) != $version"
[[ "$(dpkg-deb -f "$deb" Architecture)" == "$(dpkg --print-architecture)" ]] || fail "wrong Architecture"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
# Computed by dpkg-shlibdeps: the Qt libraries the executable links, with the
# minimum versions from their symbols files (a hand-written list has none).
for lib in libqt6core6 libqt6gui6 libqt6widgets6 libsqlite3-0 libc6; do
  grep -Eq "(^|, )$lib \(>= [^)]+\)" <<<"$depends" || fail "Depends lacks a computed '$lib (>= ...)': $depends"
done
grep -Eq '(^|, )libqt6svg6(,|$| )' <<<"$depends" || fail "Depends lacks libqt6svg6 (dlopen'd SVG plugins)"
# Names only, for the plugin check below.
dep_names=$(tr ',|' '\n\n' <<<"$depends" | sed -E 's/^ *//; s/[ (:].*//' | sort -u)

# On a clean Debian 12, apt must find every dependency in the archive.
if apt-cache show libc6 >/dev/null 2>&1; then
  recommends=$(dpkg-deb -f "$deb" Recommends)
  wanted=$(printf '%s\n' $dep_names $(tr ',|' '\n\n' <<<"$recommends" | sed -E 's/^ *//; s/[ (:].*//') | sort -u)
  # shellcheck disable=SC2086 # one call for all (apt-cache is slow per call)
  known=$(apt-cache show --no-all-versions $wanted 2>/dev/null | sed -n 's/^Package: //p' | sort -u || true)
  for name in $wanted; do
    grep -qxF "$name" <<<"$known" && continue
    # A virtual package (dpkg-shlibdeps writes e.g. qt6-websockets-abi) is
    # fine when a real package provides it.
    apt-cache showpkg "$name" 2>/dev/null | sed -n '/^Reverse Provides:/,$p' | sed 1d | grep -q . \
      || fail "Depends/Recommends names '$name', which apt cannot find"
  done
else
  echo "NOTE: no apt package lists (apt-get update), so Depends are not looked up"
fi

step "contents"
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/contents"
cp "$work/contents" "$artifacts/contents.txt"
expected=(/usr/bin/dataset-studio
          /usr/libexec/dataset-studio/dataset-studio-desktop
          "/usr/share/applications/$app_id.desktop"
          "/usr/share/metainfo/$app_id.metainfo.xml"
          "/usr/share/mime/packages/$app_id.xml"
          "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
          /usr/share/man/man1/dataset-studio.1.gz
          /usr/share/doc/dataset-studio/copyright)
sizes=(16 22 24 32 48 64 128 256 512)
for s in "${sizes[@]}"; do expected+=("/usr/share/icons/hicolor/${s}x${s}/apps/$app_id.png"); done
for f in "${expected[@]}"; do grep -qxF "$f" "$work/contents" || fail "the package lacks $f"; done
outside=$(grep -v '^/usr/' "$work/contents" | grep -vx '/' || true)
[[ -z "$outside" ]] || fail "files outside /usr: $outside"
! grep -q -e "$build" -e "$src" "$work/contents" || fail "the package contains build or source paths"

step "resources reach the installed program"
# Every file in resources/ (other engineers add to it: monitor page, icons)
# must be compiled into the executable (a .qrc the build generated, or one
# in resources/) or be installed by the package below share/dataset-studio.
listed=$work/resources-listed
: >"$listed"
while IFS= read -r -d '' qrc; do
  dir=$(dirname "$qrc")
  grep -o '<file[^>]*>[^<]*</file>' "$qrc" | sed 's/<file[^>]*>//; s|</file>||' | while read -r f; do
    [[ "$f" == /* ]] || f=$dir/$f
    realpath -m "$f"
  done >>"$listed"
done < <(find "$build" "$src/resources" -name '*.qrc' -print0)
missing=()
while IFS= read -r -d '' f; do
  rel=${f#"$src/resources/"}
  grep -qxF "$(realpath "$f")" "$listed" && continue
  grep -qxF "/usr/share/dataset-studio/$rel" "$work/contents" && continue
  missing+=("resources/$rel")
done < <(find "$src/resources" -type f ! -name CMakeLists.txt ! -name '*.md' ! -name '*.qrc' ! -name '.*' -print0)
((${#missing[@]} == 0)) || fail "not compiled into the executable (qt_add_resources in resources/CMakeLists.txt) nor installed to share/dataset-studio, so the installed program cannot find them: ${missing[*]}"
echo "$(find "$src/resources" -type f ! -name CMakeLists.txt ! -name '*.md' ! -name '*.qrc' ! -name '.*' | wc -l) resource files, all compiled in or installed"

step "unpack and lint"
dpkg-deb -x "$deb" "$work/root"
r=$work/root
for exe in usr/bin/dataset-studio usr/libexec/dataset-studio/dataset-studio-desktop; do
  file -b "$r/$exe" | grep -q 'ELF 64-bit.*, stripped' || fail "/$exe is not stripped: $(file -b "$r/$exe")"
  # Library search paths may only be relative to the executable ($ORIGIN),
  # never absolute.
  runpath=$(readelf -d "$r/$exe" | sed -n 's/.*(R[UN]*PATH).*\[\(.*\)\]/\1/p' | tr ':' '\n')
  while read -r p; do
    [[ -z "$p" || "$p" == '$ORIGIN'* ]] || fail "/$exe searches libraries in $p (RPATH/RUNPATH)"
  done <<<"$runpath"
done
# The command line loads no GUI library (the window is the libexec program):
# Debian's Qt binds every symbol at load, which tripled a command's start.
gui_libs=$(readelf -d "$r/usr/bin/dataset-studio" | grep -E 'NEEDED.*lib(Qt6(Widgets|Gui|Charts|OpenGL|Svg)|X11|EGL|GL)' || true)
[[ -z "$gui_libs" ]] || fail "/usr/bin/dataset-studio links GUI libraries: $gui_libs"
desktop=$r/usr/share/applications/$app_id.desktop
metainfo=$r/usr/share/metainfo/$app_id.metainfo.xml
desktop-file-validate "$desktop" || fail "desktop-file-validate reports problems in $app_id.desktop"
appstreamcli validate --no-net --explain "$metainfo" || fail "appstreamcli validate reports problems in the metainfo"
# One id everywhere: the AppStream id, its launchable, the icon name.
grep -q "<id>$app_id</id>" "$metainfo" || fail "metainfo <id> is not $app_id"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" || fail "metainfo launchable is not $app_id.desktop"
grep -q "<release version=\"$version\"" "$metainfo" || fail "metainfo has no release $version"
grep -qx "Icon=$app_id" "$desktop" || fail "the desktop entry's Icon is not $app_id"
exec_line=$(sed -n 's/^Exec=//p' "$desktop")
wm_class=$(sed -n 's/^StartupWMClass=//p' "$desktop")
[[ "$exec_line" == "dataset-studio %F" ]] || fail "Exec= is not 'dataset-studio %F': $exec_line"
grep -q '^MimeType=.*application/vnd.apache.parquet;' "$desktop" || fail "the desktop entry does not offer to open Parquet files"
grep -q '^MimeType=.*application/jsonl;' "$desktop" || fail "the desktop entry does not offer to open JSON Lines files"
for s in "${sizes[@]}"; do
  file -b "$r/usr/share/icons/hicolor/${s}x${s}/apps/$app_id.png" | grep -q "PNG image data, $s x $s" \
    || fail "the ${s}x${s} icon is not a ${s}x${s} PNG"
done
cp "$r/usr/share/icons/hicolor/256x256/apps/$app_id.png" "$artifacts/icon-256.png"
# The MIME types: a database built from our package alone knows them.
mkdir -p "$work/mime/packages"
cp "$r/usr/share/mime/packages/$app_id.xml" "$work/mime/packages/"
XDG_DATA_DIRS="$work" XDG_DATA_HOME="$work" update-mime-database "$work/mime" 2>"$work/mime.log" || { cat "$work/mime.log" >&2; fail "update-mime-database rejects $app_id.xml"; }
[[ ! -s "$work/mime.log" ]] || { cat "$work/mime.log" >&2; fail "update-mime-database warns about $app_id.xml"; }
grep -q 'application/vnd.apache.parquet:\*\.parquet' "$work/mime/globs2" || fail "*.parquet is not mapped to application/vnd.apache.parquet"
grep -q 'application/jsonl:\*\.jsonl' "$work/mime/globs2" || fail "*.jsonl is not mapped to application/jsonl"
grep -q 'PAR1' "$work/mime/magic" || fail "no magic for Parquet (PAR1)"
# The man page: renders without warnings, and documents every command.
man_out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$r/usr/share/man/man1/dataset-studio.1.gz" 2>"$work/man.log")
[[ ! -s "$work/man.log" ]] || { cat "$work/man.log" >&2; fail "groff warns about the man page"; }
grep -q "dataset-studio $version" <<<"$man_out" || fail "the man page does not name version $version"
for cmd in import tokenize list show delete cancel retry demo "tokenizer encode"; do
  grep -q "^   dataset-studio $cmd\$" <<<"$man_out" || fail "the man page has no section for '$cmd'"
done

# ---- 3. Install -------------------------------------------------------------
mode=extract
if [[ $(id -u) -eq 0 && "${STUDIO_PACKAGING_DPKG:-1}" != 0 ]]; then
  exec 9>"${TMPDIR:-/tmp}/dataset-studio-packaging.lock"
  flock 9 # one dpkg -i at a time across build trees
  if dpkg-query -W -f='${Status}' dataset-studio 2>/dev/null | grep -q 'ok installed'; then
    echo "NOTE: dataset-studio is installed on this machine already; testing the unpacked package instead of dpkg -i"
  else
    mode=dpkg
  fi
fi
isolate=0
if [[ $(id -u) -eq 0 ]] && unshare --mount true 2>/dev/null; then
  isolate=1
else
  echo "NOTE: cannot create a mount namespace (needs root): the source and build trees stay visible to the program"
fi
# Runs a command with the build and source trees hidden behind empty tmpfs.
isolated() {
  if ((isolate)); then
    unshare --mount -- bash -c 'mount -t tmpfs -o size=64k,mode=0755 hidden "$1" && mount -t tmpfs -o size=64k,mode=0755 hidden "$2" && shift 2 && exec "$@"' \
      _ "$build" "$src" "$@"
  else
    "$@"
  fi
}

if [[ $mode == dpkg ]]; then
  step "dpkg -i"
  [[ ! -e /usr/share/mime/application/vnd.apache.parquet.xml ]] || fail "the parquet MIME type exists before installing"
  dpkg_locked "$work/dpkg-i.log" -i "$deb" || { cat "$work/dpkg-i.log" >&2; fail "dpkg -i failed (unmet Depends?)"; }
  installed=1
  dpkg-query -L dataset-studio | sort >"$work/installed-paths"
  bin=/usr/bin/dataset-studio
  launch_path=$PATH
  [[ "$(command -v dataset-studio)" == /usr/bin/dataset-studio ]] || fail "dataset-studio on PATH is $(command -v dataset-studio)"
  # The dpkg triggers of shared-mime-info registered our types.
  [[ -e /usr/share/mime/application/vnd.apache.parquet.xml ]] || fail "the shared-mime-info trigger did not register application/vnd.apache.parquet"
  # (/usr/share/man and /usr/share/doc may be path-excluded in containers)
  for f in "${expected[@]}"; do
    [[ "$f" == /usr/share/man/* || "$f" == /usr/share/doc/* || -e "$f" ]] || fail "$f is not installed"
  done
else
  step "installed by dpkg-deb -x into $r"
  bin=$r/usr/bin/dataset-studio
  launch_path=$r/usr/bin:$PATH
fi
if ((isolate)); then
  isolated test ! -e "$src/CMakeLists.txt" || fail "the source tree is still visible in the namespace"
fi

# ---- 4. Run the installed program -------------------------------------------
# Imports and tokenizes a small file with the bundled gpt2 tokenizer in a
# fresh data directory (HF cache empty, so the bundled one is used).
headless_checks() {
  local bin=$1 tag=$2 home=$work/home-$2
  mkdir -p "$home"
  local -a env=(env -u QT_QPA_PLATFORM -u DISPLAY -u WAYLAND_DISPLAY HOME="$home" HF_HOME="$home/hf"
                XDG_CACHE_HOME="$home/cache" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/share")
  local out
  out=$(cd "$work" && isolated "${env[@]}" "$bin" --version) || fail "[$tag] --version failed"
  [[ "$out" == "dataset-studio $version" ]] || fail "[$tag] --version printed '$out'"
  out=$(cd "$work" && isolated "${env[@]}" "$bin" --help) || fail "[$tag] --help failed"
  grep -q '^Usage:' <<<"$out" && grep -q 'dataset-studio import PATH' <<<"$out" || fail "[$tag] --help: $out"
  printf '%s\n' '{"text":"Hello world"}' '{"text":"Once upon a time"}' '{"text":"The end."}' >"$work/small-$tag.jsonl"
  out=$(cd "$work" && isolated "${env[@]}" "$bin" import "$work/small-$tag.jsonl" --data-dir "$home/data" --json) \
    || fail "[$tag] import failed: $out"
  local last=${out##*$'\n'}
  grep -q '"status":"ready"' <<<"$last" && grep -q '"num_samples":3' <<<"$last" || fail "[$tag] import: $last"
  local id
  id=$(grep -o '"id":"[^"]*"' <<<"$last" | sed -n '1p' | cut -d'"' -f4)
  out=$(cd "$work" && isolated "${env[@]}" "$bin" tokenize "$id" --data-dir "$home/data" --json) \
    || fail "[$tag] tokenize failed: $out"
  last=${out##*$'\n'}
  grep -q '"status":"ready"' <<<"$last" || fail "[$tag] tokenize: $last"
  # GPT-2 ids: Hello world = 2 tokens, Once| upon| a| time = 4, The| end|. = 3.
  grep -q '"num_tokens":9,' <<<"$last" || fail "[$tag] tokenize: expected 9 GPT-2 tokens: $last"
  grep -q '"tokenizer_source":":/tokenizers/gpt2/tokenizer.json"' <<<"$last" \
    || fail "[$tag] the gpt2 tokenizer did not come from the executable's resources: $last"
  local tok_dir
  tok_dir=$(grep -o '"output_path":"[^"]*"' <<<"$last" | cut -d'"' -f4)
  [[ -s "$tok_dir/tokens.bin" && -s "$tok_dir/tokens.idx" && "$tok_dir" == "$home/data/"* ]] \
    || fail "[$tag] no token files in the data directory ($tok_dir)"
  out=$(cd "$work" && printf '{"text":"Hello world"}\n' | isolated "${env[@]}" "$bin" tokenizer encode --tokenizer gpt2) \
    || fail "[$tag] tokenizer encode failed"
  [[ "$out" == '{"ids":[15496,995]}' ]] || fail "[$tag] tokenizer encode: $out (GPT-2: [15496,995])"
  echo "[$tag] --version, --help, import, tokenize, tokenizer encode: ok"
}

step "headless: the installed program"
headless_checks "$bin" deb

step "desktop window under Xvfb (Exec=$exec_line)"
gui=$work/gui
mkdir -p "$gui" "$work/home-gui"
printf '{"text":"opened from a file manager"}\n{"text":"second sample"}\n' >"$work/home-gui/opened.jsonl"
isolated env -u QT_QPA_PLATFORM -u WAYLAND_DISPLAY PATH="$launch_path" HOME="$work/home-gui" \
  XDG_CONFIG_HOME="$work/home-gui/config" XDG_DATA_HOME="$work/home-gui/share" XDG_CACHE_HOME="$work/home-gui/cache" \
  DATASET_STUDIO_HOME="$work/home-gui/data" \
  xvfb-run -a -s "-screen 0 1280x800x24" bash "$work/test_package.sh" --inside-xvfb "$exec_line" "$gui" "$work/home-gui/opened.jsonl" \
  || fail "the desktop window did not start"
cp "$gui/screenshot.png" "$gui/gui.log" "$artifacts/"
read -r width height colours < <(identify -format '%w %h %k\n' "$gui/screenshot.png")
echo "screenshot: ${width}x${height}, $colours colours ($artifacts/screenshot.png)"
[[ "$width" == 1280 && "$height" == 800 ]] || fail "the screenshot is ${width}x${height}"
((colours >= 2)) || fail "the screenshot is one flat colour: nothing was drawn"
grep -q 'Map State: IsViewable' "$gui/window" || fail "the window is not viewable"
grep -Eq "opened.jsonl +ready +100.0% +2 " "$gui/list" \
  || fail "the file passed through Exec=%F was not imported: $(cat "$gui/list")"
# Window managers match the window to the menu entry by WM_CLASS.
grep -Eq "\"$wm_class\"" "$gui/wm_class" || fail "WM_CLASS ($(cat "$gui/wm_class")) does not match StartupWMClass=$wm_class"
# Every Qt plugin the window dlopen()ed comes from a package in Depends.
[[ -s "$gui/plugins" ]] || fail "no Qt plugins seen in the running window's memory map"
while read -r plugin; do
  owner=$(dpkg-query -S "$plugin" 2>/dev/null | sed -n '1s/:.*//p') || true
  [[ -n "$owner" ]] || fail "plugin $plugin belongs to no package"
  grep -qx "$owner" <<<"$dep_names" || fail "plugin $plugin comes from $owner, which is not in Depends: $depends"
  echo "plugin $(basename "$plugin") <- $owner (in Depends)"
done <"$gui/plugins"

# ---- 5. The tarball, from an arbitrary folder -------------------------------
step "tar.gz extracted elsewhere"
mkdir -p "$work/some place/else"
tar -xzf "$tgz" -C "$work/some place/else"
top=$(tar -tzf "$tgz" | sed -n '1s|/.*||p')
[[ "$top" == "dataset-studio-${version}-linux-"* ]] || fail "the tarball's top folder is '$top'"
[[ -x "$work/some place/else/$top/bin/dataset-studio" ]] || fail "the tarball has no bin/dataset-studio"
for f in "${expected[@]}"; do
  [[ -e "$work/some place/else/$top/${f#/usr/}" ]] || fail "the tarball lacks ${f#/usr/}"
done
mv "$work/some place/else/$top" "$work/some place/moved" # relocatable: moving it changes nothing
headless_checks "$work/some place/moved/bin/dataset-studio" tgz

step "cmake --install to another prefix"
cmake --install "$build" --prefix "$work/prefix with space" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "cmake --install failed"; }
for f in "${expected[@]}"; do
  [[ -e "$work/prefix with space/${f#/usr/}" ]] || fail "cmake --install did not install ${f#/usr/}"
done
headless_checks "$work/prefix with space/bin/dataset-studio" prefix

# ---- 6. Remove ----------------------------------------------------------------
if [[ $mode == dpkg ]]; then
  step "dpkg --purge"
  dpkg_locked "$work/dpkg-r.log" --purge dataset-studio || { cat "$work/dpkg-r.log" >&2; fail "dpkg --purge failed"; }
  installed=0
  ! dpkg-query -W -f='${Status}' dataset-studio 2>/dev/null | grep -q installed || fail "dataset-studio is still known to dpkg"
  left=()
  while read -r path; do
    # Shared folders (/usr/share/icons/hicolor/...) stay; our files must not.
    if [[ -e "$path" && ! -d "$path" ]]; then left+=("$path"); fi
  done <"$work/installed-paths"
  for d in /usr/share/doc/dataset-studio; do [[ ! -e "$d" ]] || left+=("$d"); done
  for f in /usr/share/mime/application/vnd.apache.parquet.xml /usr/share/mime/application/jsonl.xml; do
    [[ ! -e "$f" ]] || left+=("$f (the shared-mime-info trigger did not drop it)")
  done
  shopt -s nullglob
  for f in /var/lib/dpkg/info/dataset-studio.*; do left+=("$f"); done
  shopt -u nullglob
  ((${#left[@]} == 0)) || fail "left behind after purge: ${left[*]}"
  echo "purged: none of the $(wc -l <"$work/installed-paths") installed paths remain"
fi
echo "PASS ($mode$( ((isolate)) && echo ', source and build trees hidden'))"
