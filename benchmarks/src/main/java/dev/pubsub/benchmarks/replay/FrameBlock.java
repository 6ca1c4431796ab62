package dev.pubsub.benchmarks.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * A block of pre-encoded delivery frames, written again and again: the replay server does no
 * per-message work beyond copying bytes to the socket.
 */
final class FrameBlock {

	/** Frames per block: large enough that one write fills the socket buffer. */
	static final int FRAMES = 512;

	private final byte[] bytes;

	private final int[] ends;

	/** Per frame, the offset of the {@code sentNanos} value's last character (-1 if it has none). */
	private final int[] stamps;

	/**
	 * Encode {@link #FRAMES} frames.
	 * @param frame the encoded frame for a sequence number within the block
	 */
	FrameBlock(IntFunction<byte[]> frame) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.ends = new int[FRAMES];
		for (int i = 0; i < FRAMES; i++) {
			out.writeBytes(frame.apply(i));
			this.ends[i] = out.size();
		}
		this.bytes = out.toByteArray();
		this.stamps = new int[FRAMES];
		byte[] key = "\"sentNanos\":".getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < FRAMES; i++) {
			int at = indexOf(this.bytes, key, (i == 0) ? 0 : this.ends[i - 1], this.ends[i]);
			this.stamps[i] = (at < 0) ? -1 : at + key.length + ReplayTopics.NANOS_WIDTH - 1;
		}
	}

	private static int indexOf(byte[] bytes, byte[] key, int from, int to) {
		outer: for (int i = from; i <= to - key.length; i++) {
			for (int k = 0; k < key.length; k++) {
				if (bytes[i + k] != key[k]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/**
	 * Write {@code count} frames one at a time at {@code rate} per second, each stamped with
	 * {@code System.nanoTime()} just before its write (the pre-encoded frame is patched in place: the
	 * value is right-aligned in reserved space, so the length does not change).
	 * @param out the socket's stream
	 * @param count how many frames
	 * @param rate frames per second
	 * @param lock held for each write
	 * @throws IOException if the subscriber went away
	 */
	void writePaced(OutputStream out, long count, long rate, Object lock) throws IOException {
		long start = System.nanoTime();
		for (long n = 0; n < count; n++) {
			long due = start + n * 1_000_000_000L / rate;
			long wait;
			while ((wait = due - System.nanoTime()) > 0) {
				if (wait > 200_000) {
					LockSupport.parkNanos(wait - 100_000);
				}
				else {
					Thread.onSpinWait();
				}
			}
			int i = (int) (n % FRAMES);
			int from = (i == 0) ? 0 : this.ends[i - 1];
			stamp(this.stamps[i], System.nanoTime());
			synchronized (lock) {
				out.write(this.bytes, from, this.ends[i] - from);
				out.flush();
			}
		}
	}

	private void stamp(int last, long nanos) {
		if (last < 0) {
			return;
		}
		long value = nanos;
		for (int k = 0; k < ReplayTopics.NANOS_WIDTH; k++) {
			this.bytes[last - k] = (k == 0 || value > 0) ? (byte) ('0' + (value % 10)) : (byte) ' ';
			value /= 10;
		}
	}

	/**
	 * Write {@code count} frames, whole blocks while they fit, then a prefix of one.
	 * @param out the socket's stream
	 * @param count how many frames
	 * @param lock held for each write, so that control replies from the reader do not interleave
	 * @throws IOException if the subscriber went away
	 */
	void writeFrames(OutputStream out, long count, Object lock) throws IOException {
		long left = count;
		while (left > 0) {
			int frames = (int) Math.min(FRAMES, left);
			synchronized (lock) {
				out.write(this.bytes, 0, this.ends[frames - 1]);
			}
			left -= frames;
		}
		synchronized (lock) {
			out.flush();
		}
	}

	/**
	 * The average frame size, for the report.
	 * @return bytes per frame
	 */
	int averageFrameBytes() {
		return this.bytes.length / FRAMES;
	}

}
