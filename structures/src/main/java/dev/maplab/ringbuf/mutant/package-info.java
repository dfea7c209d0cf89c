/**
 * Deliberately broken ring buffers, consumers and perf buffers: each class is the production {@link
 * dev.maplab.ringbuf.RingBuf}, {@link dev.maplab.ringbuf.RingBufConsumer} or {@link dev.maplab.ringbuf.PerfBuf}
 * with exactly one defect, made by overriding one protected step. The checks in the {@code lincheck} and
 * {@code stress} modules must catch every one of them; a check that no mutant fails proves nothing.
 *
 * <table>
 *   <caption>Mutants and the checks that catch them (all run by {@code mvn verify})</caption>
 *   <tr><th>class</th><th>defect</th><th>caught by</th></tr>
 *   <tr><td>PlainCommitRingBuf</td><td>commit with a plain store instead of xchg (no full barrier)</td>
 *       <td>jcstress NoLostWakeupTest: the producer's read of consumer_pos passes its buffered store of
 *       producer_pos, a consumer that is about to park is not woken (store-load reordering, visible on x86);
 *       tens of forbidden outcomes per quick run. Its other half, no release for the sample, is hidden by x86
 *       (TSO keeps the stores in order) and by Lincheck's sequentially consistent model checking, which
 *       records it as unobservable.</td></tr>
 *   <tr><td>PublishBeforeHeaderRingBuf</td><td>producer_pos published before the BUSY header is written</td>
 *       <td>Lincheck (a phantom record read from a stale header) and jcstress PayloadVisibleTest</td></tr>
 *   <tr><td>NoPendingCheckRingBuf</td><td>space check without the pending_pos rule</td>
 *       <td>jcstress OverrunTest: after user space moves consumer_pos ahead, a reservation overlaps a
 *       record still BUSY (the 2024 overrun, selftest ringbuf_write_subtest); every sample</td></tr>
 *   <tr><td>NoBusyStopConsumer</td><td>consumer that does not stop at a BUSY record</td>
 *       <td>Lincheck (a record delivered before its commit) and jcstress HeadOfLineTest</td></tr>
 *   <tr><td>AdvanceBeforeReadConsumer</td><td>consumer_pos advanced before the sample is read</td>
 *       <td>jcstress ReadBeforeReleaseTest: a producer waiting for the space reuses it while the callback
 *       reads it</td></tr>
 *   <tr><td>DeliverDiscardedConsumer</td><td>consumer that delivers discarded records</td>
 *       <td>Lincheck and jcstress DiscardSkippedTest</td></tr>
 *   <tr><td>HeadBeforeDataPerfBuf</td><td>perf buffer: data_head published before the sample record is written</td>
 *       <td>Lincheck (PerfBufLinearizabilityTest) and jcstress PerfSampleVisibleTest</td></tr>
 *   <tr><td>LostRecordUnreservedPerfBuf</td><td>perf buffer: space check without the LOST record that precedes
 *       the next sample after a drop</td>
 *       <td>Lincheck (PerfBufLinearizabilityTest): the LOST record and the sample overwrite records not yet
 *       read</td></tr>
 * </table>
 */
package dev.maplab.ringbuf.mutant;
