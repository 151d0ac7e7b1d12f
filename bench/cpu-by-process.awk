# Where a build's CPU goes, by kind of process (BENCHMARKS.md, "The build's own time"). Reads samples
# taken every 2 s while the build runs, each an epoch line then `ps -eo pid,ppid,cputimes,args`:
#   while sleep 2; do date +%s; ps -eo pid,ppid,cputimes,args --no-headers; done > ps.log &
#   ... the build ...; kill %1; awk -f bench/cpu-by-process.awk ps.log | sort -rn
# A process's CPU is its last cumulative time minus the first (0 if it started after the first
# sample); one that lives less than 2 s is missed. Its kind comes from its command line (not from the
# "<defunct>" a finished process shows before it is reaped).
NF == 1 { n++; next }
{ pid = $1; cpu = $3; a = $0
  if (!(pid in f)) f[pid] = (n == 1 ? cpu : 0)
  l[pid] = cpu; if (a !~ /<defunct>/) args[pid] = a }
END { for (p in l) { c = "other"; x = args[p]
    if (x ~ /quarkus-run\.jar/) c = (x ~ /-Xmx256m/ ? "ITs' packaged instances" : "smokes' packaged instances")
    else if (x ~ /EmbeddedInfra/) c = "Kafka+PostgreSQL launchers"
    else if (x ~ /kafka-cluster-/) c = "cluster brokers"
    else if (x ~ /surefirebooter/) c = "test JVMs"
    s[c] += l[p] - f[p] }
  for (c in s) printf "%6d s  %s\n", s[c], c }
