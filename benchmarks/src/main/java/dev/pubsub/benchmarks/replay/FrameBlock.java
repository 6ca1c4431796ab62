package dev.pubsub.benchmarks.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
