package dev.maplab.ringbuf;

/**
 * The perf buffer consumer's callbacks ({@code perf_buffer_sample_fn}, {@code perf_buffer_lost_fn}):
 * a sample written on {@code cpu}, or the number of samples {@code cpu} lost before the next one.
 */
public interface PerfHandler {
    void onSample(int cpu, RecordView sample);

    void onLost(int cpu, long lost);
}
