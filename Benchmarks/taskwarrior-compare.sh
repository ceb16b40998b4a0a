#!/usr/bin/env bash
# Puts the same tickets into setboard and taskwarrior and prints, from one run, how long `setboard render`/`list` take against `task next` and `cat` of the journal.
#
# Usage: Benchmarks/taskwarrior-compare.sh [--tickets N] [--runs R]
#   --tickets N  board size (default 50000; DESIGN.md's targets are at 50k)
#   --runs R     timed runs of each command, the median is reported (default 5)
# The goal (DESIGN.md): setboard at least 10x faster than `task next` at 50k tickets, and within 20x of `cat`.
# Not part of `swift test` or CI: it builds a release binary, may install taskwarrior, and takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

tickets=50000
runs=5
while (($#)); do
    case "$1" in
        --tickets) tickets="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "taskwarrior-compare: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

need=()
command -v task >/dev/null 2>&1 || need+=(taskwarrior)
command -v jq >/dev/null 2>&1 || need+=(jq)
if ((${#need[@]})); then
    echo "installing ${need[*]} (Debian packages)" >&2
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    # A fresh container has no package lists yet; update only when the plain install cannot find the package.
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 ||
        { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null; }
fi

# Built as the README says to install it: release, with the Swift runtime linked in (6 ms less per start). A scratch
# path of its own keeps it from rebuilding the plain release build every time.
echo "building setboard (release, static Swift runtime)" >&2
swift build -c release --static-swift-stdlib --product setboard --scratch-path .build-static >&2
setboard="$(swift build -c release --static-swift-stdlib --scratch-path .build-static --show-bin-path)/setboard"

work="$(mktemp -d "${TMPDIR:-/tmp}/setboard-vs-task.XXXXXX")"
trap 'rm -rf "$work"' EXIT
board="$work/board"
# A private home for both tools, so neither reads the user's config, data or cache.
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config" XDG_CACHE_HOME="$work/home/cache"
export SETBOARD_NOW="2026-11-24T10:00:00Z" LANG=C.UTF-8
export TASKDATA="$work/task" TASKRC="$work/taskrc"
mkdir -p "$HOME" "$TASKDATA"
# news.version set to the installed version keeps 2.6 from adding a "read the release news" nag to every report.
printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\nnews.version=%s\n' "$TASKDATA" "$(task --version)" > "$TASKRC"

echo "generating a board of $tickets tickets" >&2
"$setboard" demo --tickets "$tickets" --no-show --board "$board" >/dev/null

# Taskwarrior's import format: priority from the level, project from the tier, done tickets completed, same dates.
"$setboard" list --json --all --board "$board" | jq '
    def twdate: sub("\\.[0-9]+Z$"; "Z") | gsub("[-:]"; "");
    map({
        description: .title,
        project: .tier,
        tags: [.type],
        priority: ({"L1": "H", "L2": "M", "L3": "L"}[.level // ""]),
        entry: (.created | twdate),
        modified: (.updated | twdate),
        status: (if .column == "done" then "completed" else "pending" end)
    } + (if .column == "done" then {end: (.updated | twdate)} else {} end)
      | with_entries(select(.value != null)))' > "$work/tasks.json"
echo "importing $(jq length "$work/tasks.json") tasks into taskwarrior $(task --version)" >&2
task import "$work/tasks.json" >/dev/null 2>&1
# The first report after an import moves completed tasks out of pending.data; that one-off is not what is timed.
task next >/dev/null 2>&1

# Median wall time in milliseconds of `runs` runs of a command (output discarded), after one untimed warm-up.
median_ms() {
    "$@" >/dev/null 2>&1
    local times=() start end
    for ((i = 0; i < runs; i++)); do
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        times+=($(((end - start) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] / 1000 }'
}

# The first setboard command after the import wrote this user's snapshot; the last row shows a start without it.
render=$(median_ms "$setboard" render --size 100x30 --board "$board")
list=$(median_ms "$setboard" list --board "$board")
render_full=$(median_ms env SETBOARD_SNAPSHOT=off "$setboard" render --size 100x30 --board "$board")
next=$(median_ms task next)
# `task next` prints one page, like render; `task list` prints every pending task (`setboard list` every card).
task_list=$(median_ms task list)
cat_ms=$(median_ms cat "$board/journal.log")

events=$(wc -l < "$board/journal.log")
megabytes=$(du -m "$board/journal.log" | cut -f1)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo
echo "$tickets tickets, $events events, journal $megabytes MB; median of $runs runs, wall time"
printf '  %-34s %10s ms\n' "setboard render --size 100x30" "$render" "setboard list" "$list" \
    "task next ($(jq '[.[] | select(.status == "pending")] | length' "$work/tasks.json") pending)" "$next" \
    "task list" "$task_list" \
    "cat journal.log" "$cat_ms" "setboard render, no snapshot" "$render_full"
echo
echo "  task next / setboard render   $(ratio "$next" "$render")x   (goal: at least 10x)"
echo "  task next / setboard list     $(ratio "$next" "$list")x   (goal: at least 10x)"
echo "  setboard render / cat         $(ratio "$render" "$cat_ms")x   (goal: at most 20x)"
echo "  setboard list / cat           $(ratio "$list" "$cat_ms")x   (goal: at most 20x)"
echo "  task next / render, no snapshot  $(ratio "$next" "$render_full")x"
echo "  task list / setboard list     $(ratio "$task_list" "$list")x   (task list: pending tasks; setboard list: every card, DONE included)"
