package dev.pubsub.test.realtimex;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.WsSession;

import dev.pubsub.test.support.AbruptClose;

/**
 * Fault hooks of an {@link EmbeddedRealtimeXServer} for the provider contract kit and hostile-server tests:
 * accept-then-close, the times connections were accepted, dropping every connection without a close frame,
 * raw text frames, and suspended reading. Get it with {@link EmbeddedRealtimeXServer#faults()}.
 */
public final class RealtimeXServerFaults {

	private final Map<Session, Endpoint> open = new ConcurrentHashMap<>();

	private final List<Instant> accepted = new CopyOnWriteArrayList<>();

	private volatile boolean acceptThenClose;

	RealtimeXServerFaults() {
	}

	/**
	 * Record a new WebSocket connection (called first by the server's endpoint).
	 * @param endpoint the endpoint that handles it
	 * @param session the session
	 * @return whether the server must close it at once (accept-then-close)
	 */
	boolean opened(Endpoint endpoint, Session session) {
		this.accepted.add(Instant.now());
		this.open.put(session, endpoint);
		return this.acceptThenClose;
	}

	static void closeGoingAway(Session session) {
		try {
			session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "accept-then-close"));
		}
		catch (IOException ex) {
			// closed anyway
		}
	}

	/**
	 * Turn accept-then-close on or off: while on, each new WebSocket connection is closed with {@code 1001}
	 * as soon as it opened, before the Engine.IO handshake.
	 * @param enabled whether to close new connections at once
	 */
	public void acceptThenClose(boolean enabled) {
		this.acceptThenClose = enabled;
	}

	/**
	 * When each WebSocket connection was accepted, oldest first.
	 * @return the accept times
	 */
	public List<Instant> acceptTimes() {
		return List.copyOf(this.accepted);
	}

	/**
	 * Kill every open connection without a close frame and let the server forget its sockets and
	 * subscriptions before this method returns.
	 * @return how many connections were killed
	 */
	public int dropAll() {
		int count = 0;
		for (Map.Entry<Session, Endpoint> entry : List.copyOf(this.open.entrySet())) {
			this.open.remove(entry.getKey());
			if (!entry.getKey().isOpen()) {
				continue;
			}
			AbruptClose.closeNative(entry.getKey());
			entry.getValue().onClose(entry.getKey(), new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "dropped"));
			count++;
		}
		return count;
	}

	/**
	 * Send one raw text frame, outside the protocol, to every open connection.
	 * @param text the frame
	 * @return how many connections it was written to
	 */
	public int sendTextToAll(String text) {
		int count = 0;
		for (Session session : this.open.keySet()) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (session.isOpen()) {
				try {
					session.getBasicRemote().sendText(text);
					count++;
					break;
				}
				catch (IllegalStateException ex) {
					// the server's own write is in progress on this session
					if (System.nanoTime() - deadline > 0) {
						throw ex;
					}
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				}
				catch (IOException ex) {
					break;
				}
			}
		}
		return count;
	}

	/**
	 * Stop (or restart) reading the frames of every open connection, with Tomcat's
	 * {@code WsSession.suspend()}/{@code resume()}.
	 * @param suspended whether reading is suspended
	 */
	public void suspendReading(boolean suspended) {
		for (Session session : this.open.keySet()) {
			if (session.isOpen() && session instanceof WsSession wsSession) {
				if (suspended) {
					wsSession.suspend();
				}
				else {
					wsSession.resume();
				}
			}
		}
	}

}
