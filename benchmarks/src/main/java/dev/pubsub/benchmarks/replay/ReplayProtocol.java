package dev.pubsub.benchmarks.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One provider's side of a replay connection: the handshake the real server does before it delivers,
 * the pre-encoded delivery frames, and what to do with what the subscriber sends afterwards.
 */
interface ReplayProtocol {

	/**
	 * Answer the subscriber until it has subscribed to the benchmark topic.
	 * @param in the socket's buffered input
	 * @param out the socket's output
	 * @throws IOException if the subscriber went away or broke the protocol
	 */
	void handshake(InputStream in, OutputStream out) throws IOException;

	/**
	 * The delivery frames.
	 * @return the block to repeat
	 */
	FrameBlock frames();

	/**
	 * Read and discard what the subscriber sends while it receives (notify replies, keep-alives),
	 * answering keep-alives, until it closes.
	 * @param in the socket's buffered input
	 * @param out the socket's output
	 * @param lock to hold while writing
	 * @throws IOException when the connection ends
	 */
	void drain(InputStream in, OutputStream out, Object lock) throws IOException;

	/**
	 * The protocol for a provider name.
	 * @param provider {@code realtime}, {@code wsrpc}, {@code emitter} or {@code realtimex}
	 * @return the protocol
	 */
	static ReplayProtocol forProvider(String provider) {
		return switch (provider) {
			case "realtime" -> new RealtimeReplay();
			case "wsrpc" -> new WsRpcReplay();
			case "emitter" -> new EmitterReplay();
			case "realtimex" -> new RealtimeXReplay();
			default -> throw new IllegalArgumentException("Unknown provider '" + provider
					+ "' (realtime, wsrpc, emitter or realtimex)");
		};
	}

}
