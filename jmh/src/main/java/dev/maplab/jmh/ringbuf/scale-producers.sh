#!/bin/sh
# Throughput of the BPF ring buffer (spin lock and lock-free) and the perf buffer against the number of
# producers, 1..15 producers and one consumer: the shape of the kernel's published multi-producer curve
# (research/kernel-internals.md 8.1-8.2: ~2x drop from 1 to 2 producers, a plateau ~5x below uncontended).
# Needs a machine with at least 16 cores (one per producer plus the consumer); not run on the 2-core
# development machines. Writes reports/out/bench/ringbuf-scaling.json (JMH JSON, impl as the "impl" param).
#
#   sh jmh/src/main/java/dev/maplab/jmh/ringbuf/scale-producers.sh            (from the repository root)
set -eu
cd "$(dirname "$0")/../../../../../../../.."
test -f jmh/target/benchmarks.jar || mvn -q -B -pl structures,jmh -am package -DskipTests
cores=$(nproc)
if [ "$cores" -lt 16 ]; then
  echo "warning: $cores cores; producers beyond $((cores - 1)) share cores with the consumer" >&2
fi
mkdir -p reports/out/bench
java -jar jmh/target/benchmarks.jar 'dev\.maplab\.jmh\.ringbuf\.RingBufThroughputBench\.delivered' \
  -p impl=maplab,maplab-lockfree,maplab-perfbuf,agrona \
  -p producers=1,2,3,4,6,8,10,12,15 \
  -p recordSize=8,64 \
  -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc \
  -jvmArgsAppend --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
  -rf json -rff reports/out/bench/ringbuf-scaling.json
