# Sourced by the scale benches: `run` and `measure`, over the caller's
# $work (a scratch directory) and $runs (how many timed runs).

run() { # run MOST CMD...: one run, whose exit status must be at most MOST
  local most=$1 status=0; shift
  "$@" >/dev/null 2>"$work/stderr" || status=$?
  if [ "$status" -gt "$most" ]; then
    echo "$* exited $status:" >&2
    cat "$work/stderr" >&2
    exit 1
  fi
}

measure() { # measure MOST CMD...: "MILLISECONDS PEAK_KIB", the median of $runs
  local most=$1 times=() start end status=0 kib; shift
  for _ in $(seq "$runs"); do
    start=$EPOCHREALTIME
    run "$most" "$@"
    end=$EPOCHREALTIME
    times+=("$(echo "($end - $start) * 1000" | bc -l)")
  done
  rm -f "$work/time"
  /usr/bin/time -f '%M' -o "$work/time" "$@" >/dev/null 2>&1 || status=$?
  kib=$(tail -1 "$work/time" 2>/dev/null || true)
  if [ "$status" -gt "$most" ] || ! [[ $kib =~ ^[0-9]+$ ]]; then
    echo "no peak memory for $* (status $status, /usr/bin/time said: $kib)" >&2
    exit 1
  fi
  printf '%s\n' "${times[@]}" | sort -g | awk -v n="$runs" -v kib="$kib" \
    'NR == int((n + 1) / 2) { printf "%.1f %d\n", $1, kib }'
}
