# Patrol is built and runs on Java 21 or newer. Sourced (POSIX sh) by ./mvnw, ./run-local and the
# bench scripts: keeps JAVA_HOME, or the java on PATH, when it is 21 or newer; otherwise takes the
# newest JDK 21+ under /usr/lib/jvm and says so; stops with a clear message when there is none.
patrol_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
patrol_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    patrol_java="$JAVA_HOME/bin/java"
  else
    patrol_java=$(command -v java || true)
  fi
  if [ -n "$patrol_java" ] && [ "$(patrol_java_major "$patrol_java")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  patrol_best="" patrol_best_major=0
  for patrol_j in /usr/lib/jvm/*/bin/java; do
    [ -x "$patrol_j" ] || continue
    patrol_m=$(patrol_java_major "$patrol_j")
    if [ "${patrol_m:-0}" -gt "$patrol_best_major" ] 2>/dev/null; then
      patrol_best=$patrol_j patrol_best_major=$patrol_m
    fi
  done
  if [ "$patrol_best_major" -lt 21 ]; then
    echo "Patrol needs JDK 21 or newer: install one (Debian: openjdk-21-jdk; or Temurin) or set JAVA_HOME to it." >&2
    exit 1
  fi
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$patrol_best")")")
  PATH="$JAVA_HOME/bin:$PATH"
  export JAVA_HOME PATH
  echo "[patrol] using Java $patrol_best_major at $JAVA_HOME (the default java is older than 21)" >&2
}
patrol_jdk
