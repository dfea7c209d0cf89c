package dev.maplab.ringbuf;

/**
 * The ring buffer consumer's callback ({@code ring_buffer_sample_fn}): called once per committed,
 * not discarded record, in reservation order. A negative result stops the drain: the consumer position
 * is still advanced past this record, and the result is returned by the consume or poll call (libbpf).
 */
@FunctionalInterface
public interface SampleHandler {
    int onSample(RecordView sample);
}
