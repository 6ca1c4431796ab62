package dev.pubsub.wsrpc.server;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.springframework.web.socket.CloseStatus;

/**
 * The periodic check of an endpoint's sessions: closes a session that sent nothing within the
 * first-message timeout (1008), pings one that has been silent for half the idle timeout and closes
 * it (1001) when the whole timeout passed, and fails one whose frame in flight has not been
 * written within the send time limit (a slow consumer, 1013). It only looks at timestamps and
 * queues work; it never waits for a socket.
 */
final class WsRpcSessionTimeouts implements Runnable {

	private final WsRpcEndpointHandler endpoint;

	private final long firstMessageNanos;

	private final long idleNanos;

	private final long sendTimeLimitNanos;

	WsRpcSessionTimeouts(WsRpcEndpointHandler endpoint) {
		this.endpoint = endpoint;
		WsRpcEndpointSettings settings = endpoint.settings();
		this.firstMessageNanos = settings.firstMessageTimeout().toNanos();
		this.idleNanos = settings.idleTimeout().toNanos();
		this.sendTimeLimitNanos = settings.sendTimeLimit().toNanos();
	}

	/**
	 * Return how often to run: a quarter of the shortest timeout, between 50 ms and 1 s.
	 * @return the period in milliseconds
	 */
	long periodMillis() {
		long shortest = this.sendTimeLimitNanos;
		if (this.firstMessageNanos > 0) {
			shortest = Math.min(shortest, this.firstMessageNanos);
		}
		if (this.idleNanos > 0) {
			shortest = Math.min(shortest, this.idleNanos);
		}
		return Math.max(50, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(shortest) / 4));
	}

	@Override
	public void run() {
		check(this.endpoint.sessions(), System.nanoTime());
	}

	void check(Collection<WsRpcServerSession> sessions, long now) {
		for (WsRpcServerSession session : sessions) {
			if (session.isClosing()) {
				continue;
			}
			if (session.outbound.stalledNanos(now) > this.sendTimeLimitNanos) {
				session.outbound.fail(true, "a write took longer than " + this.endpoint.settings().sendTimeLimit());
				continue;
			}
			if (!session.receivedFirstMessage && this.firstMessageNanos > 0) {
				if (now - session.openedNanos > this.firstMessageNanos) {
					firstMessageTimeout(session);
				}
				continue;
			}
			if (this.idleNanos > 0) {
				long silent = now - session.lastInboundNanos;
				if (silent > this.idleNanos) {
					idleTimeout(session);
				}
				else if (silent > this.idleNanos / 2 && !session.pingOutstanding) {
					session.pingOutstanding = true;
					session.channel.callRaw("_ping_", "{}", this.endpoint.settings().idleTimeout())
						.exceptionally((ex) -> null);
				}
			}
		}
	}

	private void firstMessageTimeout(WsRpcServerSession session) {
		if (session.closeOnce(CloseStatus.POLICY_VIOLATION.withReason("no message within the first-message timeout"))) {
			this.endpoint.metrics().firstMessageTimedOut();
			this.endpoint.logs().firstMessageTimeout.warn(() -> "wsrpc session " + session.session.getId()
					+ " closed with 1008: no message within " + this.endpoint.settings().firstMessageTimeout());
		}
	}

	private void idleTimeout(WsRpcServerSession session) {
		if (session.closeOnce(CloseStatus.GOING_AWAY.withReason("idle timeout"))) {
			this.endpoint.metrics().idleTimedOut();
			this.endpoint.logs().idleTimeout.debug(() -> "wsrpc session " + session.session.getId()
					+ " closed with 1001: silent for " + this.endpoint.settings().idleTimeout());
		}
	}

}
