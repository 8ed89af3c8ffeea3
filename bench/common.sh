# Shared by the bench scripts (sourced): the build and the description of the machine a run used.

# Runs the Maven goals given (e.g. test-compile) and writes the test classpath to target/bench.classpath.
build_bench() {
  ./mvnw -B -q "$@" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
}

# CPUs, memory, Java and the load averages at the start ($1) and now.
machine() {
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB memory, $(java -version 2>&1 | head -1), load average at start: $1, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
}

# Runs benchmark class dev.relink.bench.$1 with heap $2 on the test classpath: Markdown table to $3, log to $4.
run_bench() {
  java ${JAVA_OPTS:-} -Xmx"$2" -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    "dev.relink.bench.$1" "$3" > "$4" 2>&1 || { tail -50 "$4"; exit 1; }
}
