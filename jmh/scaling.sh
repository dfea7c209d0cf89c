#!/bin/sh
# Scaling curve of the per-CPU structures (claim C5): the update benchmarks of `maplab bench percpu` at
# 1, 2, 4, 8 and 16 threads, each thread on its own logical CPU (the maplab structures are built for 16 logical
# CPUs: -p cpus=16), maplab beside its anchors in the same run:
#
#   CounterAddBench.addT1          PercpuCounter add (owned cells: claim; shared cells: compare-and-swap) vs LongAdder vs AtomicLong
#   PercpuArrayUpdateBench.updateT1  PERCPU_ARRAY own-slot increment vs ARRAY atomicAdd vs AtomicLongArray vs LongAdder
#
# JMH's -t overrides the methods' @Threads(1), so each run measures the same method at T threads. Needs a
# machine with at least 16 cores (threads beyond the core count share cores and the curve flattens for that
# reason alone); it is not run on the 2-core development machines. Each thread count writes its own JMH JSON,
# reports/out/bench/percpu-scaling-tN.json (impl as the "impl" param, threads in the "threads" field).
#
#   sh jmh/scaling.sh                       (from anywhere; runs from the repository root)
#   QUICK=1 sh jmh/scaling.sh               (one fork, short iterations: a smoke run, not numbers to publish)
#   THREADS="1 2 4" sh jmh/scaling.sh       (other thread counts; every count must be at most 16 = cpus)
set -eu
cd "$(dirname "$0")/.."
test -f jmh/target/benchmarks.jar || mvn -q -B -pl structures,jmh -am package -DskipTests
threads=${THREADS:-1 2 4 8 16}
cores=$(nproc)
for t in $threads; do
  if [ "$t" -gt 16 ]; then
    echo "error: $t threads: the structures are built for 16 logical CPUs (-p cpus=16)" >&2
    exit 2
  fi
  if [ "$t" -gt "$cores" ]; then
    echo "warning: $t threads on $cores cores: threads share cores, the point measures the scheduler too" >&2
  fi
done
if [ -n "${QUICK:-}" ]; then
  iters="-f 1 -wi 2 -w 1s -i 3 -r 1s"
else
  iters="-f 2 -wi 3 -w 2s -i 5 -r 2s"
fi
mkdir -p reports/out/bench
for t in $threads; do
  # shellcheck disable=SC2086 # $iters is a list of options
  java -jar jmh/target/benchmarks.jar \
    'dev\.maplab\.jmh\.percpu\.(CounterAddBench\.addT1|PercpuArrayUpdateBench\.updateT1)$' \
    -t "$t" -p cpus=16 $iters -foe true -prof gc \
    -jvmArgsAppend --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
    -rf json -rff "reports/out/bench/percpu-scaling-t$t.json"
done
echo "scaling results: reports/out/bench/percpu-scaling-t*.json" >&2
