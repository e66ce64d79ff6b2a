# Sourced by the shell benchmarks. stats <values...>: prints "median p90 worst" of the numbers given.
stats() {
  printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2;
    p = int(NR * 0.9 + 0.999); print m, v[p], v[NR]}'
}
